// Text input and output of date, time, timetz, timestamp, timestamptz and interval, as
// PostgreSQL's date_in/date_out, time_in/time_out, timestamp_in/timestamp_out and
// interval_in/interval_out: the decoders do the parsing, this file applies range checks and
// typmods (rounding of fractional seconds, interval field restrictions), maps decoding failures
// to PostgreSQL's errors, and prints in the session's DateStyle and IntervalStyle.

public import HeliosCore

/// Parsing and printing of date/time values.
public enum DateTimeText {
    /// DATE_NOBEGIN / DATE_NOEND.
    public static let dateNegativeInfinity = Int32.min
    public static let dateInfinity = Int32.max
    /// DT_NOBEGIN / DT_NOEND.
    public static let timestampNegativeInfinity = Int64.min
    public static let timestampInfinity = Int64.max

    // MARK: - Errors

    static func report(_ error: DateTimeError, text: String, typeName: String) -> DatabaseError {
        switch error {
        case .badFormat:
            return DatabaseError(.invalidDatetimeFormat, "invalid input syntax for type \(typeName): \"\(text)\"")
        case .fieldOverflow:
            return DatabaseError(.datetimeFieldOverflow, "date/time field value out of range: \"\(text)\"")
        case .monthDayFieldOverflow:
            return DatabaseError(.datetimeFieldOverflow, "date/time field value out of range: \"\(text)\"",
                                 hint: "Perhaps you need a different \"datestyle\" setting.")
        case .intervalOverflow:
            return DatabaseError(.intervalFieldOverflow, "interval field value out of range: \"\(text)\"")
        case .timeZoneDisplacementOverflow:
            return DatabaseError(.invalidTimeZoneDisplacementValue, "time zone displacement out of range: \"\(text)\"")
        case .badTimeZone(let name):
            return DatabaseError(.invalidParameterValue, "time zone \"\(name)\" not recognized")
        }
    }

    private static func decode(_ text: String, typeName: String, settings: SessionSettings, timeOnly: Bool)
        throws(DatabaseError) -> DecodedDateTime
    {
        do {
            let fields = try DateTimeLexer.fields(of: text)
            let decoder = DateTimeDecoder(settings: settings)
            return timeOnly ? try decoder.decodeTimeOnly(fields) : try decoder.decodeDateTime(fields)
        } catch {
            throw report(error, text: text, typeName: typeName)
        }
    }

    // MARK: - Input

    /// date_in.
    public static func parseDate(_ text: String, settings: SessionSettings = .standard) throws(DatabaseError) -> Int32 {
        let decoded = try decode(text, typeName: "date", settings: settings, timeOnly: false)
        var fields = decoded.fields
        switch decoded.kind {
        case .infinity: return dateInfinity
        case .negativeInfinity: return dateNegativeInfinity
        case .epoch: fields = DateTimeFields(year: 1970, month: 1, day: 1)
        case .value: break
        }
        let outOfRange = DatabaseError(.datetimeFieldOverflow, "date out of range: \"\(text)\"")
        guard CivilCalendar.isValidJulian(year: fields.year, month: fields.month, day: fields.day) else { throw outOfRange }
        let days = fields.dayNumber
        guard CivilCalendar.isValidDate(days) else { throw outOfRange }
        return Int32(days)
    }

    /// timestamp_in, with the typmod's fractional-second precision.
    public static func parseTimestamp(_ text: String, modifier: Int32 = -1, settings: SessionSettings = .standard)
        throws(DatabaseError) -> Int64
    {
        let decoded = try decode(text, typeName: "timestamp", settings: settings, timeOnly: false)
        switch decoded.kind {
        case .infinity: return timestampInfinity
        case .negativeInfinity: return timestampNegativeInfinity
        case .epoch: return -CivilCalendar.unixToPostgresEpochSeconds * CivilCalendar.microsecondsPerSecond
        case .value: break
        }
        guard let value = decoded.fields.timestamp() else {
            throw DatabaseError(.datetimeFieldOverflow, "timestamp out of range: \"\(text)\"")
        }
        return try roundTimestamp(value, modifier: modifier)
    }

    /// timestamptz_in: a zone in the text wins, else the session zone resolves the local time.
    public static func parseTimestampWithTimeZone(_ text: String, modifier: Int32 = -1, settings: SessionSettings = .standard)
        throws(DatabaseError) -> Int64
    {
        let decoded = try decode(text, typeName: "timestamp with time zone", settings: settings, timeOnly: false)
        switch decoded.kind {
        case .infinity: return timestampInfinity
        case .negativeInfinity: return timestampNegativeInfinity
        case .epoch: return -CivilCalendar.unixToPostgresEpochSeconds * CivilCalendar.microsecondsPerSecond
        case .value: break
        }
        guard let value = decoded.fields.timestamp(offsetSeconds: -(decoded.zoneWest ?? 0)) else {
            throw DatabaseError(.datetimeFieldOverflow, "timestamp out of range: \"\(text)\"")
        }
        return try roundTimestamp(value, modifier: modifier)
    }

    /// time_in.
    public static func parseTime(_ text: String, modifier: Int32 = -1, settings: SessionSettings = .standard) throws(DatabaseError) -> Int64 {
        let decoded = try decode(text, typeName: "time", settings: settings, timeOnly: true)
        return roundTime(decoded.fields.timeOfDay, modifier: modifier)
    }

    /// timetz_in.
    public static func parseTimeWithTimeZone(_ text: String, modifier: Int32 = -1, settings: SessionSettings = .standard)
        throws(DatabaseError) -> TimeWithTimeZone
    {
        let decoded = try decode(text, typeName: "time with time zone", settings: settings, timeOnly: true)
        let time = roundTime(decoded.fields.timeOfDay, modifier: modifier)
        return TimeWithTimeZone(microseconds: time, offsetSeconds: Int32(-(decoded.zoneWest ?? 0)))
    }

    /// interval_in, with the typmod's fields restriction and precision.
    public static func parseInterval(_ text: String, modifier: Int32 = -1, settings: SessionSettings = .standard)
        throws(DatabaseError) -> Interval
    {
        let range = TypeModifier.intervalFields(of: modifier)
        var accumulator: IntervalAccumulator
        do {
            do {
                let fields = try DateTimeLexer.fields(of: text, bufferSize: 256)
                accumulator = try IntervalDecoder.decode(fields, range: range, style: settings.intervalStyle)
            } catch .badFormat {
                accumulator = try IntervalDecoder.decodeISO8601(text)
            }
        } catch .fieldOverflow {
            throw report(.intervalOverflow, text: text, typeName: "interval")
        } catch {
            throw report(error, text: text, typeName: "interval")
        }
        guard let interval = accumulator.interval else {
            throw DatabaseError(.datetimeFieldOverflow, "interval out of range")
        }
        return adjustInterval(interval, modifier: modifier)
    }

    // MARK: - Typmods

    private static let scales: [Int64] = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1]

    /// AdjustTimestampForTypmod: rounds to the precision, half away from zero.
    public static func roundTimestamp(_ value: Int64, modifier: Int32) throws(DatabaseError) -> Int64 {
        guard modifier >= 0 && modifier < 6, value != timestampInfinity && value != timestampNegativeInfinity else { return value }
        let scale = scales[Int(modifier)]
        let half = scale / 2
        let rounded = value >= 0 ? (value + half) / scale * scale : -((-value + half) / scale * scale)
        guard CivilCalendar.isValidTimestamp(rounded) else {
            throw DatabaseError(.datetimeFieldOverflow, "timestamp out of range")
        }
        return rounded
    }

    /// AdjustTimeForTypmod.
    public static func roundTime(_ value: Int64, modifier: Int32) -> Int64 {
        guard modifier >= 0 && modifier < 6 else { return value }
        let scale = scales[Int(modifier)]
        return (value + scale / 2) / scale * scale
    }

    /// AdjustIntervalForTypmod: zeroes fields right of the restriction and rounds the precision.
    public static func adjustInterval(_ interval: Interval, modifier: Int32) -> Interval {
        guard modifier >= 0 else { return interval }
        var result = interval
        let range = TypeModifier.intervalFields(of: modifier)
        switch range {
        case .year:
            result.months = result.months / 12 * 12
            result.days = 0
            result.microseconds = 0
        case .month, .yearToMonth:
            result.days = 0
            result.microseconds = 0
        case .day:
            result.microseconds = 0
        case .hour, .dayToHour:
            result.microseconds = result.microseconds / CivilCalendar.microsecondsPerHour * CivilCalendar.microsecondsPerHour
        case .minute, .dayToMinute, .hourToMinute:
            result.microseconds = result.microseconds / CivilCalendar.microsecondsPerMinute * CivilCalendar.microsecondsPerMinute
        default:
            break
        }
        if let precision = TypeModifier.secondsPrecision(of: modifier, kind: .interval), precision < 6 {
            let scale = scales[precision]
            let value = result.microseconds
            result.microseconds = value >= 0 ? (value + scale / 2) / scale * scale : -((-value + scale / 2) / scale * scale)
        }
        return result
    }

    // MARK: - Time zones

    /// The local fields, UTC offset (seconds east) and abbreviation of a timestamptz in `zone`
    /// (timestamp2tm); nil beyond the Julian range.
    public static func localFields(ofTimestampWithTimeZone value: Int64, zone: TimeZoneRules)
        -> (fields: DateTimeFields, offset: Int, abbreviation: String)?
    {
        let utcSeconds = CivilCalendar.floorDivide(value, CivilCalendar.microsecondsPerSecond) + CivilCalendar.unixToPostgresEpochSeconds
        let type = zone.localTimeType(atUTC: utcSeconds)
        let (local, overflow) = value.addingReportingOverflow(Int64(type.utcOffset) * CivilCalendar.microsecondsPerSecond)
        guard !overflow, let fields = DateTimeFields(timestamp: local) else { return nil }
        return (fields, type.utcOffset, type.abbreviation)
    }

    /// The timestamptz for a local wall-clock timestamp in `zone` (DetermineTimeZoneOffset).
    public static func timestampWithTimeZone(fromLocal local: Int64, zone: TimeZoneRules) throws(DatabaseError) -> Int64 {
        if local == timestampInfinity || local == timestampNegativeInfinity { return local }
        guard let fields = DateTimeFields(timestamp: local) else {
            throw DatabaseError(.datetimeFieldOverflow, "timestamp out of range")
        }
        let west = DateTimeDecoder.zoneWest(for: fields, in: zone)
        guard let result = fields.timestamp(offsetSeconds: -west) else {
            throw DatabaseError(.datetimeFieldOverflow, "timestamp out of range")
        }
        return result
    }

    // MARK: - Output

    private static func pad(_ value: Int, _ width: Int, into text: inout String) {
        let digits = String(value)
        if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
        text += digits
    }

    private static func appendYear(_ year: Int, into text: inout String) {
        pad(year > 0 ? year : -(year - 1), 4, into: &text)
    }

    /// AppendSeconds: seconds and up to six fraction digits without trailing zeros.
    static func appendSeconds(_ seconds: Int, _ microseconds: Int, fillZeros: Bool, into text: inout String) {
        if fillZeros { pad(abs(seconds), 2, into: &text) } else { text += String(abs(seconds)) }
        if microseconds != 0 {
            var fraction = String(abs(microseconds))
            fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
    }

    /// EncodeTimezone: +hh, +hh:mm or +hh:mm:ss, for an offset in seconds east of UTC.
    static func appendZone(_ offsetEast: Int, into text: inout String) {
        var seconds = abs(offsetEast)
        var minutes = seconds / 60
        seconds -= minutes * 60
        let hours = minutes / 60
        minutes -= hours * 60
        text += offsetEast >= 0 ? "+" : "-"
        pad(hours, 2, into: &text)
        if seconds != 0 {
            text += ":"
            pad(minutes, 2, into: &text)
            text += ":"
            pad(seconds, 2, into: &text)
        } else if minutes != 0 {
            text += ":"
            pad(minutes, 2, into: &text)
        }
    }

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// date_out.
    public static func formatDate(_ value: Int32, settings: SessionSettings = .standard) -> String {
        if value == dateInfinity { return "infinity" }
        if value == dateNegativeInfinity { return "-infinity" }
        let fields = DateTimeFields(date: value)
        var text = ""
        switch settings.dateStyle {
        case .iso:
            appendYear(fields.year, into: &text)
            text += "-"
            pad(fields.month, 2, into: &text)
            text += "-"
            pad(fields.day, 2, into: &text)
        case .sql, .postgres:
            let separator = settings.dateStyle == .sql ? "/" : "-"
            if settings.dateOrder == .dayMonthYear {
                pad(fields.day, 2, into: &text)
                text += separator
                pad(fields.month, 2, into: &text)
            } else {
                pad(fields.month, 2, into: &text)
                text += separator
                pad(fields.day, 2, into: &text)
            }
            text += separator
            appendYear(fields.year, into: &text)
        case .german:
            pad(fields.day, 2, into: &text)
            text += "."
            pad(fields.month, 2, into: &text)
            text += "."
            appendYear(fields.year, into: &text)
        }
        if fields.year <= 0 { text += " BC" }
        return text
    }

    /// time_out.
    public static func formatTime(_ value: Int64) -> String {
        var fields = DateTimeFields(year: 2000, month: 1, day: 1)
        fields.setTime(value)
        var text = ""
        pad(fields.hour, 2, into: &text)
        text += ":"
        pad(fields.minute, 2, into: &text)
        text += ":"
        appendSeconds(fields.second, fields.microsecond, fillZeros: true, into: &text)
        return text
    }

    /// timetz_out.
    public static func formatTimeWithTimeZone(_ value: TimeWithTimeZone) -> String {
        var text = formatTime(value.microseconds)
        appendZone(Int(value.offsetSeconds), into: &text)
        return text
    }

    /// timestamp_out.
    public static func formatTimestamp(_ value: Int64, settings: SessionSettings = .standard) -> String {
        if value == timestampInfinity { return "infinity" }
        if value == timestampNegativeInfinity { return "-infinity" }
        guard let fields = DateTimeFields(timestamp: value) else { return "timestamp out of range" }
        return encode(fields, zone: nil, settings: settings)
    }

    /// timestamptz_out, in the session time zone.
    public static func formatTimestampWithTimeZone(_ value: Int64, settings: SessionSettings = .standard) -> String {
        if value == timestampInfinity { return "infinity" }
        if value == timestampNegativeInfinity { return "-infinity" }
        guard let local = localFields(ofTimestampWithTimeZone: value, zone: settings.timeZone) else {
            return "timestamp out of range"
        }
        return encode(local.fields, zone: (local.offset, local.abbreviation), settings: settings)
    }

    /// EncodeDateTime.
    static func encode(_ fields: DateTimeFields, zone: (offset: Int, abbreviation: String)?, settings: SessionSettings) -> String {
        var text = ""
        func appendClock() {
            pad(fields.hour, 2, into: &text)
            text += ":"
            pad(fields.minute, 2, into: &text)
            text += ":"
            appendSeconds(fields.second, fields.microsecond, fillZeros: true, into: &text)
        }
        func appendNamedZone() {
            guard let zone else { return }
            if zone.abbreviation.isEmpty || zone.abbreviation.first == "+" || zone.abbreviation.first == "-" {
                text += " "
                appendZone(zone.offset, into: &text)
            } else {
                text += " " + zone.abbreviation
            }
        }
        switch settings.dateStyle {
        case .iso:
            appendYear(fields.year, into: &text)
            text += "-"
            pad(fields.month, 2, into: &text)
            text += "-"
            pad(fields.day, 2, into: &text)
            text += " "
            appendClock()
            if let zone { appendZone(zone.offset, into: &text) }
        case .sql:
            if settings.dateOrder == .dayMonthYear {
                pad(fields.day, 2, into: &text)
                text += "/"
                pad(fields.month, 2, into: &text)
            } else {
                pad(fields.month, 2, into: &text)
                text += "/"
                pad(fields.day, 2, into: &text)
            }
            text += "/"
            appendYear(fields.year, into: &text)
            text += " "
            appendClock()
            appendNamedZone()
        case .german:
            pad(fields.day, 2, into: &text)
            text += "."
            pad(fields.month, 2, into: &text)
            text += "."
            appendYear(fields.year, into: &text)
            text += " "
            appendClock()
            appendNamedZone()
        case .postgres:
            let julian = CivilCalendar.julianDay(year: fields.year, month: fields.month, day: fields.day)
            text += dayNames[CivilCalendar.dayOfWeek(julianDay: julian)] + " "
            if settings.dateOrder == .dayMonthYear {
                pad(fields.day, 2, into: &text)
                text += " " + monthNames[fields.month - 1]
            } else {
                text += monthNames[fields.month - 1] + " "
                pad(fields.day, 2, into: &text)
            }
            text += " "
            appendClock()
            text += " "
            appendYear(fields.year, into: &text)
            appendNamedZone()
        }
        if fields.year <= 0 { text += " BC" }
        return text
    }

    /// interval_out.
    public static func formatInterval(_ value: Interval, settings: SessionSettings = .standard) -> String {
        IntervalText.format(value, style: settings.intervalStyle)
    }
}
