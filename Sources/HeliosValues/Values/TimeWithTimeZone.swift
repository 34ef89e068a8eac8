// TimeWithTimeZone: PostgreSQL's timetz, a time of day with its UTC offset. PostgreSQL stores the
// zone as seconds *west* of UTC; this type stores the usual offset east of UTC and converts at
// the binary wire format.

/// A time of day with a UTC offset (timetz).
public struct TimeWithTimeZone: Hashable, Sendable {
    /// Microseconds since midnight, local to the offset.
    public var microseconds: Int64
    /// Seconds east of UTC, e.g. 3600 for +01.
    public var offsetSeconds: Int32

    public init(microseconds: Int64, offsetSeconds: Int32) {
        self.microseconds = microseconds
        self.offsetSeconds = offsetSeconds
    }

    /// The instant in UTC microseconds of the day, which timetz comparison uses first.
    var utcMicroseconds: Int64 { microseconds - Int64(offsetSeconds) * 1_000_000 }
}
