// UPDATE and DELETE. The rows to change come from a plan: the target table's scan (carrying
// each row's key) joined with the FROM or USING items and filtered by WHERE, which the optimizer
// may answer through an index. Each row is then changed through the table writer. When another
// transaction committed a change to the row after the statement's snapshot, READ COMMITTED
// re-checks WHERE against the row's newest version and applies the change to that version
// (PostgreSQL's EvalPlanQual); REPEATABLE READ and SERIALIZABLE get 40001 from the writer.
// A row that several joined rows match is changed once, by the first.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

final class ModifyExecutor {
    let execution: DMLExecution
    private var statement: StatementContext { execution.statement }

    init(session: Session, statement: StatementContext, binding: BindingContext, environment: EvaluationEnvironment) {
        execution = DMLExecution(session: session, statement: statement, binding: binding, environment: environment)
    }

    /// The bound statement: the rows' plan, where the target's columns and key sit in its rows.
    private struct Target {
        var relation: RelationDescriptor
        var scope: QueryScope
        var plan: LogicalPlan
        /// The target table's columns' bindings, in storage order; the key's binding after them.
        var columnBindings: [ColumnBinding]
        var keyBinding: ColumnBinding
        var condition: BoundExpression?
    }

    private func bindTarget(_ table: TableName, from: [TableReference], whereClause: WhereClause?, verb: String) throws(DatabaseError) -> Target {
        if case .currentOf = whereClause {
            throw DatabaseError(.featureNotSupported, "WHERE CURRENT OF is not supported")
        }
        let relation = try DMLTarget.table(table.name, catalog: statement.catalogReader, verb: verb)
        let binder = QueryBinder(context: execution.binding)
        let scope = QueryScope(context: execution.binding, parent: nil)
        let (targetPlan, names) = try binder.bindFromItem(.table(table), scope: scope, locking: false)
        guard case .scan(var scan) = targetPlan else { throw DatabaseError.internalError("\(verb) target is not a table scan") }
        let tableNumber = scan.columns.first?.binding.table ?? execution.binding.makeTable()
        let keyBinding = ColumnBinding(tableNumber, relation.columns.count)
        let columnBindings = scan.columns.map(\.binding)
        scan.includesRowKey = true
        scan.columns.append(PlanColumn(binding: keyBinding, type: .bytea, name: "ctid"))
        scope.add(names.columns)
        scope.starColumns = names.star
        var plan = LogicalPlan.scan(scan)
        if !from.isEmpty {
            let fromPlan = try binder.bindFromList(from, scope: scope, locking: false)
            plan = .join(JoinPlan(kind: .cross, left: plan, right: fromPlan, condition: nil, lateralReferences: []))
        }
        var condition: BoundExpression?
        if case .condition(let expression) = whereClause {
            scope.clause = .whereClause
            let bound = try ExpressionBinder(scope: scope).bindCondition(expression, clause: "WHERE")
            condition = bound
            plan = .filter(plan, bound)
        }
        return Target(relation: relation, scope: scope, plan: plan, columnBindings: columnBindings, keyBinding: keyBinding,
                      condition: condition)
    }

    /// RETURNING over the plan's rows (the target's columns replaced by the written row).
    private func bindReturning(_ targets: [SelectTarget], scope: QueryScope, layout: [ColumnBinding: Int]) throws(DatabaseError) -> ReturningList {
        guard !targets.isEmpty else { return ReturningList(items: [], outputs: []) }
        let (items, outputs) = try DMLTarget.bindReturning(targets, scope: scope)
        var compiled: [CompiledExpression] = []
        for item in items { compiled.append(try execution.compile(item, layout)) }
        return ReturningList(items: compiled, outputs: outputs)
    }

    // MARK: UPDATE

    func runUpdate(_ update: UpdateStatement, parameters: [SQLValue]) throws(DatabaseError) -> StatementResult {
        if update.with != nil {
            throw DatabaseError(.featureNotSupported, "WITH in UPDATE is not supported yet", position: update.location.errorPosition)
        }
        let target = try bindTarget(update.table, from: update.from, whereClause: update.whereClause, verb: "update")
        let relation = target.relation
        let scope = target.scope
        scope.clause = .update
        let binder = ExpressionBinder(scope: scope)
        var bound: [(position: Int, value: BoundExpression?)] = []
        for (assignmentTarget, expression) in try UpdateAssignments.flatten(update.assignments) {
            let position = try UpdateAssignments.position(of: assignmentTarget, in: relation)
            let column = relation.columns[position]
            if case .default = expression.kind {
                bound.append((position, nil))
                continue
            }
            try GeneratedColumnRules.checkUpdatable(column)
            bound.append((position, try binder.bindAssigned(expression, to: column.type, column: column.name)))
        }
        let plan = try Optimizer.optimize(target.plan, statistics: execution.session.planStatistics(statement))
        let layout = PhysicalPlanner.layout(of: plan)
        var assignments: [(position: Int, value: CompiledExpression?)] = []
        for (position, value) in bound {
            assignments.append((position, try value.map { (value) throws(DatabaseError) in try execution.compile(value, layout) }))
        }
        let condition = try target.condition.map { (condition) throws(DatabaseError) in try execution.compile(condition, layout) }
        var returning = try bindReturning(update.returning, scope: scope, layout: layout)
        if execution.isDescribing { return returning.result(commandTag: "") }
        try execution.resolveParameters(parameters)

        let writer = try execution.writers.writer(for: relation)
        let columnSlots = target.columnBindings.map { layout[$0]! }
        let keySlot = layout[target.keyBinding]!
        var count = 0
        try execution.forEachRow(of: plan) { (row) throws(DatabaseError) in
            guard case .bytes(let key) = row[keySlot] else { throw DatabaseError.internalError("row without key") }
            var combined = row
            var old = columnSlots.map { row[$0] }
            while true {
                var new = old
                for (position, value) in assignments {
                    if let value {
                        new[position] = try value.evaluate(combined, execution.environment)
                    } else {
                        new[position] = try execution.writers.defaultValue(of: relation, position: position)
                    }
                }
                try execution.writers.computeGenerated(relation, &new)
                switch try writer.update(key: key, old: old, new: new) {
                case .done:
                    count += 1
                    for (slot, value) in zip(columnSlots, new) { combined[slot] = value }
                    try returning.add(combined, execution.environment)
                    return
                case .skipped:
                    return
                case .changedConcurrently(let newest):
                    for (slot, value) in zip(columnSlots, newest) { combined[slot] = value }
                    guard try execution.holds(condition, combined) else { return }
                    old = newest
                }
            }
        }
        try execution.writers.finish()
        return returning.result(commandTag: "UPDATE \(count)")
    }

    // MARK: DELETE

    func runDelete(_ delete: DeleteStatement, parameters: [SQLValue]) throws(DatabaseError) -> StatementResult {
        if delete.with != nil {
            throw DatabaseError(.featureNotSupported, "WITH in DELETE is not supported yet", position: delete.location.errorPosition)
        }
        let target = try bindTarget(delete.table, from: delete.using, whereClause: delete.whereClause, verb: "delete from")
        let relation = target.relation
        let plan = try Optimizer.optimize(target.plan, statistics: execution.session.planStatistics(statement))
        let layout = PhysicalPlanner.layout(of: plan)
        let condition = try target.condition.map { (condition) throws(DatabaseError) in try execution.compile(condition, layout) }
        var returning = try bindReturning(delete.returning, scope: target.scope, layout: layout)
        if execution.isDescribing { return returning.result(commandTag: "") }
        try execution.resolveParameters(parameters)

        let writer = try execution.writers.writer(for: relation)
        let columnSlots = target.columnBindings.map { layout[$0]! }
        let keySlot = layout[target.keyBinding]!
        var count = 0
        try execution.forEachRow(of: plan) { (row) throws(DatabaseError) in
            guard case .bytes(let key) = row[keySlot] else { throw DatabaseError.internalError("row without key") }
            var combined = row
            var old = columnSlots.map { row[$0] }
            while true {
                switch try writer.delete(key: key, old: old) {
                case .done:
                    count += 1
                    try returning.add(combined, execution.environment)
                    return
                case .skipped:
                    return
                case .changedConcurrently(let newest):
                    for (slot, value) in zip(columnSlots, newest) { combined[slot] = value }
                    guard try execution.holds(condition, combined) else { return }
                    old = newest
                }
            }
        }
        try execution.writers.finish()
        return returning.result(commandTag: "DELETE \(count)")
    }
}

/// SET lists: `(a, b) = (x, y)` spread into single assignments, and targets found in the table.
enum UpdateAssignments {
    static func flatten(_ assignments: [Assignment]) throws(DatabaseError) -> [(AssignmentTarget, Expression)] {
        var result: [(AssignmentTarget, Expression)] = []
        for assignment in assignments {
            switch assignment {
            case .single(let target, let expression):
                result.append((target, expression))
            case .multiple(let targets, let source):
                guard case .row(let items) = source.kind else {
                    throw DatabaseError(.featureNotSupported, "assigning several columns from a sub-SELECT is not supported yet",
                                        position: source.location.errorPosition)
                }
                guard items.count == targets.count else {
                    throw DatabaseError(.syntaxError, "number of columns does not match number of values",
                                        position: source.location.errorPosition)
                }
                for (target, item) in zip(targets, items) { result.append((target, item)) }
            }
        }
        var seen = Set<String>()
        for (target, _) in result where !seen.insert(target.column).inserted {
            throw DatabaseError(.syntaxError, "multiple assignments to same column \"\(target.column)\"")
        }
        return result
    }

    static func position(of target: AssignmentTarget, in relation: RelationDescriptor) throws(DatabaseError) -> Int {
        // `SET x.d = ...` names field d of column x (never the table's alias), so an unknown x is 42703 first.
        if !target.path.isEmpty && relation.column(named: target.column) != nil {
            throw DatabaseError(.featureNotSupported, "assigning to a field or element of column \"\(target.column)\" is not supported",
                                position: target.location.errorPosition)
        }
        guard let column = relation.column(named: target.column), let position = relation.storagePosition(of: column.number) else {
            throw DatabaseError(.undefinedColumn, "column \"\(target.column)\" of relation \"\(relation.name)\" does not exist",
                                position: target.location.errorPosition)
        }
        return position
    }
}
