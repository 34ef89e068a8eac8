// The proleptic Gregorian calendar as PostgreSQL computes it: Julian day numbers (date2j,
// j2date), the limits of date and timestamp, and the split of a timestamp into calendar fields
// and back (timestamp2tm, tm2timestamp). Year 0 is 1 BC, year -1 is 2 BC, as internally in
// PostgreSQL.

/// CivilCalendar constants and conversions shared by the date/time code.
public enum CivilCalendar {
    public static let microsecondsPerSecond: Int64 = 1_000_000
    public static let microsecondsPerMinute: Int64 = 60_000_000
    public static let microsecondsPerHour: Int64 = 3_600_000_000
    public static let microsecondsPerDay: Int64 = 86_400_000_000
    public static let secondsPerDay: Int64 = 86_400
    /// Julian day of 2000-01-01, PostgreSQL's epoch.
    public static let postgresEpochJulianDay = 2_451_545
    /// Julian day of 1970-01-01.
    public static let unixEpochJulianDay = 2_440_588
    /// Seconds from 1970-01-01 to 2000-01-01.
    public static let unixToPostgresEpochSeconds: Int64 = 946_684_800

    /// The earliest valid date and timestamp: 4714-11-24 BC; dates end before 5874898-01-01 and
    /// timestamps before 294277-01-01.
    static let minimumJulianDay = 0
    static let dateEndJulianDay = 2_147_483_494
    public static let minimumTimestamp: Int64 = -211_813_488_000_000_000
    public static let endTimestamp: Int64 = 9_223_371_331_200_000_000

    /// Days in each month, for common and leap years.
    static let daysInMonth: [[Int]] = [
        [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
        [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
    ]

    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        daysInMonth[isLeapYear(year) ? 1 : 0][month - 1]
    }

    /// date2j: the Julian day number of a calendar date.
    public static func julianDay(year: Int, month: Int, day: Int) -> Int {
        var year = year, month = month
        if month > 2 {
            month += 1
            year += 4800
        } else {
            month += 13
            year += 4799
        }
        let century = floorDivide(year, 100)
        var julian = year * 365 - 32167
        julian += floorDivide(year, 4) - century + floorDivide(century, 4)
        julian += 7834 * month / 256 + day
        return julian
    }

    /// j2date: the calendar date of a Julian day number (valid for day >= 0).
    public static func date(julianDay: Int) -> (year: Int, month: Int, day: Int) {
        var julian = UInt32(truncatingIfNeeded: julianDay)
        julian &+= 32044
        var quad = julian / 146_097
        let extra = (julian &- quad &* 146_097) &* 4 &+ 3
        julian &+= 60 &+ quad &* 3 &+ extra / 146_097
        quad = julian / 1461
        julian &-= quad &* 1461
        var year = Int(julian &* 4 / 1461)
        julian = (year != 0 ? (julian &+ 305) % 365 : (julian &+ 306) % 366) &+ 123
        year += Int(quad) * 4
        let monthQuad = julian &* 2141 / 65536
        let day = Int(julian) - Int(7834 &* monthQuad / 256)
        let month = Int((monthQuad &+ 10) % 12) + 1
        return (year - 4800, month, day)
    }

    /// j2day: day of the week, 0 = Sunday.
    public static func dayOfWeek(julianDay: Int) -> Int {
        var day = (julianDay + 1) % 7
        if day < 0 { day += 7 }
        return day
    }

    /// IS_VALID_JULIAN: inside the range the Julian-day routines handle.
    static func isValidJulian(year: Int, month: Int, day: Int) -> Bool {
        (year > -4713 || (year == -4713 && month >= 11)) && (year < 5_874_898 || (year == 5_874_898 && month < 6))
    }

    /// IS_VALID_DATE on days since 2000-01-01.
    static func isValidDate(_ days: Int) -> Bool {
        days >= minimumJulianDay - postgresEpochJulianDay && days < dateEndJulianDay - postgresEpochJulianDay
    }

    /// IS_VALID_TIMESTAMP.
    static func isValidTimestamp(_ microseconds: Int64) -> Bool {
        microseconds >= minimumTimestamp && microseconds < endTimestamp
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// A broken-down date and time (PostgreSQL's struct pg_tm plus fsec).
public struct DateTimeFields: Hashable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int = 0
    public var minute: Int = 0
    public var second: Int = 0
    public var microsecond: Int = 0

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
    }

    /// Days since 2000-01-01 of the date part.
    var dayNumber: Int { CivilCalendar.julianDay(year: year, month: month, day: day) - CivilCalendar.postgresEpochJulianDay }

    /// Microseconds since midnight of the time part.
    var timeOfDay: Int64 {
        ((Int64(hour) * 60 + Int64(minute)) * 60 + Int64(second)) * CivilCalendar.microsecondsPerSecond + Int64(microsecond)
    }

    /// The fields of a timestamp (microseconds since 2000-01-01), nil beyond the Julian range.
    public init?(timestamp: Int64) {
        var date = timestamp / CivilCalendar.microsecondsPerDay
        var time = timestamp - date * CivilCalendar.microsecondsPerDay
        if time < 0 {
            time += CivilCalendar.microsecondsPerDay
            date -= 1
        }
        date += Int64(CivilCalendar.postgresEpochJulianDay)
        guard date >= 0 && date <= Int64(Int32.max) else { return nil }
        let (year, month, day) = CivilCalendar.date(julianDay: Int(date))
        self.init(year: year, month: month, day: day)
        setTime(time)
    }

    /// The fields of a date (days since 2000-01-01).
    public init(date: Int32) {
        let (year, month, day) = CivilCalendar.date(julianDay: Int(date) + CivilCalendar.postgresEpochJulianDay)
        self.init(year: year, month: month, day: day)
    }

    /// Sets hour, minute, second and microsecond from microseconds since midnight (dt2time).
    mutating func setTime(_ microseconds: Int64) {
        var time = microseconds
        hour = Int(time / CivilCalendar.microsecondsPerHour)
        time -= Int64(hour) * CivilCalendar.microsecondsPerHour
        minute = Int(time / CivilCalendar.microsecondsPerMinute)
        time -= Int64(minute) * CivilCalendar.microsecondsPerMinute
        second = Int(time / CivilCalendar.microsecondsPerSecond)
        microsecond = Int(time - Int64(second) * CivilCalendar.microsecondsPerSecond)
    }

    /// tm2timestamp: microseconds since 2000-01-01 of these fields read as UTC minus
    /// `offsetSeconds` (east of UTC), nil when out of range.
    func timestamp(offsetSeconds: Int = 0) -> Int64? {
        guard CivilCalendar.isValidJulian(year: year, month: month, day: day) else { return nil }
        let date = Int64(dayNumber)
        let time = timeOfDay
        let (product, overflow1) = date.multipliedReportingOverflow(by: CivilCalendar.microsecondsPerDay)
        let (sum, overflow2) = product.addingReportingOverflow(time)
        if overflow1 || overflow2 { return nil }
        if (sum < 0 && date > 0) || (sum > 0 && date < -1) { return nil }
        let (result, overflow3) = sum.subtractingReportingOverflow(Int64(offsetSeconds) * CivilCalendar.microsecondsPerSecond)
        if overflow3 || !CivilCalendar.isValidTimestamp(result) { return nil }
        return result
    }
}
