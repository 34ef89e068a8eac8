// The query around the expressions under test: one row of a table `t` whose columns mirror the
// table the PostgreSQL oracle used for the expected values (see ExpressionOracleCases.swift), a
// tiny planner for subqueries (VALUES, SELECT without FROM or over a VALUES list, WHERE), and an
// executor for those plans, so correlated and uncorrelated subqueries run for real.

import HeliosCore
import HeliosEngine
import HeliosSQL
import HeliosValues

/// The columns of test table t and the values of its one row (text read with PostgreSQL's input
/// functions, as the oracle's INSERT did).
enum TestTable {
    static let definitions: [(name: String, type: SQLType, text: String?)] = [
        ("a", .integer, "7"), ("b", .text, "hello"), ("c", .numeric, "12.50"), ("d", .boolean, "true"),
        ("e", .bigint, "10000000000"), ("f", .doublePrecision, "2.5"), ("g", .date, "2024-02-29"),
        ("h", .timestamp, "2024-01-15 10:30:00"), ("i", .interval, "1 day 02:00:00"), ("n", .integer, nil),
        ("s", .smallint, "3"), ("v", .varchar(5), "abc"), ("ch", .character(4), "ab"), ("arr", .array(of: .integer), "{1,2,3}"),
        ("tz", .timestampWithTimeZone, "2024-01-15 10:30:00+00"), ("j", .jsonb, #"{"k": [1, 2], "s": "x"}"#),
        ("nb", .boolean, nil), ("nt", .text, nil), ("r", .real, "1.25"), ("tarr", .array(of: .text), "{x,NULL,z}"),
        ("u", .uuid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), ("bt", .bytea, "\\x0102ff"), ("tm", .time, "13:45:10.5"),
    ]

    static let row: [SQLValue] = definitions.map { definition in
        guard let text = definition.text else { return .null }
        return (try? TextFormat.parse(text, as: definition.type)) ?? .null
    }

    /// Binding table 0 holds t's columns.
    static let layout: [ColumnBinding: Int] = Dictionary(uniqueKeysWithValues: definitions.indices.map { (ColumnBinding(0, $0), $0) })
}

/// A scope over table t (binding table 0), or over a subquery's VALUES list nested in another scope.
final class ExpressionTestScope: ExpressionScope {
    let columns: [(name: String, binding: ColumnBinding, type: SQLType)]
    let outerScope: ExpressionTestScope?
    let parameters: ParameterTypes
    let session: SessionFacts
    private let counter: BindingCounter
    /// Columns of enclosing scopes this scope's expressions read.
    private(set) var outerReferences: Set<ColumnBinding> = []
    /// Aggregates bound through the scope, in order (their index is the `.aggregate` number).
    private(set) var aggregates: [BoundAggregate] = []

    final class BindingCounter {
        var next = 100
    }

    init(parameters: ParameterTypes = ParameterTypes(),
         session: SessionFacts = SessionFacts(user: "postgres", database: "postgres", settings: ExpressionHarness.settings)) {
        columns = TestTable.definitions.enumerated().map { ($0.element.name, ColumnBinding(0, $0.offset), $0.element.type) }
        outerScope = nil
        self.parameters = parameters
        self.session = session
        counter = BindingCounter()
    }

    private init(columns: [(name: String, binding: ColumnBinding, type: SQLType)], outer: ExpressionTestScope) {
        self.columns = columns
        outerScope = outer
        parameters = outer.parameters
        session = outer.session
        counter = outer.counter
    }

    func resolveColumn(_ names: [String], location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let name = names[names.count - 1]
        if let column = columns.first(where: { $0.name == name }) { return .column(column.binding, column.type) }
        guard let outerScope else {
            let shown = names.count == 1 ? "\"\(name)\"" : names.joined(separator: ".")
            throw DatabaseError(.undefinedColumn, "column \(shown) does not exist", position: location.errorPosition)
        }
        let found = try outerScope.resolveColumn(names, location: location)
        switch found {
        case .column(let binding, let type), .outerColumn(let binding, let type):
            outerReferences.insert(binding)
            return .outerColumn(binding, type)
        default:
            return found
        }
    }

    func bindAggregate(_ call: FunctionCall, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let aggregate = try ExpressionBinder(scope: self).bindAggregateCall(call, location: location)
        aggregates.append(aggregate)
        return .aggregate(aggregates.count - 1, aggregate.aggregate.resultType)
    }

    func bindWindowFunction(_ call: FunctionCall, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        throw DatabaseError(.windowingError, "window functions are not allowed here", position: location.errorPosition)
    }

    func bindGrouping(_ arguments: [Expression], location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        throw DatabaseError(.groupingError, "arguments to GROUPING must be grouping expressions of the associated query level",
                            position: location.errorPosition)
    }

    func makeBindingTable() -> Int {
        counter.next += 1
        return counter.next
    }

    /// Plans `VALUES ...`, `SELECT targets [WHERE c]` and `SELECT targets FROM (VALUES ...) AS v(x, ...) [WHERE c]`.
    func bindSubquery(_ query: Query, location: SourceLocation) throws(DatabaseError) -> PlannedSubquery {
        let unsupported = DatabaseError(.featureNotSupported, "the test planner does not support this subquery",
                                        position: location.errorPosition)
        switch query.body {
        case .values(let rows):
            let (plan, columns, references) = try planValues(rows, names: [])
            return PlannedSubquery(plan: plan, columns: columns, outerReferences: references)
        case .select(let select):
            var input = LogicalPlan.singleRow
            var inputColumns: [(name: String, binding: ColumnBinding, type: SQLType)] = []
            var references = Set<ColumnBinding>()
            if let source = select.from.first {
                guard select.from.count == 1, case .subquery(let derived) = source, case .values(let rows) = derived.query.body else {
                    throw unsupported
                }
                let planned = try planValues(rows, names: derived.alias?.columns ?? [])
                input = planned.plan
                inputColumns = planned.columns.map { ($0.name, $0.binding, $0.type) }
                references = planned.references
            }
            let inner = ExpressionTestScope(columns: inputColumns, outer: self)
            let binder = ExpressionBinder(scope: inner)
            if let condition = select.whereCondition { input = .filter(input, try binder.bindCondition(condition, clause: "WHERE")) }
            let table = makeBindingTable()
            var expressions: [BoundExpression] = []
            var columns: [PlanColumn] = []
            for (index, target) in select.targets.enumerated() {
                let bound = try binder.resolvingUnknown(try binder.bind(target.expression))
                expressions.append(bound)
                columns.append(PlanColumn(binding: ColumnBinding(table, index), type: bound.type, name: target.alias ?? "?column?"))
            }
            var plan = LogicalPlan.project(input, expressions, columns: columns)
            if let limit = query.limit { plan = .limit(plan, count: try binder.bind(limit), offset: nil) }
            return PlannedSubquery(plan: plan, columns: columns, outerReferences: references.union(inner.outerReferences))
        case .setOperation:
            throw unsupported
        }
    }

    private func planValues(_ rows: [[Expression]], names: [String]) throws(DatabaseError)
        -> (plan: LogicalPlan, columns: [PlanColumn], references: Set<ColumnBinding>) {
        let inner = ExpressionTestScope(columns: [], outer: self)
        let binder = ExpressionBinder(scope: inner)
        var bound: [[BoundExpression]] = []
        for row in rows {
            var values: [BoundExpression] = []
            for item in row { values.append(try binder.bind(item)) }
            bound.append(values)
        }
        let table = makeBindingTable()
        var columns: [PlanColumn] = []
        for index in bound[0].indices {
            let items = bound.map { $0[index] }
            let type = try binder.commonType(of: items, context: "VALUES")
            for rowIndex in bound.indices {
                bound[rowIndex][index] = try binder.coerce(bound[rowIndex][index], to: type, context: .implicit, location: rows[rowIndex][index].location)
            }
            let name = index < names.count ? names[index] : "column\(index + 1)"
            columns.append(PlanColumn(binding: ColumnBinding(table, index), type: type, name: name))
        }
        return (.values(rows: bound, columns: columns), columns, inner.outerReferences)
    }
}

/// Runs the test planner's plans, counting how often it is asked (to check caching).
final class TestSubqueryRunner: SubqueryRunner {
    var runs = 0

    func rows(of plan: LogicalPlan, id: Int, limit: Int?, environment: EvaluationEnvironment) throws(DatabaseError) -> [[SQLValue]] {
        runs += 1
        let all = try execute(plan, environment)
        guard let limit else { return all }
        return Array(all.prefix(limit))
    }

    private func execute(_ plan: LogicalPlan, _ environment: EvaluationEnvironment) throws(DatabaseError) -> [[SQLValue]] {
        switch plan {
        case .singleRow:
            return [[]]
        case .values(let rows, _):
            var result: [[SQLValue]] = []
            for row in rows {
                var values: [SQLValue] = []
                for item in row { values.append(try ExpressionCompiler.compile(item, layout: [:]).evaluate([], environment)) }
                result.append(values)
            }
            return result
        case .filter(let input, let condition):
            let compiled = try ExpressionCompiler.compileCondition(condition, layout: layout(of: input))
            var kept: [[SQLValue]] = []
            for row in try execute(input, environment) where try compiled.isSatisfied(row, environment) { kept.append(row) }
            return kept
        case .project(let input, let expressions, _):
            let inputLayout = layout(of: input)
            var compiled: [CompiledExpression] = []
            for expression in expressions { compiled.append(try ExpressionCompiler.compile(expression, layout: inputLayout)) }
            var result: [[SQLValue]] = []
            for row in try execute(input, environment) {
                var values: [SQLValue] = []
                for expression in compiled { values.append(try expression.evaluate(row, environment)) }
                result.append(values)
            }
            return result
        case .limit(let input, let count, _, _):
            let rows = try execute(input, environment)
            guard let count, let value = try ExpressionCompiler.compile(count, layout: [:]).evaluate([], environment).integerValue else {
                return rows
            }
            return Array(rows.prefix(Int(value)))
        default:
            throw DatabaseError(.featureNotSupported, "the test executor does not run this plan")
        }
    }

    private func layout(of plan: LogicalPlan) -> [ColumnBinding: Int] {
        Dictionary(uniqueKeysWithValues: plan.columns.enumerated().map { ($0.element.binding, $0.offset) })
    }
}
