// Chooses how each table scan reads its rows: through its primary key or a secondary index when
// its conditions pin the leading key columns to values known before the scan starts (constants,
// parameters, or a correlated subquery's outer values) — equalities on a prefix of the key and
// at most one range on the next column — else the whole table. The conditions stay on the scan
// as its filter, so index entries are always re-checked against the row.

import HeliosCore
import HeliosValues
import HeliosStorage

struct AccessPathSelection {
    func apply(_ plan: LogicalPlan) throws(DatabaseError) -> LogicalPlan {
        try plan.transformingScans { scan in choose(for: scan) }
    }

    /// The scan with the best index access its filters allow.
    func choose(for scan: TableScan) -> TableScan {
        guard scan.access == nil, !scan.filters.isEmpty else { return scan }
        var candidates: [(index: IndexDescriptor?, columns: [Int16])] = []
        if !scan.relation.rowKey.isEmpty { candidates.append((nil, scan.relation.rowKey)) }
        for index in scan.relation.indexes where index.isValid && !index.isPrimary && index.predicate == nil {
            guard index.keys.allSatisfy({ $0.column != 0 }) else { continue }
            candidates.append((index, index.keys.map(\.column)))
        }
        var best: (access: IndexAccess, score: Int)?
        for candidate in candidates {
            guard let (access, score) = match(candidate.columns, index: candidate.index, scan: scan) else { continue }
            if best == nil || score > best!.score { best = (access, score) }
        }
        var result = scan
        result.access = best?.access
        return result
    }

    /// The access through an index on `columns` (attnums), scored: equality-matched columns
    /// count most, a full unique match most of all, a range a little.
    private func match(_ columns: [Int16], index: IndexDescriptor?, scan: TableScan) -> (IndexAccess, Int)? {
        var equalities: [BoundExpression] = []
        var lower: (BoundExpression, inclusive: Bool)?
        var upper: (BoundExpression, inclusive: Bool)?
        for number in columns {
            guard let position = scan.relation.storagePosition(of: number) else { return nil }
            let binding = scan.columns[position].binding
            let columnType = scan.relation.columns[position].type
            var equal: BoundExpression?
            for condition in scan.filters {
                guard let comparison = Comparison(condition, column: binding, columnType: columnType) else { continue }
                switch comparison.symbol {
                case "=": equal = equal ?? comparison.value
                case ">": lower = lower ?? (comparison.value, false)
                case ">=": lower = lower ?? (comparison.value, true)
                case "<": upper = upper ?? (comparison.value, false)
                case "<=": upper = upper ?? (comparison.value, true)
                default: break
                }
            }
            if let equal {
                equalities.append(equal)
                lower = nil
                upper = nil
                continue
            }
            break
        }
        guard !equalities.isEmpty || lower != nil || upper != nil else { return nil }
        var score = equalities.count * 10 + (lower != nil ? 3 : 0) + (upper != nil ? 3 : 0)
        let isUnique = index == nil || index!.isUnique
        if isUnique && equalities.count == columns.count { score += 1000 }
        if index == nil { score += 1 }  // the table's own tree needs no second lookup
        return (IndexAccess(index: index, equalities: equalities, lower: lower, upper: upper), score)
    }
}

/// `column op value` (or `value op column`, flipped) where the value is known before the scan
/// runs and encodes in the column's key family.
struct Comparison {
    var symbol: String
    var value: BoundExpression

    init?(_ condition: BoundExpression, column: ColumnBinding, columnType: SQLType) {
        guard case .binary(let op, let left, let right) = condition else { return nil }
        let flipped: [String: String] = ["=": "=", "<": ">", ">": "<", "<=": ">=", ">=": "<="]
        guard let mirror = flipped[op.entry.name] else { return nil }
        if case .column(column, _) = left, right.isKnownBeforeScan, KeyFamily(right.type) == KeyFamily(columnType) {
            symbol = op.entry.name
            value = right
        } else if case .column(column, _) = right, left.isKnownBeforeScan, KeyFamily(left.type) == KeyFamily(columnType) {
            symbol = mirror
            value = left
        } else {
            return nil
        }
    }
}

/// Types whose values encode to comparable keys (all integers as Int64, all strings as text).
enum KeyFamily: Equatable {
    case integer, float, numeric, text, character, bytes, boolean, date, time, timestamp, timestampWithTimeZone, interval, uuid, other

    init(_ type: SQLType) {
        if type.isArray { self = .other; return }
        switch type.kind {
        case .smallint, .integer, .bigint, .oid, .regclass, .regtype, .regproc, .regnamespace, .regrole: self = .integer
        case .real, .doublePrecision: self = .float
        case .numeric: self = .numeric
        case .text, .varchar, .name: self = .text
        case .character: self = .character
        case .bytea: self = .bytes
        case .boolean: self = .boolean
        case .date: self = .date
        case .time: self = .time
        case .timestamp: self = .timestamp
        case .timestampWithTimeZone: self = .timestampWithTimeZone
        case .interval: self = .interval
        case .uuid: self = .uuid
        default: self = .other
        }
    }
}

extension BoundExpression {
    /// Whether the value is fixed for a whole scan: no column of the scanned rows, no volatile
    /// function, no subquery (constants, parameters and outer values are fine).
    var isKnownBeforeScan: Bool {
        var result = true
        visit { node in
            switch node {
            case .column, .subquery, .aggregate: result = false
            case .function(let function, _) where function.overload.volatility == .volatile: result = false
            default: break
            }
        }
        return result
    }
}

extension LogicalPlan {
    /// The plan with `transform` applied to every table scan (subqueries' plans included).
    func transformingScans(_ transform: (TableScan) -> TableScan) throws(DatabaseError) -> LogicalPlan {
        func nested(_ plan: LogicalPlan) throws(DatabaseError) -> LogicalPlan {
            // Subqueries inside expressions.
            try plan.rewritingExpressions { (node) throws(DatabaseError) -> BoundExpression? in
                guard case .subquery(var subquery) = node else { return nil }
                subquery.plan = try subquery.plan.transformingScans(transform)
                if case .quantified(let left, let op, let all) = subquery.kind {
                    subquery.kind = .quantified(left, op, all: all)
                }
                return .subquery(subquery)
            }
        }
        let withScans: LogicalPlan
        switch self {
        case .scan(let scan): withScans = .scan(transform(scan))
        case .values, .functionScan, .singleRow, .cteReference, .recursiveReference, .systemTable: withScans = self
        case .filter(let input, let condition): withScans = .filter(try input.transformingScans(transform), condition)
        case .project(let input, let items, let columns): withScans = .project(try input.transformingScans(transform), items, columns: columns)
        case .join(var join):
            join.left = try join.left.transformingScans(transform)
            join.right = try join.right.transformingScans(transform)
            withScans = .join(join)
        case .aggregate(var plan):
            plan.input = try plan.input.transformingScans(transform)
            withScans = .aggregate(plan)
        case .window(var plan):
            plan.input = try plan.input.transformingScans(transform)
            withScans = .window(plan)
        case .projectSet(var plan):
            plan.input = try plan.input.transformingScans(transform)
            withScans = .projectSet(plan)
        case .sort(let input, let keys): withScans = .sort(try input.transformingScans(transform), keys)
        case .limit(let input, let count, let offset, let ties):
            withScans = .limit(try input.transformingScans(transform), count: count, offset: offset, withTies: ties)
        case .distinct(let input, let on): withScans = .distinct(try input.transformingScans(transform), on: on)
        case .setOperation(var operation):
            operation.left = try operation.left.transformingScans(transform)
            operation.right = try operation.right.transformingScans(transform)
            withScans = .setOperation(operation)
        case .with(var ctes, let body):
            for index in ctes.indices {
                ctes[index].plan = try ctes[index].plan.transformingScans(transform)
                ctes[index].recursiveTerm = try ctes[index].recursiveTerm?.transformingScans(transform)
            }
            withScans = .with(ctes: ctes, body: try body.transformingScans(transform))
        }
        return try nested(withScans)
    }
}
