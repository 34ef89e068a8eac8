// Rewriting every expression of a plan (subqueries' plans included): used to re-point column
// references when the binder or the optimizer moves what produces them.

import HeliosCore
import HeliosValues

extension LogicalPlan {
    typealias ExpressionTransform = (BoundExpression) throws(DatabaseError) -> BoundExpression?

    /// The plan with `transform` applied to every expression in it, including those inside
    /// subqueries (a transform returning nil leaves a node as it is and descends into it).
    func rewritingExpressions(_ transform: ExpressionTransform) throws(DatabaseError) -> LogicalPlan {
        func expression(_ item: BoundExpression) throws(DatabaseError) -> BoundExpression {
            try item.rewritten { (node) throws(DatabaseError) -> BoundExpression? in
                if let replaced = try transform(node) { return replaced }
                if case .subquery(var subquery) = node {
                    subquery.plan = try subquery.plan.rewritingExpressions(transform)
                    if case .quantified(let left, let op, let all) = subquery.kind {
                        subquery.kind = .quantified(try expression(left), op, all: all)
                    }
                    return .subquery(subquery)  // (rewritten does not descend into a replaced node)
                }
                return nil
            }
        }
        func expressions(_ items: [BoundExpression]) throws(DatabaseError) -> [BoundExpression] {
            var result: [BoundExpression] = []
            for item in items { result.append(try expression(item)) }
            return result
        }
        func keys(_ items: [SortKey]) throws(DatabaseError) -> [SortKey] {
            var result = items
            for index in result.indices { result[index].expression = try expression(result[index].expression) }
            return result
        }
        func aggregate(_ item: BoundAggregate) throws(DatabaseError) -> BoundAggregate {
            var result = item
            result.arguments = try expressions(item.arguments)
            result.filter = try item.filter.map(expression)
            result.orderBy = try keys(item.orderBy)
            return result
        }
        switch self {
        case .scan(var scan):
            scan.filters = try expressions(scan.filters)
            if var access = scan.access {
                access.equalities = try expressions(access.equalities)
                if let lower = access.lower { access.lower = (try expression(lower.0), lower.inclusive) }
                if let upper = access.upper { access.upper = (try expression(upper.0), upper.inclusive) }
                scan.access = access
            }
            return .scan(scan)
        case .values(let rows, let columns):
            var result: [[BoundExpression]] = []
            for row in rows { result.append(try expressions(row)) }
            return .values(rows: result, columns: columns)
        case .functionScan(let function, let arguments, let columns, let ordinality):
            return .functionScan(function: function, arguments: try expressions(arguments), columns: columns, ordinality: ordinality)
        case .singleRow, .cteReference, .recursiveReference, .systemTable:
            return self
        case .filter(let input, let condition):
            return .filter(try input.rewritingExpressions(transform), try expression(condition))
        case .project(let input, let items, let columns):
            return .project(try input.rewritingExpressions(transform), try expressions(items), columns: columns)
        case .join(var join):
            join.left = try join.left.rewritingExpressions(transform)
            join.right = try join.right.rewritingExpressions(transform)
            join.condition = try join.condition.map(expression)
            return .join(join)
        case .aggregate(var plan):
            plan.input = try plan.input.rewritingExpressions(transform)
            plan.groups = try expressions(plan.groups)
            var aggregates: [BoundAggregate] = []
            for item in plan.aggregates { aggregates.append(try aggregate(item)) }
            plan.aggregates = aggregates
            return .aggregate(plan)
        case .window(var plan):
            plan.input = try plan.input.rewritingExpressions(transform)
            for index in plan.functions.indices {
                var function = plan.functions[index]
                function.function = try function.function.rewritten(expression)
                function.partitionBy = try expressions(function.partitionBy)
                function.orderBy = try keys(function.orderBy)
                function.frame = try function.frame.rewritten(expression)
                plan.functions[index] = function
            }
            return .window(plan)
        case .projectSet(var plan):
            plan.input = try plan.input.rewritingExpressions(transform)
            for index in plan.functions.indices { plan.functions[index].arguments = try expressions(plan.functions[index].arguments) }
            return .projectSet(plan)
        case .sort(let input, let items):
            return .sort(try input.rewritingExpressions(transform), try keys(items))
        case .limit(let input, let count, let offset, let ties):
            return .limit(try input.rewritingExpressions(transform), count: try count.map(expression), offset: try offset.map(expression),
                          withTies: try keys(ties))
        case .distinct(let input, let on):
            return .distinct(try input.rewritingExpressions(transform), on: try on.map(expressions))
        case .setOperation(var operation):
            operation.left = try operation.left.rewritingExpressions(transform)
            operation.right = try operation.right.rewritingExpressions(transform)
            return .setOperation(operation)
        case .with(let ctes, let body):
            var rewritten: [CommonTableExpression] = []
            for var cte in ctes {
                cte.plan = try cte.plan.rewritingExpressions(transform)
                cte.recursiveTerm = try cte.recursiveTerm?.rewritingExpressions(transform)
                rewritten.append(cte)
            }
            return .with(ctes: rewritten, body: try body.rewritingExpressions(transform))
        }
    }
}

extension LogicalPlan {
    /// Calls `body` on every expression node of the plan, subqueries' plans included.
    func visitExpressions(_ body: (BoundExpression) -> Void) {
        _ = try? rewritingExpressions { (node) throws(DatabaseError) -> BoundExpression? in
            body(node)
            return nil
        }
    }
}

extension BoundWindowFunction.Function {
    /// The function with `transform` applied to each of its argument expressions.
    func rewritten(_ transform: (BoundExpression) throws(DatabaseError) -> BoundExpression) throws(DatabaseError) -> Self {
        switch self {
        case .rowNumber, .rank, .denseRank, .percentRank, .cumeDist: return self
        case .ntile(let count): return .ntile(try transform(count))
        case .lag(let value, let offset, let defaultValue):
            return .lag(try transform(value), offset: try offset.map(transform), defaultValue: try defaultValue.map(transform))
        case .lead(let value, let offset, let defaultValue):
            return .lead(try transform(value), offset: try offset.map(transform), defaultValue: try defaultValue.map(transform))
        case .firstValue(let value): return .firstValue(try transform(value))
        case .lastValue(let value): return .lastValue(try transform(value))
        case .nthValue(let value, let n): return .nthValue(try transform(value), try transform(n))
        case .aggregate(var aggregate):
            var arguments: [BoundExpression] = []
            for argument in aggregate.arguments { arguments.append(try transform(argument)) }
            aggregate.arguments = arguments
            aggregate.filter = try aggregate.filter.map(transform)
            return .aggregate(aggregate)
        }
    }
}

extension LogicalPlan {
    /// The node with `transform` applied to each of its direct inputs (CTE definitions and
    /// recursive terms included); leaves come back unchanged.
    func mappingInputs(_ transform: (LogicalPlan) throws(DatabaseError) -> LogicalPlan) throws(DatabaseError) -> LogicalPlan {
        switch self {
        case .scan, .values, .functionScan, .singleRow, .cteReference, .recursiveReference, .systemTable:
            return self
        case .filter(let input, let condition): return .filter(try transform(input), condition)
        case .project(let input, let items, let columns): return .project(try transform(input), items, columns: columns)
        case .join(var join):
            join.left = try transform(join.left)
            join.right = try transform(join.right)
            return .join(join)
        case .aggregate(var aggregate):
            aggregate.input = try transform(aggregate.input)
            return .aggregate(aggregate)
        case .window(var window):
            window.input = try transform(window.input)
            return .window(window)
        case .projectSet(var set):
            set.input = try transform(set.input)
            return .projectSet(set)
        case .sort(let input, let keys): return .sort(try transform(input), keys)
        case .limit(let input, let count, let offset, let ties):
            return .limit(try transform(input), count: count, offset: offset, withTies: ties)
        case .distinct(let input, let on): return .distinct(try transform(input), on: on)
        case .setOperation(var operation):
            operation.left = try transform(operation.left)
            operation.right = try transform(operation.right)
            return .setOperation(operation)
        case .with(var ctes, let body):
            for index in ctes.indices {
                ctes[index].plan = try transform(ctes[index].plan)
                if let term = ctes[index].recursiveTerm { ctes[index].recursiveTerm = try transform(term) }
            }
            return .with(ctes: ctes, body: try transform(body))
        }
    }
}
