// A scan's filters with their constants left out — "x = $ AND y = $" — the key under which
// learned estimates (Statistics/LearnedEstimates.swift) remember how wrong the selectivity
// estimate of such filters on a table was. Conjuncts are sorted, so their order in the query
// does not matter; IN lists of any length look alike.

import HeliosValues

enum FilterShape {
    static func of(_ filters: [BoundExpression], columns: [PlanColumn]) -> String {
        var names: [ColumnBinding: String] = [:]
        for column in columns { names[column.binding] = column.name }
        return filters.map { render($0, names) }.sorted().joined(separator: " AND ")
    }

    private static func render(_ expression: BoundExpression, _ names: [ColumnBinding: String]) -> String {
        func list(_ items: [BoundExpression], _ separator: String) -> String {
            "(" + items.map { render($0, names) }.joined(separator: separator) + ")"
        }
        switch expression {
        case .constant, .parameter: return "$"
        case .column(let binding, _): return names[binding] ?? "?"
        case .outerColumn: return "outer"
        case .cast(let inner, _, _): return render(inner, names)
        case .prefix(let op, let inner): return op.entry.name + render(inner, names)
        case .binary(let op, let left, let right): return "\(render(left, names)) \(op.entry.name) \(render(right, names))"
        case .and(let items): return list(items, " AND ")
        case .or(let items): return list(items, " OR ")
        case .not(let inner): return "NOT " + render(inner, names)
        case .isNull(let inner, let negated): return render(inner, names) + (negated ? " IS NOT NULL" : " IS NULL")
        case .isDistinct(let left, let right, _, let negated):
            return render(left, names) + (negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ") + render(right, names)
        case .booleanTest(let inner, let kind): return render(inner, names) + " IS \(kind)"
        case .function(let function, let arguments): return function.overload.name + list(arguments, ", ")
        case .inList(let value, _, let negated): return render(value, names) + (negated ? " NOT IN (...)" : " IN (...)")
        case .quantifiedArray(let value, let op, _, let all): return "\(render(value, names)) \(op.entry.name) \(all ? "ALL" : "ANY")($)"
        case .coalesce(let items, _): return "coalesce" + list(items, ", ")
        case .intrinsic(let function, let arguments, _): return "\(function)" + list(arguments, ", ")
        case .engine(let function, let arguments, _): return "\(function)" + list(arguments, ", ")
        case .caseWhen, .nullIf, .extreme, .subquery, .aggregate, .array: return "expr"
        }
    }
}
