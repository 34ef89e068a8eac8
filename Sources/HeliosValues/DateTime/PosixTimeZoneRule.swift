// A POSIX TZ rule such as "EST5EDT,M3.2.0,M11.1.0" or "<+0330>-3:30": the footer of a TZif
// file, which gives the transitions after the last one listed, and also a TimeZone setting of its
// own (PostgreSQL accepts "EST5EDT", "GMT+3", "<-07>+07"). Offsets in the text count hours west
// of UTC; this type stores seconds east of UTC like the rest of the module.

/// A time zone rule in POSIX TZ syntax.
struct PosixTimeZoneRule: Sendable {
    /// When a change happens within a year: a date rule and a local time of day in seconds.
    struct Change: Sendable {
        enum Day: Sendable {
            /// Jn: day 1...365, February 29 never counted.
            case julianWithoutLeapDay(Int)
            /// n: zero-based day of the year, 0...365.
            case zeroBasedDay(Int)
            /// Mm.w.d: weekday d (0 = Sunday) of week w (5 = last) of month m.
            case monthWeekDay(month: Int, week: Int, weekday: Int)
        }
        var day: Day
        var secondsAfterMidnight: Int
    }

    var standard: LocalTimeType
    var daylight: LocalTimeType?
    var daylightStart: Change?
    var daylightEnd: Change?

    /// Parses a POSIX TZ string; nil when it is not one.
    init?(_ text: String) {
        var scanner = Scanner(Array(text.utf8))
        guard let standardName = scanner.name(), let standardOffset = scanner.offset() else { return nil }
        standard = LocalTimeType(utcOffset: -standardOffset, isDaylight: false, abbreviation: standardName)
        if scanner.atEnd { return }
        guard let daylightName = scanner.name() else { return nil }
        var daylightOffset = standardOffset - 3600
        if !scanner.atEnd && scanner.peek != UInt8(ascii: ",") {
            guard let offset = scanner.offset() else { return nil }
            daylightOffset = offset
        }
        daylight = LocalTimeType(utcOffset: -daylightOffset, isDaylight: true, abbreviation: daylightName)
        if scanner.atEnd {
            // tzcode's default rule: the United States' since 2007.
            daylightStart = Change(day: .monthWeekDay(month: 3, week: 2, weekday: 0), secondsAfterMidnight: 7200)
            daylightEnd = Change(day: .monthWeekDay(month: 11, week: 1, weekday: 0), secondsAfterMidnight: 7200)
            return
        }
        guard scanner.consume(UInt8(ascii: ",")), let start = scanner.change(),
              scanner.consume(UInt8(ascii: ",")), let end = scanner.change(), scanner.atEnd else { return nil }
        daylightStart = start
        daylightEnd = end
    }

    /// The local time type in effect at `utcSeconds` (seconds since 1970 UTC).
    func localTimeType(atUTC utcSeconds: Int64) -> LocalTimeType {
        guard let daylight, let daylightStart, let daylightEnd else { return standard }
        let year = PosixTimeZoneRule.year(of: utcSeconds + Int64(standard.utcOffset))
        let start = instant(of: daylightStart, year: year, offsetBefore: standard.utcOffset)
        let end = instant(of: daylightEnd, year: year, offsetBefore: daylight.utcOffset)
        let isDaylight = start < end ? (utcSeconds >= start && utcSeconds < end) : !(utcSeconds >= end && utcSeconds < start)
        return isDaylight ? daylight : standard
    }

    /// The first change strictly after `utcSeconds`, with the types before and after it.
    func nextTransition(after utcSeconds: Int64) -> (time: Int64, before: LocalTimeType, after: LocalTimeType)? {
        guard let daylight, let daylightStart, let daylightEnd else { return nil }
        let year = PosixTimeZoneRule.year(of: utcSeconds + Int64(standard.utcOffset))
        var best: (time: Int64, before: LocalTimeType, after: LocalTimeType)?
        for candidateYear in (year - 1)...(year + 1) {
            let start = instant(of: daylightStart, year: candidateYear, offsetBefore: standard.utcOffset)
            let end = instant(of: daylightEnd, year: candidateYear, offsetBefore: daylight.utcOffset)
            if start > utcSeconds && (best == nil || start < best!.time) { best = (start, standard, daylight) }
            if end > utcSeconds && (best == nil || end < best!.time) { best = (end, daylight, standard) }
        }
        return best
    }

    /// The UTC instant (seconds since 1970) of a change in `year`, given the offset before it.
    private func instant(of change: Change, year: Int, offsetBefore: Int) -> Int64 {
        let firstOfYear = CivilCalendar.julianDay(year: year, month: 1, day: 1) - CivilCalendar.unixEpochJulianDay
        var dayOfYear: Int
        switch change.day {
        case .julianWithoutLeapDay(let day):
            dayOfYear = day - 1
            if CivilCalendar.isLeapYear(year) && day >= 60 { dayOfYear += 1 }
        case .zeroBasedDay(let day):
            dayOfYear = day
        case .monthWeekDay(let month, let week, let weekday):
            let firstOfMonth = CivilCalendar.julianDay(year: year, month: month, day: 1)
            let firstWeekday = CivilCalendar.dayOfWeek(julianDay: firstOfMonth)
            var day = (weekday - firstWeekday + 7) % 7 + 1 + (week - 1) * 7
            let length = CivilCalendar.daysIn(month: month, year: year)
            while day > length { day -= 7 }
            dayOfYear = firstOfMonth + day - 1 - (firstOfYear + CivilCalendar.unixEpochJulianDay)
        }
        let local = Int64(firstOfYear + dayOfYear) * 86_400 + Int64(change.secondsAfterMidnight)
        return local - Int64(offsetBefore)
    }

    /// The calendar year containing `seconds` since 1970.
    static func year(of seconds: Int64) -> Int {
        let days = CivilCalendar.floorDivide(seconds, 86_400)
        return CivilCalendar.date(julianDay: Int(days) + CivilCalendar.unixEpochJulianDay).year
    }

    /// A cursor over the rule text.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[index] }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        mutating func name() -> String? {
            if consume(UInt8(ascii: "<")) {
                let start = index
                while let byte = peek, byte != UInt8(ascii: ">") { index += 1 }
                let name = String(decoding: bytes[start..<index], as: UTF8.self)
                guard consume(UInt8(ascii: ">")), name.utf8.count >= 3 else { return nil }
                return name
            }
            let start = index
            while let byte = peek, (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") { index += 1 }
            guard index - start >= 3 else { return nil }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func number(maximum: Int) -> Int? {
            let start = index
            var value = 0
            while let byte = peek, byte >= 48 && byte <= 57 {
                value = value * 10 + Int(byte - 48)
                if value > maximum { return nil }
                index += 1
            }
            return index > start ? value : nil
        }

        /// [+-]hh[:mm[:ss]] in seconds, sign as written.
        mutating func offset(maximumHours: Int = 24) -> Int? {
            var sign = 1
            if consume(UInt8(ascii: "-")) { sign = -1 } else { _ = consume(UInt8(ascii: "+")) }
            guard let hours = number(maximum: maximumHours) else { return nil }
            var seconds = hours * 3600
            if consume(UInt8(ascii: ":")) {
                guard let minutes = number(maximum: 59) else { return nil }
                seconds += minutes * 60
                if consume(UInt8(ascii: ":")) {
                    guard let secs = number(maximum: 59) else { return nil }
                    seconds += secs
                }
            }
            return sign * seconds
        }

        mutating func change() -> Change? {
            var day: Change.Day
            if consume(UInt8(ascii: "J")) {
                guard let value = number(maximum: 365), value >= 1 else { return nil }
                day = .julianWithoutLeapDay(value)
            } else if consume(UInt8(ascii: "M")) {
                guard let month = number(maximum: 12), month >= 1, consume(UInt8(ascii: ".")),
                      let week = number(maximum: 5), week >= 1, consume(UInt8(ascii: ".")),
                      let weekday = number(maximum: 6) else { return nil }
                day = .monthWeekDay(month: month, week: week, weekday: weekday)
            } else {
                guard let value = number(maximum: 365) else { return nil }
                day = .zeroBasedDay(value)
            }
            var seconds = 7200
            if consume(UInt8(ascii: "/")) {
                guard let time = offset(maximumHours: 167) else { return nil }
                seconds = time
            }
            return Change(day: day, secondsAfterMidnight: seconds)
        }
    }
}

/// One local time type of a zone: its UTC offset, whether it is daylight time, its abbreviation.
public struct LocalTimeType: Hashable, Sendable {
    /// Seconds east of UTC.
    public var utcOffset: Int
    public var isDaylight: Bool
    public var abbreviation: String
}
