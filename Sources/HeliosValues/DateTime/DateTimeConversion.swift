// Conversions among date, time, timetz, timestamp and timestamptz, as PostgreSQL's date2timestamp,
// timestamp2date, timestamptz_timestamp and friends do them: infinities stay infinite, dates beyond
// 294276 AD cannot become timestamps, and the session time zone turns instants into wall-clock
// time and back (a skipped local time takes the offset before the change).

public import HeliosCore

/// Date/time conversions used by casts, operators and functions.
public enum DateTimeConversion {
    /// TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE: the first date a timestamp cannot hold.
    static let timestampEndDate: Int32 = 106_741_469

    /// date -> timestamp (midnight).
    public static func timestamp(fromDate days: Int32) throws(DatabaseError) -> Int64 {
        if days == DateTimeText.dateInfinity { return DateTimeText.timestampInfinity }
        if days == DateTimeText.dateNegativeInfinity { return DateTimeText.timestampNegativeInfinity }
        guard days < timestampEndDate else {
            throw DatabaseError(.datetimeFieldOverflow, "date out of range for timestamp")
        }
        return Int64(days) * CivilCalendar.microsecondsPerDay
    }

    /// date -> timestamptz: local midnight in `zone`.
    public static func timestampWithTimeZone(fromDate days: Int32, zone: TimeZoneRules) throws(DatabaseError) -> Int64 {
        let local = try timestamp(fromDate: days)
        if local == DateTimeText.timestampInfinity || local == DateTimeText.timestampNegativeInfinity { return local }
        do {
            return try DateTimeText.timestampWithTimeZone(fromLocal: local, zone: zone)
        } catch {
            throw DatabaseError(.datetimeFieldOverflow, "date out of range for timestamp")
        }
    }

    /// timestamp -> date (the day containing it).
    public static func date(fromTimestamp time: Int64) throws(DatabaseError) -> Int32 {
        if time == DateTimeText.timestampInfinity { return DateTimeText.dateInfinity }
        if time == DateTimeText.timestampNegativeInfinity { return DateTimeText.dateNegativeInfinity }
        return Int32(CivilCalendar.floorDivide(time, CivilCalendar.microsecondsPerDay))
    }

    /// The wall-clock timestamp of an instant in `zone`.
    public static func local(_ instant: Int64, zone: TimeZoneRules) throws(DatabaseError) -> Int64 {
        if instant == DateTimeText.timestampInfinity || instant == DateTimeText.timestampNegativeInfinity { return instant }
        let utcSeconds = CivilCalendar.floorDivide(instant, CivilCalendar.microsecondsPerSecond) + CivilCalendar.unixToPostgresEpochSeconds
        let offset = zone.utcOffset(atUTC: utcSeconds)
        let (result, overflow) = instant.addingReportingOverflow(Int64(offset) * CivilCalendar.microsecondsPerSecond)
        guard !overflow, CivilCalendar.isValidTimestamp(result) else {
            throw DatabaseError(.datetimeFieldOverflow, "timestamp out of range")
        }
        return result
    }

    /// The time of day of a (wall-clock) timestamp.
    public static func timeOfDay(_ time: Int64) -> Int64 {
        var result = time % CivilCalendar.microsecondsPerDay
        if result < 0 { result += CivilCalendar.microsecondsPerDay }
        return result
    }

    /// timestamptz -> timetz in `zone`.
    public static func timeWithTimeZone(fromTimestamp instant: Int64, zone: TimeZoneRules) throws(DatabaseError) -> TimeWithTimeZone {
        if instant == DateTimeText.timestampInfinity || instant == DateTimeText.timestampNegativeInfinity {
            throw DatabaseError(.datetimeFieldOverflow, "timestamp out of range")
        }
        let utcSeconds = CivilCalendar.floorDivide(instant, CivilCalendar.microsecondsPerSecond) + CivilCalendar.unixToPostgresEpochSeconds
        let offset = zone.utcOffset(atUTC: utcSeconds)
        let local = instant + Int64(offset) * CivilCalendar.microsecondsPerSecond
        return TimeWithTimeZone(microseconds: timeOfDay(local), offsetSeconds: Int32(offset))
    }

    /// time -> timetz: the session zone's offset on the current date at that time.
    public static func timeWithTimeZone(fromTime time: Int64, settings: SessionSettings) -> TimeWithTimeZone {
        let today = (try? local(settings.transactionTimestamp, zone: settings.timeZone)) ?? 0
        var fields = DateTimeFields(timestamp: today) ?? DateTimeFields(year: 2000, month: 1, day: 1)
        fields.setTime(time)
        let west = DateTimeDecoder.zoneWest(for: fields, in: settings.timeZone)
        return TimeWithTimeZone(microseconds: time, offsetSeconds: Int32(-west))
    }
}
