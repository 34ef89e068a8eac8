// The optimizer's passes, in order: push conditions down to the rows they read (which also
// turns comma joins with WHERE equalities into inner joins, after JoinOrder has ordered trees of
// inner joins along their conditions), then choose each scan's access path. Costs come with
// statistics.

public import HeliosCore

package enum Optimizer {
    package static func optimize(_ plan: LogicalPlan) throws(DatabaseError) -> LogicalPlan {
        var result = try PredicatePushdown().apply(plan)
        // Subqueries inside expressions get the same treatment.
        result = try result.rewritingExpressions { (node) throws(DatabaseError) -> BoundExpression? in
            guard case .subquery(var subquery) = node else { return nil }
            subquery.plan = try PredicatePushdown().apply(subquery.plan)
            return .subquery(subquery)
        }
        return try AccessPathSelection().apply(result)
    }
}
