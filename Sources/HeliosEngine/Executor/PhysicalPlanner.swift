// Turns an optimized logical plan into operators: compiles every expression against the row
// layout of the operator that evaluates it (which column binding sits at which position), picks
// the join algorithm (a hash join when the condition has equalities between the two sides, a
// nested loop otherwise or for LATERAL), and wires common table expressions to materialize once
// on first use.

public import HeliosCore
public import HeliosStorage
public import HeliosValues

package final class PhysicalPlanner {
    let context: ExecutionContext
    /// Runs the subqueries of expressions this planner compiles.
    private var runner: SubqueryPlanRunner?
    /// Set for EXPLAIN: each operator is given the optimizer's estimate of its plan node.
    var estimator: PlanEstimator?
    /// Set for what-if plans, which are described but never run (they may use hypothetical indexes).
    var describingOnly = false
    /// Scans whose row counts are compared with their estimates when the query ends.
    package private(set) var feedbackScans: [PhysicalOperator] = []
    /// Set for EXPLAIN: each operator is given its EXPLAIN label. Only EXPLAIN prints them, and
    /// naming every operator of every query cost about 1% of the server's CPU under pgbench -S.
    var labelsOperators = false

    package init(context: ExecutionContext) {
        self.context = context
        let runner = SubqueryPlanRunner(planner: self)
        self.runner = runner
        context.environment.subqueries = runner
    }

    private var environment: EvaluationEnvironment { context.environment }

    /// Where each column binding of `plan`'s output sits in its rows.
    static func layout(of plan: LogicalPlan) -> [ColumnBinding: Int] {
        let columns = plan.columns
        var layout: [ColumnBinding: Int] = Dictionary(minimumCapacity: columns.count)  // no rehashing as it fills
        for (index, column) in columns.enumerated() { layout[column.binding] = index }
        return layout
    }

    private func compile(_ expression: BoundExpression, _ layout: [ColumnBinding: Int]) throws(DatabaseError) -> CompiledExpression {
        try ExpressionCompiler.compile(expression, layout: layout)
    }

    private func compileKeys(_ keys: [SortKey], _ layout: [ColumnBinding: Int]) throws(DatabaseError) -> [CompiledSortKey] {
        var result: [CompiledSortKey] = []
        for key in keys {
            result.append(CompiledSortKey(expression: try compile(key.expression, layout), descending: key.descending,
                                          nullsFirst: key.nullsFirst))
        }
        return result
    }

    private func compileAggregate(_ aggregate: BoundAggregate, _ layout: [ColumnBinding: Int]) throws(DatabaseError) -> CompiledAggregate {
        var arguments: [CompiledExpression] = []
        for argument in aggregate.arguments { arguments.append(try compile(argument, layout)) }
        return CompiledAggregate(aggregate: aggregate.aggregate, arguments: arguments, distinct: aggregate.distinct,
                                 filter: try aggregate.filter.map { (filter) throws(DatabaseError) in try compile(filter, layout) },
                                 orderBy: try compileKeys(aggregate.orderBy, layout))
    }

    /// The operator tree for `plan`.
    package func build(_ plan: LogicalPlan) throws(DatabaseError) -> PhysicalOperator {
        let built = try buildOperator(plan)
        if labelsOperators, built.label.isEmpty { built.label = ExplainLabel.label(for: plan, operator: built) }
        if let estimator, built.estimate == nil { built.estimate = estimator.estimate(plan) }
        return built
    }

    private func buildOperator(_ plan: LogicalPlan) throws(DatabaseError) -> PhysicalOperator {
        switch plan {
        case .scan(let scan):
            return try buildScan(scan)
        case .values(let rows, _):
            var compiled: [[CompiledExpression]] = []
            for row in rows {
                var items: [CompiledExpression] = []
                for item in row { items.append(try compile(item, [:])) }
                compiled.append(items)
            }
            return ValuesOperator(rows: compiled, environment: environment)
        case .singleRow:
            return ValuesOperator(rows: [[]], environment: environment)
        case .functionScan(let function, let arguments, _, let ordinality):
            var compiled: [CompiledExpression] = []
            for argument in arguments { compiled.append(try compile(argument, [:])) }
            return FunctionScanOperator(function: function, arguments: compiled, ordinality: ordinality, environment: environment)
        case .filter(let input, let condition):
            if case .scan(var scan) = input {
                scan.filters.append(condition)
                scan.expectedRows = nil  // estimated without this condition
                return try buildScan(scan)
            }
            return FilterOperator(try build(input), condition: try compile(condition, Self.layout(of: input)), environment: environment)
        case .project(let input, let items, _):
            let layout = Self.layout(of: input)
            var compiled: [CompiledExpression] = []
            for item in items { compiled.append(try compile(item, layout)) }
            return ProjectOperator(try build(input), items: compiled, environment: environment)
        case .join(let join):
            return try buildJoin(join)
        case .aggregate(let aggregate):
            let layout = Self.layout(of: aggregate.input)
            var groups: [CompiledExpression] = []
            for group in aggregate.groups { groups.append(try compile(group, layout)) }
            var aggregates: [CompiledAggregate] = []
            for item in aggregate.aggregates { aggregates.append(try compileAggregate(item, layout)) }
            return HashAggregateOperator(try build(aggregate.input), groups: groups, aggregates: aggregates, memory: context.workMemory,
                                         environment: environment)
        case .projectSet(let plan):
            let layout = Self.layout(of: plan.input)
            var calls: [(ResolvedFunction, [CompiledExpression])] = []
            for call in plan.functions {
                var arguments: [CompiledExpression] = []
                for argument in call.arguments { arguments.append(try compile(argument, layout)) }
                calls.append((call.function, arguments))
            }
            return ProjectSetOperator(try build(plan.input), functions: calls, environment: environment)
        case .window(let window):
            let layout = Self.layout(of: window.input)
            var functions: [CompiledWindowFunction] = []
            for function in window.functions { functions.append(try compileWindow(function, layout)) }
            return WindowOperator(try build(window.input), functions: functions, environment: environment)
        case .sort(let input, let keys):
            return SortOperator(try build(input), keys: try compileKeys(keys, Self.layout(of: input)), limit: nil,
                                memory: context.workMemory, environment: environment)
        case .limit(let input, let count, let offset, let ties):
            let compiledCount = try count.map { (expression) throws(DatabaseError) in try compile(expression, [:]) }
            let compiledOffset = try offset.map { (expression) throws(DatabaseError) in try compile(expression, [:]) }
            if !ties.isEmpty {
                // Ties may run past count + offset rows, so the sort below keeps them all.
                return LimitOperator(try build(input), count: compiledCount, offset: compiledOffset,
                                     tieKeys: try compileKeys(ties, Self.layout(of: input)), environment: environment)
            }
            let inputOperator: PhysicalOperator
            if case .sort(let sortInput, let keys) = input, let compiledCount {
                inputOperator = SortOperator(try build(sortInput), keys: try compileKeys(keys, Self.layout(of: sortInput)),
                                             limit: (compiledCount, compiledOffset), memory: context.workMemory, environment: environment)
                inputOperator.label = "Sort"
                if let estimator {
                    // A top-N sort: its cost is the LIMIT's up to the first row.
                    let limited = estimator.estimate(plan)
                    let input = estimator.estimate(sortInput)
                    inputOperator.estimate = PlanEstimate(rows: input.rows, width: input.width, startupCost: limited.startupCost,
                                                          totalCost: limited.startupCost)
                }
            } else {
                inputOperator = try build(input)
            }
            return LimitOperator(inputOperator, count: compiledCount, offset: compiledOffset, environment: environment)
        case .distinct(let input, let on):
            guard let on else { return DistinctOperator(try build(input)) }
            let layout = Self.layout(of: input)
            var keys: [CompiledExpression] = []
            for key in on { keys.append(try compile(key, layout)) }
            return DistinctOnOperator(try build(input), keys: keys, environment: environment)
        case .setOperation(let operation):
            return SetOperationOperator(kind: operation.kind, all: operation.all, left: try build(operation.left),
                                        right: try build(operation.right))
        case .cteReference(let id, _):
            return CommonTableScanOperator(id: id, context: context)
        case .recursiveReference(let id, _):
            let context = self.context
            return RowsOperator { () throws(DatabaseError) -> [Row] in context.workingTables[id] ?? [] }
        case .with(let ctes, let body):
            for cte in ctes { try defineCommonTable(cte) }
            return WithOperator(try build(body), ids: ctes.map(\.id), context: context)
        case .systemTable(let scan):
            let context = self.context
            return RowsOperator { () throws(DatabaseError) -> [Row] in try SystemTables.rows(of: scan, context: context) }
        }
    }

    // MARK: scans

    private func buildScan(_ scan: TableScan) throws(DatabaseError) -> PhysicalOperator {
        let built = try buildScanOperator(scan)
        if let expected = scan.expectedRows, !describingOnly {
            built.feedback = ScanFeedback(relation: scan.relation.oid, filters: scan.filters, columns: scan.columns, expectedRows: expected)
            feedbackScans.append(built)
        }
        return built
    }

    private func buildScanOperator(_ scan: TableScan) throws(DatabaseError) -> PhysicalOperator {
        guard let tree = scan.relation.tree else {
            throw DatabaseError.internalError("table \(scan.relation.name) has no storage")
        }
        let layout = Self.layout(of: .scan(scan))
        var filter: CompiledExpression?
        if !scan.filters.isEmpty {
            let condition: BoundExpression = scan.filters.count == 1 ? scan.filters[0] : .and(scan.filters)
            filter = try compile(condition, layout)
        }
        let types = scan.relation.columns.map(\.type)
        if scan.access?.index?.origin == .hypothetical, !describingOnly {
            throw DatabaseError.internalError("a plan with hypothetical index \(scan.access?.index?.name ?? "") cannot run")
        }
        guard let access = scan.access else {
            return TableScanOperator(context: context, tree: tree, types: types, filter: filter, includesRowKey: scan.includesRowKey)
        }
        var equalities: [CompiledExpression] = []
        for value in access.equalities { equalities.append(try compile(value, [:])) }
        let orders: [KeyOrder]
        if let index = access.index {
            orders = index.keys.map { KeyOrder($0.descending ? .descending : .ascending, nulls: $0.nullsFirst ? .first : .last) }
        } else {
            orders = scan.relation.rowKey.map { _ in KeyOrder.ascending }
        }
        let range = IndexRange(
            equalities: equalities,
            lower: try access.lower.map { (bound) throws(DatabaseError) in (try compile(bound.0, [:]), bound.inclusive) },
            upper: try access.upper.map { (bound) throws(DatabaseError) in (try compile(bound.0, [:]), bound.inclusive) },
            orders: orders)
        var entryOwner: (index: IndexDescriptor, positions: [Int])?
        if let index = access.index {
            entryOwner = (index, index.keys.map { scan.relation.storagePosition(of: $0.column) ?? 0 })
            if !describingOnly { context.environment.services?.session.noteIndexScan(index.oid) }
        }
        return IndexScanOperator(context: context, tableTree: tree, indexTree: access.index?.tree, range: range, reverse: access.reverse,
                                 types: types, filter: filter, includesRowKey: scan.includesRowKey, entryOwner: entryOwner)
    }

    // MARK: joins

    private func buildJoin(_ join: JoinPlan) throws(DatabaseError) -> PhysicalOperator {
        let leftColumns = join.left.columns
        let rightColumns = join.right.columns
        var layout = Self.layout(of: join.left)
        for (index, column) in rightColumns.enumerated() { layout[column.binding] = leftColumns.count + index }
        let left = try build(join.left)
        let right = try build(join.right)
        let keys = Self.hashKeys(join)
        if join.kind == .full && keys.left.isEmpty, let condition = join.condition, !condition.isConstant {
            // As PostgreSQL, whose FULL JOIN needs a merge or hash join: no nested loop emulates it.
            throw DatabaseError(.featureNotSupported, "FULL JOIN is only supported with merge-joinable or hash-joinable join conditions")
        }
        if join.method == .merge, !keys.left.isEmpty {
            var compiledLeft: [CompiledExpression] = []
            var compiledRight: [CompiledExpression] = []
            for key in keys.left { compiledLeft.append(try compile(key, Self.layout(of: join.left))) }
            for key in keys.right { compiledRight.append(try compile(key, Self.layout(of: join.right))) }
            let residual = keys.residual
            let rest: CompiledExpression? = residual.isEmpty ? nil
                : try compile(residual.count == 1 ? residual[0] : .and(residual), layout)
            return MergeJoinOperator(kind: join.kind, left: left, right: right, leftKeys: compiledLeft, rightKeys: compiledRight,
                                     residual: rest, rightWidth: rightColumns.count, environment: environment)
        }
        if join.method != .nestedLoop, !keys.left.isEmpty {
            let leftLayout = Self.layout(of: join.left)
            let rightLayout = Self.layout(of: join.right)
            var compiledLeft: [CompiledExpression] = []
            var compiledRight: [CompiledExpression] = []
            for key in keys.left { compiledLeft.append(try compile(key, leftLayout)) }
            for key in keys.right { compiledRight.append(try compile(key, rightLayout)) }
            let residual = keys.residual
            let rest: CompiledExpression? = residual.isEmpty ? nil
                : try compile(residual.count == 1 ? residual[0] : .and(residual), layout)
            return HashJoinOperator(kind: join.kind, left: left, right: right, leftKeys: compiledLeft, rightKeys: compiledRight,
                                    residual: rest, leftWidth: leftColumns.count, rightWidth: rightColumns.count,
                                    memory: context.workMemory, environment: environment)
        }
        let condition = try join.condition.map { (condition) throws(DatabaseError) in try compile(condition, layout) }
        let leftLayout = Self.layout(of: join.left)
        let lateral = join.lateralReferences.compactMap { binding in leftLayout[binding].map { ($0, binding) } }
        return NestedLoopJoinOperator(kind: join.kind, left: left, right: right, condition: condition, leftWidth: leftColumns.count,
                                      rightWidth: rightColumns.count, lateral: lateral, environment: environment)
    }

    /// The equalities of a join's condition that a hash join can use: left keys, right keys
    /// (pairwise), and the rest of the condition. None for a LATERAL join.
    static func hashKeys(_ join: JoinPlan) -> (left: [BoundExpression], right: [BoundExpression], residual: [BoundExpression]) {
        guard join.lateralReferences.isEmpty, let condition = join.condition else { return ([], [], []) }
        let leftBindings = Set(join.left.columns.map(\.binding))
        let rightBindings = Set(join.right.columns.map(\.binding))
        var leftKeys: [BoundExpression] = []
        var rightKeys: [BoundExpression] = []
        var residual: [BoundExpression] = []
        for conjunct in condition.conjuncts {
            if case .binary(let op, let a, let b) = conjunct, op.entry.name == "=", let leftType = op.leftType,
               let keyType = Self.hashKeyType(leftType, op.rightType) {
                let aColumns = a.columns
                let bColumns = b.columns
                if !aColumns.isEmpty, !bColumns.isEmpty, a.isHashable, b.isHashable {
                    if aColumns.isSubset(of: leftBindings) && bColumns.isSubset(of: rightBindings) {
                        leftKeys.append(Self.hashKey(a, as: keyType))
                        rightKeys.append(Self.hashKey(b, as: keyType))
                        continue
                    }
                    if aColumns.isSubset(of: rightBindings) && bColumns.isSubset(of: leftBindings) {
                        leftKeys.append(Self.hashKey(b, as: keyType))
                        rightKeys.append(Self.hashKey(a, as: keyType))
                        continue
                    }
                }
            }
            residual.append(conjunct)
        }
        return (leftKeys, rightKeys, residual)
    }

    static func hashKeyCount(_ join: JoinPlan) -> Int { hashKeys(join).left.count }

    /// The type both sides of `left = right` are hashed as, or nil when `=` between them cannot
    /// be a hash join key. Values equal under `=` must hash alike: those of one type do, and
    /// integers of any width; for another cross-type `=` (date = timestamp), one side is
    /// converted to the other's type, as PostgreSQL's cross-type hash operator families do.
    static func hashKeyType(_ left: SQLType, _ right: SQLType) -> SQLType? {
        let integers: Set<SQLType.Kind> = [.smallint, .integer, .bigint]
        guard left.kind != .json && right.kind != .json && left.isArray == right.isArray else { return nil }
        if left.kind == right.kind || (integers.contains(left.kind) && integers.contains(right.kind)) { return left }
        if CastCatalog.find(from: left, to: right, context: .implicit) != nil { return right.withoutModifier }
        if CastCatalog.find(from: right, to: left, context: .implicit) != nil { return left.withoutModifier }
        return nil
    }

    /// A join key as `hashKeyType` chose to hash it.
    static func hashKey(_ key: BoundExpression, as type: SQLType) -> BoundExpression {
        let integers: Set<SQLType.Kind> = [.smallint, .integer, .bigint]
        if key.type.kind == type.kind || (integers.contains(key.type.kind) && integers.contains(type.kind)) { return key }
        guard let plan = CastCatalog.find(from: key.type, to: type, context: .implicit) else { return key }
        return .cast(key, .plan(plan), type)
    }

    // MARK: window functions

    private func compileWindow(_ function: BoundWindowFunction, _ layout: [ColumnBinding: Int]) throws(DatabaseError) -> CompiledWindowFunction {
        func c(_ expression: BoundExpression) throws(DatabaseError) -> CompiledExpression { try compile(expression, layout) }
        func optional(_ expression: BoundExpression?) throws(DatabaseError) -> CompiledExpression? {
            guard let expression else { return nil }
            return try compile(expression, layout)
        }
        let compiled: CompiledWindowFunction.Function
        switch function.function {
        case .rowNumber: compiled = .rowNumber
        case .rank: compiled = .rank
        case .denseRank: compiled = .denseRank
        case .percentRank: compiled = .percentRank
        case .cumeDist: compiled = .cumeDist
        case .ntile(let count): compiled = .ntile(try c(count))
        case .lag(let value, let offset, let defaultValue):
            compiled = .lag(try c(value), offset: try optional(offset), defaultValue: try optional(defaultValue))
        case .lead(let value, let offset, let defaultValue):
            compiled = .lead(try c(value), offset: try optional(offset), defaultValue: try optional(defaultValue))
        case .firstValue(let value): compiled = .firstValue(try c(value))
        case .lastValue(let value): compiled = .lastValue(try c(value))
        case .nthValue(let value, let n): compiled = .nthValue(try c(value), try c(n))
        case .aggregate(let aggregate): compiled = .aggregate(try compileAggregate(aggregate, layout))
        }
        func bound(_ item: BoundWindowFrame.Bound) throws(DatabaseError) -> CompiledWindowFrame.Bound {
            switch item {
            case .unboundedPreceding: .unboundedPreceding
            case .unboundedFollowing: .unboundedFollowing
            case .currentRow: .currentRow
            case .preceding(let offset): .preceding(try c(offset))
            case .following(let offset): .following(try c(offset))
            }
        }
        var frame = CompiledWindowFrame(mode: function.frame.mode, start: try bound(function.frame.start),
                                        end: try bound(function.frame.end), exclusion: function.frame.exclusion)
        if let range = function.frame.range {
            frame.range = CompiledWindowFrame.RangeLimits(position: try c(range.position), start: try optional(range.start),
                                                          end: try optional(range.end))
        }
        return CompiledWindowFunction(function: compiled, partitionBy: try function.partitionBy.map(c),
                                      orderBy: try compileKeys(function.orderBy, layout), frame: frame)
    }

    // MARK: common table expressions

    private func defineCommonTable(_ cte: CommonTableExpression) throws(DatabaseError) {
        let base = try build(cte.plan)
        let recursive = try cte.recursiveTerm.map { (plan) throws(DatabaseError) in try build(plan) }
        context.commonTableMaterializers[cte.id] = CommonTableMaterializer(id: cte.id, base: base, recursive: recursive,
                                                                           distinct: cte.recursiveDistinct, context: context)
    }
}

extension BoundExpression {
    /// The AND-ed parts of a condition.
    package var conjuncts: [BoundExpression] {
        if case .and(let items) = self { return items.flatMap(\.conjuncts) }
        return [self]
    }

    /// Whether hashing the value matches `=` (no volatile functions inside).
    var isHashable: Bool {
        var result = true
        visit { node in
            if case .function(let function, _) = node, function.overload.volatility == .volatile { result = false }
            if case .subquery = node { result = false }
        }
        return result
    }
}
