// Drops the items of projections that nothing above reads: a derived table's or view's columns
// the query never uses are not computed (PostgreSQL flattens them away), which saves the work
// and, as in PostgreSQL, keeps an unused expression from raising an error. The query's own
// output columns are all kept; nodes that need every column of their input (DISTINCT, set
// operations, common table expressions) keep their inputs whole.

import HeliosCore

struct ProjectionPruning {
    /// `plan` with unread projection items removed below its own output columns.
    func apply(_ plan: LogicalPlan) throws(DatabaseError) -> LogicalPlan {
        try prune(plan, keeping: nil)
    }

    /// `required`: the columns of `plan` that something reads (nil: all of them).
    private func prune(_ plan: LogicalPlan, keeping required: Set<ColumnBinding>?) throws(DatabaseError) -> LogicalPlan {
        func adding(_ expressions: [BoundExpression]) -> Set<ColumnBinding>? {
            guard var result = required else { return nil }
            for expression in expressions { result.formUnion(expression.referencedBindings) }
            return result
        }
        func reads(_ expressions: [BoundExpression]) -> Set<ColumnBinding> {
            expressions.reduce(into: Set()) { $0.formUnion($1.referencedBindings) }
        }
        switch plan {
        case .project(let input, let items, let columns):
            var keptItems: [BoundExpression] = []
            var keptColumns: [PlanColumn] = []
            for (item, column) in zip(items, columns) where required?.contains(column.binding) ?? true {
                keptItems.append(item)
                keptColumns.append(column)
            }
            return .project(try prune(input, keeping: reads(keptItems)), keptItems, columns: keptColumns)
        case .filter(let input, let condition):
            return .filter(try prune(input, keeping: adding([condition])), condition)
        case .sort(let input, let keys):
            return .sort(try prune(input, keeping: adding(keys.map(\.expression))), keys)
        case .limit(let input, let count, let offset, let ties):
            return .limit(try prune(input, keeping: adding(ties.map(\.expression))), count: count, offset: offset, withTies: ties)
        case .distinct(let input, let on):
            guard let on else { return .distinct(try prune(input, keeping: nil), on: nil) }
            return .distinct(try prune(input, keeping: adding(on)), on: on)
        case .join(var join):
            var needed = adding(join.condition.map { [$0] } ?? []).map { $0.union(join.lateralReferences) }
            if join.kind == .semi || join.kind == .anti {
                // The right side's columns are not output: only the condition reads them.
                needed = (needed ?? Set(join.left.columns.map(\.binding))).union(reads(join.condition.map { [$0] } ?? []))
            }
            join.left = try prune(join.left, keeping: needed)
            join.right = try prune(join.right, keeping: needed)
            return .join(join)
        case .aggregate(var aggregate):
            var expressions = aggregate.groups
            for item in aggregate.aggregates {
                expressions += item.arguments + item.orderBy.map(\.expression)
                if let filter = item.filter { expressions.append(filter) }
            }
            aggregate.input = try prune(aggregate.input, keeping: reads(expressions))
            return .aggregate(aggregate)
        case .window(var window):
            var expressions: [BoundExpression] = []
            for function in window.functions { expressions += function.expressions }
            window.input = try prune(window.input, keeping: adding(expressions))
            return .window(window)
        case .projectSet(var set):
            set.input = try prune(set.input, keeping: adding(set.functions.flatMap(\.arguments)))
            return .projectSet(set)
        case .setOperation:
            // Set operations match their inputs' columns by position.
            return try plan.mappingInputs { (input) throws(DatabaseError) in try prune(input, keeping: nil) }
        case .with(var ctes, let body):
            // A CTE may be read by several references, each wanting other columns.
            for index in ctes.indices {
                ctes[index].plan = try prune(ctes[index].plan, keeping: nil)
                if let term = ctes[index].recursiveTerm { ctes[index].recursiveTerm = try prune(term, keeping: nil) }
            }
            return .with(ctes: ctes, body: try prune(body, keeping: required))
        case .scan, .values, .functionScan, .singleRow, .cteReference, .recursiveReference, .systemTable:
            return plan
        }
    }
}

extension BoundWindowFunction {
    /// Every expression the window function reads: its arguments, partition and order keys.
    var expressions: [BoundExpression] {
        var result = partitionBy + orderBy.map(\.expression)
        switch function {
        case .rowNumber, .rank, .denseRank, .percentRank, .cumeDist: break
        case .ntile(let count): result.append(count)
        case .lag(let value, let offset, let defaultValue), .lead(let value, let offset, let defaultValue):
            result.append(value)
            if let offset { result.append(offset) }
            if let defaultValue { result.append(defaultValue) }
        case .firstValue(let value), .lastValue(let value): result.append(value)
        case .nthValue(let value, let n): result += [value, n]
        case .aggregate(let aggregate):
            result += aggregate.arguments + aggregate.orderBy.map(\.expression)
            if let filter = aggregate.filter { result.append(filter) }
        }
        if case .preceding(let offset) = frame.start { result.append(offset) }
        if case .following(let offset) = frame.start { result.append(offset) }
        if case .preceding(let offset) = frame.end { result.append(offset) }
        if case .following(let offset) = frame.end { result.append(offset) }
        return result
    }
}
