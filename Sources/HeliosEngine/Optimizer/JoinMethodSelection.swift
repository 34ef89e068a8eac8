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
        switch plan {
        case .join(var join):
            join.left = try apply(join.left)
            join.right = try apply(join.right)
            return try choose(join)
        case .scan, .values, .functionScan, .singleRow, .cteReference, .recursiveReference, .systemTable:
            return plan
        case .filter(let input, let condition): return .filter(try apply(input), condition)
        case .project(let input, let items, let columns): return .project(try apply(input), items, columns: columns)
        case .aggregate(var aggregate):
            aggregate.input = try apply(aggregate.input)
            return .aggregate(aggregate)
        case .window(var window):
            window.input = try apply(window.input)
            return .window(window)
        case .projectSet(var set):
            set.input = try apply(set.input)
            return .projectSet(set)
        case .sort(let input, let keys): return .sort(try apply(input), keys)
        case .limit(let input, let count, let offset, let ties): return .limit(try apply(input), count: count, offset: offset, withTies: ties)
        case .distinct(let input, let on): return .distinct(try apply(input), on: on)
        case .setOperation(var operation):
            operation.left = try apply(operation.left)
            operation.right = try apply(operation.right)
            return .setOperation(operation)
        case .with(var ctes, let body):
            for index in ctes.indices {
                ctes[index].plan = try apply(ctes[index].plan)
                ctes[index].recursiveTerm = try ctes[index].recursiveTerm.map { (term) throws(DatabaseError) in try apply(term) }
            }
            return .with(ctes: ctes, body: try apply(body))
        }
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
        if join.kind == .inner || join.kind == .cross {
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
