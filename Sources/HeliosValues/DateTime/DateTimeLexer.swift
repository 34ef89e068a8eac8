// The first pass of date/time input, ported from PostgreSQL's ParseDateTime: split the text into
// fields, lower-cased, each tagged as a number, a date ("1997-02-07", "feb-7-1997"), a time
// ("15:23:27.5"), a word, a signed word ("-infinity") or a signed number (a time zone
// displacement such as "-08:00"). The keyword tables of datetime.c (datetktbl for dates and
// times, deltatktbl for interval units) live here too.

/// Errors of date/time decoding, mapped to PostgreSQL's messages by `DateTimeError.report`.
enum DateTimeError: Error {
    /// DTERR_BAD_FORMAT: invalid input syntax.
    case badFormat
    /// DTERR_FIELD_OVERFLOW: a field value out of range.
    case fieldOverflow
    /// DTERR_MD_FIELD_OVERFLOW: month or day out of range (hints at DateStyle).
    case monthDayFieldOverflow
    /// DTERR_INTERVAL_OVERFLOW.
    case intervalOverflow
    /// DTERR_TZDISP_OVERFLOW.
    case timeZoneDisplacementOverflow
    /// DTERR_BAD_TIMEZONE with the zone name.
    case badTimeZone(String)
}

/// One field of date/time input.
struct DateTimeField {
    enum Kind: Equatable {
        case number, date, time, string, special, timeZone
    }
    var text: [UInt8]
    var kind: Kind
}

/// The meaning of a keyword in date/time input.
enum DateTimeToken: Equatable {
    enum Reserved: Equatable { case now, yesterday, today, tomorrow, allBalls, epoch, infinity, negativeInfinity }
    case reserved(Reserved)
    case month(Int)
    case dayOfWeek(Int)
    case meridiem(isPostMeridiem: Bool)
    case era(isBeforeChrist: Bool)
    case units(DateTimeUnit)
    case isoTime
    case ignore
    case daylightModifier(Int)
    case ago
}

/// Units that label a number in date/time or interval input, and EXTRACT fields.
public enum DateTimeUnit: Hashable, Sendable {
    case microsecond, millisecond, second, minute, hour, day, week, month, quarter, year
    case decade, century, millennium, julian, dayOfWeek, dayOfYear, timeZone, timeZoneHour, timeZoneMinute
    case isoYear, isoDayOfWeek, epoch
}

/// Splitting date/time text into fields.
enum DateTimeLexer {
    /// MAXDATEFIELDS.
    static let maximumFields = 25

    static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || (byte >= 9 && byte <= 13) }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isAlpha(byte) }
    static func isPunctuation(_ byte: UInt8) -> Bool {
        (byte >= 33 && byte <= 47) || (byte >= 58 && byte <= 64) || (byte >= 91 && byte <= 96) || (byte >= 123 && byte <= 126)
    }
    static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte | 0x20 : byte }

    /// ParseDateTime. `bufferSize` is the size of PostgreSQL's work buffer for the type, which
    /// limits the length of accepted input.
    static func fields(of text: String, bufferSize: Int = 153) throws(DateTimeError) -> [DateTimeField] {
        let input = Array(text.utf8)
        var fields: [DateTimeField] = []
        var used = 0
        var index = 0
        func peek() -> UInt8? { index < input.count ? input[index] : nil }
        while index < input.count {
            let byte = input[index]
            if isSpace(byte) {
                index += 1
                continue
            }
            if fields.count >= maximumFields { throw .badFormat }
            var field: [UInt8] = []
            var kind: DateTimeField.Kind
            func append(_ value: UInt8) throws(DateTimeError) {
                if used + field.count + 1 >= bufferSize { throw .badFormat }
                field.append(value)
            }
            if isDigit(byte) {
                try append(byte)
                index += 1
                while let next = peek(), isDigit(next) { try append(next); index += 1 }
                if peek() == UInt8(ascii: ":") {
                    kind = .time
                    try append(input[index])
                    index += 1
                    while let next = peek(), isDigit(next) || next == UInt8(ascii: ":") || next == UInt8(ascii: ".") {
                        try append(next)
                        index += 1
                    }
                } else if let delimiter = peek(), delimiter == UInt8(ascii: "-") || delimiter == UInt8(ascii: "/")
                            || delimiter == UInt8(ascii: ".") {
                    try append(delimiter)
                    index += 1
                    if let next = peek(), isDigit(next) {
                        kind = delimiter == UInt8(ascii: ".") ? .number : .date
                        while let next = peek(), isDigit(next) { try append(next); index += 1 }
                        if peek() == delimiter {
                            kind = .date
                            try append(delimiter)
                            index += 1
                            while let next = peek(), isDigit(next) || next == delimiter { try append(next); index += 1 }
                        }
                    } else {
                        kind = .date
                        while let next = peek(), isAlphanumeric(next) || next == delimiter {
                            try append(lower(next))
                            index += 1
                        }
                    }
                } else {
                    kind = .number
                }
            } else if byte == UInt8(ascii: ".") {
                try append(byte)
                index += 1
                while let next = peek(), isDigit(next) { try append(next); index += 1 }
                kind = .number
            } else if isAlpha(byte) {
                kind = .string
                try append(lower(byte))
                index += 1
                while let next = peek(), isAlpha(next) { try append(lower(next)); index += 1 }
                var isDate = false
                if let next = peek() {
                    if next == UInt8(ascii: "-") || next == UInt8(ascii: "/") || next == UInt8(ascii: ".") {
                        isDate = true
                    } else if next == UInt8(ascii: "+") || isDigit(next) {
                        isDate = DateTimeKeywords.dateToken(field) == nil
                    }
                }
                if isDate {
                    kind = .date
                    repeat {
                        try append(lower(input[index]))
                        index += 1
                    } while peek().map({ $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/")
                        || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":")
                        || isAlphanumeric($0) }) ?? false
                }
            } else if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                try append(byte)
                index += 1
                while let next = peek(), isSpace(next) { index += 1 }
                if let next = peek(), isDigit(next) {
                    kind = .timeZone
                    try append(next)
                    index += 1
                    while let next = peek(), isDigit(next) || next == UInt8(ascii: ":") || next == UInt8(ascii: ".")
                            || next == UInt8(ascii: "-") {
                        try append(next)
                        index += 1
                    }
                } else if let next = peek(), isAlpha(next) {
                    kind = .special
                    try append(lower(next))
                    index += 1
                    while let next = peek(), isAlpha(next) { try append(lower(next)); index += 1 }
                } else {
                    throw .badFormat
                }
            } else if isPunctuation(byte) {
                index += 1
                continue
            } else {
                throw .badFormat
            }
            used += field.count + 1
            fields.append(DateTimeField(text: field, kind: kind))
        }
        return fields
    }
}

/// The keyword tables of datetime.c.
enum DateTimeKeywords {
    /// datetktbl: words in dates and times.
    static func dateToken(_ word: [UInt8]) -> DateTimeToken? {
        dateTable[String(decoding: word.prefix(tokenLength), as: UTF8.self)]
    }

    /// deltatktbl: words in intervals and EXTRACT fields.
    static func intervalToken(_ word: [UInt8]) -> DateTimeToken? {
        intervalTable[String(decoding: word.prefix(tokenLength), as: UTF8.self)]
    }

    /// TOKMAXLEN: keywords compare on their first 10 characters.
    static let tokenLength = 10

    private static let dateTable: [String: DateTimeToken] = [
        "-infinity": .reserved(.negativeInfinity), "ad": .era(isBeforeChrist: false),
        "allballs": .reserved(.allBalls), "am": .meridiem(isPostMeridiem: false),
        "apr": .month(4), "april": .month(4), "at": .ignore, "aug": .month(8), "august": .month(8),
        "bc": .era(isBeforeChrist: true), "d": .units(.day), "dec": .month(12), "december": .month(12),
        "dow": .units(.dayOfWeek), "doy": .units(.dayOfYear), "dst": .daylightModifier(3600),
        "epoch": .reserved(.epoch), "feb": .month(2), "february": .month(2), "fri": .dayOfWeek(5),
        "friday": .dayOfWeek(5), "h": .units(.hour), "infinity": .reserved(.infinity),
        "isodow": .units(.isoDayOfWeek), "isoyear": .units(.isoYear), "j": .units(.julian),
        "jan": .month(1), "january": .month(1), "jd": .units(.julian), "jul": .month(7),
        "julian": .units(.julian), "july": .month(7), "jun": .month(6), "june": .month(6),
        "m": .units(.month), "mar": .month(3), "march": .month(3), "may": .month(5), "mm": .units(.minute),
        "mon": .dayOfWeek(1), "monday": .dayOfWeek(1), "nov": .month(11), "november": .month(11),
        "now": .reserved(.now), "oct": .month(10), "october": .month(10), "on": .ignore,
        "pm": .meridiem(isPostMeridiem: true), "s": .units(.second), "sat": .dayOfWeek(6),
        "saturday": .dayOfWeek(6), "sep": .month(9), "sept": .month(9), "september": .month(9),
        "sun": .dayOfWeek(0), "sunday": .dayOfWeek(0), "t": .isoTime, "thu": .dayOfWeek(4),
        "thur": .dayOfWeek(4), "thurs": .dayOfWeek(4), "thursday": .dayOfWeek(4), "today": .reserved(.today),
        "tomorrow": .reserved(.tomorrow), "tue": .dayOfWeek(2), "tues": .dayOfWeek(2),
        "tuesday": .dayOfWeek(2), "wed": .dayOfWeek(3), "wednesday": .dayOfWeek(3),
        "weds": .dayOfWeek(3), "y": .units(.year), "yesterday": .reserved(.yesterday),
    ]

    private static let intervalTable: [String: DateTimeToken] = {
        var table: [String: DateTimeToken] = ["@": .ignore, "ago": .ago]
        let units: [(DateTimeUnit, [String])] = [
            (.century, ["c", "cent", "centuries", "century"]),
            (.day, ["d", "day", "days"]),
            (.decade, ["dec", "decade", "decades", "decs"]),
            (.hour, ["h", "hour", "hours", "hr", "hrs"]),
            (.minute, ["m", "min", "mins", "minute", "minutes"]),
            (.microsecond, ["microsecon", "us", "usec", "usecs", "useconds", "microsecond", "microseconds"]),
            (.millennium, ["mil", "millennia", "millennium", "mils"]),
            (.millisecond, ["millisecon", "ms", "msec", "msecs", "mseconds", "millisecond", "milliseconds"]),
            (.month, ["mon", "mons", "month", "months"]),
            (.quarter, ["qtr", "quarter"]),
            (.second, ["s", "sec", "second", "seconds", "secs"]),
            (.timeZone, ["timezone"]),
            (.timeZoneHour, ["timezone_h", "timezone_hour"]),
            (.timeZoneMinute, ["timezone_m", "timezone_minute"]),
            (.week, ["w", "week", "weeks"]),
            (.year, ["y", "year", "years", "yr", "yrs"]),
        ]
        for (unit, names) in units {
            for name in names { table[String(name.prefix(tokenLength))] = .units(unit) }
        }
        return table
    }()
}
