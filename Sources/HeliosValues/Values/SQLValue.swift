// SQLValue: one SQL value in memory. The cases mirror PostgreSQL's internal representations
// (dates as days since 2000-01-01, timestamps as microseconds since 2000-01-01 00:00 UTC,
// intervals as months, days and microseconds), so arithmetic and the binary wire format need no
// conversion. Scalar cases hold their payload inline; only strings longer than 15 bytes, byte
// strings, numerics with digits and arrays own heap storage.

/// A SQL value. The static type of an expression is a `SQLType`; a value knows only enough of it
/// to print, order and hash itself (text, character and name differ only in the static type,
/// except `character`, which compares ignoring trailing spaces and so has its own case).
public enum SQLValue: Sendable {
    case null
    case bool(Bool)
    case int16(Int16)
    case int32(Int32)
    case int64(Int64)
    case float32(Float)
    case float64(Double)
    case numeric(Numeric)
    /// text, varchar, name, "char" and untyped literals.
    case text(String)
    /// character(n) (bpchar): stored blank-padded; compares and hashes ignoring trailing spaces.
    case character(String)
    /// bytea.
    case bytes([UInt8])
    /// Days since 2000-01-01; `Int32.min` is -infinity and `Int32.max` is infinity.
    case date(Int32)
    /// Microseconds since midnight, 0 ... 86 400 000 000.
    case time(Int64)
    case timeWithTimeZone(TimeWithTimeZone)
    /// Microseconds since 2000-01-01 00:00, local wall-clock time; Int64.min/max are -/+infinity.
    case timestamp(Int64)
    /// Microseconds since 2000-01-01 00:00 UTC; Int64.min/max are -/+infinity.
    case timestampWithTimeZone(Int64)
    case interval(Interval)
    case uuid(UUIDValue)
    /// json: the input text, kept exactly as given.
    case json(String)
    /// jsonb: the canonical text PostgreSQL prints (keys sorted, duplicates removed, spacing).
    case jsonb(String)
    /// oid, regclass, regtype, regproc.
    case oid(UInt32)
    indirect case array(SQLArray)
    /// A row value of an anonymous record type (RecordType): its fields in order.
    indirect case record([SQLValue])
}

extension SQLValue {
    /// True for SQL NULL.
    @inlinable
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value as a Swift Bool, nil for NULL or a non-boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// Any integer case widened to Int64, nil otherwise.
    @inlinable
    public var integerValue: Int64? {
        switch self {
        case .int16(let value): Int64(value)
        case .int32(let value): Int64(value)
        case .int64(let value): value
        case .oid(let value): Int64(value)
        default: nil
        }
    }

    /// The string of text-like cases (text, character, json, jsonb), nil otherwise.
    public var stringValue: String? {
        switch self {
        case .text(let value), .character(let value), .json(let value), .jsonb(let value): value
        default: nil
        }
    }

    /// The natural SQL type of this value when no static type is known (for tests and literals).
    public var naturalType: SQLType {
        switch self {
        case .null: .unknown
        case .bool: .boolean
        case .int16: .smallint
        case .int32: .integer
        case .int64: .bigint
        case .float32: .real
        case .float64: .doublePrecision
        case .numeric: .numeric
        case .text: .text
        case .character: .character
        case .bytes: .bytea
        case .date: .date
        case .time: .time
        case .timeWithTimeZone: .timeWithTimeZone
        case .timestamp: .timestamp
        case .timestampWithTimeZone: .timestampWithTimeZone
        case .interval: .interval
        case .uuid: .uuid
        case .json: .json
        case .jsonb: .jsonb
        case .oid: .oid
        case .array(let array): .array(of: array.elementType)
        case .record(let fields):
            RecordType.blessed(fields.enumerated().map { RecordType.Field(name: "f\($0.offset + 1)", type: $0.element.naturalType) })
        }
    }
}
