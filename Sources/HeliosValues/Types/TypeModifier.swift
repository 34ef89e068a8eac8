// Type modifiers (typmods) encoded exactly as PostgreSQL stores them in pg_attribute.atttypmod,
// so the catalog, format_type and the wire protocol's RowDescription agree with PostgreSQL:
//
//   varchar(n), character(n)   n + 4                          (VARHDRSZ added)
//   numeric(p, s)              ((p << 16) | (s & 0x7ff)) + 4  (s may be negative in PG 15)
//   time(p), timetz(p), timestamp(p), timestamptz(p)   p      (0...6)
//   interval fields (p)        (range << 16) | p              (p = 0xffff: full precision)
//   no modifier                -1

/// Encoding and decoding of PostgreSQL typmods.
public enum TypeModifier {
    /// PostgreSQL's VARHDRSZ, which varchar, bpchar and numeric typmods include.
    public static let headerSize: Int32 = 4
    /// The longest varchar(n) or character(n) PostgreSQL accepts.
    public static let maximumCharacterLength = 10_485_760
    /// NUMERIC_MAX_PRECISION.
    public static let maximumNumericPrecision = 1000
    /// The range of a numeric scale in PostgreSQL 15.
    public static let numericScaleRange = -1000...1000
    /// MAX_TIMESTAMP_PRECISION and MAX_TIME_PRECISION.
    public static let maximumSecondsPrecision = 6

    /// The typmod of varchar(n) and character(n).
    public static func characterLength(_ length: Int) -> Int32 {
        Int32(length) + headerSize
    }

    /// The declared length of varchar(n) or character(n), nil without a modifier.
    public static func characterLength(of modifier: Int32) -> Int? {
        modifier >= headerSize ? Int(modifier - headerSize) : nil
    }

    /// The typmod of numeric(precision, scale).
    public static func numeric(precision: Int, scale: Int) -> Int32 {
        ((Int32(precision) << 16) | (Int32(scale) & 0x7ff)) + headerSize
    }

    /// Precision and scale of a numeric typmod, nil without a modifier.
    public static func numericPrecisionAndScale(of modifier: Int32) -> (precision: Int, scale: Int)? {
        guard modifier >= headerSize else { return nil }
        let value = modifier - headerSize
        let precision = Int((value >> 16) & 0xffff)
        let scale = Int(((value & 0x7ff) ^ 1024) - 1024)
        return (precision, scale)
    }

    /// The fractional-second precision of a time, timestamp or interval typmod, nil for full.
    public static func secondsPrecision(of modifier: Int32, kind: SQLType.Kind) -> Int? {
        guard modifier >= 0 else { return nil }
        if kind == .interval {
            let precision = Int(modifier & 0xffff)
            return precision == 0xffff ? nil : precision
        }
        return Int(modifier)
    }

    /// The typmod of an interval with a fields restriction and an optional precision.
    public static func interval(fields: IntervalFields = .all, precision: Int? = nil) -> Int32 {
        if fields == .all && precision == nil { return -1 }
        return (Int32(fields.rawValue) << 16) | Int32(precision ?? 0xffff)
    }

    /// The fields restriction of an interval typmod.
    public static func intervalFields(of modifier: Int32) -> IntervalFields {
        guard modifier >= 0 else { return .all }
        return IntervalFields(rawValue: UInt16((modifier >> 16) & 0x7fff))
    }
}

/// The fields an interval type keeps, as in `INTERVAL DAY TO SECOND`; PostgreSQL's INTERVAL_MASK bits.
public struct IntervalFields: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let month = IntervalFields(rawValue: 1 << 1)
    public static let year = IntervalFields(rawValue: 1 << 2)
    public static let day = IntervalFields(rawValue: 1 << 3)
    public static let hour = IntervalFields(rawValue: 1 << 10)
    public static let minute = IntervalFields(rawValue: 1 << 11)
    public static let second = IntervalFields(rawValue: 1 << 12)
    /// INTERVAL_FULL_RANGE: no restriction.
    public static let all = IntervalFields(rawValue: 0x7fff)

    public static let yearToMonth: IntervalFields = [.year, .month]
    public static let dayToHour: IntervalFields = [.day, .hour]
    public static let dayToMinute: IntervalFields = [.day, .hour, .minute]
    public static let dayToSecond: IntervalFields = [.day, .hour, .minute, .second]
    public static let hourToMinute: IntervalFields = [.hour, .minute]
    public static let hourToSecond: IntervalFields = [.hour, .minute, .second]
    public static let minuteToSecond: IntervalFields = [.minute, .second]

    /// The words format_type prints after "interval", e.g. " day to second".
    var phrase: String? {
        switch self {
        case .year: "year"
        case .month: "month"
        case .day: "day"
        case .hour: "hour"
        case .minute: "minute"
        case .second: "second"
        case .yearToMonth: "year to month"
        case .dayToHour: "day to hour"
        case .dayToMinute: "day to minute"
        case .dayToSecond: "day to second"
        case .hourToMinute: "hour to minute"
        case .hourToSecond: "hour to second"
        case .minuteToSecond: "minute to second"
        default: nil
        }
    }
}
