// The order of a tree of inner and comma joins (three or more inputs), until statistics and a
// cost model choose it: start from the first input as written, then repeatedly join the first
// remaining input that a condition connects to what is joined so far (an equality first), and
// only when none is connected, the next one as written. A query that lists its tables in any
// order then joins along its conditions instead of building cross products. Outer, semi, anti
// and LATERAL joins are kept as they are (they are inputs of the tree, not part of it).

import HeliosCore

enum JoinOrder {
    /// The join tree rebuilt left-deep in the chosen order, with every condition of the tree
    /// (and `conditions` from above) to push into it; nil when the order would not change.
    static func greedy(_ join: JoinPlan, conditions: [BoundExpression]) -> (plan: LogicalPlan, conditions: [BoundExpression])? {
        guard isReorderable(join) else { return nil }
        var inputs: [LogicalPlan] = []
        var own: [BoundExpression] = []
        flatten(.join(join), into: &inputs, conditions: &own)
        guard inputs.count >= 3 else { return nil }
        let pool = conditions + own
        let bindings = inputs.map { Set($0.columns.map(\.binding)) }
        let reads = pool.map(\.referencedBindings)
        func isEquality(_ condition: BoundExpression) -> Bool {
            if case .binary(let op, _, _) = condition { return op.entry.name == "=" }
            return false
        }

        var order = [0]
        var joined = bindings[0]
        var remaining = Array(1..<inputs.count)
        while !remaining.isEmpty {
            func connects(_ candidate: Int, equalityOnly: Bool) -> Bool {
                let together = joined.union(bindings[candidate])
                return pool.indices.contains { index in
                    let read = reads[index]
                    return !read.isDisjoint(with: joined) && !read.isDisjoint(with: bindings[candidate]) && read.isSubset(of: together)
                        && (!equalityOnly || isEquality(pool[index]))
                }
            }
            let next = remaining.first { connects($0, equalityOnly: true) }
                ?? remaining.first { connects($0, equalityOnly: false) }
                ?? remaining[0]
            order.append(next)
            joined.formUnion(bindings[next])
            remaining.removeAll { $0 == next }
        }
        guard order != Array(inputs.indices) else { return nil }
        var plan = inputs[order[0]]
        for index in order.dropFirst() {
            plan = .join(JoinPlan(kind: .cross, left: plan, right: inputs[index], condition: nil))
        }
        return (plan, pool)
    }

    private static func isReorderable(_ join: JoinPlan) -> Bool {
        (join.kind == .inner || join.kind == .cross) && join.lateralReferences.isEmpty
    }

    private static func flatten(_ plan: LogicalPlan, into inputs: inout [LogicalPlan], conditions: inout [BoundExpression]) {
        guard case .join(let join) = plan, isReorderable(join) else {
            inputs.append(plan)
            return
        }
        flatten(join.left, into: &inputs, conditions: &conditions)
        flatten(join.right, into: &inputs, conditions: &conditions)
        conditions += join.condition?.conjuncts ?? []
    }
}
