// WITH: common table expressions, each bound once and materialized once when the query runs.
// WITH RECURSIVE `name AS (base UNION [ALL] recursive)`: the recursive term reads the rows the
// previous round produced (the working table) until a round produces none.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

extension QueryBinder {
    mutating func bindWith(_ with: WithClause, parent: QueryScope?) throws(DatabaseError) -> [CommonTableExpression] {
        var result: [CommonTableExpression] = []
        var seen = Set<String>()
        for definition in with.expressions {
            if !seen.insert(definition.name).inserted {
                throw DatabaseError(.duplicateAlias, "WITH query name \"\(definition.name)\" specified more than once",
                                    position: definition.location.errorPosition)
            }
            guard case .select(let query) = definition.statement else {
                throw DatabaseError(.featureNotSupported, "data-modifying statements in WITH are not supported yet",
                                    position: definition.location.errorPosition)
            }
            let id = context.makeTable()
            if with.recursive, case .setOperation(let operation) = query.body, operation.kind == .union, query.isBare,
               let recursive = try bindRecursive(definition, operation: operation, id: id, parent: parent) {
                result.append(recursive)
                continue
            }
            let bound = try bind(query, parent: parent)
            let outputs = try renamed(bound.outputs, to: definition.columns, name: definition.name, location: definition.location)
            visibleCTEs[definition.name] = VisibleCTE(id: id, name: definition.name, outputs: outputs, isRecursiveSelfReference: false)
            result.append(CommonTableExpression(id: id, plan: bound.plan))
        }
        return result
    }

    /// Binds `base UNION [ALL] recursive`; nil when the second term does not read the CTE (then
    /// it is an ordinary UNION).
    private mutating func bindRecursive(_ definition: HeliosSQL.CommonTableExpression, operation: SetOperation, id: Int,
                                        parent: QueryScope?) throws(DatabaseError) -> CommonTableExpression? {
        let base = try bind(operation.left, parent: parent)
        let outputs = try renamed(base.outputs, to: definition.columns, name: definition.name, location: definition.location)
        var inner = self
        inner.visibleCTEs[definition.name] = VisibleCTE(id: id, name: definition.name, outputs: outputs, isRecursiveSelfReference: true)
        let recursive = try inner.bind(operation.right, parent: parent)
        guard RecursiveReferenceRules.readsItself(recursive.plan, id: id) else { return nil }
        try RecursiveReferenceRules.check(recursive.plan, id: id, name: definition.name)
        if recursive.outputs.count != outputs.count {
            throw DatabaseError(.syntaxError, "each UNION query must have the same number of columns",
                                position: definition.location.errorPosition)
        }
        // The recursive term's columns must have the base term's types.
        var casts: [BoundExpression] = []
        for (column, output) in zip(recursive.planColumns, outputs) {
            let value = BoundExpression.column(column.binding, column.type)
            if column.type.withoutModifier == output.type.withoutModifier {
                casts.append(value)
                continue
            }
            guard let cast = try? coercer.coerce(value, to: output.type, context: .implicit, location: definition.location) else {
                throw DatabaseError(.datatypeMismatch,
                                    "recursive query \"\(definition.name)\" column \(casts.count + 1) has type \(output.type.formatted) in non-recursive term but type \(column.type.formatted) overall",
                                    hint: "Cast the output of the non-recursive term to the correct type.",
                                    position: definition.location.errorPosition)
            }
            casts.append(cast)
        }
        var recursivePlan = recursive.plan
        if casts.enumerated().contains(where: { index, cast in if case .column(recursive.planColumns[index].binding, _) = cast { false } else { true } }) {
            recursivePlan = .project(recursivePlan, casts, columns: context.makeColumns(names: outputs.map(\.name), types: outputs.map(\.type)))
        }
        visibleCTEs[definition.name] = VisibleCTE(id: id, name: definition.name, outputs: outputs, isRecursiveSelfReference: false)
        return CommonTableExpression(id: id, plan: base.plan, recursiveTerm: recursivePlan, recursiveDistinct: !operation.all)
    }

    private func renamed(_ outputs: [OutputColumn], to names: [String], name: String,
                         location: SourceLocation) throws(DatabaseError) -> [OutputColumn] {
        guard !names.isEmpty else { return outputs }
        if names.count > outputs.count {
            throw DatabaseError(.invalidColumnReference,
                                "WITH query \"\(name)\" has \(outputs.count) columns available but \(names.count) columns specified",
                                position: location.errorPosition)
        }
        var result = outputs
        for (index, columnName) in names.enumerated() { result[index].name = columnName }
        return result
    }

    // MARK: set operations

    func bindSetOperation(_ operation: SetOperation, parent: QueryScope?) throws(DatabaseError) -> BoundQuery {
        var branches = self
        branches.keepsUnknownOutputs = true
        let left = try branches.bind(operation.left, parent: parent)
        let right = try branches.bind(operation.right, parent: parent)
        let name = switch operation.kind {
        case .union: "UNION"
        case .intersect: "INTERSECT"
        case .except: "EXCEPT"
        }
        if left.outputs.count != right.outputs.count {
            throw DatabaseError(.syntaxError, "each \(name) query must have the same number of columns",
                                position: operation.right.location.errorPosition)
        }
        let leftColumns = left.planColumns
        let rightColumns = right.planColumns
        var types: [SQLType] = []
        for (l, r) in zip(leftColumns, rightColumns) {
            types.append(try coercer.commonType(of: [.column(l.binding, l.type), .column(r.binding, r.type)], context: name))
        }
        func conform(_ bound: BoundQuery, _ columns: [PlanColumn]) throws(DatabaseError) -> LogicalPlan {
            var plan = bound.plan
            var columns = columns
            // A branch's untyped literal is read as the column's type where it stands, as in
            // PostgreSQL: `SELECT 1 UNION SELECT 'a'` is 22P02, `SELECT 'x' UNION SELECT v` varchar.
            if case .project(let input, var items, var itemColumns) = plan, itemColumns.contains(where: { $0.type.kind == .unknown }) {
                for index in items.indices where index < types.count && itemColumns[index].type.kind == .unknown {
                    items[index] = try coercer.coerce(items[index], to: types[index], context: .implicit, location: operation.right.location)
                    itemColumns[index].type = types[index]
                }
                plan = .project(input, items, columns: itemColumns)
                columns = itemColumns
            }
            guard zip(columns, types).contains(where: { $0.type != $1 }) else { return plan }
            var items: [BoundExpression] = []
            for (column, type) in zip(columns, types) {
                items.append(try coercer.coerce(.column(column.binding, column.type), to: type, context: .implicit,
                                                           location: operation.right.location))
            }
            return .project(plan, items, columns: context.makeColumns(names: columns.map(\.name), types: types))
        }
        let names = left.outputs.map(\.name)
        let kind: SetOperationKind = switch operation.kind {
        case .union: .union
        case .intersect: .intersect
        case .except: .except
        }
        let plan = SetOperationPlan(kind: kind, all: operation.all, left: try conform(left, leftColumns),
                                    right: try conform(right, rightColumns), columns: context.makeColumns(names: names, types: types))
        return BoundQuery(plan: .setOperation(plan), outputs: zip(names, types).map { OutputColumn(name: $0, type: $1) },
                          outerReferences: left.outerReferences.union(right.outerReferences))
    }
}

extension LogicalPlan {
    /// Calls `body` on this plan node and every node below it (not inside expressions).
    func visitPlans(_ body: (LogicalPlan) -> Void) {
        body(self)
        switch self {
        case .scan, .values, .functionScan, .singleRow, .cteReference, .recursiveReference, .systemTable: break
        case .filter(let input, _), .project(let input, _, _), .sort(let input, _), .limit(let input, _, _, _), .distinct(let input, _):
            input.visitPlans(body)
        case .join(let join):
            join.left.visitPlans(body)
            join.right.visitPlans(body)
        case .aggregate(let plan): plan.input.visitPlans(body)
        case .window(let plan): plan.input.visitPlans(body)
        case .projectSet(let plan): plan.input.visitPlans(body)
        case .setOperation(let plan):
            plan.left.visitPlans(body)
            plan.right.visitPlans(body)
        case .with(let ctes, let bodyPlan):
            for cte in ctes {
                cte.plan.visitPlans(body)
                cte.recursiveTerm?.visitPlans(body)
            }
            bodyPlan.visitPlans(body)
        }
    }
}
