// Calendar features: the time of day and the day of the week, each as a point on a circle
// (sine and cosine), so 23:59 sits next to 00:00 and Sunday next to Monday. Minutes count from
// 2000-01-01 00:00 UTC, the engine's epoch (PostgreSQL's), which was a Saturday.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Time-of-day and day-of-week of a minute, as sine/cosine pairs.
package enum CalendarFeatures {
    package static let count = 4
    package static let minutesPerDay: Int64 = 1440
    /// 2000-01-01 was a Saturday; with Monday as day 0 that is day 5.
    static let epochWeekday: Int64 = 5

    /// Minutes since midnight UTC, in 0..<1440.
    package static func minuteOfDay(_ minute: Int64) -> Int64 {
        ((minute % minutesPerDay) + minutesPerDay) % minutesPerDay
    }

    /// Monday = 0 ... Sunday = 6.
    package static func dayOfWeek(_ minute: Int64) -> Int64 {
        let day = minute >= 0 ? minute / minutesPerDay : (minute - minutesPerDay + 1) / minutesPerDay
        return ((day + epochWeekday) % 7 + 7) % 7
    }

    /// Writes [sin, cos] of the time of day, then [sin, cos] of the position in the week.
    package static func write(minute: Int64, into out: UnsafeMutablePointer<Float>) {
        let dayFraction = Double(minuteOfDay(minute)) / Double(minutesPerDay)
        let weekFraction = (Double(dayOfWeek(minute)) + dayFraction) / 7
        out[0] = Float(sin(2 * Double.pi * dayFraction))
        out[1] = Float(cos(2 * Double.pi * dayFraction))
        out[2] = Float(sin(2 * Double.pi * weekFraction))
        out[3] = Float(cos(2 * Double.pi * weekFraction))
    }
}
