// The total order, equality and hash of values, consistent with PostgreSQL's = and < for each
// type, for sorting, grouping, DISTINCT and hash joins:
//   floats   NaN equals NaN and sorts above +Infinity; -0 equals 0
//   numeric  1.0 equals 1.00; NaN above +Infinity
//   text     UTF-8 byte order (the C / C.UTF-8 collation); character(n) ignores trailing spaces
//   timetz   by UTC instant, then by zone; interval by its 30-day-month span ('1 mon' = '30 days')
//   arrays   element by element (NULL elements above all others), then length
//   jsonb    PostgreSQL's jsonb order
// Integers of different widths compare and hash alike, and so do integral numerics and floats
// with them; other mixed kinds are ordered by kind (the binder coerces to one type first).
// NULLs: `compare` puts NULL above every value (PostgreSQL's default ASC NULLS LAST); use
// `compare(_:_:descending:nullsFirst:)` for ORDER BY.

extension SQLValue: Comparable, Hashable {
    /// Rank of a case, for ordering values of different kinds.
    private var kindRank: Int {
        switch self {
        case .null: 100
        case .bool: 1
        case .int16, .int32, .int64, .float32, .float64, .numeric, .oid: 2
        case .text, .character: 3
        case .bytes: 4
        case .date: 5
        case .time: 6
        case .timeWithTimeZone: 7
        case .timestamp: 8
        case .timestampWithTimeZone: 9
        case .interval: 10
        case .uuid: 11
        case .json: 12
        case .jsonb: 13
        case .array: 14
        case .record: 15
        }
    }

    /// -1, 0 or 1: PostgreSQL's order for two values (NULL sorts last).
    public static func compare(_ left: SQLValue, _ right: SQLValue) -> Int {
        switch (left, right) {
        case (.null, .null): return 0
        case (.null, _): return 1
        case (_, .null): return -1
        case let (.bool(a), .bool(b)): return a == b ? 0 : (a ? 1 : -1)
        case let (.int32(a), .int32(b)): return a == b ? 0 : (a < b ? -1 : 1)
        case let (.int64(a), .int64(b)): return a == b ? 0 : (a < b ? -1 : 1)
        case let (.float64(a), .float64(b)): return compareFloats(a, b)
        case let (.float32(a), .float32(b)): return compareFloats(Double(a), Double(b))
        case let (.numeric(a), .numeric(b)): return Numeric.compare(a, b)
        case let (.text(a), .text(b)): return compareBytes(a, b)
        case let (.character(a), .character(b)):
            return compareBytes(CharacterText.trimTrailingSpaces(a), CharacterText.trimTrailingSpaces(b))
        case let (.text(a), .character(b)): return compareBytes(a, CharacterText.trimTrailingSpaces(b))
        case let (.character(a), .text(b)): return compareBytes(CharacterText.trimTrailingSpaces(a), b)
        case let (.bytes(a), .bytes(b)): return compareByteArrays(a, b)
        case let (.date(a), .date(b)): return a == b ? 0 : (a < b ? -1 : 1)
        case let (.time(a), .time(b)): return a == b ? 0 : (a < b ? -1 : 1)
        case let (.timeWithTimeZone(a), .timeWithTimeZone(b)):
            if a.utcMicroseconds != b.utcMicroseconds { return a.utcMicroseconds < b.utcMicroseconds ? -1 : 1 }
            return a.offsetSeconds == b.offsetSeconds ? 0 : (a.offsetSeconds > b.offsetSeconds ? -1 : 1)
        case let (.timestamp(a), .timestamp(b)), let (.timestampWithTimeZone(a), .timestampWithTimeZone(b)):
            return a == b ? 0 : (a < b ? -1 : 1)
        case let (.date(a), .timestamp(b)): return compareDateToTimestamp(a, b)
        case let (.timestamp(a), .date(b)): return -compareDateToTimestamp(b, a)
        case let (.interval(a), .interval(b)):
            let (keyA, keyB) = (a.comparisonKey, b.comparisonKey)
            return keyA == keyB ? 0 : (keyA < keyB ? -1 : 1)
        case let (.uuid(a), .uuid(b)): return a == b ? 0 : (a < b ? -1 : 1)
        case let (.json(a), .json(b)): return compareBytes(a, b)
        case let (.jsonb(a), .jsonb(b)): return compareJSONB(a, b)
        case let (.oid(a), .oid(b)): return a == b ? 0 : (a < b ? -1 : 1)
        case let (.array(a), .array(b)): return compareArrays(a, b)
        case let (.record(a), .record(b)):
            // record_cmp: field by field, NULL above every value; then the shorter first.
            for (x, y) in zip(a, b) {
                let order = compare(x, y)
                if order != 0 { return order }
            }
            return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
        default:
            if left.kindRank == 2 && right.kindRank == 2 { return compareNumbers(left, right) }
            let (rankA, rankB) = (left.kindRank, right.kindRank)
            return rankA == rankB ? 0 : (rankA < rankB ? -1 : 1)
        }
    }

    /// ORDER BY comparison: ASC or DESC, NULLS FIRST or LAST.
    public static func compare(_ left: SQLValue, _ right: SQLValue, descending: Bool, nullsFirst: Bool) -> Int {
        switch (left.isNull, right.isNull) {
        case (true, true): return 0
        case (true, false): return nullsFirst ? -1 : 1
        case (false, true): return nullsFirst ? 1 : -1
        case (false, false):
            let order = compare(left, right)
            return descending ? -order : order
        }
    }

    public static func < (left: SQLValue, right: SQLValue) -> Bool { compare(left, right) < 0 }

    /// Equality in the sense of grouping: NULL equals NULL here (SQL's `=` is the caller's).
    public static func == (left: SQLValue, right: SQLValue) -> Bool { compare(left, right) == 0 }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0 as UInt8)
        case .bool(let flag): hasher.combine(1 as UInt8); hasher.combine(flag)
        case .int16(let value): SQLValue.hashInteger(Int64(value), into: &hasher)
        case .int32(let value): SQLValue.hashInteger(Int64(value), into: &hasher)
        case .int64(let value): SQLValue.hashInteger(value, into: &hasher)
        case .oid(let value): SQLValue.hashInteger(Int64(value), into: &hasher)
        case .float32(let value): SQLValue.hashFloat(Double(value), into: &hasher)
        case .float64(let value): SQLValue.hashFloat(value, into: &hasher)
        case .numeric(let number):
            if let integer = number.exactInt64 {
                SQLValue.hashInteger(integer, into: &hasher)
            } else {
                hasher.combine(3 as UInt8)
                hasher.combine(number)
            }
        case .text(let string): hasher.combine(4 as UInt8); hasher.combine(string)
        case .character(let string): hasher.combine(4 as UInt8); hasher.combine(CharacterText.trimTrailingSpaces(string))
        case .bytes(let bytes): hasher.combine(5 as UInt8); hasher.combine(bytes)
        case .date(let days): hasher.combine(6 as UInt8); hasher.combine(days)
        case .time(let time): hasher.combine(7 as UInt8); hasher.combine(time)
        case .timeWithTimeZone(let time): hasher.combine(8 as UInt8); hasher.combine(time)
        case .timestamp(let time): hasher.combine(9 as UInt8); hasher.combine(time)
        case .timestampWithTimeZone(let time): hasher.combine(10 as UInt8); hasher.combine(time)
        case .interval(let interval): hasher.combine(11 as UInt8); hasher.combine(interval.comparisonKey)
        case .uuid(let uuid): hasher.combine(12 as UInt8); hasher.combine(uuid)
        case .json(let text): hasher.combine(13 as UInt8); hasher.combine(text)
        case .jsonb(let text):
            hasher.combine(14 as UInt8)
            if let value = try? JSONParser.parse(text) { JSONBOrdering.hash(value, into: &hasher) }
        case .array(let array):
            hasher.combine(15 as UInt8)
            hasher.combine(array.elements.count)
            for element in array.elements { element.hash(into: &hasher) }
        case .record(let fields):
            hasher.combine(16 as UInt8)
            hasher.combine(fields.count)
            for field in fields { field.hash(into: &hasher) }
        }
    }

    private static func hashInteger(_ value: Int64, into hasher: inout Hasher) {
        hasher.combine(2 as UInt8)
        hasher.combine(value)
    }

    private static func hashFloat(_ value: Double, into hasher: inout Hasher) {
        if value.isNaN {
            hasher.combine(16 as UInt8)
        } else if value == value.rounded(), let integer = Int64(exactly: value) {
            hashInteger(integer, into: &hasher)
        } else {
            hasher.combine(17 as UInt8)
            hasher.combine(value.bitPattern)
        }
    }

    /// float8 order: NaN equal to NaN and above everything, -0 equal to 0.
    static func compareFloats(_ left: Double, _ right: Double) -> Int {
        if left.isNaN { return right.isNaN ? 0 : 1 }
        if right.isNaN { return -1 }
        return left == right ? 0 : (left < right ? -1 : 1)
    }

    /// Byte order of UTF-8 text (memcmp, then length).
    static func compareBytes(_ left: String, _ right: String) -> Int {
        var left = left, right = right
        let fast: Int? = left.withUTF8 { leftBuffer in
            right.withUTF8 { rightBuffer in
                compareBuffers(UnsafeRawBufferPointer(leftBuffer), UnsafeRawBufferPointer(rightBuffer))
            }
        }
        return fast ?? 0
    }

    static func compareByteArrays(_ left: [UInt8], _ right: [UInt8]) -> Int {
        left.withUnsafeBytes { leftBuffer in right.withUnsafeBytes { compareBuffers(leftBuffer, $0) } }
    }

    private static func compareBuffers(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Int {
        let count = min(left.count, right.count)
        var index = 0
        while index < count {
            let a = left[index], b = right[index]
            if a != b { return a < b ? -1 : 1 }
            index += 1
        }
        return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
    }

    private static func compareDateToTimestamp(_ date: Int32, _ timestamp: Int64) -> Int {
        let asTimestamp: Int64
        if date == Int32.max { asTimestamp = Int64.max } else if date == Int32.min { asTimestamp = Int64.min } else {
            asTimestamp = Int64(date) * CivilCalendar.microsecondsPerDay
        }
        return asTimestamp == timestamp ? 0 : (asTimestamp < timestamp ? -1 : 1)
    }

    private static func compareNumbers(_ left: SQLValue, _ right: SQLValue) -> Int {
        if let a = left.integerValue, let b = right.integerValue { return a == b ? 0 : (a < b ? -1 : 1) }
        switch (left, right) {
        case (.float32, _), (.float64, _), (_, .float32), (_, .float64):
            return compareFloats(left.approximateDouble, right.approximateDouble)
        default:
            return Numeric.compare(left.exactNumeric, right.exactNumeric)
        }
    }

    /// A numeric value of an integer or numeric case.
    private var exactNumeric: Numeric {
        switch self {
        case .numeric(let number): number
        default: Numeric(integerValue ?? 0)
        }
    }

    /// A double of any numeric case.
    var approximateDouble: Double {
        switch self {
        case .float32(let value): Double(value)
        case .float64(let value): value
        case .numeric(let number): (try? number.doubleValue()) ?? (number.isNegative ? -.infinity : .infinity)
        default: Double(integerValue ?? 0)
        }
    }

    private static func compareJSONB(_ left: String, _ right: String) -> Int {
        guard let a = try? JSONParser.parse(left), let b = try? JSONParser.parse(right) else {
            return compareBytes(left, right)
        }
        return JSONBOrdering.compare(a, b)
    }

    /// array_cmp for one-dimensional arrays.
    private static func compareArrays(_ left: SQLArray, _ right: SQLArray) -> Int {
        let count = min(left.elements.count, right.elements.count)
        for index in 0..<count {
            let order = compare(left.elements[index], right.elements[index])
            if order != 0 { return order }
        }
        if left.elements.count != right.elements.count { return left.elements.count < right.elements.count ? -1 : 1 }
        if left.elements.isEmpty { return 0 }
        return left.lowerBound == right.lowerBound ? 0 : (left.lowerBound < right.lowerBound ? -1 : 1)
    }
}
