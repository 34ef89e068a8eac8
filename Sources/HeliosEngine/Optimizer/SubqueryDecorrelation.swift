// Turns correlated EXISTS, NOT EXISTS and IN subqueries of a WHERE (or HAVING) into semi and
// anti joins, so they run as one join — hashed, merged or through an index — instead of once per
// row. Only where the result is the same: the subquery is a conjunct of the filter (not under OR
// or NOT, where IN's NULL would differ from false), it reads only columns of the filter's own
// input, and its outer references sit in the filters at its top (those become the join
// condition); anything else — aggregates, LIMIT, references deeper inside — stays a subquery.

import HeliosCore
import HeliosValues

struct SubqueryDecorrelation {
    func apply(_ plan: LogicalPlan) throws(DatabaseError) -> LogicalPlan {
        let rewritten = try plan.mappingInputs(apply)
        guard case .filter(var input, let condition) = rewritten else { return rewritten }
        var kept: [BoundExpression] = []
        for conjunct in condition.conjuncts {
            if let join = try semiJoin(conjunct, over: input) {
                input = .join(join)
            } else {
                kept.append(conjunct)
            }
        }
        guard !kept.isEmpty else { return input }
        return .filter(input, kept.count == 1 ? kept[0] : .and(kept))
    }

    /// The join that computes `conjunct` over `input`, when it is a subquery that can be one.
    private func semiJoin(_ conjunct: BoundExpression, over input: LogicalPlan) throws(DatabaseError) -> JoinPlan? {
        var negated = false
        var expression = conjunct
        if case .not(let inner) = expression {
            negated = true
            expression = inner
        }
        guard case .subquery(let subquery) = expression, subquery.isCorrelated,
              subquery.outerReferences.isSubset(of: Set(input.columns.map(\.binding))) else { return nil }
        let kind: JoinKind
        var output: BoundExpression?
        var comparison: (BoundExpression, ResolvedOperator)?
        switch subquery.kind {
        case .exists(let existsNegated):
            kind = existsNegated != negated ? .anti : .semi
        case .quantified(let left, let op, all: false) where op.entry.name == "=" && !negated:
            kind = .semi
            comparison = (left, op)
        default:
            return nil
        }
        guard let (right, pulled) = try pullCorrelated(subquery.plan, references: subquery.outerReferences,
                                                            keepOutput: comparison != nil, output: &output) else { return nil }
        var correlated = pulled
        if let (left, op) = comparison {
            // `left = output` with the operand types the subquery's operator was resolved for.
            guard let output, op.leftType == left.type, op.rightType == output.type else { return nil }
            correlated.append(.binary(op, left, output))
        }
        guard !correlated.isEmpty else { return nil }
        return JoinPlan(kind: kind, left: input, right: right, condition: correlated.count == 1 ? correlated[0] : .and(correlated))
    }

    /// The subquery's plan without its select list and the filters under it that read outer
    /// columns, and those conditions (outer columns read as the join's own); nil when outer
    /// columns are read anywhere else. With `keepOutput`, the select list's single item is
    /// returned in `output` (IN compares it); EXISTS ignores its select list.
    private func pullCorrelated(_ plan: LogicalPlan, references: Set<ColumnBinding>, keepOutput: Bool,
                                output: inout BoundExpression?) throws(DatabaseError) -> (LogicalPlan, [BoundExpression])? {
        var body = plan
        if case .distinct(let input, nil) = body { body = input }  // a semi join keeps each left row once anyway
        guard case .project(let input, let items, _) = body else { return nil }
        if keepOutput {
            guard items.count == 1, !Self.readsOuter(items[0], references), !items[0].isVolatile, !items[0].containsSubquery
            else { return nil }
            output = items[0]
        }
        return try pullFilters(input, references: references)
    }

    /// `plan` without the filters at its top that read outer columns, and those conditions.
    private func pullFilters(_ plan: LogicalPlan, references: Set<ColumnBinding>) throws(DatabaseError) -> (LogicalPlan, [BoundExpression])? {
        guard case .filter(let input, let condition) = plan else {
            var reads = false
            plan.visitExpressions { node in
                if case .outerColumn(let binding, _) = node, references.contains(binding) { reads = true }
            }
            return reads ? nil : (plan, [])
        }
        guard let (below, pulled) = try pullFilters(input, references: references) else { return nil }
        var local: [BoundExpression] = []
        var correlated = pulled
        for conjunct in condition.conjuncts {
            guard Self.readsOuter(conjunct, references) else { local.append(conjunct); continue }
            guard !conjunct.isVolatile, !conjunct.containsSubquery else { return nil }
            correlated.append(try conjunct.rewritten { (node) throws(DatabaseError) -> BoundExpression? in
                if case .outerColumn(let binding, let type) = node, references.contains(binding) { return .column(binding, type) }
                return nil
            })
        }
        let rest = local.isEmpty ? below : .filter(below, local.count == 1 ? local[0] : .and(local))
        return (rest, correlated)
    }

    private static func readsOuter(_ expression: BoundExpression, _ references: Set<ColumnBinding>) -> Bool {
        var reads = false
        expression.visit { node in
            if case .outerColumn(let binding, _) = node, references.contains(binding) { reads = true }
            if case .subquery(let nested) = node, !nested.outerReferences.isDisjoint(with: references) { reads = true }
        }
        return reads
    }
}
