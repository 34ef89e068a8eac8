// GROUP BY a table's primary key lets the query read the table's other columns, as PostgreSQL's
// check_functional_grouping does: every row of a group has the same values there. Those
// columns join the group keys, which splits no group, so the grouping rewrite finds them there.

enum FunctionalDependency {
    /// The columns of the tables `plan` reads whose primary key columns are all grouped (as
    /// plain columns), other than the grouped ones.
    static func dependentColumns(of plan: LogicalPlan, groups: [BoundExpression]) -> [BoundExpression] {
        var grouped = Set<ColumnBinding>()
        for group in groups {
            if case .column(let binding, _) = group { grouped.insert(binding) }
        }
        var result: [BoundExpression] = []
        plan.visitPlans { node in
            guard case .scan(let scan) = node, let primary = scan.relation.primaryKeyIndex else { return }
            func planColumn(_ number: Int16) -> PlanColumn? {
                guard let position = scan.relation.storagePosition(of: number), position < scan.columns.count else { return nil }
                return scan.columns[position]
            }
            let keys = primary.keys.compactMap { planColumn($0.column) }
            guard !keys.isEmpty, keys.count == primary.keys.count, keys.allSatisfy({ grouped.contains($0.binding) }) else { return }
            for column in scan.relation.visibleColumns {
                guard let planned = planColumn(column.number), !grouped.contains(planned.binding) else { continue }
                result.append(.column(planned.binding, planned.type))
            }
        }
        return result
    }
}
