// Chooses how each join runs, by cost, bottom up: as written (a hash join building on the right
// side when the condition has equalities, else a nested loop); with an inner join's sides
// swapped (so the smaller side is the one hashed); or as an index nested loop, where the right
// side is a table scan whose index the join's equalities can look up once per left row — the
// equalities move into that scan, reading the left row's values as outer values, exactly as a
// LATERAL subquery would.

import HeliosCore

struct JoinMethodSelection {
    let estimator: PlanEstimator

    func apply(_ plan: LogicalPlan) throws(DatabaseError) -> LogicalPlan {
        guard case .join(var join) = plan else { return try plan.mappingInputs(apply) }
        join.left = try apply(join.left)
        join.right = try apply(join.right)
        return try choose(join)
    }

    private func choose(_ join: JoinPlan) throws(DatabaseError) -> LogicalPlan {
        guard join.lateralReferences.isEmpty, join.method == nil else { return .join(join) }
        var best = LogicalPlan.join(join)
        var bestCost = estimator.estimate(best).totalCost
        func consider(_ candidate: LogicalPlan?) {
            guard let candidate else { return }
            let cost = estimator.estimate(candidate).totalCost
            if cost < bestCost {
                best = candidate
                bestCost = cost
            }
        }
        consider(try indexNestedLoop(join).map(LogicalPlan.join))
        consider(mergeJoin(join).map(LogicalPlan.join))
        // Swapping sides decides which one a hash join builds on. (A nested loop keeps the
        // written order: its outer side is evaluated first, and expressions of an inner side
        // that turns out not to be needed must not raise errors, as in PostgreSQL.)
        if join.kind == .inner, PhysicalPlanner.hashKeyCount(join) > 0 {
            var swapped = join
            swapped.left = join.right
            swapped.right = join.left
            // The join's columns in their original order, for whatever reads them by position.
            let columns = join.left.columns + join.right.columns
            let items = columns.map { BoundExpression.column($0.binding, $0.type) }
            consider(.project(.join(swapped), items, columns: columns))
            consider(try indexNestedLoop(swapped).map { .project(.join($0), items, columns: columns) })
        }
        return best
    }

    /// The join as a merge join over both sides in key order (sorted, or read through indexes
    /// in that order).
    private func mergeJoin(_ join: JoinPlan) -> JoinPlan? {
        guard [.inner, .left, .semi, .anti].contains(join.kind) else { return nil }
        let keys = PhysicalPlanner.hashKeys(join)
        guard !keys.left.isEmpty else { return nil }
        let access = AccessPathSelection(estimator: estimator)
        var result = join
        result.left = access.sorted(join.left, keys.left.map { SortKey(expression: $0) })
        result.right = access.sorted(join.right, keys.right.map { SortKey(expression: $0) })
        result.method = .merge
        return result
    }

    /// The join as an index nested loop, when its right side is a table scan that an index
    /// lookup on the join's equalities reads more cheaply than the whole table.
    private func indexNestedLoop(_ join: JoinPlan) throws(DatabaseError) -> JoinPlan? {
        guard [.inner, .cross, .left, .semi, .anti].contains(join.kind), case .scan(let scan) = join.right,
              !scan.locking, let condition = join.condition else { return nil }
        let leftBindings = Set(join.left.columns.map(\.binding))
        let rightBindings = Set(scan.columns.map(\.binding))
        func outerSide(_ expression: BoundExpression) -> Bool {
            let reads = expression.referencedBindings
            return !reads.isEmpty && reads.isSubset(of: leftBindings) && !expression.isVolatile && !expression.containsSubquery
        }
        func asOuter(_ expression: BoundExpression) throws(DatabaseError) -> BoundExpression {
            try expression.rewritten { (node) throws(DatabaseError) -> BoundExpression? in
                if case .column(let binding, let type) = node, leftBindings.contains(binding) { return .outerColumn(binding, type) }
                return nil
            }
        }
        var lookups: [BoundExpression] = []
        var rest: [BoundExpression] = []
        var references = Set<ColumnBinding>()
        for conjunct in condition.conjuncts {
            if case .binary(let op, let a, let b) = conjunct, op.entry.name == "=" {
                if case .column(let column, _) = a, rightBindings.contains(column), outerSide(b) {
                    lookups.append(.binary(op, a, try asOuter(b)))
                    references.formUnion(b.referencedBindings)
                    continue
                }
                if case .column(let column, _) = b, rightBindings.contains(column), outerSide(a) {
                    lookups.append(.binary(op, try asOuter(a), b))
                    references.formUnion(a.referencedBindings)
                    continue
                }
            }
            rest.append(conjunct)
        }
        guard !lookups.isEmpty else { return nil }
        var inner = scan
        inner.filters += lookups
        inner.access = nil
        let chosen = AccessPathSelection(estimator: estimator).choose(for: inner)
        guard let access = chosen.access, access.equalities.contains(where: { $0.readsOuterColumn }) else { return nil }
        var result = join
        result.right = .scan(chosen)
        result.condition = rest.isEmpty ? nil : (rest.count == 1 ? rest[0] : .and(rest))
        result.lateralReferences = references
        result.method = .nestedLoop
        if result.kind == .cross { result.kind = .inner }
        return result
    }
}

extension BoundExpression {
    var readsOuterColumn: Bool {
        var result = false
        visit { if case .outerColumn = $0 { result = true } }
        return result
    }
}
