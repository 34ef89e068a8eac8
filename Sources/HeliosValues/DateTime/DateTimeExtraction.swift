// EXTRACT / date_part fields, as PostgreSQL 14+ computes them (numeric results, exact): second
// with six decimals, millisecond with three, epoch in seconds, julian as a fraction, ISO week and
// year, dow (Sunday 0) and isodow (Sunday 7), century and millennium counted from year 1, BC
// years negative. Infinite timestamps give +/-Infinity for epoch, julian and the year-like
// fields and NULL for the rest; unsupported fields are 0A000, unknown ones 22023.

public import HeliosCore

/// Field extraction from dates, times, timestamps and intervals.
public enum DateTimeExtraction {
    /// The unit a field name denotes (deltatktbl and datetktbl words), nil when unknown.
    public static func unit(named name: String) -> DateTimeUnit? {
        let lower = Array(name.lowercased().utf8)
        if case .units(let unit)? = DateTimeKeywords.intervalToken(lower) { return unit }
        if case .units(let unit)? = DateTimeKeywords.dateToken(lower) { return unit }
        switch name.lowercased() {
        case "epoch": return .epoch
        case "week", "weeks": return .week
        default: return nil
        }
    }

    static func notRecognized(_ name: String, _ type: SQLType) -> DatabaseError {
        DatabaseError(.invalidParameterValue, "unit \"\(name.lowercased())\" not recognized for type \(type.formatted)")
    }

    static func notSupported(_ name: String, _ type: SQLType) -> DatabaseError {
        DatabaseError(.featureNotSupported, "unit \"\(name.lowercased())\" not supported for type \(type.formatted)")
    }

    /// value / 10^scale as a numeric with exactly `scale` decimals (int64_div_fast_to_numeric).
    static func scaled(_ value: Int64, _ scale: Int) -> Numeric {
        Numeric(value).shiftedDecimal(by: -scale).withDisplayScale(scale)
    }

    /// ISO 8601 week number (date2isoweek).
    public static func isoWeek(year: Int, month: Int, day: Int) -> Int {
        let dayNumber = CivilCalendar.julianDay(year: year, month: month, day: day)
        var fourth = CivilCalendar.julianDay(year: year, month: 1, day: 4)
        var offset = CivilCalendar.dayOfWeek(julianDay: fourth - 1)
        if dayNumber < fourth - offset {
            fourth = CivilCalendar.julianDay(year: year - 1, month: 1, day: 4)
            offset = CivilCalendar.dayOfWeek(julianDay: fourth - 1)
        }
        var result = (dayNumber - (fourth - offset)) / 7 + 1
        if result >= 52 {
            let nextFourth = CivilCalendar.julianDay(year: year + 1, month: 1, day: 4)
            let nextOffset = CivilCalendar.dayOfWeek(julianDay: nextFourth - 1)
            if dayNumber >= nextFourth - nextOffset { result = (dayNumber - (nextFourth - nextOffset)) / 7 + 1 }
        }
        return result
    }

    /// ISO 8601 week-numbering year (date2isoyear).
    public static func isoYear(year: Int, month: Int, day: Int) -> Int {
        let dayNumber = CivilCalendar.julianDay(year: year, month: month, day: day)
        var result = year
        var fourth = CivilCalendar.julianDay(year: year, month: 1, day: 4)
        var offset = CivilCalendar.dayOfWeek(julianDay: fourth - 1)
        if dayNumber < fourth - offset {
            fourth = CivilCalendar.julianDay(year: year - 1, month: 1, day: 4)
            offset = CivilCalendar.dayOfWeek(julianDay: fourth - 1)
            result -= 1
        }
        let week = (dayNumber - (fourth - offset)) / 7 + 1
        if week >= 52 {
            let nextFourth = CivilCalendar.julianDay(year: year + 1, month: 1, day: 4)
            let nextOffset = CivilCalendar.dayOfWeek(julianDay: nextFourth - 1)
            if dayNumber >= nextFourth - nextOffset { result += 1 }
        }
        return result
    }

    /// The Monday starting ISO week `week` of ISO year `year` (isoweek2j).
    static func isoWeekStart(year: Int, week: Int) -> Int {
        let fourth = CivilCalendar.julianDay(year: year, month: 1, day: 4)
        let offset = CivilCalendar.dayOfWeek(julianDay: fourth - 1)
        return (week - 1) * 7 + (fourth - offset)
    }

    static func yearField(_ year: Int) -> Int { year > 0 ? year : year - 1 }
    static func decade(_ year: Int) -> Int { year >= 0 ? year / 10 : -((8 - (year - 1)) / 10) }
    static func century(_ year: Int) -> Int { year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100) }
    static func millennium(_ year: Int) -> Int { year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000) }

    /// The fields that depend only on the calendar date, nil for other units.
    static func dateField(_ unit: DateTimeUnit, _ fields: DateTimeFields) -> Numeric? {
        let (year, month, day) = (fields.year, fields.month, fields.day)
        switch unit {
        case .day: return Numeric(day)
        case .month: return Numeric(month)
        case .quarter: return Numeric((month - 1) / 3 + 1)
        case .week: return Numeric(isoWeek(year: year, month: month, day: day))
        case .year: return Numeric(yearField(year))
        case .decade: return Numeric(decade(year))
        case .century: return Numeric(century(year))
        case .millennium: return Numeric(millennium(year))
        case .isoYear:
            let result = isoYear(year: year, month: month, day: day)
            return Numeric(result <= 0 ? result - 1 : result)
        case .dayOfWeek: return Numeric(CivilCalendar.dayOfWeek(julianDay: CivilCalendar.julianDay(year: year, month: month, day: day)))
        case .isoDayOfWeek:
            let weekday = CivilCalendar.dayOfWeek(julianDay: CivilCalendar.julianDay(year: year, month: month, day: day))
            return Numeric(weekday == 0 ? 7 : weekday)
        case .dayOfYear:
            return Numeric(CivilCalendar.julianDay(year: year, month: month, day: day) - CivilCalendar.julianDay(year: year, month: 1, day: 1) + 1)
        default: return nil
        }
    }

    /// The fields of a time of day, nil for other units.
    static func timeField(_ unit: DateTimeUnit, _ fields: DateTimeFields) -> Numeric? {
        let secondsAndFraction = Int64(fields.second) * 1_000_000 + Int64(fields.microsecond)
        switch unit {
        case .microsecond: return Numeric(secondsAndFraction)
        case .millisecond: return scaled(secondsAndFraction, 3)
        case .second: return scaled(secondsAndFraction, 6)
        case .minute: return Numeric(fields.minute)
        case .hour: return Numeric(fields.hour)
        default: return nil
        }
    }

    /// Whether an infinite timestamp gives +/-Infinity (true), NULL (false) or an error (nil).
    static func infiniteResult(_ unit: DateTimeUnit) -> Bool? {
        switch unit {
        case .epoch, .julian, .year, .isoYear, .decade, .century, .millennium: return true
        case .microsecond, .millisecond, .second, .minute, .hour, .day, .month, .quarter, .week, .dayOfWeek,
             .isoDayOfWeek, .dayOfYear, .timeZone, .timeZoneHour, .timeZoneMinute: return false
        }
    }

    /// EXTRACT(field FROM timestamp) and, with a zone, FROM timestamptz.
    public static func extract(_ name: String, fromTimestamp value: Int64, zone: TimeZoneRules?) throws(DatabaseError) -> SQLValue {
        let type: SQLType = zone == nil ? .timestamp : .timestampWithTimeZone
        guard let unit = unit(named: name) else { throw notRecognized(name, type) }
        if value == DateTimeText.timestampInfinity || value == DateTimeText.timestampNegativeInfinity {
            if zone == nil && [.timeZone, .timeZoneHour, .timeZoneMinute].contains(unit) { throw notSupported(name, type) }
            guard infiniteResult(unit) == true else { return .null }
            return .numeric(value == DateTimeText.timestampInfinity ? .infinity : .negativeInfinity)
        }
        var fields: DateTimeFields
        var offset = 0
        if let zone {
            guard let local = DateTimeText.localFields(ofTimestampWithTimeZone: value, zone: zone) else {
                throw DateTimeArithmetic.timestampOutOfRange
            }
            fields = local.fields
            offset = local.offset
        } else {
            guard let plain = DateTimeFields(timestamp: value) else { throw DateTimeArithmetic.timestampOutOfRange }
            fields = plain
        }
        if let result = dateField(unit, fields) ?? timeField(unit, fields) { return .numeric(result) }
        switch unit {
        case .epoch:
            let sinceUnixEpoch = value + CivilCalendar.unixToPostgresEpochSeconds * CivilCalendar.microsecondsPerSecond
            if zone == nil { return .numeric(scaled(sinceUnixEpoch, 6)) }
            return .numeric(scaled(sinceUnixEpoch, 6))
        case .julian:
            let day = Numeric(CivilCalendar.julianDay(year: fields.year, month: fields.month, day: fields.day))
            let fraction = try Numeric(fields.timeOfDay).divided(by: Numeric(CivilCalendar.microsecondsPerDay))
            return .numeric(try day.adding(fraction))
        case .timeZone, .timeZoneHour, .timeZoneMinute:
            guard zone != nil else { throw notSupported(name, type) }
            switch unit {
            case .timeZone: return .numeric(Numeric(offset))
            case .timeZoneHour: return .numeric(Numeric(offset / 3600))
            default: return .numeric(Numeric(offset / 60 % 60))
            }
        default:
            throw notSupported(name, type)
        }
    }

    /// EXTRACT(field FROM date).
    public static func extract(_ name: String, fromDate value: Int32) throws(DatabaseError) -> SQLValue {
        guard let unit = unit(named: name) else { throw notRecognized(name, .date) }
        if value == DateTimeText.dateInfinity || value == DateTimeText.dateNegativeInfinity {
            switch unit {
            case .epoch, .julian, .year, .isoYear, .decade, .century, .millennium:
                return .numeric(value == DateTimeText.dateInfinity ? .infinity : .negativeInfinity)
            case .day, .month, .quarter, .week, .dayOfWeek, .isoDayOfWeek, .dayOfYear:
                return .null
            default:
                throw notSupported(name, .date)
            }
        }
        let fields = DateTimeFields(date: value)
        if let result = dateField(unit, fields) { return .numeric(result) }
        switch unit {
        case .epoch:
            return .numeric(Numeric((Int64(value) + Int64(CivilCalendar.postgresEpochJulianDay - CivilCalendar.unixEpochJulianDay)) * 86_400))
        case .julian:
            return .numeric(Numeric(Int(value) + CivilCalendar.postgresEpochJulianDay))
        default:
            throw notSupported(name, .date)
        }
    }

    /// EXTRACT(field FROM time) and FROM timetz (with its offset).
    public static func extract(_ name: String, fromTime value: Int64, offset: Int?) throws(DatabaseError) -> SQLValue {
        let type: SQLType = offset == nil ? .time : .timeWithTimeZone
        guard let unit = unit(named: name) else { throw notRecognized(name, type) }
        var fields = DateTimeFields(year: 2000, month: 1, day: 1)
        fields.setTime(value)
        if let result = timeField(unit, fields) { return .numeric(result) }
        switch unit {
        case .epoch:
            let adjusted = value - Int64(offset ?? 0) * CivilCalendar.microsecondsPerSecond
            return .numeric(scaled(adjusted, 6))
        case .timeZone, .timeZoneHour, .timeZoneMinute:
            guard let offset else { throw notSupported(name, type) }
            switch unit {
            case .timeZone: return .numeric(Numeric(offset))
            case .timeZoneHour: return .numeric(Numeric(offset / 3600))
            default: return .numeric(Numeric(offset / 60 % 60))
            }
        default:
            throw notSupported(name, type)
        }
    }

    /// EXTRACT(field FROM interval).
    public static func extract(_ name: String, fromInterval value: Interval) throws(DatabaseError) -> SQLValue {
        guard let unit = unit(named: name) else { throw notRecognized(name, .interval) }
        let parts = IntervalText.Parts(value)
        let secondsAndFraction = parts.seconds * 1_000_000 + parts.microseconds
        switch unit {
        case .microsecond: return .numeric(Numeric(secondsAndFraction))
        case .millisecond: return .numeric(scaled(secondsAndFraction, 3))
        case .second: return .numeric(scaled(secondsAndFraction, 6))
        case .minute: return .numeric(Numeric(parts.minutes))
        case .hour: return .numeric(Numeric(parts.hours))
        case .day: return .numeric(Numeric(parts.days))
        case .month: return .numeric(Numeric(parts.months))
        case .quarter: return .numeric(Numeric(parts.months / 3 + 1))
        case .year: return .numeric(Numeric(parts.years))
        case .decade: return .numeric(Numeric(parts.years / 10))
        case .century: return .numeric(Numeric(parts.years / 100))
        case .millennium: return .numeric(Numeric(parts.years / 1000))
        case .epoch:
            let fromDaysAndMonths = Int64(365.25 * 86_400) * Int64(value.months / 12) + Int64(30 * 86_400) * Int64(value.months % 12)
                + 86_400 * Int64(value.days)
            let (scaledSeconds, overflow1) = fromDaysAndMonths.multipliedReportingOverflow(by: 1_000_000)
            let (total, overflow2) = scaledSeconds.addingReportingOverflow(value.microseconds)
            if !overflow1 && !overflow2 { return .numeric(scaled(total, 6)) }
            let wide = try Numeric(fromDaysAndMonths).adding(scaled(value.microseconds, 6))
            return .numeric(wide)
        default:
            throw notSupported(name, .interval)
        }
    }
}
