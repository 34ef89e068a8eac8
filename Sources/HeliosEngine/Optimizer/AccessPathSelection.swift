// Chooses how each table scan reads its rows, by cost: the whole table, or its primary key or a
// secondary index when its conditions pin the leading key columns to values known before the
// scan starts (constants, parameters, a correlated subquery's or a nested loop's outer values)
// — equalities on a prefix of the key and at most one range on the next column. The conditions
// stay on the scan as its filter, so index entries are always re-checked against the row. A
// sort over a scan is replaced by reading an index in that order when that costs less (with a
// LIMIT, reading the first rows of an index usually does).

import HeliosCore
import HeliosValues
import HeliosStorage

struct AccessPathSelection {
    let estimator: PlanEstimator

    func apply(_ plan: LogicalPlan) throws(DatabaseError) -> LogicalPlan {
        try eliminatingSorts(try plan.transformingScans { scan in choose(for: scan) })
    }

    /// The cheapest way to read the scan's rows: the whole table, or one of its indexes (the
    /// primary key's tree included) restricted by the scan's filters.
    func choose(for scan: TableScan) -> TableScan {
        guard scan.access == nil, !scan.filters.isEmpty else { return scan }
        var best = scan
        var bestCost = estimator.estimateScan(scan).totalCost
        for candidate in candidates(for: scan) {
            guard let access = match(candidate.columns, index: candidate.index, scan: scan) else { continue }
            var alternative = scan
            alternative.access = access
            let cost = estimator.estimateScan(alternative).totalCost
            if cost < bestCost {
                best = alternative
                bestCost = cost
            }
        }
        // What its rows will be compared with (LearnedEstimates); a lookup of one whole unique
        // key returns at most one row, as estimated: nothing to learn there.
        if !Self.isUniqueLookup(best) { best.expectedRows = estimator.uncorrectedRows(scan) }
        return best
    }

    /// A scan that finds one value of a whole unique key (the primary key or a unique index).
    static func isUniqueLookup(_ scan: TableScan) -> Bool {
        guard let access = scan.access else { return false }
        guard let index = access.index else { return access.equalities.count == scan.relation.rowKey.count }
        return index.isUnique && access.equalities.count == index.keys.count
    }

    /// The scan's indexes as (index, key column numbers); nil index: the table's own tree.
    func candidates(for scan: TableScan) -> [(index: IndexDescriptor?, columns: [Int16])] {
        var result: [(index: IndexDescriptor?, columns: [Int16])] = []
        if !scan.relation.rowKey.isEmpty { result.append((nil, scan.relation.rowKey)) }
        for index in estimator.statistics.indexes(of: scan.relation) where !index.isPrimary && index.predicate == nil {
            guard index.keys.allSatisfy({ $0.column != 0 }) else { continue }
            result.append((index, index.keys.map(\.column)))
        }
        return result
    }

    /// The access through an index on `columns` (attnums) that the scan's filters allow:
    /// equalities on a prefix of the key and at most one range on the next column.
    func match(_ columns: [Int16], index: IndexDescriptor?, scan: TableScan) -> IndexAccess? {
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
        return IndexAccess(index: index, equalities: equalities, lower: lower, upper: upper)
    }

    // MARK: ordered scans

    /// Sorts whose order an index scan can deliver instead, where that is cheaper: a sort over
    /// a scan (through filters and projections of plain columns), with or without a LIMIT.
    private func eliminatingSorts(_ plan: LogicalPlan) throws(DatabaseError) -> LogicalPlan {
        switch plan {
        case .limit(let inner, let count, let offset, let ties):
            // The sort may sit under the projection that drops hidden ORDER BY columns.
            guard let (input, keys, projections) = Self.sortUnderProjections(inner) else {
                return try plan.mappingInputs(eliminatingSorts)
            }
            func wrapped(_ plan: LogicalPlan) -> LogicalPlan {
                projections.reversed().reduce(plan) { inner, layer in .project(inner, layer.items, columns: layer.columns) }
            }
            let optimizedInput = try eliminatingSorts(input)
            let sorted = LogicalPlan.limit(wrapped(.sort(optimizedInput, keys)), count: count, offset: offset, withTies: ties)
            guard let ordered = orderedInput(optimizedInput, keys) else { return sorted }
            let alternative = LogicalPlan.limit(wrapped(ordered), count: count, offset: offset, withTies: ties)
            return estimator.estimate(alternative).totalCost < estimator.estimate(sorted).totalCost ? alternative : sorted
        case .sort(let input, let keys):
            return sorted(try eliminatingSorts(input), keys)
        default:
            return try plan.mappingInputs(eliminatingSorts)
        }
    }

    /// A sort under zero or more projections: its input, keys and the projections above it
    /// (outermost first).
    private static func sortUnderProjections(_ plan: LogicalPlan)
        -> (input: LogicalPlan, keys: [SortKey], projections: [(items: [BoundExpression], columns: [PlanColumn])])? {
        switch plan {
        case .sort(let input, let keys):
            return (input, keys, [])
        case .project(let input, let items, let columns):
            guard let found = sortUnderProjections(input) else { return nil }
            return (found.input, found.keys, [(items, columns)] + found.projections)
        default:
            return nil
        }
    }

    /// `input` in the order of `keys`: sorted, or read through an index in that order when cheaper.
    func sorted(_ input: LogicalPlan, _ keys: [SortKey]) -> LogicalPlan {
        let sorted = LogicalPlan.sort(input, keys)
        guard let ordered = orderedInput(input, keys) else { return sorted }
        return estimator.estimate(ordered).totalCost < estimator.estimate(sorted).totalCost ? ordered : sorted
    }

    /// `input` with its scan reading an index in the order of `keys`, if an index has it.
    private func orderedInput(_ input: LogicalPlan, _ keys: [SortKey]) -> LogicalPlan? {
        var bindings: [ColumnBinding] = []
        for key in keys {
            guard case .column(let binding, _) = key.expression else { return nil }
            bindings.append(binding)
        }
        return ordering(input, keys: keys, bindings: bindings)
    }

    private func ordering(_ plan: LogicalPlan, keys: [SortKey], bindings: [ColumnBinding]) -> LogicalPlan? {
        switch plan {
        case .project(let input, let items, let columns):
            var sources: [ColumnBinding] = []
            for binding in bindings {
                guard let position = columns.firstIndex(where: { $0.binding == binding }),
                      case .column(let source, _) = items[position] else { return nil }
                sources.append(source)
            }
            return ordering(input, keys: keys, bindings: sources).map { .project($0, items, columns: columns) }
        case .filter(let input, let condition):
            return ordering(input, keys: keys, bindings: bindings).map { .filter($0, condition) }
        case .scan(let scan):
            return orderedScan(scan, keys: keys, bindings: bindings).map { .scan($0) }
        default:
            return nil
        }
    }

    /// The scan through the cheapest index whose key order (forwards or backwards), after the
    /// columns its filters fix to one value, is the order of `keys`.
    private func orderedScan(_ scan: TableScan, keys: [SortKey], bindings: [ColumnBinding]) -> TableScan? {
        var numbers: [Int16] = []
        for binding in bindings {
            guard let position = scan.columns.firstIndex(where: { $0.binding == binding }), position < scan.relation.columns.count,
                  ![.character, .interval, .other].contains(KeyFamily(scan.relation.columns[position].type))
            else { return nil }  // their key order is not exactly ORDER BY's (trailing spaces, '1 mon' = '30 days')
            numbers.append(scan.relation.columns[position].number)
        }
        var best: (scan: TableScan, cost: Double)?
        for candidate in candidates(for: scan) {
            let access = match(candidate.columns, index: candidate.index, scan: scan)
                ?? IndexAccess(index: candidate.index, equalities: [])
            let fixed = Set(candidate.columns.prefix(access.equalities.count))
            let parts: [(column: Int16, descending: Bool, nullsFirst: Bool?)] = candidate.index.map { index in
                index.keys.map { ($0.column, $0.descending, Optional($0.nullsFirst)) }
            } ?? candidate.columns.map { ($0, false, nil) }  // primary key columns hold no NULLs
            var position = access.equalities.count
            var reverse: Bool?
            var fits = true
            for (key, number) in zip(keys, numbers) {
                if fixed.contains(number) { continue }
                guard position < parts.count, parts[position].column == number else { fits = false; break }
                let forward = key.descending == parts[position].descending
                    && (parts[position].nullsFirst == nil || parts[position].nullsFirst == key.nullsFirst)
                let backward = key.descending != parts[position].descending
                    && (parts[position].nullsFirst == nil || parts[position].nullsFirst != key.nullsFirst)
                if forward, reverse != true { reverse = false } else if backward, reverse != false { reverse = true } else { fits = false; break }
                position += 1
            }
            guard fits else { continue }
            var ordered = scan
            ordered.access = access
            ordered.access?.reverse = reverse ?? false
            let cost = estimator.estimateScan(ordered).totalCost
            if best == nil || cost < best!.cost { best = (ordered, cost) }
        }
        return best?.scan
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
