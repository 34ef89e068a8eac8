// The session settings that change how values are read and printed, with PostgreSQL's defaults
// for this project: DateStyle ISO, MDY; IntervalStyle postgres; TimeZone UTC;
// extra_float_digits 1; bytea_output hex. The transaction timestamp lives here too, because the
// date/time input words 'now', 'today', 'tomorrow' and 'yesterday' read it. So does the catalog
// the reg* types read and print names from (regclassin/regclassout ...), which the engine
// provides: without it, their values are plain numbers.

public import HeliosCore

/// Settings that affect text input and output of values.
public struct SessionSettings: Sendable {
    /// The TimeZone setting: converts timestamptz to and from local time.
    public var timeZone: TimeZoneRules
    /// The output half of DateStyle.
    public var dateStyle: DateStyle
    /// The field-order half of DateStyle, used to read ambiguous dates such as 1/2/2000.
    public var dateOrder: DateOrder
    public var intervalStyle: IntervalStyle
    /// extra_float_digits: above 0 prints the shortest exact text; 0 and below print 15 + n digits.
    public var extraFloatDigits: Int
    /// bytea_output: hex or escape.
    public var byteaOutputHex: Bool
    /// The start of the current transaction, microseconds since 2000-01-01 UTC ('now').
    public var transactionTimestamp: Int64
    /// Names of relations, functions, schemas and roles for regclass, regproc, regnamespace and
    /// regrole input and output; nil outside a database (values are then read and printed as numbers).
    public var objectNames: (any ObjectNameResolver)?

    public init(timeZone: TimeZoneRules = .utc, dateStyle: DateStyle = .iso, dateOrder: DateOrder = .monthDayYear,
                intervalStyle: IntervalStyle = .postgres, extraFloatDigits: Int = 1, byteaOutputHex: Bool = true,
                transactionTimestamp: Int64 = 0) {
        self.timeZone = timeZone
        self.dateStyle = dateStyle
        self.dateOrder = dateOrder
        self.intervalStyle = intervalStyle
        self.extraFloatDigits = extraFloatDigits
        self.byteaOutputHex = byteaOutputHex
        self.transactionTimestamp = transactionTimestamp
    }

    /// The defaults: ISO, MDY, postgres intervals, UTC.
    public static let standard = SessionSettings()
}

/// The catalog as the reg* types see it: regclass, regproc, regnamespace and regrole values are
/// oids that print as names and read names (regtype's built-in types need no catalog).
public protocol ObjectNameResolver: Sendable {
    /// The name `oid` prints as (schema-qualified when not visible on the search path), or nil
    /// when no such object exists (the value then prints as its number).
    func name(of oid: UInt32, kind: SQLType.Kind) -> String?
    /// The oid of the object `name` denotes; throws the "does not exist" error of its kind.
    func oid(named name: String, kind: SQLType.Kind) throws(DatabaseError) -> UInt32
}

/// DateStyle's output format.
public enum DateStyle: Sendable {
    /// 2000-01-02 03:04:05+00
    case iso
    /// 01/02/2000 03:04:05 UTC
    case sql
    /// Sun Jan 02 03:04:05 2000 UTC
    case postgres
    /// 02.01.2000 03:04:05 UTC
    case german
}

/// DateStyle's order of day, month and year in ambiguous input.
public enum DateOrder: Sendable {
    case monthDayYear
    case dayMonthYear
    case yearMonthDay
}

/// IntervalStyle.
public enum IntervalStyle: Sendable {
    /// 1 year 2 mons 3 days 04:05:06
    case postgres
    /// @ 1 year 2 mons 3 days 4 hours 5 mins 6 secs
    case postgresVerbose
    /// +1-2 +3 +4:05:06
    case sqlStandard
    /// P1Y2M3DT4H5M6S
    case iso8601
}
