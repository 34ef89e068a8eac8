// Interval: PostgreSQL's interval representation: months, days and microseconds kept apart,
// because a month has no fixed number of days and a day no fixed number of hours (DST). The
// binary wire format sends microseconds (int64), days (int32), months (int32).

/// A span of time as PostgreSQL stores it.
public struct Interval: Hashable, Sendable {
    public var months: Int32
    public var days: Int32
    public var microseconds: Int64

    public init(months: Int32 = 0, days: Int32 = 0, microseconds: Int64 = 0) {
        self.months = months
        self.days = days
        self.microseconds = microseconds
    }

    public static let zero = Interval()

    /// Microseconds in a day and in a 30-day month, as interval comparison counts them.
    public static let microsecondsPerDay: Int64 = 86_400_000_000
    public static let daysPerMonth: Int64 = 30

    /// The 128-bit span PostgreSQL compares and hashes intervals by (interval_cmp_value):
    /// months count as 30 days and days as 24 hours, so '1 month' = '30 days' = '720 hours'.
    var comparisonKey: Int128 {
        let days = Int128(months) * Int128(Self.daysPerMonth) + Int128(days)
        return days * Int128(Self.microsecondsPerDay) + Int128(microseconds)
    }
}
