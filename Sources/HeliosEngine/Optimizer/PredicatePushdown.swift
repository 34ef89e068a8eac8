// Moves each condition as close to the rows it reads as it can go: WHERE conditions on one
// table into that table's scan, conditions between two sides of a join into the join (a comma
// join with a WHERE equality becomes an inner join), through projections by substituting the
// projected expressions, and from HAVING into WHERE when they read only grouping columns. An
// outer join's null-extended side only takes conditions from its own ON clause. A tree of three
// or more inner and comma joins is first put in the order JoinOrder finds cheapest.

import HeliosCore
import HeliosValues

struct PredicatePushdown {
    /// Orders join trees by cost; without it they keep their written order.
    let estimator: PlanEstimator?

    func apply(_ plan: LogicalPlan) throws(DatabaseError) -> LogicalPlan {
        try push([], into: plan)
    }

    /// `plan` with `conditions` (conjuncts over its columns) applied as low as possible.
    private func push(_ conditions: [BoundExpression], into plan: LogicalPlan) throws(DatabaseError) -> LogicalPlan {
        switch plan {
        case .filter(let input, let condition):
            return try push(conditions + condition.conjuncts, into: input)

        case .scan(var scan):
            scan.filters += conditions
            return .scan(scan)

        case .join(var join):
            if let estimator {
                let order = JoinOrder(estimator: estimator) { (conditions, input) throws(DatabaseError) -> LogicalPlan in
                    try AccessPathSelection(estimator: estimator).apply(try push(conditions, into: input))
                }
                if let reordered = try order.order(join, conditions: conditions) {
                    return try push(reordered.conditions, into: reordered.plan)
                }
            }
            let leftBindings = Set(join.left.columns.map(\.binding))
            let rightBindings = Set(join.right.columns.map(\.binding))
            var toLeft: [BoundExpression] = []
            var toRight: [BoundExpression] = []
            var onJoin: [BoundExpression] = []
            var above: [BoundExpression] = []
            let own = join.condition?.conjuncts ?? []
            switch join.kind {
            case .inner, .cross, .semi, .anti:
                // WHERE and ON conditions of an inner join are interchangeable.
                let pool = join.kind == .inner || join.kind == .cross ? conditions + own : conditions
                for condition in pool {
                    let reads = condition.referencedBindings
                    if reads.isSubset(of: leftBindings) && !(reads.isEmpty && condition.isVolatile) {
                        toLeft.append(condition)
                    } else if reads.isSubset(of: rightBindings) && join.kind != .semi && join.kind != .anti {
                        toRight.append(condition)
                    } else {
                        onJoin.append(condition)
                    }
                }
                if join.kind == .semi || join.kind == .anti {
                    // The join's own condition may filter its right side.
                    for condition in own {
                        if condition.referencedBindings.isSubset(of: rightBindings) { toRight.append(condition) } else { onJoin.append(condition) }
                    }
                }
                if join.kind == .cross && !onJoin.isEmpty { join.kind = .inner }
            case .left:
                for condition in conditions {
                    if condition.referencedBindings.isSubset(of: leftBindings) { toLeft.append(condition) } else { above.append(condition) }
                }
                for condition in own {
                    if condition.referencedBindings.isSubset(of: rightBindings) { toRight.append(condition) } else { onJoin.append(condition) }
                }
            case .right:
                for condition in conditions {
                    if condition.referencedBindings.isSubset(of: rightBindings) { toRight.append(condition) } else { above.append(condition) }
                }
                for condition in own {
                    if condition.referencedBindings.isSubset(of: leftBindings) { toLeft.append(condition) } else { onJoin.append(condition) }
                }
            case .full:
                above = conditions
                onJoin = own
            }
            join.left = try push(toLeft, into: join.left)
            join.right = try push(toRight, into: join.right)
            join.condition = onJoin.isEmpty ? nil : onJoin.count == 1 ? onJoin[0] : .and(onJoin)
            return wrap(.join(join), above)

        case .project(let input, let items, let columns):
            var through: [BoundExpression] = []
            var above: [BoundExpression] = []
            var substitution: [ColumnBinding: BoundExpression] = [:]
            for (item, column) in zip(items, columns) where !item.isVolatile && !item.containsSubquery {
                substitution[column.binding] = item
            }
            for condition in conditions {
                if condition.referencedBindings.allSatisfy({ substitution[$0] != nil }) && !condition.containsSubquery {
                    through.append(try condition.rewritten { (node) throws(DatabaseError) -> BoundExpression? in
                        if case .column(let binding, _) = node { return substitution[binding] }
                        return nil
                    })
                } else {
                    above.append(condition)
                }
            }
            return wrap(.project(try push(through, into: input), items, columns: columns), above)

        case .aggregate(var aggregate):
            // A condition on grouping columns only holds for whole groups: filter before grouping.
            var below: [BoundExpression] = []
            var above: [BoundExpression] = []
            var substitution: [ColumnBinding: BoundExpression] = [:]
            for (group, column) in zip(aggregate.groups, aggregate.groupColumns) where !group.isVolatile {
                substitution[column.binding] = group
            }
            for condition in conditions {
                let reads = condition.referencedBindings
                if !aggregate.groups.isEmpty, !reads.isEmpty, reads.allSatisfy({ substitution[$0] != nil }), !condition.containsSubquery {
                    below.append(try condition.rewritten { (node) throws(DatabaseError) -> BoundExpression? in
                        if case .column(let binding, _) = node { return substitution[binding] }
                        return nil
                    })
                } else {
                    above.append(condition)
                }
            }
            aggregate.input = try push(below, into: aggregate.input)
            return wrap(.aggregate(aggregate), above)

        case .sort(let input, let keys):
            return .sort(try push(conditions, into: input), keys)

        case .distinct(let input, nil):
            return .distinct(try push(conditions, into: input), on: nil)

        case .limit(let input, let count, let offset, let ties):
            return wrap(.limit(try push([], into: input), count: count, offset: offset, withTies: ties), conditions)
        case .distinct(let input, let on):
            return wrap(.distinct(try push([], into: input), on: on), conditions)
        case .window(var window):
            window.input = try push([], into: window.input)
            return wrap(.window(window), conditions)
        case .projectSet(var plan):
            plan.input = try push([], into: plan.input)
            return wrap(.projectSet(plan), conditions)
        case .setOperation(var operation):
            operation.left = try push([], into: operation.left)
            operation.right = try push([], into: operation.right)
            return wrap(.setOperation(operation), conditions)
        case .with(var ctes, let body):
            for index in ctes.indices {
                ctes[index].plan = try push([], into: ctes[index].plan)
                ctes[index].recursiveTerm = try ctes[index].recursiveTerm.map { (term) throws(DatabaseError) in try push([], into: term) }
            }
            return .with(ctes: ctes, body: try push(conditions, into: body))
        case .values, .functionScan, .singleRow, .cteReference, .recursiveReference, .systemTable:
            return wrap(plan, conditions)
        }
    }

    private func wrap(_ plan: LogicalPlan, _ conditions: [BoundExpression]) -> LogicalPlan {
        guard !conditions.isEmpty else { return plan }
        return .filter(plan, conditions.count == 1 ? conditions[0] : .and(conditions))
    }
}

extension BoundExpression {
    /// The column bindings the expression needs from the row it is evaluated on: its own
    /// columns and the outer references of subqueries inside it.
    var referencedBindings: Set<ColumnBinding> {
        var result = Set<ColumnBinding>()
        visit { node in
            switch node {
            case .column(let binding, _): result.insert(binding)
            case .subquery(let subquery):
                result.formUnion(subquery.outerReferences)
            default: break
            }
        }
        return result
    }

    /// Whether it calls a volatile function (random(), nextval(), ...).
    var isVolatile: Bool {
        var result = false
        visit { node in
            if case .function(let function, _) = node, function.overload.volatility == .volatile { result = true }
        }
        return result
    }

    var containsSubquery: Bool {
        var result = false
        visit { if case .subquery = $0 { result = true } }
        return result
    }
}
