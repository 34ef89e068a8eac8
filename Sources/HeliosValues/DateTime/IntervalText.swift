// Interval output in the four IntervalStyles, ported from PostgreSQL's EncodeInterval:
//   postgres           1 year 2 mons -3 days +04:05:06.5
//   postgres_verbose   @ 1 year 2 mons -3 days 4 hours 5 mins 6.5 secs ago
//   sql_standard       +1-2 -3 +4:05:06.5
//   iso_8601           P1Y2M-3DT4H5M6.5S

/// Printing of interval values.
enum IntervalText {
    /// The interval split as interval2itm does: years, months, days, hours, minutes, seconds, microseconds.
    struct Parts {
        var years: Int64
        var months: Int64
        var days: Int64
        var hours: Int64
        var minutes: Int64
        var seconds: Int64
        var microseconds: Int64

        init(_ interval: Interval) {
            years = Int64(interval.months / 12)
            months = Int64(interval.months % 12)
            days = Int64(interval.days)
            var time = interval.microseconds
            hours = time / CivilCalendar.microsecondsPerHour
            time -= hours * CivilCalendar.microsecondsPerHour
            minutes = time / CivilCalendar.microsecondsPerMinute
            time -= minutes * CivilCalendar.microsecondsPerMinute
            seconds = time / CivilCalendar.microsecondsPerSecond
            microseconds = time - seconds * CivilCalendar.microsecondsPerSecond
        }
    }

    static func format(_ interval: Interval, style: IntervalStyle) -> String {
        let parts = Parts(interval)
        switch style {
        case .postgres: return postgres(parts)
        case .postgresVerbose: return verbose(parts)
        case .sqlStandard: return sqlStandard(parts)
        case .iso8601: return iso8601(parts)
        }
    }

    private static func twoDigits(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func seconds(_ seconds: Int64, _ microseconds: Int64, fillZeros: Bool) -> String {
        var text = ""
        DateTimeText.appendSeconds(Int(seconds), Int(microseconds), fillZeros: fillZeros, into: &text)
        return text
    }

    private static func postgres(_ parts: Parts) -> String {
        var text = ""
        var isZero = true
        var isBefore = false
        func add(_ value: Int64, _ unit: String) {
            if value == 0 { return }
            text += (isZero ? "" : " ") + (isBefore && value > 0 ? "+" : "") + "\(value) \(unit)" + (value != 1 ? "s" : "")
            isBefore = value < 0
            isZero = false
        }
        add(parts.years, "year")
        add(parts.months, "mon")
        add(parts.days, "day")
        if isZero || parts.hours != 0 || parts.minutes != 0 || parts.seconds != 0 || parts.microseconds != 0 {
            let minus = parts.hours < 0 || parts.minutes < 0 || parts.seconds < 0 || parts.microseconds < 0
            text += (isZero ? "" : " ") + (minus ? "-" : (isBefore ? "+" : ""))
            text += twoDigits(parts.hours.magnitude.asInt64) + ":" + twoDigits(parts.minutes.magnitude.asInt64) + ":"
            text += seconds(parts.seconds, parts.microseconds, fillZeros: true)
        }
        return text
    }

    private static func verbose(_ parts: Parts) -> String {
        var text = "@"
        var isZero = true
        var isBefore = false
        func add(_ value: Int64, _ unit: String) {
            if value == 0 { return }
            var shown = value
            if isZero {
                isBefore = value < 0
                shown = abs(value)
            } else if isBefore {
                shown = -value
            }
            text += " \(shown) \(unit)" + (shown == 1 ? "" : "s")
            isZero = false
        }
        add(parts.years, "year")
        add(parts.months, "mon")
        add(parts.days, "day")
        add(parts.hours, "hour")
        add(parts.minutes, "min")
        if parts.seconds != 0 || parts.microseconds != 0 {
            text += " "
            if parts.seconds < 0 || (parts.seconds == 0 && parts.microseconds < 0) {
                if isZero { isBefore = true } else if !isBefore { text += "-" }
            } else if isBefore {
                text += "-"
            }
            text += seconds(parts.seconds, parts.microseconds, fillZeros: false)
            text += " sec" + (abs(parts.seconds) != 1 || parts.microseconds != 0 ? "s" : "")
            isZero = false
        }
        if isZero { text += " 0" }
        if isBefore { text += " ago" }
        return text
    }

    private static func sqlStandard(_ parts: Parts) -> String {
        var p = parts
        let values = [p.years, p.months, p.days, p.hours, p.minutes, p.seconds, p.microseconds]
        let hasNegative = values.contains { $0 < 0 }
        let hasPositive = values.contains { $0 > 0 }
        let hasYearMonth = p.years != 0 || p.months != 0
        let hasDayTime = p.days != 0 || p.hours != 0 || p.minutes != 0 || p.seconds != 0 || p.microseconds != 0
        let standard = !(hasNegative && hasPositive) && !(hasYearMonth && hasDayTime)
        var text = ""
        if hasNegative && standard {
            text += "-"
            p = Parts(Interval())
            p.years = -parts.years
            p.months = -parts.months
            p.days = -parts.days
            p.hours = -parts.hours
            p.minutes = -parts.minutes
            p.seconds = -parts.seconds
            p.microseconds = -parts.microseconds
        }
        if !hasNegative && !hasPositive {
            return "0"
        } else if !standard {
            let yearSign = p.years < 0 || p.months < 0 ? "-" : "+"
            let daySign = p.days < 0 ? "-" : "+"
            let secondSign = p.hours < 0 || p.minutes < 0 || p.seconds < 0 || p.microseconds < 0 ? "-" : "+"
            text += "\(yearSign)\(abs(p.years))-\(abs(p.months)) \(daySign)\(abs(p.days)) \(secondSign)\(abs(p.hours)):"
            text += twoDigits(abs(p.minutes)) + ":" + seconds(p.seconds, p.microseconds, fillZeros: true)
        } else if hasYearMonth {
            text += "\(p.years)-\(p.months)"
        } else if p.days != 0 {
            text += "\(p.days) \(p.hours):" + twoDigits(p.minutes) + ":" + seconds(p.seconds, p.microseconds, fillZeros: true)
        } else {
            text += "\(p.hours):" + twoDigits(p.minutes) + ":" + seconds(p.seconds, p.microseconds, fillZeros: true)
        }
        return text
    }

    private static func iso8601(_ parts: Parts) -> String {
        if parts.years == 0 && parts.months == 0 && parts.days == 0 && parts.hours == 0 && parts.minutes == 0
            && parts.seconds == 0 && parts.microseconds == 0 {
            return "PT0S"
        }
        var text = "P"
        func add(_ value: Int64, _ unit: String) { if value != 0 { text += "\(value)\(unit)" } }
        add(parts.years, "Y")
        add(parts.months, "M")
        add(parts.days, "D")
        if parts.hours != 0 || parts.minutes != 0 || parts.seconds != 0 || parts.microseconds != 0 { text += "T" }
        add(parts.hours, "H")
        add(parts.minutes, "M")
        if parts.seconds != 0 || parts.microseconds != 0 {
            if parts.seconds < 0 || parts.microseconds < 0 { text += "-" }
            text += seconds(parts.seconds, parts.microseconds, fillZeros: false) + "S"
        }
        return text
    }
}

private extension UInt64 {
    /// The magnitude of an Int64 as printed (Int64.min's magnitude does not fit, but hours never reach it).
    var asInt64: Int64 { Int64(truncatingIfNeeded: self) }
}
