// Interval input, ported from PostgreSQL 15's DecodeInterval (postgres style: "1 day 2 hours",
// "1-2", "1 day 02:03:04.5", "@ 1 hour ago", fields read right to left so that a unit labels the
// number before it) and DecodeISO8601Interval ("P1Y2M3DT4H5M6S", "P0001-02-03T04:05:06"),
// with the fractional carry-down rules (0.5 month = 15 days, 1.5 days = 1 day 12 hours).

/// Interval fields being accumulated (PostgreSQL's pg_itm_in).
struct IntervalAccumulator {
    var years: Int32 = 0
    var months: Int32 = 0
    var days: Int32 = 0
    var microseconds: Int64 = 0

    /// itmin2interval: nil when the months overflow.
    var interval: Interval? {
        let totalMonths = Int64(years) * 12 + Int64(months)
        guard let months = Int32(exactly: totalMonths) else { return nil }
        return Interval(months: months, days: days, microseconds: microseconds)
    }

    mutating func addFractionMicroseconds(_ fraction: Double, scale: Int64) throws(DateTimeError) {
        if fraction == 0 { return }
        var value = fraction * Double(scale)
        var whole = Int64(value)
        value -= Double(whole)
        if value > 0.5 { whole += 1 } else if value < -0.5 { whole -= 1 }
        let (sum, overflow) = microseconds.addingReportingOverflow(whole)
        if overflow { throw .fieldOverflow }
        microseconds = sum
    }

    mutating func addFractionDays(_ fraction: Double, scale: Int) throws(DateTimeError) {
        if fraction == 0 { return }
        var value = fraction * Double(scale)
        let extraDays = Int32(value)
        let (sum, overflow) = days.addingReportingOverflow(extraDays)
        if overflow { throw .fieldOverflow }
        days = sum
        value -= Double(extraDays)
        try addFractionMicroseconds(value, scale: CivilCalendar.microsecondsPerDay)
    }

    mutating func addFractionYears(_ fraction: Double, scale: Int) throws(DateTimeError) {
        let extraMonths = Int32((fraction * Double(scale) * 12).rounded(.toNearestOrEven))
        let (sum, overflow) = months.addingReportingOverflow(extraMonths)
        if overflow { throw .fieldOverflow }
        months = sum
    }

    mutating func addMicroseconds(_ value: Int64, _ fraction: Double, scale: Int64) throws(DateTimeError) {
        let (product, overflow1) = value.multipliedReportingOverflow(by: scale)
        let (sum, overflow2) = microseconds.addingReportingOverflow(product)
        if overflow1 || overflow2 { throw .fieldOverflow }
        microseconds = sum
        try addFractionMicroseconds(fraction, scale: scale)
    }

    mutating func addDays(_ value: Int64, scale: Int32) throws(DateTimeError) {
        guard let small = Int32(exactly: value) else { throw .fieldOverflow }
        let (product, overflow1) = small.multipliedReportingOverflow(by: scale)
        let (sum, overflow2) = days.addingReportingOverflow(product)
        if overflow1 || overflow2 { throw .fieldOverflow }
        days = sum
    }

    mutating func addMonths(_ value: Int64) throws(DateTimeError) {
        guard let small = Int32(exactly: value) else { throw .fieldOverflow }
        let (sum, overflow) = months.addingReportingOverflow(small)
        if overflow { throw .fieldOverflow }
        months = sum
    }

    mutating func addYears(_ value: Int64, scale: Int32) throws(DateTimeError) {
        guard let small = Int32(exactly: value) else { throw .fieldOverflow }
        let (product, overflow1) = small.multipliedReportingOverflow(by: scale)
        let (sum, overflow2) = years.addingReportingOverflow(product)
        if overflow1 || overflow2 { throw .fieldOverflow }
        years = sum
    }
}

/// Decoding of interval input.
enum IntervalDecoder {
    /// strtoi64 from the start of a field: value, end index, overflow.
    private static func leadingInt64(_ text: [UInt8]) -> (value: Int64, end: Int, overflow: Bool) {
        var index = 0
        var negative = false
        if index < text.count && (text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-")) {
            negative = text[index] == UInt8(ascii: "-")
            index += 1
        }
        let start = index
        var value: Int64 = 0
        var overflow = false
        while index < text.count && DateTimeLexer.isDigit(text[index]) {
            let digit = Int64(text[index] - 48)
            let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? product.subtractingReportingOverflow(digit) : product.addingReportingOverflow(digit)
            if overflow1 || overflow2 { overflow = true } else { value = next }
            index += 1
        }
        if index == start { return (0, 0, false) }
        return (value, index, overflow)
    }

    /// The unit a bare number means in an interval with a fields restriction.
    private static func defaultUnit(for range: IntervalFields) -> DateTimeUnit {
        switch range {
        case .year: .year
        case .month, .yearToMonth: .month
        case .day: .day
        case .hour, .dayToHour: .hour
        case .minute, .hourToMinute, .dayToMinute: .minute
        default: .second
        }
    }

    /// DecodeInterval (PostgreSQL 15).
    static func decode(_ fields: [DateTimeField], range: IntervalFields, style: IntervalStyle) throws(DateTimeError) -> IntervalAccumulator {
        var result = IntervalAccumulator()
        var mask: FieldMask = []
        var isBefore = false
        // nil: not yet set (IGNORE_DTF); .some(nil): after "ago", no unit.
        var currentUnit: DateTimeUnit?? = nil
        var forceNegative = false
        if style == .sqlStandard, let first = fields.first, first.text.first == UInt8(ascii: "-") {
            forceNegative = !fields.dropFirst().contains { $0.text.first == UInt8(ascii: "-") || $0.text.first == UInt8(ascii: "+") }
        }
        for field in fields.reversed() {
            var fieldMask: FieldMask = []
            var text = field.text
            var kind = field.kind
            if kind == .timeZone, text.dropFirst().contains(UInt8(ascii: ":")),
               let time = try? DateTimeDecoder.decodeTime(Array(text.dropFirst()), range: range),
               var total = try? IntervalAccumulator.microseconds(of: time) {
                if text.first == UInt8(ascii: "-") {
                    if total == Int64.min { throw .fieldOverflow }
                    total = -total
                }
                result.microseconds = total
                if forceNegative && result.microseconds > 0 { result.microseconds = -result.microseconds }
                fieldMask = .time
                currentUnit = .some(.day)
                if !fieldMask.intersection(mask).isEmpty { throw .badFormat }
                mask.formUnion(fieldMask)
                continue
            }
            if kind == .timeZone { kind = .number }
            switch kind {
            case .time:
                let time = try DateTimeDecoder.decodeTime(text, range: range)
                result.microseconds = try IntervalAccumulator.microseconds(of: time)
                if forceNegative && result.microseconds > 0 { result.microseconds = -result.microseconds }
                fieldMask = .time
                currentUnit = .some(.day)
            case .timeZone, .date, .number:
                if currentUnit == nil { currentUnit = .some(defaultUnit(for: range)) }
                let parsed = leadingInt64(text)
                if parsed.overflow { throw .fieldOverflow }
                if parsed.end == 0 && !(text.first == UInt8(ascii: ".")) { throw .badFormat }
                var value = parsed.value
                var fraction = 0.0
                var index = parsed.end
                if index < text.count && text[index] == UInt8(ascii: "-") {
                    let second = DateTimeDecoder.leadingInteger(text, from: index + 1)
                    if second.overflow || second.value < 0 || second.value >= 12 { throw .fieldOverflow }
                    index = second.end
                    if index != text.count { throw .badFormat }
                    currentUnit = .some(.month)
                    let monthsPart = text.first == UInt8(ascii: "-") ? -second.value : second.value
                    let (product, overflow1) = value.multipliedReportingOverflow(by: 12)
                    let (sum, overflow2) = product.addingReportingOverflow(Int64(monthsPart))
                    if overflow1 || overflow2 { throw .fieldOverflow }
                    value = sum
                } else if index < text.count && text[index] == UInt8(ascii: ".") {
                    fraction = try DateTimeDecoder.fraction(text[index...])
                    if text.first == UInt8(ascii: "-") { fraction = -fraction }
                } else if index != text.count {
                    throw .badFormat
                }
                if forceNegative {
                    if value > 0 { value = -value }
                    if fraction > 0 { fraction = -fraction }
                }
                guard case .some(.some(let unit)) = currentUnit else { throw .badFormat }
                switch unit {
                case .microsecond:
                    try result.addMicroseconds(value, fraction, scale: 1)
                    fieldMask = .microsecond
                case .millisecond:
                    try result.addMicroseconds(value, fraction, scale: 1000)
                    fieldMask = .millisecond
                case .second:
                    try result.addMicroseconds(value, fraction, scale: CivilCalendar.microsecondsPerSecond)
                    fieldMask = fraction == 0 ? .second : .allSeconds
                case .minute:
                    try result.addMicroseconds(value, fraction, scale: CivilCalendar.microsecondsPerMinute)
                    fieldMask = .minute
                case .hour:
                    try result.addMicroseconds(value, fraction, scale: CivilCalendar.microsecondsPerHour)
                    fieldMask = .hour
                    currentUnit = .some(.day)
                case .day:
                    try result.addDays(value, scale: 1)
                    try result.addFractionMicroseconds(fraction, scale: CivilCalendar.microsecondsPerDay)
                    fieldMask = .day
                case .week:
                    try result.addDays(value, scale: 7)
                    try result.addFractionDays(fraction, scale: 7)
                    fieldMask = .week
                case .month:
                    try result.addMonths(value)
                    try result.addFractionDays(fraction, scale: 30)
                    fieldMask = .month
                case .year:
                    try result.addYears(value, scale: 1)
                    try result.addFractionYears(fraction, scale: 1)
                    fieldMask = .year
                case .decade:
                    try result.addYears(value, scale: 10)
                    try result.addFractionYears(fraction, scale: 10)
                    fieldMask = .decade
                case .century:
                    try result.addYears(value, scale: 100)
                    try result.addFractionYears(fraction, scale: 100)
                    fieldMask = .century
                case .millennium:
                    try result.addYears(value, scale: 1000)
                    try result.addFractionYears(fraction, scale: 1000)
                    fieldMask = .millennium
                default:
                    throw .badFormat
                }
                text = []
            case .string, .special:
                guard let token = DateTimeKeywords.intervalToken(text) else { throw .badFormat }
                switch token {
                case .ignore:
                    continue
                case .units(let unit):
                    currentUnit = .some(unit)
                case .ago:
                    isBefore = true
                    currentUnit = .some(nil)
                default:
                    throw .badFormat
                }
            }
            if !fieldMask.intersection(mask).isEmpty { throw .badFormat }
            mask.formUnion(fieldMask)
        }
        if mask.isEmpty { throw .badFormat }
        if isBefore {
            if result.microseconds == Int64.min || result.days == Int32.min || result.months == Int32.min
                || result.years == Int32.min { throw .fieldOverflow }
            result.microseconds = -result.microseconds
            result.days = -result.days
            result.months = -result.months
            result.years = -result.years
        }
        return result
    }

    /// ParseISO8601Number: a strtod number split into integer and fraction.
    private static func iso8601Number(_ text: [UInt8], from start: Int) throws(DateTimeError) -> (whole: Int64, fraction: Double, end: Int) {
        guard start < text.count,
              DateTimeLexer.isDigit(text[start]) || text[start] == UInt8(ascii: "-") || text[start] == UInt8(ascii: ".") else {
            throw .badFormat
        }
        var end = start
        if text[end] == UInt8(ascii: "-") || text[end] == UInt8(ascii: "+") { end += 1 }
        var digits = 0
        while end < text.count && DateTimeLexer.isDigit(text[end]) { end += 1; digits += 1 }
        if end < text.count && text[end] == UInt8(ascii: ".") {
            end += 1
            while end < text.count && DateTimeLexer.isDigit(text[end]) { end += 1; digits += 1 }
        }
        if digits == 0 { throw .badFormat }
        if end < text.count && (text[end] == UInt8(ascii: "e") || text[end] == UInt8(ascii: "E")) {
            var cursor = end + 1
            if cursor < text.count && (text[cursor] == UInt8(ascii: "-") || text[cursor] == UInt8(ascii: "+")) { cursor += 1 }
            let exponentStart = cursor
            while cursor < text.count && DateTimeLexer.isDigit(text[cursor]) { cursor += 1 }
            if cursor > exponentStart { end = cursor }
        }
        guard let value = Double(String(decoding: text[start..<end], as: UTF8.self)) else { throw .badFormat }
        if value.isNaN || value < -1.0e15 || value > 1.0e15 { throw .fieldOverflow }
        let whole = value >= 0 ? Int64(value.rounded(.down)) : -Int64((-value).rounded(.down))
        return (whole, value - Double(whole), end)
    }

    /// DecodeISO8601Interval.
    static func decodeISO8601(_ input: String) throws(DateTimeError) -> IntervalAccumulator {
        let text = Array(input.utf8)
        var result = IntervalAccumulator()
        guard text.count >= 2, text[0] == UInt8(ascii: "P") else { throw .badFormat }
        var index = 1
        var datePart = true
        var haveField = false
        func integerWidth(_ start: Int) -> Int {
            var position = start
            if position < text.count && text[position] == UInt8(ascii: "-") { position += 1 }
            var count = 0
            while position < text.count && DateTimeLexer.isDigit(text[position]) { position += 1; count += 1 }
            return count
        }
        while index < text.count {
            if text[index] == UInt8(ascii: "T") {
                datePart = false
                haveField = false
                index += 1
                continue
            }
            let fieldStart = index
            var (value, fraction, end) = try iso8601Number(text, from: index)
            index = end
            let unit: UInt8 = index < text.count ? text[index] : 0
            index += 1
            if datePart {
                switch unit {
                case UInt8(ascii: "Y"):
                    try result.addYears(value, scale: 1)
                    try result.addFractionYears(fraction, scale: 1)
                case UInt8(ascii: "M"):
                    try result.addMonths(value)
                    try result.addFractionDays(fraction, scale: 30)
                case UInt8(ascii: "W"):
                    try result.addDays(value, scale: 7)
                    try result.addFractionDays(fraction, scale: 7)
                case UInt8(ascii: "D"):
                    try result.addDays(value, scale: 1)
                    try result.addFractionMicroseconds(fraction, scale: CivilCalendar.microsecondsPerDay)
                case UInt8(ascii: "T"), 0, UInt8(ascii: "-"):
                    if unit != UInt8(ascii: "-") && integerWidth(fieldStart) == 8 && !haveField {
                        try result.addYears(value / 10000, scale: 1)
                        try result.addMonths((value / 100) % 100)
                        try result.addDays(value % 100, scale: 1)
                        try result.addFractionMicroseconds(fraction, scale: CivilCalendar.microsecondsPerDay)
                        if unit == 0 { return result }
                        datePart = false
                        haveField = false
                        continue
                    }
                    if haveField { throw .badFormat }
                    try result.addYears(value, scale: 1)
                    try result.addFractionYears(fraction, scale: 1)
                    if unit == 0 { return result }
                    if unit == UInt8(ascii: "T") {
                        datePart = false
                        haveField = false
                        continue
                    }
                    (value, fraction, end) = try iso8601Number(text, from: index)
                    index = end
                    try result.addMonths(value)
                    try result.addFractionDays(fraction, scale: 30)
                    if index >= text.count { return result }
                    if text[index] == UInt8(ascii: "T") {
                        datePart = false
                        haveField = false
                        continue
                    }
                    if text[index] != UInt8(ascii: "-") { throw .badFormat }
                    index += 1
                    (value, fraction, end) = try iso8601Number(text, from: index)
                    index = end
                    try result.addDays(value, scale: 1)
                    try result.addFractionMicroseconds(fraction, scale: CivilCalendar.microsecondsPerDay)
                    if index >= text.count { return result }
                    if text[index] == UInt8(ascii: "T") {
                        datePart = false
                        haveField = false
                        continue
                    }
                    throw .badFormat
                default:
                    throw .badFormat
                }
            } else {
                switch unit {
                case UInt8(ascii: "H"):
                    try result.addMicroseconds(value, fraction, scale: CivilCalendar.microsecondsPerHour)
                case UInt8(ascii: "M"):
                    try result.addMicroseconds(value, fraction, scale: CivilCalendar.microsecondsPerMinute)
                case UInt8(ascii: "S"):
                    try result.addMicroseconds(value, fraction, scale: CivilCalendar.microsecondsPerSecond)
                case 0, UInt8(ascii: ":"):
                    if unit == 0 && integerWidth(fieldStart) == 6 && !haveField {
                        try result.addMicroseconds(value / 10000, 0, scale: CivilCalendar.microsecondsPerHour)
                        try result.addMicroseconds((value / 100) % 100, 0, scale: CivilCalendar.microsecondsPerMinute)
                        try result.addMicroseconds(value % 100, 0, scale: CivilCalendar.microsecondsPerSecond)
                        try result.addFractionMicroseconds(fraction, scale: 1)
                        return result
                    }
                    if haveField { throw .badFormat }
                    try result.addMicroseconds(value, fraction, scale: CivilCalendar.microsecondsPerHour)
                    if unit == 0 { return result }
                    (value, fraction, end) = try iso8601Number(text, from: index)
                    index = end
                    try result.addMicroseconds(value, fraction, scale: CivilCalendar.microsecondsPerMinute)
                    if index >= text.count { return result }
                    if text[index] != UInt8(ascii: ":") { throw .badFormat }
                    index += 1
                    (value, fraction, end) = try iso8601Number(text, from: index)
                    index = end
                    try result.addMicroseconds(value, fraction, scale: CivilCalendar.microsecondsPerSecond)
                    if index >= text.count { return result }
                    throw .badFormat
                default:
                    throw .badFormat
                }
            }
            haveField = true
        }
        return result
    }
}

extension IntervalAccumulator {
    /// DecodeTimeForInterval: the microseconds of hours, minutes, seconds and fraction.
    static func microseconds(of time: (hour: Int64, minute: Int, second: Int, microsecond: Int)) throws(DateTimeError) -> Int64 {
        var total = Int64(time.microsecond)
        for (value, scale) in [(time.hour, CivilCalendar.microsecondsPerHour), (Int64(time.minute), CivilCalendar.microsecondsPerMinute),
                               (Int64(time.second), CivilCalendar.microsecondsPerSecond)] {
            let (product, overflow1) = value.multipliedReportingOverflow(by: scale)
            let (sum, overflow2) = total.addingReportingOverflow(product)
            if overflow1 || overflow2 { throw .fieldOverflow }
            total = sum
        }
        return total
    }
}
