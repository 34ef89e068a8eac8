// The second pass of date, time and timestamp input, ported from PostgreSQL's DecodeDateTime and
// DecodeTimeOnly with their helpers (DecodeDate, DecodeNumber, DecodeNumberField, DecodeTime,
// DecodeTimezone, ValidateDate): the fields of DateTimeLexer become calendar fields, a time zone
// displacement and a kind (an ordinary value, or epoch / infinity / -infinity).

/// Bits of the fields seen so far (PostgreSQL's DTK_M masks).
struct FieldMask: OptionSet {
    var rawValue: UInt32
    static let reserved = FieldMask(rawValue: 1 << 0)
    static let month = FieldMask(rawValue: 1 << 1)
    static let year = FieldMask(rawValue: 1 << 2)
    static let day = FieldMask(rawValue: 1 << 3)
    static let timeZone = FieldMask(rawValue: 1 << 5)
    static let daylightZone = FieldMask(rawValue: 1 << 6)
    static let meridiem = FieldMask(rawValue: 1 << 9)
    static let hour = FieldMask(rawValue: 1 << 10)
    static let minute = FieldMask(rawValue: 1 << 11)
    static let second = FieldMask(rawValue: 1 << 12)
    static let millisecond = FieldMask(rawValue: 1 << 13)
    static let microsecond = FieldMask(rawValue: 1 << 14)
    static let dayOfYear = FieldMask(rawValue: 1 << 15)
    static let dayOfWeek = FieldMask(rawValue: 1 << 16)
    static let era = FieldMask(rawValue: 1 << 18)
    static let week = FieldMask(rawValue: 1 << 24)
    static let decade = FieldMask(rawValue: 1 << 25)
    static let century = FieldMask(rawValue: 1 << 26)
    static let millennium = FieldMask(rawValue: 1 << 27)
    static let daylightModifier = FieldMask(rawValue: 1 << 28)

    static let date: FieldMask = [.year, .month, .day]
    static let time: FieldMask = [.hour, .minute, .second, .millisecond, .microsecond]
    static let allSeconds: FieldMask = [.second, .millisecond, .microsecond]
}

/// The result of decoding date/time input.
struct DecodedDateTime {
    enum Kind { case value, epoch, infinity, negativeInfinity }
    var kind: Kind = .value
    var fields = DateTimeFields(year: 0, month: 0, day: 0)
    /// Seconds *west* of UTC, PostgreSQL's sign convention (tz), when the input had a zone.
    var zoneWest: Int?
    /// Whether the date part was given (time input may carry a date to resolve a zone).
    var hasDate = false
}

/// Decoding of date, time and timestamp fields.
struct DateTimeDecoder {
    let settings: SessionSettings

    /// strtol on a field from `start`: the value, the index after the digits and whether it
    /// overflowed a C int.
    static func leadingInteger(_ text: [UInt8], from start: Int = 0) -> (value: Int, end: Int, overflow: Bool) {
        var index = start
        var negative = false
        if index < text.count && (text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-")) {
            negative = text[index] == UInt8(ascii: "-")
            index += 1
        }
        let digitsStart = index
        var value = 0
        var overflow = false
        while index < text.count && DateTimeLexer.isDigit(text[index]) {
            if value <= Int(Int32.max) { value = value * 10 + Int(text[index] - 48) }
            if value > Int(Int32.max) + (negative ? 1 : 0) { overflow = true }
            index += 1
        }
        if index == digitsStart { return (0, start, false) }
        return (negative ? -value : value, index, overflow)
    }

    /// atoi on a slice of digits.
    private static func digitsValue(_ text: ArraySlice<UInt8>) -> Int {
        var value = 0
        for byte in text {
            guard DateTimeLexer.isDigit(byte) else { break }
            value = value &* 10 &+ Int(byte - 48)
        }
        return value
    }

    /// ParseFractionalSecond: ".ddd" to microseconds, rounded.
    static func fractionalSecond(_ text: ArraySlice<UInt8>) throws(DateTimeError) -> Int {
        let fraction = try fraction(text)
        return Int((fraction * 1_000_000).rounded(.toNearestOrEven))
    }

    /// ParseFraction: "." followed by digits (strtod), nothing else.
    static func fraction(_ text: ArraySlice<UInt8>) throws(DateTimeError) -> Double {
        guard text.first == UInt8(ascii: ".") else { throw .badFormat }
        if text.count == 1 { return 0 }
        guard text.dropFirst().allSatisfy(DateTimeLexer.isDigit), let value = Double(String(decoding: text, as: UTF8.self)) else {
            throw .badFormat
        }
        return value
    }

    /// The broken-down current transaction time in the session zone (GetCurrentDateTime).
    private func currentFields() -> (fields: DateTimeFields, zoneWest: Int) {
        let timestamp = settings.transactionTimestamp
        let utcSeconds = CivilCalendar.floorDivide(timestamp, CivilCalendar.microsecondsPerSecond) + CivilCalendar.unixToPostgresEpochSeconds
        let offset = settings.timeZone.utcOffset(atUTC: utcSeconds)
        let local = timestamp + Int64(offset) * CivilCalendar.microsecondsPerSecond
        let fields = DateTimeFields(timestamp: local) ?? DateTimeFields(year: 2000, month: 1, day: 1)
        return (fields, -offset)
    }

    /// DetermineTimeZoneOffset: seconds west of UTC for local fields in `zone`.
    static func zoneWest(for fields: DateTimeFields, in zone: TimeZoneRules) -> Int {
        guard CivilCalendar.isValidJulian(year: fields.year, month: fields.month, day: fields.day) else { return 0 }
        let days = Int64(CivilCalendar.julianDay(year: fields.year, month: fields.month, day: fields.day) - CivilCalendar.unixEpochJulianDay)
        let local = days * 86_400 + Int64(fields.hour * 3600 + fields.minute * 60 + fields.second)
        return -zone.utcOffset(forLocal: local).offset
    }

    /// DecodeTimezone: "+hh", "+hh:mm", "+hh:mm:ss" or "+hhmm"; seconds west of UTC.
    static func decodeTimeZone(_ text: ArraySlice<UInt8>) throws(DateTimeError) -> Int {
        let bytes = Array(text)
        guard let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { throw .badFormat }
        var (hours, end, overflow) = leadingInteger(bytes, from: 1)
        if overflow { throw .timeZoneDisplacementOverflow }
        var minutes = 0, seconds = 0
        if end < bytes.count && bytes[end] == UInt8(ascii: ":") {
            let parsed = leadingInteger(bytes, from: end + 1)
            if parsed.overflow { throw .timeZoneDisplacementOverflow }
            minutes = parsed.value
            end = parsed.end
            if end < bytes.count && bytes[end] == UInt8(ascii: ":") {
                let secondsParsed = leadingInteger(bytes, from: end + 1)
                if secondsParsed.overflow { throw .timeZoneDisplacementOverflow }
                seconds = secondsParsed.value
                end = secondsParsed.end
            }
        } else if end == bytes.count && bytes.count > 3 {
            minutes = hours % 100
            hours /= 100
        }
        if hours < 0 || hours > 15 || minutes < 0 || minutes >= 60 || seconds < 0 || seconds >= 60 {
            throw .timeZoneDisplacementOverflow
        }
        var zone = (hours * 60 + minutes) * 60 + seconds
        if sign == UInt8(ascii: "-") { zone = -zone }
        if end != bytes.count { throw .badFormat }
        return -zone
    }

    /// DecodeTimeCommon / DecodeTime: "hh:mm[:ss[.fff]]" or "mm:ss.fff".
    static func decodeTime(_ text: [UInt8], range: IntervalFields = .all)
        throws(DateTimeError) -> (hour: Int64, minute: Int, second: Int, microsecond: Int)
    {
        var hour: Int64 = 0
        var index = 0
        var negativeHour = false
        if index < text.count && (text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+")) {
            negativeHour = text[index] == UInt8(ascii: "-")
            index += 1
        }
        let hourStart = index
        while index < text.count && DateTimeLexer.isDigit(text[index]) {
            let (product, overflow1) = hour.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.addingReportingOverflow(Int64(text[index] - 48))
            if overflow1 || overflow2 { throw .fieldOverflow }
            hour = sum
            index += 1
        }
        if negativeHour { hour = -hour }
        guard index > hourStart, index < text.count, text[index] == UInt8(ascii: ":") else { throw .badFormat }
        let minuteParsed = leadingInteger(text, from: index + 1)
        if minuteParsed.overflow { throw .fieldOverflow }
        var minute = minuteParsed.value
        index = minuteParsed.end
        var second = 0
        var microsecond = 0
        if index == text.count {
            if range == .minuteToSecond {
                second = minute
                minute = Int(hour)
                hour = 0
            }
        } else if text[index] == UInt8(ascii: ".") {
            microsecond = try fractionalSecond(text[index...])
            if hour > Int64(Int32.max) || hour < Int64(Int32.min) { throw .fieldOverflow }
            second = minute
            minute = Int(hour)
            hour = 0
        } else if text[index] == UInt8(ascii: ":") {
            let secondParsed = leadingInteger(text, from: index + 1)
            if secondParsed.overflow { throw .fieldOverflow }
            second = secondParsed.value
            index = secondParsed.end
            if index < text.count {
                guard text[index] == UInt8(ascii: ".") else { throw .badFormat }
                microsecond = try fractionalSecond(text[index...])
            }
        } else {
            throw .badFormat
        }
        if hour < 0 || minute < 0 || minute > 59 || second < 0 || second > 60 || microsecond < 0 || microsecond > 1_000_000 {
            throw .fieldOverflow
        }
        return (hour, minute, second, microsecond)
    }

    /// time_overflows.
    static func timeOverflows(_ fields: DateTimeFields) -> Bool {
        if fields.hour < 0 || fields.hour > 24 || fields.minute < 0 || fields.minute >= 60 || fields.second < 0
            || fields.second > 60 || fields.microsecond < 0 || fields.microsecond > 1_000_000 {
            return true
        }
        return fields.timeOfDay > CivilCalendar.microsecondsPerDay
    }

    /// State shared by the field handlers of one decode.
    private struct State {
        var mask: FieldMask = []
        var fields = DateTimeFields(year: 0, month: 0, day: 0)
        var dayOfYear = 0
        var isTwoDigitYear = false
        var isJulian = false
        var isBeforeChrist = false
        var haveTextMonth = false
    }

    /// DecodeNumberField: a run-together date "yyyymmdd" or time "hhmmss[.fff]".
    private static func decodeNumberField(_ text: [UInt8], mask: FieldMask, state: inout State)
        throws(DateTimeError) -> (mask: FieldMask, isTime: Bool)
    {
        var digits = text[...]
        if let point = text.firstIndex(of: UInt8(ascii: ".")) {
            if point + 1 == text.count {
                state.fields.microsecond = 0
            } else {
                guard let fraction = Double(String(decoding: text[point...], as: UTF8.self)) else { throw .badFormat }
                state.fields.microsecond = Int((fraction * 1_000_000).rounded(.toNearestOrEven))
            }
            digits = text[..<point]
        } else if !mask.contains(.date) {
            if digits.count >= 6 {
                let length = digits.count
                state.fields.day = digitsValue(digits.suffix(2))
                state.fields.month = digitsValue(digits.dropLast(2).suffix(2))
                state.fields.year = digitsValue(digits.dropLast(4))
                if length - 4 == 2 { state.isTwoDigitYear = true }
                return (.date, false)
            }
        }
        if !mask.isSuperset(of: .time) {
            if digits.count == 6 {
                let start = digits.startIndex
                state.fields.second = digitsValue(digits[(start + 4)...])
                state.fields.minute = digitsValue(digits[(start + 2)..<(start + 4)])
                state.fields.hour = digitsValue(digits[start..<(start + 2)])
                return (.time, true)
            } else if digits.count == 4 {
                let start = digits.startIndex
                state.fields.second = 0
                state.fields.minute = digitsValue(digits[(start + 2)...])
                state.fields.hour = digitsValue(digits[start..<(start + 2)])
                return (.time, true)
            }
        }
        throw .badFormat
    }

    /// DecodeNumber: one number in the context of the fields seen so far.
    private func decodeNumber(_ text: [UInt8], haveTextMonth: Bool, mask: FieldMask, state: inout State)
        throws(DateTimeError) -> FieldMask
    {
        let parsed = DateTimeDecoder.leadingInteger(text)
        if parsed.overflow { throw .fieldOverflow }
        if parsed.end == 0 { throw .badFormat }
        let value = parsed.value
        if parsed.end < text.count {
            guard text[parsed.end] == UInt8(ascii: ".") else { throw .badFormat }
            if parsed.end > 2 {
                return try DateTimeDecoder.decodeNumberField(text, mask: mask.union(.date), state: &state).mask
            }
            state.fields.microsecond = try DateTimeDecoder.fractionalSecond(text[parsed.end...])
        }
        let length = text.count
        if length == 3 && mask.intersection(.date) == .year && value >= 1 && value <= 366 {
            state.dayOfYear = value
            return [.dayOfYear, .month, .day]
        }
        var result: FieldMask
        switch mask.intersection(.date) {
        case []:
            if length >= 3 || settings.dateOrder == .yearMonthDay {
                result = .year
                state.fields.year = value
            } else if settings.dateOrder == .dayMonthYear {
                result = .day
                state.fields.day = value
            } else {
                result = .month
                state.fields.month = value
            }
        case .year:
            result = .month
            state.fields.month = value
        case .month:
            if haveTextMonth {
                if length >= 3 || settings.dateOrder == .yearMonthDay {
                    result = .year
                    state.fields.year = value
                } else {
                    result = .day
                    state.fields.day = value
                }
            } else {
                result = .day
                state.fields.day = value
            }
        case [.year, .month]:
            if haveTextMonth && length >= 3 && state.isTwoDigitYear {
                result = .day
                state.fields.day = state.fields.year
                state.fields.year = value
                state.isTwoDigitYear = false
            } else {
                result = .day
                state.fields.day = value
            }
        case .day:
            result = .month
            state.fields.month = value
        case [.month, .day]:
            result = .year
            state.fields.year = value
        case .date:
            return try DateTimeDecoder.decodeNumberField(text, mask: mask, state: &state).mask
        default:
            throw .badFormat
        }
        if result == .year { state.isTwoDigitYear = length <= 2 }
        return result
    }

    /// DecodeDate: a field with delimiters, such as "1997-02-07" or "feb-7-1997".
    private func decodeDate(_ text: [UInt8], mask: FieldMask, state: inout State) throws(DateTimeError) -> FieldMask {
        var parts: [[UInt8]] = []
        var index = 0
        while index < text.count && parts.count < DateTimeLexer.maximumFields {
            while index < text.count && !DateTimeLexer.isAlphanumeric(text[index]) { index += 1 }
            if index == text.count { throw .badFormat }
            let start = index
            if DateTimeLexer.isDigit(text[index]) {
                while index < text.count && DateTimeLexer.isDigit(text[index]) { index += 1 }
            } else {
                while index < text.count && DateTimeLexer.isAlpha(text[index]) { index += 1 }
            }
            parts.append(Array(text[start..<index]))
            if index < text.count { index += 1 }
        }
        var mask = mask
        var foundMask: FieldMask = []
        var haveTextMonth = false
        var remaining: [[UInt8]] = []
        for part in parts {
            if let first = part.first, DateTimeLexer.isAlpha(first) {
                let token = DateTimeKeywords.dateToken(part)
                if token == .ignore { continue }
                guard case .month(let month) = token else { throw .badFormat }
                state.fields.month = month
                haveTextMonth = true
                if mask.contains(.month) { throw .badFormat }
                mask.insert(.month)
                foundMask.insert(.month)
            } else {
                remaining.append(part)
            }
        }
        for part in remaining {
            if part.isEmpty { throw .badFormat }
            let partMask = try decodeNumber(part, haveTextMonth: haveTextMonth, mask: mask, state: &state)
            if !mask.intersection(partMask).isEmpty { throw .badFormat }
            mask.formUnion(partMask)
            foundMask.formUnion(partMask)
        }
        if mask.subtracting([.dayOfYear, .timeZone]) != .date { throw .badFormat }
        return foundMask
    }

    /// ValidateDate.
    private static func validateDate(mask: FieldMask, state: inout State) throws(DateTimeError) {
        if mask.contains(.year) {
            if state.isJulian {
                // The year from a Julian day is already right.
            } else if state.isBeforeChrist {
                if state.fields.year <= 0 { throw .fieldOverflow }
                state.fields.year = -(state.fields.year - 1)
            } else if state.isTwoDigitYear {
                if state.fields.year < 0 { throw .fieldOverflow }
                if state.fields.year < 70 { state.fields.year += 2000 } else if state.fields.year < 100 {
                    state.fields.year += 1900
                }
            } else if state.fields.year <= 0 {
                throw .fieldOverflow
            }
        }
        if mask.contains(.dayOfYear) {
            let julian = CivilCalendar.julianDay(year: state.fields.year, month: 1, day: 1) + state.dayOfYear - 1
            let date = CivilCalendar.date(julianDay: julian)
            state.fields.year = date.year
            state.fields.month = date.month
            state.fields.day = date.day
        }
        if mask.contains(.month) && (state.fields.month < 1 || state.fields.month > 12) { throw .monthDayFieldOverflow }
        if mask.contains(.day) && (state.fields.day < 1 || state.fields.day > 31) { throw .monthDayFieldOverflow }
        if mask.isSuperset(of: .date) {
            if state.fields.day > CivilCalendar.daysIn(month: state.fields.month, year: state.fields.year) {
                throw .fieldOverflow
            }
        }
    }

    /// A zone abbreviation from the Default set: seconds west and whether it is a daylight zone.
    private static func abbreviation(_ text: [UInt8]) -> (west: Int, isDaylight: Bool)? {
        guard let entry = TimeZoneAbbreviations.lookup(String(decoding: text, as: UTF8.self)) else { return nil }
        return (-entry.offset, entry.isDaylight)
    }

    /// DecodeDateTime: input for date, timestamp and timestamptz.
    func decodeDateTime(_ fields: [DateTimeField]) throws(DateTimeError) -> DecodedDateTime {
        var state = State()
        var result = DecodedDateTime()
        var zoneWest = 0
        var prefix: DateTimeUnit?
        var prefixIsTime = false
        var meridiem: Bool?
        var namedZone: TimeZoneRules?
        var mask: FieldMask = []
        for field in fields {
            var fieldMask: FieldMask = []
            let text = field.text
            switch field.kind {
            case .date:
                if prefix == .julian {
                    let parsed = DateTimeDecoder.leadingInteger(text)
                    if parsed.overflow || parsed.value < 0 { throw .fieldOverflow }
                    let date = CivilCalendar.date(julianDay: parsed.value)
                    (state.fields.year, state.fields.month, state.fields.day) = (date.year, date.month, date.day)
                    state.isJulian = true
                    zoneWest = try DateTimeDecoder.decodeTimeZone(text[parsed.end...])
                    fieldMask = FieldMask.date.union(.time).union(.timeZone)
                    prefix = nil
                } else if prefix != nil || prefixIsTime || mask.isSuperset(of: [.month, .day]) {
                    if let first = text.first, DateTimeLexer.isDigit(first) || prefix != nil || prefixIsTime {
                        if prefix != nil { throw .badFormat }
                        prefixIsTime = false
                        if mask.isSuperset(of: .time) { throw .badFormat }
                        guard let dash = text.firstIndex(of: UInt8(ascii: "-")) else { throw .badFormat }
                        zoneWest = try DateTimeDecoder.decodeTimeZone(text[dash...])
                        fieldMask = try DateTimeDecoder.decodeNumberField(Array(text[..<dash]), mask: mask, state: &state).mask
                        fieldMask.insert(.timeZone)
                    } else {
                        let name = String(decoding: text, as: UTF8.self)
                        guard let zone = TimeZoneDatabase.zone(named: name) else { throw .badTimeZone(name) }
                        namedZone = zone
                        fieldMask = .timeZone
                    }
                } else {
                    fieldMask = try decodeDate(text, mask: mask, state: &state)
                }
            case .time:
                if prefix != nil { throw .badFormat }
                prefixIsTime = false
                let time = try DateTimeDecoder.decodeTime(text)
                if time.hour > Int64(Int32.max) { throw .fieldOverflow }
                state.fields.hour = Int(time.hour)
                state.fields.minute = time.minute
                state.fields.second = time.second
                state.fields.microsecond = time.microsecond
                fieldMask = .time
                if DateTimeDecoder.timeOverflows(state.fields) { throw .fieldOverflow }
            case .timeZone:
                zoneWest = try DateTimeDecoder.decodeTimeZone(text[...])
                fieldMask = .timeZone
            case .number:
                if prefix != nil || prefixIsTime {
                    let parsed = DateTimeDecoder.leadingInteger(text)
                    if parsed.overflow { throw .fieldOverflow }
                    if parsed.end < text.count && text[parsed.end] != UInt8(ascii: ".") { throw .badFormat }
                    if prefix == .julian {
                        if parsed.value < 0 { throw .fieldOverflow }
                        fieldMask = .date
                        let date = CivilCalendar.date(julianDay: parsed.value)
                        (state.fields.year, state.fields.month, state.fields.day) = (date.year, date.month, date.day)
                        state.isJulian = true
                        if parsed.end < text.count {
                            let fraction = try DateTimeDecoder.fraction(text[parsed.end...])
                            state.fields.setTime(Int64(fraction * Double(CivilCalendar.microsecondsPerDay)))
                            fieldMask.formUnion(.time)
                        }
                    } else if prefixIsTime {
                        let decoded = try DateTimeDecoder.decodeNumberField(text, mask: mask.union(.date), state: &state)
                        fieldMask = decoded.mask
                        if fieldMask != .time { throw .badFormat }
                    } else {
                        throw .badFormat
                    }
                    prefix = nil
                    prefixIsTime = false
                } else {
                    let point = text.firstIndex(of: UInt8(ascii: "."))
                    if point != nil && mask.intersection(.date).isEmpty {
                        fieldMask = try decodeDate(text, mask: mask, state: &state)
                    } else if let point, point > 2 {
                        fieldMask = try DateTimeDecoder.decodeNumberField(text, mask: mask, state: &state).mask
                    } else if text.count >= 6 && (mask.intersection(.date).isEmpty || mask.intersection(.time).isEmpty) {
                        fieldMask = try DateTimeDecoder.decodeNumberField(text, mask: mask, state: &state).mask
                    } else {
                        fieldMask = try decodeNumber(text, haveTextMonth: state.haveTextMonth, mask: mask, state: &state)
                    }
                }
            case .string, .special:
                if let zone = DateTimeDecoder.abbreviation(text) {
                    zoneWest = zone.west
                    fieldMask = zone.isDaylight ? [.daylightZone, .timeZone] : .timeZone
                    break
                }
                guard let token = DateTimeKeywords.dateToken(text) else {
                    let name = String(decoding: text, as: UTF8.self)
                    guard let zone = TimeZoneDatabase.zone(named: name) else { throw .badFormat }
                    namedZone = zone
                    fieldMask = .timeZone
                    break
                }
                switch token {
                case .ignore:
                    continue
                case .reserved(let word):
                    switch word {
                    case .now:
                        fieldMask = FieldMask.date.union(.time).union(.timeZone)
                        let current = currentFields()
                        state.fields = current.fields
                        zoneWest = current.zoneWest
                    case .yesterday, .today, .tomorrow:
                        fieldMask = .date
                        let current = currentFields().fields
                        let shift = word == .yesterday ? -1 : (word == .tomorrow ? 1 : 0)
                        let julian = CivilCalendar.julianDay(year: current.year, month: current.month, day: current.day) + shift
                        let date = CivilCalendar.date(julianDay: julian)
                        (state.fields.year, state.fields.month, state.fields.day) = (date.year, date.month, date.day)
                    case .allBalls:
                        fieldMask = FieldMask.time.union(.timeZone)
                        state.fields.hour = 0
                        state.fields.minute = 0
                        state.fields.second = 0
                        zoneWest = 0
                    case .epoch, .infinity, .negativeInfinity:
                        fieldMask = FieldMask.date.union(.time).union(.timeZone)
                        result.kind = word == .epoch ? .epoch : (word == .infinity ? .infinity : .negativeInfinity)
                    }
                case .month(let month):
                    fieldMask = .month
                    if mask.contains(.month) && !state.haveTextMonth && !mask.contains(.day)
                        && state.fields.month >= 1 && state.fields.month <= 31 {
                        state.fields.day = state.fields.month
                        fieldMask = .day
                    }
                    state.haveTextMonth = true
                    state.fields.month = month
                case .daylightModifier(let seconds):
                    fieldMask = [.daylightModifier, .daylightZone]
                    zoneWest -= seconds
                case .meridiem(let isPostMeridiem):
                    fieldMask = .meridiem
                    meridiem = isPostMeridiem
                case .era(let isBeforeChrist):
                    fieldMask = .era
                    state.isBeforeChrist = isBeforeChrist
                case .dayOfWeek:
                    fieldMask = .dayOfWeek
                case .units(let unit):
                    if prefix != nil || prefixIsTime { throw .badFormat }
                    prefix = unit
                case .isoTime:
                    if !mask.isSuperset(of: .date) { throw .badFormat }
                    if prefix != nil || prefixIsTime { throw .badFormat }
                    prefixIsTime = true
                case .ago:
                    throw .badFormat
                }
            }
            if !fieldMask.intersection(mask).isEmpty { throw .badFormat }
            mask.formUnion(fieldMask)
        }
        if prefix != nil || prefixIsTime { throw .badFormat }
        result.fields = state.fields
        guard result.kind == .value else { return result }
        try DateTimeDecoder.validateDate(mask: mask, state: &state)
        if let meridiem {
            if state.fields.hour > 12 { throw .fieldOverflow }
            if !meridiem && state.fields.hour == 12 { state.fields.hour = 0 } else if meridiem && state.fields.hour != 12 {
                state.fields.hour += 12
            }
        }
        if !mask.isSuperset(of: .date) {
            // Only a time: PostgreSQL reports this as a bad format for dates and timestamps.
            throw .badFormat
        }
        if let namedZone {
            if mask.contains(.daylightModifier) { throw .badFormat }
            zoneWest = DateTimeDecoder.zoneWest(for: state.fields, in: namedZone)
        }
        if !mask.contains(.timeZone) {
            if mask.contains(.daylightModifier) { throw .badFormat }
            zoneWest = DateTimeDecoder.zoneWest(for: state.fields, in: settings.timeZone)
        }
        result.fields = state.fields
        result.zoneWest = zoneWest
        result.hasDate = true
        return result
    }

    /// DecodeTimeOnly: input for time and timetz.
    func decodeTimeOnly(_ fields: [DateTimeField]) throws(DateTimeError) -> DecodedDateTime {
        var state = State()
        var result = DecodedDateTime()
        var zoneWest = 0
        var prefix: DateTimeUnit?
        var prefixIsTime = false
        var meridiem: Bool?
        var namedZone: TimeZoneRules?
        var mask: FieldMask = []
        let count = fields.count
        for (position, field) in fields.enumerated() {
            var fieldMask: FieldMask = []
            let text = field.text
            switch field.kind {
            case .date:
                if position == 0 && count >= 2 && (fields[count - 1].kind == .date || fields[1].kind == .time) {
                    fieldMask = try decodeDate(text, mask: mask, state: &state)
                } else if let first = text.first, DateTimeLexer.isDigit(first) {
                    if mask.isSuperset(of: .time) { throw .badFormat }
                    guard let dash = text.firstIndex(of: UInt8(ascii: "-")) else { throw .badFormat }
                    zoneWest = try DateTimeDecoder.decodeTimeZone(text[dash...])
                    fieldMask = try DateTimeDecoder.decodeNumberField(Array(text[..<dash]), mask: mask.union(.date),
                                                                      state: &state).mask
                    fieldMask.insert(.timeZone)
                } else {
                    let name = String(decoding: text, as: UTF8.self)
                    guard let zone = TimeZoneDatabase.zone(named: name) else { throw .badTimeZone(name) }
                    namedZone = zone
                    fieldMask = .timeZone
                }
            case .time:
                if prefix != nil { throw .badFormat }
                prefixIsTime = false
                let time = try DateTimeDecoder.decodeTime(text)
                if time.hour > Int64(Int32.max) { throw .fieldOverflow }
                state.fields.hour = Int(time.hour)
                state.fields.minute = time.minute
                state.fields.second = time.second
                state.fields.microsecond = time.microsecond
                fieldMask = .time
            case .timeZone:
                zoneWest = try DateTimeDecoder.decodeTimeZone(text[...])
                fieldMask = .timeZone
            case .number:
                if prefix != nil || prefixIsTime {
                    let parsed = DateTimeDecoder.leadingInteger(text)
                    if parsed.overflow { throw .fieldOverflow }
                    if parsed.end < text.count && text[parsed.end] != UInt8(ascii: ".") { throw .badFormat }
                    if prefix == .julian {
                        if parsed.value < 0 { throw .fieldOverflow }
                        fieldMask = .date
                        let date = CivilCalendar.date(julianDay: parsed.value)
                        (state.fields.year, state.fields.month, state.fields.day) = (date.year, date.month, date.day)
                        state.isJulian = true
                        if parsed.end < text.count {
                            let fraction = try DateTimeDecoder.fraction(text[parsed.end...])
                            state.fields.setTime(Int64(fraction * Double(CivilCalendar.microsecondsPerDay)))
                            fieldMask.formUnion(.time)
                        }
                    } else if prefixIsTime {
                        fieldMask = try DateTimeDecoder.decodeNumberField(text, mask: mask.union(.date), state: &state).mask
                        if fieldMask != .time { throw .badFormat }
                    } else {
                        throw .badFormat
                    }
                    prefix = nil
                    prefixIsTime = false
                } else if let point = text.firstIndex(of: UInt8(ascii: ".")) {
                    if position == 0 && count >= 2 && fields[count - 1].kind == .date {
                        fieldMask = try decodeDate(text, mask: mask, state: &state)
                    } else if point > 2 {
                        fieldMask = try DateTimeDecoder.decodeNumberField(text, mask: mask.union(.date), state: &state).mask
                    } else {
                        throw .badFormat
                    }
                } else if text.count > 4 {
                    fieldMask = try DateTimeDecoder.decodeNumberField(text, mask: mask.union(.date), state: &state).mask
                } else {
                    fieldMask = try decodeNumber(text, haveTextMonth: false, mask: mask.union(.date), state: &state)
                }
            case .string, .special:
                if let zone = DateTimeDecoder.abbreviation(text) {
                    zoneWest = zone.west
                    fieldMask = zone.isDaylight ? [.daylightZone, .timeZone] : .timeZone
                    break
                }
                guard let token = DateTimeKeywords.dateToken(text) else {
                    let name = String(decoding: text, as: UTF8.self)
                    guard let zone = TimeZoneDatabase.zone(named: name) else { throw .badFormat }
                    namedZone = zone
                    fieldMask = .timeZone
                    break
                }
                switch token {
                case .ignore:
                    continue
                case .reserved(.now):
                    fieldMask = .time
                    let current = currentFields().fields
                    state.fields.hour = current.hour
                    state.fields.minute = current.minute
                    state.fields.second = current.second
                    state.fields.microsecond = current.microsecond
                case .reserved(.allBalls):
                    fieldMask = FieldMask.time.union(.timeZone)
                    state.fields.hour = 0
                    state.fields.minute = 0
                    state.fields.second = 0
                case .reserved:
                    throw .badFormat
                case .daylightModifier(let seconds):
                    fieldMask = [.daylightModifier, .daylightZone]
                    zoneWest -= seconds
                case .meridiem(let isPostMeridiem):
                    fieldMask = .meridiem
                    meridiem = isPostMeridiem
                case .era(let isBeforeChrist):
                    fieldMask = .era
                    state.isBeforeChrist = isBeforeChrist
                case .units(let unit):
                    if prefix != nil || prefixIsTime { throw .badFormat }
                    prefix = unit
                case .isoTime:
                    if prefix != nil || prefixIsTime { throw .badFormat }
                    prefixIsTime = true
                case .month, .dayOfWeek, .ago:
                    throw .badFormat
                }
            }
            if !fieldMask.intersection(mask).isEmpty { throw .badFormat }
            mask.formUnion(fieldMask)
        }
        if prefix != nil || prefixIsTime { throw .badFormat }
        try DateTimeDecoder.validateDate(mask: mask, state: &state)
        if let meridiem {
            if state.fields.hour > 12 { throw .fieldOverflow }
            if !meridiem && state.fields.hour == 12 { state.fields.hour = 0 } else if meridiem && state.fields.hour != 12 {
                state.fields.hour += 12
            }
        }
        if DateTimeDecoder.timeOverflows(state.fields) { throw .fieldOverflow }
        if !mask.isSuperset(of: .time) { throw .badFormat }
        let hasDate = mask.isSuperset(of: .date)
        if let namedZone {
            if mask.contains(.daylightModifier) { throw .badFormat }
            if namedZone.isFixed {
                zoneWest = -namedZone.utcOffset(atUTC: 0)
            } else {
                if !hasDate { throw .badFormat }
                zoneWest = DateTimeDecoder.zoneWest(for: state.fields, in: namedZone)
            }
        }
        if !mask.contains(.timeZone) {
            if mask.contains(.daylightModifier) { throw .badFormat }
            var probe = state.fields
            if mask.intersection(.date).isEmpty {
                let current = currentFields().fields
                (probe.year, probe.month, probe.day) = (current.year, current.month, current.day)
            } else if !hasDate {
                throw .badFormat
            }
            zoneWest = DateTimeDecoder.zoneWest(for: probe, in: settings.timeZone)
        }
        result.fields = state.fields
        result.zoneWest = zoneWest
        result.hasDate = hasDate
        return result
    }
}
