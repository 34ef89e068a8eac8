// After GROUP BY, a query's expressions can read only what the aggregation produces: the group
// expressions and the aggregates' results. GroupingRewriter replaces each sub-expression equal
// to a group expression by the column that holds it and reports any other column of the
// query's own FROM items as PostgreSQL does (42803). Correlated subqueries that read a grouped
// column are rewritten to read its group column.

import HeliosCore
import HeliosValues

struct GroupingRewriter {
    let groups: [BoundExpression]
    let groupColumns: [PlanColumn]
    let scope: QueryScope

    func rewrite(_ expression: BoundExpression) throws(DatabaseError) -> BoundExpression {
        try expression.rewritten { (node) throws(DatabaseError) -> BoundExpression? in
            if let index = groups.firstIndex(where: { $0.isSame(as: node) }) {
                return .column(groupColumns[index].binding, groupColumns[index].type)
            }
            switch node {
            case .column(let binding, _):
                if binding.table == scope.aggregateTable || binding.table == scope.windowTable
                    || binding.table == scope.setFunctionTable { return node }
                if scope.localTables.contains(binding.table) {
                    throw ungrouped(binding)
                }
                return node
            case .subquery(var subquery):
                // `x IN (SELECT ...)`: the left operand is evaluated here, after grouping.
                if case .quantified(let left, let op, let all) = subquery.kind {
                    subquery.kind = .quantified(try rewrite(left), op, all: all)
                }
                subquery.plan = try subquery.plan.rewritingExpressions { (inner) throws(DatabaseError) -> BoundExpression? in
                    guard case .outerColumn(let binding, _) = inner, scope.localTables.contains(binding.table) else { return nil }
                    if let index = groups.firstIndex(where: { if case .column(binding, _) = $0 { true } else { false } }) {
                        return .outerColumn(groupColumns[index].binding, groupColumns[index].type)
                    }
                    throw ungrouped(binding)
                }
                subquery.outerReferences = Set(subquery.outerReferences.map { binding in
                    if let index = groups.firstIndex(where: { if case .column(binding, _) = $0 { true } else { false } }) {
                        return groupColumns[index].binding
                    }
                    return binding
                })
                return .subquery(subquery)
            default:
                return nil
            }
        }
    }

    func rewrite(_ function: BoundWindowFunction) throws(DatabaseError) -> BoundWindowFunction {
        var result = function
        result.function = try function.function.rewritten { (expression) throws(DatabaseError) in try rewrite(expression) }
        result.partitionBy = try function.partitionBy.map { (expression) throws(DatabaseError) in try rewrite(expression) }
        for index in result.orderBy.indices {
            result.orderBy[index].expression = try rewrite(result.orderBy[index].expression)
        }
        result.frame = try function.frame.rewritten { (expression) throws(DatabaseError) in try rewrite(expression) }
        return result
    }

    private func ungrouped(_ binding: ColumnBinding) -> DatabaseError {
        let column = scope.columns.first { if case .column(binding, _) = $0.expression { true } else { false } }
        let name = column.map { ($0.qualifier.map { $0 + "." } ?? "") + $0.name } ?? "?"
        return DatabaseError(.groupingError, "column \"\(name)\" must appear in the GROUP BY clause or be used in an aggregate function")
    }
}
