// The optimizer's passes, in order: turn correlated EXISTS / IN subqueries into semi and anti
// joins where that is exact, drop projection items nothing reads, push conditions down to the rows they read (ordering trees
// of inner joins by cost on the way, JoinOrder), choose each scan's access path by cost (and
// read an index instead of sorting where that is cheaper), then choose each join's method.
// Estimates come from PlanStatistics: live table sizes, ANALYZE's column statistics and, in
// what-if mode, hypothetical indexes.

public import HeliosCore

package enum Optimizer {
    /// `pruneProjections`: only for queries, whose callers read nothing but the plan's output
    /// columns (INSERT ... SELECT and DML targets read their plans' columns by position).
    package static func optimize(_ bound: LogicalPlan, statistics: PlanStatistics = .none,
                                 pruneProjections: Bool = false) throws(DatabaseError) -> LogicalPlan {
        var plan = try SubqueryDecorrelation().apply(bound)
        if pruneProjections { plan = try ProjectionPruning().apply(plan) }
        let estimator = PlanEstimator(statistics: statistics)
        estimator.learnOrigins(plan)
        plan.visitExpressions { node in
            if case .subquery(let subquery) = node { estimator.learnOrigins(subquery.plan) }
        }
        var result = try PredicatePushdown(estimator: estimator).apply(plan)
        // Subqueries inside expressions get the same treatment.
        result = try result.rewritingExpressions { (node) throws(DatabaseError) -> BoundExpression? in
            guard case .subquery(var subquery) = node else { return nil }
            var inner = try SubqueryDecorrelation().apply(subquery.plan)
            if pruneProjections { inner = try ProjectionPruning().apply(inner) }
            subquery.plan = try PredicatePushdown(estimator: estimator).apply(inner)
            subquery.plan = try JoinMethodSelection(estimator: estimator).apply(
                try AccessPathSelection(estimator: estimator).apply(subquery.plan))
            return .subquery(subquery)
        }
        result = try AccessPathSelection(estimator: estimator).apply(result)
        return try JoinMethodSelection(estimator: estimator).apply(result)
    }
}
