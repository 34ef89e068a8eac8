// The order of a tree of inner and comma joins (three or more inputs), chosen by cost. Each
// input first gets the conditions that read only it (and its access path); then dynamic
// programming over subsets of the inputs (up to `dynamicLimit` of them) finds the cheapest
// join tree for every subset from the cheapest trees of its two parts — bushy trees included,
// cross products only where no condition connects the parts. Beyond the limit, a greedy
// method joins next whichever connected input makes the cheapest step. Each condition sits on
// the lowest join that has all the columns it reads. Outer, semi, anti and LATERAL joins are
// kept as they are (they are inputs of the tree, not part of it).

import HeliosCore

struct JoinOrder {
    static let dynamicLimit = 10

    let estimator: PlanEstimator
    /// Pushes conditions into an input (PredicatePushdown) and chooses its access paths.
    let prepare: ([BoundExpression], LogicalPlan) throws(DatabaseError) -> LogicalPlan

    private struct Candidate {
        var plan: LogicalPlan
        var estimate: PlanEstimate
    }

    /// The join tree in the cheapest order found, with the conditions (`conditions` from above
    /// and the tree's own) placed; the conditions left to apply above it. Nil when `join` is not
    /// a tree of three or more inner joins.
    func order(_ join: JoinPlan, conditions: [BoundExpression]) throws(DatabaseError) -> (plan: LogicalPlan, conditions: [BoundExpression])? {
        guard !join.isOrdered, Self.isReorderable(join) else { return nil }
        var inputs: [LogicalPlan] = []
        var own: [BoundExpression] = []
        Self.flatten(.join(join), into: &inputs, conditions: &own)
        guard inputs.count >= 3 else { return nil }
        let bindings = inputs.map { Set($0.columns.map(\.binding)) }
        var pool: [(condition: BoundExpression, inputs: UInt64)] = []
        var above: [BoundExpression] = []
        var local = Array(repeating: [BoundExpression](), count: inputs.count)
        for condition in conditions + own {
            let reads = condition.referencedBindings
            var mask: UInt64 = 0
            for (index, set) in bindings.enumerated() where !reads.isDisjoint(with: set) { mask |= 1 << index }
            // Conditions on nothing in the tree (constants, outer values only) stay above it.
            guard mask != 0, reads.isSubset(of: bindings.reduce(Set(), { $0.union($1) })) else { above.append(condition); continue }
            if mask.nonzeroBitCount == 1 {
                local[mask.trailingZeroBitCount].append(condition)
            } else {
                pool.append((condition, mask))
            }
        }
        var leaves: [Candidate] = []
        for (index, input) in inputs.enumerated() {
            let prepared = try prepare(local[index], input)
            leaves.append(Candidate(plan: prepared, estimate: estimator.estimate(prepared)))
        }
        let best = inputs.count <= Self.dynamicLimit ? dynamic(leaves, pool) : greedy(leaves, pool)
        return (best.plan, above)
    }

    // MARK: search

    /// The cheapest tree over all leaves, by dynamic programming over subsets.
    private func dynamic(_ leaves: [Candidate], _ pool: [(condition: BoundExpression, inputs: UInt64)]) -> Candidate {
        let count = leaves.count
        let all: UInt64 = (1 << count) - 1
        var best: [UInt64: Candidate] = [:]
        for (index, leaf) in leaves.enumerated() { best[1 << index] = leaf }
        // Subsets in order of size, so that both parts of a split are done before the whole.
        let subsets = (1...all).filter { $0.nonzeroBitCount >= 2 }.sorted { $0.nonzeroBitCount < $1.nonzeroBitCount }
        for subset in subsets {
            var found: Candidate?
            var connectedFound = false
            // Every split into (left, right), each side non-empty.
            var left = (subset - 1) & subset
            while left != 0 {
                let right = subset & ~left
                if let leftBest = best[left], let rightBest = best[right] {
                    let conditions = pool.filter { $0.inputs & subset == $0.inputs && $0.inputs & left != 0 && $0.inputs & right != 0 }
                    let connected = !conditions.isEmpty
                    // Connected splits beat cross products; then the cheaper wins.
                    if connected || !connectedFound {
                        let candidate = joined(leftBest, rightBest, conditions.map(\.condition))
                        if found == nil || (connected && !connectedFound) || candidate.estimate.totalCost < found!.estimate.totalCost {
                            found = candidate
                        }
                        if connected { connectedFound = true }
                    }
                }
                left = (left - 1) & subset
            }
            if let found { best[subset] = found }
        }
        return best[all]!
    }

    /// Starting from the cheapest pair, adds the input that makes the cheapest next join
    /// (connected ones first), for trees too large to search whole.
    private func greedy(_ leaves: [Candidate], _ pool: [(condition: BoundExpression, inputs: UInt64)]) -> Candidate {
        var remaining = Set(leaves.indices)
        var start = 0
        for index in leaves.indices where leaves[index].estimate.rows < leaves[start].estimate.rows { start = index }
        var current = leaves[start]
        var mask: UInt64 = 1 << start
        remaining.remove(start)
        while !remaining.isEmpty {
            var next: (index: Int, candidate: Candidate, connected: Bool)?
            for index in remaining.sorted() {
                let together = mask | 1 << index
                let conditions = pool.filter { $0.inputs & together == $0.inputs && $0.inputs & (1 << index) != 0 && $0.inputs & mask != 0 }
                let connected = !conditions.isEmpty
                let candidate = joined(current, leaves[index], conditions.map(\.condition))
                if next == nil || (connected && !next!.connected)
                    || (connected == next!.connected && candidate.estimate.totalCost < next!.candidate.estimate.totalCost) {
                    next = (index, candidate, connected)
                }
            }
            current = next!.candidate
            mask |= 1 << next!.index
            remaining.remove(next!.index)
        }
        return current
    }

    private func joined(_ left: Candidate, _ right: Candidate, _ conditions: [BoundExpression]) -> Candidate {
        var join = JoinPlan(kind: conditions.isEmpty ? .cross : .inner, left: left.plan, right: right.plan,
                            condition: conditions.isEmpty ? nil : (conditions.count == 1 ? conditions[0] : .and(conditions)))
        join.isOrdered = true
        let rows = estimator.joinRows(join, left: left.estimate, right: right.estimate)
        let (startup, total) = estimator.joinCost(join, left: left.estimate, right: right.estimate, rows: rows)
        return Candidate(plan: .join(join), estimate: PlanEstimate(rows: rows, width: left.estimate.width + right.estimate.width,
                                                                   startupCost: startup, totalCost: total))
    }

    // MARK: the tree

    private static func isReorderable(_ join: JoinPlan) -> Bool {
        (join.kind == .inner || join.kind == .cross) && join.lateralReferences.isEmpty
    }

    private static func flatten(_ plan: LogicalPlan, into inputs: inout [LogicalPlan], conditions: inout [BoundExpression]) {
        guard case .join(let join) = plan, isReorderable(join), !join.isOrdered else {
            inputs.append(plan)
            return
        }
        flatten(join.left, into: &inputs, conditions: &conditions)
        flatten(join.right, into: &inputs, conditions: &conditions)
        conditions += join.condition?.conjuncts ?? []
    }
}
