// Volatility of bound expressions, as PostgreSQL's pg_proc.provolatile decides it: what may be
// folded at plan time (immutable), what is fixed within a statement (stable: the clock, the time
// zone, DateStyle), what may change per call (volatile: random()). Functions carry theirs;
// operators and casts are immutable except those PostgreSQL marks stable, which all depend on the
// TimeZone or DateStyle setting: mixing timestamptz with date or timestamp, timestamptz ± interval,
// anything || text (the left value's output function), and text I/O of the date/time types.

import HeliosCore
package import HeliosValues

extension Volatility {
    private var rank: Int {
        switch self {
        case .immutable: 0
        case .stable: 1
        case .volatile: 2
        }
    }

    /// The more volatile of two.
    func combined(with other: Volatility) -> Volatility { other.rank > rank ? other : self }
}

extension BoundExpression {
    /// The most volatile part of the expression. Subqueries, parameters and outer columns are
    /// stable (fixed within one execution); columns and aggregates are data, immutable here.
    package var volatility: Volatility {
        var result = Volatility.immutable
        visit { node in
            let own: Volatility
            switch node {
            case .function(let function, _): own = function.overload.volatility
            case .prefix(let op, _), .binary(let op, _, _), .isDistinct(_, _, let op, _), .nullIf(_, _, let op, _),
                 .extreme(_, let op, _), .quantifiedArray(_, let op, _, _):
                own = op.volatility
            case .inList(_, let items, _): own = items.reduce(.immutable) { $0.combined(with: $1.1.volatility) }
            case .cast(let inner, .plan, let type): own = CastVolatility.of(inner.type, to: type)
            case .subquery, .parameter, .outerColumn: own = .stable
            case .engine: own = .volatile
            default: own = .immutable
            }
            result = result.combined(with: own)
        }
        return result
    }
}

extension ResolvedOperator {
    /// PostgreSQL's volatility of the operator's function.
    var volatility: Volatility {
        if entry.name == "||" && (entry.functionName == "anytextcat" || entry.functionName == "textanycat") { return .stable }
        guard let left = leftType else { return .immutable }
        let kinds: Set<SQLType.Kind> = [left.kind, rightType.kind]
        let mixesZone = kinds.contains(.timestampWithTimeZone) && !left.isArray && !rightType.isArray
            && (kinds.contains(.date) || kinds.contains(.timestamp) || kinds.contains(.interval))
        return mixesZone ? .stable : .immutable
    }
}

/// Volatility of casts.
enum CastVolatility {
    /// Casts whose pg_cast function is stable.
    private static let stableFunctionCasts: Set<[SQLType.Kind]> = [
        [.date, .timestampWithTimeZone], [.timestamp, .timestampWithTimeZone], [.time, .timeWithTimeZone],
        [.timestampWithTimeZone, .date], [.timestampWithTimeZone, .time], [.timestampWithTimeZone, .timestamp],
        [.timestampWithTimeZone, .timeWithTimeZone], [.text, .regclass], [.varchar, .regclass],
    ]
    /// Types whose text input function is stable (they read DateStyle, TimeZone or the catalog).
    private static let stableInput: Set<SQLType.Kind> = [
        .date, .time, .timeWithTimeZone, .timestamp, .timestampWithTimeZone, .interval, .regclass, .regtype, .regproc, .regnamespace, .regrole,
    ]
    /// Types whose text output function is stable.
    private static let stableOutput: Set<SQLType.Kind> = [
        .date, .timestamp, .timestampWithTimeZone, .interval, .regclass, .regtype, .regproc, .regnamespace, .regrole,
    ]

    /// The volatility of converting `source` values to `target`.
    static func of(_ source: SQLType, to target: SQLType) -> Volatility {
        if source.kind == target.kind { return .immutable }
        if stableFunctionCasts.contains([source.kind, target.kind]) && source.isArray == target.isArray { return .stable }
        let fromString = source.kind.isString || source.kind == .unknown
        let toString = target.kind.isString
        if fromString && !toString { return stableInput.contains(target.kind) ? .stable : .immutable }
        if toString && !fromString { return stableOutput.contains(source.kind) ? .stable : .immutable }
        return .immutable
    }
}
