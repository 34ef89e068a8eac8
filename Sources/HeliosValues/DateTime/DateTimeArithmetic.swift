// Date/time arithmetic as PostgreSQL's timestamp.c and date.c do it: adding an interval adds its
// months (clamping the day to the month's end), then its days, then its microseconds; for
// timestamptz the month and day steps happen in the session time zone's wall-clock time, so
// '1 day' across a DST change keeps the clock time. Subtracting timestamps gives an interval
// justified to hours; interval multiplication cascades fractions down (0.5 month = 15 days).

public import HeliosCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Arithmetic on dates, times, timestamps and intervals.
public enum DateTimeArithmetic {
    static let timestampOutOfRange = DatabaseError(.datetimeFieldOverflow, "timestamp out of range")
    static let intervalOutOfRange = DatabaseError(.datetimeFieldOverflow, "interval out of range")
    static let dateOutOfRange = DatabaseError(.datetimeFieldOverflow, "date out of range")

    static func isFinite(_ time: Int64) -> Bool {
        time != DateTimeText.timestampInfinity && time != DateTimeText.timestampNegativeInfinity
    }

    /// Adds months to calendar fields, clamping the day to the month's length.
    static func addMonths(_ months: Int32, to fields: inout DateTimeFields) {
        var month = fields.month + Int(months)
        if month > 12 {
            fields.year += (month - 1) / 12
            month = (month - 1) % 12 + 1
        } else if month < 1 {
            fields.year += month / 12 - 1
            month = month % 12 + 12
        }
        fields.month = month
        let length = CivilCalendar.daysIn(month: month, year: fields.year)
        if fields.day > length { fields.day = length }
    }

    /// timestamp_pl_interval (zone nil) and timestamptz_pl_interval (zone: the session's).
    public static func add(_ interval: Interval, to timestamp: Int64, zone: TimeZoneRules?) throws(DatabaseError) -> Int64 {
        guard isFinite(timestamp) else { return timestamp }
        var value = timestamp
        if interval.months != 0 {
            value = try shiftCalendar(value, zone: zone) { fields in addMonths(interval.months, to: &fields) }
        }
        if interval.days != 0 {
            value = try shiftCalendar(value, zone: zone) { fields in
                let julian = CivilCalendar.julianDay(year: fields.year, month: fields.month, day: fields.day) + Int(interval.days)
                let date = CivilCalendar.date(julianDay: julian)
                (fields.year, fields.month, fields.day) = (date.year, date.month, date.day)
            }
        }
        let (sum, overflow) = value.addingReportingOverflow(interval.microseconds)
        guard !overflow, CivilCalendar.isValidTimestamp(sum) else { throw timestampOutOfRange }
        return sum
    }

    /// Applies a calendar change to the wall-clock fields of a timestamp.
    private static func shiftCalendar(_ value: Int64, zone: TimeZoneRules?, _ change: (inout DateTimeFields) -> Void)
        throws(DatabaseError) -> Int64
    {
        if let zone {
            guard var local = DateTimeText.localFields(ofTimestampWithTimeZone: value, zone: zone)?.fields else {
                throw timestampOutOfRange
            }
            change(&local)
            guard CivilCalendar.isValidJulian(year: local.year, month: local.month, day: local.day) else { throw timestampOutOfRange }
            let west = DateTimeDecoder.zoneWest(for: local, in: zone)
            guard let result = local.timestamp(offsetSeconds: -west) else { throw timestampOutOfRange }
            return result
        }
        guard var fields = DateTimeFields(timestamp: value) else { throw timestampOutOfRange }
        change(&fields)
        guard let result = fields.timestamp() else { throw timestampOutOfRange }
        return result
    }

    /// timestamp - interval.
    public static func subtract(_ interval: Interval, from timestamp: Int64, zone: TimeZoneRules?) throws(DatabaseError) -> Int64 {
        try add(try negate(interval), to: timestamp, zone: zone)
    }

    /// timestamp_mi: the difference, justified to hours.
    public static func difference(_ left: Int64, _ right: Int64) throws(DatabaseError) -> Interval {
        guard isFinite(left) && isFinite(right) else {
            throw DatabaseError(.datetimeFieldOverflow, "cannot subtract infinite timestamps")
        }
        let (time, overflow) = left.subtractingReportingOverflow(right)
        if overflow { throw intervalOutOfRange }
        return try justifyHours(Interval(microseconds: time))
    }

    /// justify_hours.
    public static func justifyHours(_ interval: Interval) throws(DatabaseError) -> Interval {
        var result = interval
        let wholeDays = result.microseconds / CivilCalendar.microsecondsPerDay
        result.microseconds -= wholeDays * CivilCalendar.microsecondsPerDay
        guard let days = Int32(exactly: Int64(result.days) + wholeDays) else { throw intervalOutOfRange }
        result.days = days
        if result.days > 0 && result.microseconds < 0 {
            result.microseconds += CivilCalendar.microsecondsPerDay
            result.days -= 1
        } else if result.days < 0 && result.microseconds > 0 {
            result.microseconds -= CivilCalendar.microsecondsPerDay
            result.days += 1
        }
        return result
    }

    /// justify_days.
    public static func justifyDays(_ interval: Interval) throws(DatabaseError) -> Interval {
        var result = interval
        let wholeMonths = result.days / 30
        result.days -= wholeMonths * 30
        guard let months = Int32(exactly: Int64(result.months) + Int64(wholeMonths)) else { throw intervalOutOfRange }
        result.months = months
        if result.months > 0 && result.days < 0 {
            result.days += 30
            result.months -= 1
        } else if result.months < 0 && result.days > 0 {
            result.days -= 30
            result.months += 1
        }
        return result
    }

    /// justify_interval.
    public static func justifyInterval(_ interval: Interval) throws(DatabaseError) -> Interval {
        var result = interval
        let wholeDays = result.microseconds / CivilCalendar.microsecondsPerDay
        result.microseconds -= wholeDays * CivilCalendar.microsecondsPerDay
        guard let days = Int32(exactly: Int64(result.days) + wholeDays) else { throw intervalOutOfRange }
        result.days = days
        let wholeMonths = result.days / 30
        result.days -= wholeMonths * 30
        guard let months = Int32(exactly: Int64(result.months) + Int64(wholeMonths)) else { throw intervalOutOfRange }
        result.months = months
        if result.months > 0 && (result.days < 0 || (result.days == 0 && result.microseconds < 0)) {
            result.days += 30
            result.months -= 1
        } else if result.months < 0 && (result.days > 0 || (result.days == 0 && result.microseconds > 0)) {
            result.days -= 30
            result.months += 1
        }
        if result.days > 0 && result.microseconds < 0 {
            result.microseconds += CivilCalendar.microsecondsPerDay
            result.days -= 1
        } else if result.days < 0 && result.microseconds > 0 {
            result.microseconds -= CivilCalendar.microsecondsPerDay
            result.days += 1
        }
        return result
    }

    /// interval_um.
    public static func negate(_ interval: Interval) throws(DatabaseError) -> Interval {
        guard interval.months != Int32.min, interval.days != Int32.min, interval.microseconds != Int64.min else {
            throw intervalOutOfRange
        }
        return Interval(months: -interval.months, days: -interval.days, microseconds: -interval.microseconds)
    }

    /// interval_pl.
    public static func add(_ left: Interval, _ right: Interval) throws(DatabaseError) -> Interval {
        let (months, overflow1) = left.months.addingReportingOverflow(right.months)
        let (days, overflow2) = left.days.addingReportingOverflow(right.days)
        let (time, overflow3) = left.microseconds.addingReportingOverflow(right.microseconds)
        if overflow1 || overflow2 || overflow3 { throw intervalOutOfRange }
        return Interval(months: months, days: days, microseconds: time)
    }

    /// interval_mi.
    public static func subtract(_ left: Interval, _ right: Interval) throws(DatabaseError) -> Interval {
        let (months, overflow1) = left.months.subtractingReportingOverflow(right.months)
        let (days, overflow2) = left.days.subtractingReportingOverflow(right.days)
        let (time, overflow3) = left.microseconds.subtractingReportingOverflow(right.microseconds)
        if overflow1 || overflow2 || overflow3 { throw intervalOutOfRange }
        return Interval(months: months, days: days, microseconds: time)
    }

    /// TSROUND: rounds to microsecond precision in seconds.
    private static func roundToMicroseconds(_ value: Double) -> Double {
        (value * 1_000_000).rounded(.toNearestOrEven) / 1_000_000
    }

    private static func int32(_ value: Double) throws(DatabaseError) -> Int32 {
        guard !value.isNaN, value >= -2_147_483_648, value < 2_147_483_648 else { throw intervalOutOfRange }
        return Int32(value)
    }

    /// interval_mul.
    public static func multiply(_ interval: Interval, by factor: Double) throws(DatabaseError) -> Interval {
        var result = Interval()
        result.months = try int32(Double(interval.months) * factor)
        result.days = try int32(Double(interval.days) * factor)
        var monthRemainderDays = (Double(interval.months) * factor - Double(result.months)) * 30
        monthRemainderDays = roundToMicroseconds(monthRemainderDays)
        var secondRemainder = (Double(interval.days) * factor - Double(result.days) + monthRemainderDays
                               - Double(Int32(monthRemainderDays))) * 86_400
        secondRemainder = roundToMicroseconds(secondRemainder)
        if abs(secondRemainder) >= 86_400 {
            let extraDays = Int32(secondRemainder / 86_400)
            let (days, overflow) = result.days.addingReportingOverflow(extraDays)
            if overflow { throw intervalOutOfRange }
            result.days = days
            secondRemainder -= Double(extraDays) * 86_400
        }
        let (days, overflow) = result.days.addingReportingOverflow(Int32(monthRemainderDays))
        if overflow { throw intervalOutOfRange }
        result.days = days
        let time = (Double(interval.microseconds) * factor + secondRemainder * 1_000_000).rounded(.toNearestOrEven)
        guard !time.isNaN, time >= -9.223372036854775808e18, time < 9.223372036854775808e18 else { throw intervalOutOfRange }
        result.microseconds = Int64(time)
        return result
    }

    /// interval_div.
    public static func divide(_ interval: Interval, by factor: Double) throws(DatabaseError) -> Interval {
        if factor == 0 { throw DatabaseError(.divisionByZero, "division by zero") }
        var result = Interval()
        result.months = try int32(Double(interval.months) / factor)
        result.days = try int32(Double(interval.days) / factor)
        var monthRemainderDays = (Double(interval.months) / factor - Double(result.months)) * 30
        monthRemainderDays = roundToMicroseconds(monthRemainderDays)
        var secondRemainder = (Double(interval.days) / factor - Double(result.days) + monthRemainderDays
                               - Double(Int32(monthRemainderDays))) * 86_400
        secondRemainder = roundToMicroseconds(secondRemainder)
        if abs(secondRemainder) >= 86_400 {
            let extraDays = Int32(secondRemainder / 86_400)
            result.days &+= extraDays
            secondRemainder -= Double(extraDays) * 86_400
        }
        result.days &+= Int32(monthRemainderDays)
        let time = (Double(interval.microseconds) / factor + secondRemainder * 1_000_000).rounded(.toNearestOrEven)
        guard !time.isNaN, time >= -9.223372036854775808e18, time < 9.223372036854775808e18 else { throw intervalOutOfRange }
        result.microseconds = Int64(time)
        return result
    }

    /// date + integer days.
    public static func add(days: Int64, to date: Int32) throws(DatabaseError) -> Int32 {
        if date == DateTimeText.dateInfinity || date == DateTimeText.dateNegativeInfinity { return date }
        let result = Int64(date) + days
        guard let small = Int32(exactly: result), CivilCalendar.isValidDate(Int(small)) else { throw dateOutOfRange }
        return small
    }

    /// date - date in days.
    public static func difference(_ left: Int32, _ right: Int32) throws(DatabaseError) -> Int32 {
        let infinite = [DateTimeText.dateInfinity, DateTimeText.dateNegativeInfinity]
        if infinite.contains(left) || infinite.contains(right) {
            throw DatabaseError(.datetimeFieldOverflow, "cannot subtract infinite dates")
        }
        return left - right
    }

    /// time + interval, wrapping around midnight.
    public static func add(_ interval: Interval, to time: Int64) -> Int64 {
        var result = (time &+ interval.microseconds) % CivilCalendar.microsecondsPerDay
        if result < 0 { result += CivilCalendar.microsecondsPerDay }
        return result
    }

    /// date + time -> timestamp.
    public static func timestamp(date: Int32, time: Int64) throws(DatabaseError) -> Int64 {
        let start = try DateTimeConversion.timestamp(fromDate: date)
        guard isFinite(start) else { return start }
        let (result, overflow) = start.addingReportingOverflow(time)
        guard !overflow, CivilCalendar.isValidTimestamp(result) else { throw timestampOutOfRange }
        return result
    }

    /// date + timetz -> timestamptz.
    public static func timestampWithTimeZone(date: Int32, time: TimeWithTimeZone) throws(DatabaseError) -> Int64 {
        let local = try timestamp(date: date, time: time.microseconds)
        guard isFinite(local) else { return local }
        let (result, overflow) = local.subtractingReportingOverflow(Int64(time.offsetSeconds) * CivilCalendar.microsecondsPerSecond)
        guard !overflow, CivilCalendar.isValidTimestamp(result) else { throw timestampOutOfRange }
        return result
    }
}
