// The fraction of rows a condition keeps, estimated as PostgreSQL's selfuncs.c does: equality
// from the most common values or else 1 / distinct values, ranges from the histogram (with
// linear interpolation inside a bucket), IS NULL from the NULL fraction, AND as a product (a
// lower and an upper bound on one column as one range), OR by inclusion-exclusion, joins as
// 1 / max(distinct values of the two sides). Without statistics, PostgreSQL's defaults.

import HeliosCore
import HeliosValues

/// Where a plan column's values come from: a table column.
struct TableColumnSource {
    var relation: RelationDescriptor
    var column: Int16
}

struct SelectivityEstimator {
    /// PostgreSQL's defaults (selfuncs.h).
    static let defaultEquality = 0.005
    static let defaultInequality = 1.0 / 3.0
    static let defaultRange = 0.005
    static let defaultMatch = 0.005
    static let defaultDistinct = 200.0

    let statistics: PlanStatistics
    let origins: [ColumnBinding: TableColumnSource]
    /// Estimated rows of the input each column belongs to: distinct counts never exceed them.
    var inputRows: [ColumnBinding: Double] = [:]

    // MARK: column facts

    private func columnStatistics(_ binding: ColumnBinding) -> ColumnStatistics? {
        guard let origin = origins[binding] else { return nil }
        return statistics.column(origin.column, of: origin.relation)
    }

    private func tableRows(_ binding: ColumnBinding) -> Double? {
        origins[binding].map { statistics.rows(of: $0.relation) }
    }

    /// Whether a column is known to hold distinct values (a one-column primary key or unique index).
    private func isUnique(_ binding: ColumnBinding) -> Bool {
        guard let origin = origins[binding] else { return false }
        if origin.relation.rowKey == [origin.column] { return true }
        return origin.relation.indexes.contains { $0.isUnique && $0.predicate == nil && $0.keys.map(\.column) == [origin.column] }
    }

    /// Distinct non-NULL values of an expression, and whether that is a guess.
    func distinctValues(_ expression: BoundExpression) -> (count: Double, isDefault: Bool) {
        guard let binding = Self.column(expression) else { return (Self.defaultDistinct, true) }
        var count: Double
        var isDefault = false
        if let statistics = columnStatistics(binding), let rows = tableRows(binding) {
            count = statistics.distinctCount(rows: rows)
        } else if isUnique(binding), let rows = tableRows(binding) {
            count = rows
        } else if let rows = tableRows(binding), rows < Self.defaultDistinct {
            count = rows
        } else {
            count = Self.defaultDistinct
            isDefault = true
        }
        if isUnique(binding), let rows = tableRows(binding) { count = rows }
        if let rows = inputRows[binding] { count = min(count, max(rows, 1)) }
        return (max(count, 1), isDefault)
    }

    private func nullFraction(_ binding: ColumnBinding) -> Double {
        columnStatistics(binding)?.nullFraction ?? 0
    }

    /// The table column an expression reads directly (through implicit casts).
    static func column(_ expression: BoundExpression) -> ColumnBinding? {
        switch expression {
        case .column(let binding, _): return binding
        case .cast(let inner, _, _): return column(inner)
        default: return nil
        }
    }

    /// A value fixed when planning.
    static func constant(_ expression: BoundExpression) -> SQLValue? {
        switch expression {
        case .constant(let value, _): return value
        case .cast(let inner, _, _): return constant(inner)
        default: return nil
        }
    }

    // MARK: conditions

    /// The fraction of rows for which all `conjuncts` hold.
    func selectivity(of conjuncts: [BoundExpression]) -> Double {
        var result = 1.0
        // Lower and upper bounds on the same column combine into one range (PostgreSQL's
        // clauselist_selectivity), instead of multiplying two independent fractions.
        var lower: [ColumnBinding: Double] = [:]
        var upper: [ColumnBinding: Double] = [:]
        for conjunct in conjuncts {
            if case .binary(let op, let left, let right) = conjunct, let binding = Self.column(left) ?? Self.column(right),
               Self.column(left) == nil || Self.column(right) == nil, ["<", "<=", ">", ">="].contains(op.entry.name) {
                let columnOnLeft = Self.column(left) != nil
                let isLower = (op.entry.name.hasPrefix(">")) == columnOnLeft
                let value = selectivity(conjunct)
                if isLower { lower[binding] = min(lower[binding] ?? 1, value) } else { upper[binding] = min(upper[binding] ?? 1, value) }
                continue
            }
            result *= selectivity(conjunct)
        }
        for (binding, low) in lower {
            guard let high = upper.removeValue(forKey: binding) else { result *= low; continue }
            var range = low + high - 1 + nullFraction(binding)
            if range <= 0 { range = range < -0.01 ? 1e-10 : Self.defaultRange }
            result *= range
        }
        for high in upper.values { result *= high }
        return Self.clamp(result)
    }

    /// The fraction of rows for which `condition` is true.
    func selectivity(_ condition: BoundExpression) -> Double {
        switch condition {
        case .and(let items):
            return selectivity(of: items)
        case .or(let items):
            var none = 1.0
            for item in items { none *= 1 - selectivity(item) }
            return Self.clamp(1 - none)
        case .not(let inner):
            return Self.clamp(1 - selectivity(inner))
        case .constant(let value, _):
            if case .bool(true) = value { return 1 }
            return 0
        case .isNull(let operand, let negated):
            guard let binding = Self.column(operand) else { return negated ? 1 - Self.defaultEquality : Self.defaultEquality }
            let fraction = nullFraction(binding)
            return Self.clamp(negated ? 1 - fraction : fraction)
        case .binary(let op, let left, let right):
            return binarySelectivity(op.entry.name, left, right)
        case .isDistinct(let left, let right, _, let negated):
            let equal = binarySelectivity("=", left, right)
            return Self.clamp(negated ? equal : 1 - equal)
        case .inList(let operand, let items, let negated):
            var sum = 0.0
            for (item, _) in items { sum += binarySelectivity("=", operand, item) }
            sum = min(sum, 1)
            let nulls = Self.column(operand).map(nullFraction) ?? 0
            return Self.clamp(negated ? 1 - sum - nulls : sum)
        case .quantifiedArray(let operand, let op, .array(let items, _), let all):
            if op.entry.name == "=" && !all {
                return Self.clamp(items.reduce(0) { $0 + binarySelectivity("=", operand, $1) })
            }
            return Self.defaultInequality
        case .column:
            return binarySelectivity("=", condition, .constant(.bool(true), .boolean))
        case .booleanTest(let operand, let kind):
            let isTrue = selectivity(operand)
            switch kind {
            case .isTrue: return isTrue
            case .isNotTrue: return Self.clamp(1 - isTrue)
            case .isFalse: return Self.clamp(1 - isTrue - (Self.column(operand).map(nullFraction) ?? 0))
            case .isNotFalse: return Self.clamp(isTrue + (Self.column(operand).map(nullFraction) ?? 0))
            case .isUnknown: return Self.column(operand).map(nullFraction) ?? Self.defaultEquality
            case .isNotUnknown: return Self.clamp(1 - (Self.column(operand).map(nullFraction) ?? Self.defaultEquality))
            }
        default:
            return Self.defaultInequality
        }
    }

    private func binarySelectivity(_ symbol: String, _ left: BoundExpression, _ right: BoundExpression) -> Double {
        let leftColumn = Self.column(left)
        let rightColumn = Self.column(right)
        switch symbol {
        case "=":
            if let leftColumn, let rightColumn { return joinEquality(leftColumn, rightColumn) }
            guard let binding = leftColumn ?? rightColumn else { return Self.defaultEquality }
            let other = leftColumn != nil ? right : left
            return equality(binding, Self.constant(other))
        case "<>", "!=":
            return Self.clamp(1 - binarySelectivity("=", left, right) - ((leftColumn ?? rightColumn).map(nullFraction) ?? 0))
        case "<", "<=", ">", ">=":
            guard (leftColumn == nil) != (rightColumn == nil), let binding = leftColumn ?? rightColumn else {
                return Self.defaultInequality
            }
            let other = leftColumn != nil ? right : left
            guard let value = Self.constant(other) else { return Self.defaultInequality }
            // Normalise to `column < value` or `column > value`.
            let below = (symbol.hasPrefix("<")) == (leftColumn != nil)
            return range(binding, value, below: below, inclusive: symbol.hasSuffix("="))
        case "~~", "~~*":
            guard let binding = leftColumn, case .text(let pattern)? = Self.constant(right) else { return Self.defaultMatch }
            return like(binding, pattern, caseInsensitive: symbol == "~~*")
        case "!~~", "!~~*":
            return Self.clamp(1 - binarySelectivity(String(symbol.dropFirst()), left, right))
        default:
            return Self.defaultInequality
        }
    }

    /// `column = value` (value nil: known only when the query runs).
    func equality(_ binding: ColumnBinding, _ value: SQLValue?) -> Double {
        if case .null? = value { return 0 }
        let distinct = distinctValues(.column(binding, .unknown)).count
        guard let statistics = columnStatistics(binding) else {
            return distinctValues(.column(binding, .unknown)).isDefault ? Self.defaultEquality : 1 / distinct
        }
        if let value {
            if let index = statistics.mostCommonValues.firstIndex(where: { SQLValue.compare($0, value) == 0 }) {
                return statistics.mostCommonFrequencies[index]
            }
            // Not a common value: the rest spread evenly over the other distinct values.
            let others = distinct - Double(statistics.mostCommonValues.count)
            let rest = 1 - statistics.mostCommonFraction - statistics.nullFraction
            guard others >= 1, rest > 0 else { return Self.clamp(rest / 2) }
            return Self.clamp(min(rest / others, statistics.mostCommonFrequencies.last ?? 1))
        }
        return Self.clamp((1 - statistics.nullFraction) / distinct)
    }

    /// `a = b` between two columns: 1 / the larger distinct count, times both non-NULL fractions.
    private func joinEquality(_ left: ColumnBinding, _ right: ColumnBinding) -> Double {
        let leftDistinct = distinctValues(.column(left, .unknown)).count
        let rightDistinct = distinctValues(.column(right, .unknown)).count
        let nonNull = (1 - nullFraction(left)) * (1 - nullFraction(right))
        return Self.clamp(nonNull / max(leftDistinct, rightDistinct))
    }

    /// `column < value` (below) or `column > value`, from the most common values and the histogram.
    func range(_ binding: ColumnBinding, _ value: SQLValue, below: Bool, inclusive: Bool) -> Double {
        if value.isNull { return 0 }
        guard let statistics = columnStatistics(binding) else { return Self.defaultInequality }
        var common = 0.0
        for (candidate, frequency) in zip(statistics.mostCommonValues, statistics.mostCommonFrequencies) {
            let order = SQLValue.compare(candidate, value)
            if (below && (order < 0 || (inclusive && order == 0))) || (!below && (order > 0 || (inclusive && order == 0))) {
                common += frequency
            }
        }
        let rest = max(0, 1 - statistics.mostCommonFraction - statistics.nullFraction)
        let bounds = statistics.histogramBounds
        var fraction: Double
        if bounds.count >= 2 {
            let belowFraction = Self.histogramFraction(bounds, value)
            fraction = below ? belowFraction : 1 - belowFraction
        } else if statistics.mostCommonValues.isEmpty {
            fraction = Self.defaultInequality
        } else {
            fraction = 0  // every value is a common one
        }
        return Self.clamp(common + fraction * rest)
    }

    /// The fraction of the histogram's values below `value`.
    static func histogramFraction(_ bounds: [SQLValue], _ value: SQLValue) -> Double {
        if SQLValue.compare(value, bounds[0]) <= 0 { return 0 }
        if SQLValue.compare(value, bounds[bounds.count - 1]) >= 0 { return 1 }
        // The last bound not above `value`.
        var low = 0
        var high = bounds.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if SQLValue.compare(bounds[middle], value) <= 0 { low = middle } else { high = middle }
        }
        var within = 0.5
        if let a = numeric(bounds[low]), let b = numeric(bounds[low + 1]), let v = numeric(value), b > a {
            within = min(max((v - a) / (b - a), 0), 1)
        }
        return (Double(low) + within) / Double(bounds.count - 1)
    }

    /// A value on a number line, for interpolating inside a histogram bucket.
    private static func numeric(_ value: SQLValue) -> Double? {
        switch value {
        case .int16(let v): Double(v)
        case .int32(let v): Double(v)
        case .int64(let v): Double(v)
        case .float32(let v): Double(v).isFinite ? Double(v) : nil
        case .float64(let v): v.isFinite ? v : nil
        case .numeric(let v): Double(v.description).flatMap { $0.isFinite ? $0 : nil }
        case .date(let v): Double(v)
        case .time(let v), .timestamp(let v), .timestampWithTimeZone(let v): Double(v)
        case .oid(let v): Double(v)
        default: nil
        }
    }

    /// LIKE: a pattern without wildcards is an equality; a fixed prefix is a range over the
    /// prefix, narrowed a little for what follows it.
    private func like(_ binding: ColumnBinding, _ pattern: String, caseInsensitive: Bool) -> Double {
        var prefix = ""
        var iterator = pattern.makeIterator()
        var exact = true
        while let character = iterator.next() {
            if character == "%" || character == "_" { exact = false; break }
            if character == "\\" {
                guard let escaped = iterator.next() else { break }
                prefix.append(escaped)
                continue
            }
            prefix.append(character)
        }
        if caseInsensitive && prefix.contains(where: \.isLetter) { return Self.defaultMatch }
        if exact { return equality(binding, .text(prefix)) }
        guard !prefix.isEmpty else { return Self.defaultMatch * 10 }
        let start = range(binding, .text(prefix), below: false, inclusive: true)
        let end = range(binding, .text(prefix + "\u{10FFFF}"), below: false, inclusive: true)
        let prefixFraction = columnStatistics(binding) == nil ? Self.defaultRange * 10 : max(start - end, 0)
        let remainder = pattern.dropFirst(prefix.count)
        return Self.clamp(remainder == "%" ? prefixFraction : prefixFraction * 0.2)
    }

    static func clamp(_ value: Double) -> Double {
        guard value.isFinite else { return 1 }
        return min(max(value, 1e-10), 1)
    }
}
