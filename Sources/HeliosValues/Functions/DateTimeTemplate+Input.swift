// to_date and to_timestamp: reading a string with a template (formatting.c's DCH_from_char,
// without FX mode's strictness): spaces and separators in the template skip spaces and one
// separator in the input, numeric fields read their width (or as many digits as there are when
// FM is given or a separator follows), names match case-insensitively, two-digit years land in
// 1970-2069, and the result is checked like any date ("date/time field value out of range").

import HeliosCore

extension DateTimeTemplate {
    /// The fields read from a string, before validation.
    struct Parsed {
        var year: Int?
        var yearDigits = 0
        var isBeforeChrist = false
        var month: Int?
        var day: Int?
        var dayOfYear: Int?
        var julian: Int?
        var hour = 0
        var isTwelveHour = false
        var isPostMeridiem: Bool?
        var minute = 0
        var second = 0
        var microsecond = 0
        var zoneOffset: Int?
        var century: Int?
    }

    private static func invalid(_ value: String, _ keyword: Keyword, detail: String) -> DatabaseError {
        DatabaseError(.invalidDatetimeFormat, "invalid value \"\(value)\" for \"\(keyword.rawValue)\"", detail: detail)
    }

    /// Reads `text` with the template.
    func parse(_ text: String) throws(DatabaseError) -> Parsed {
        let input = Array(text)
        var index = 0
        var result = Parsed()
        func skipSpaces() { while index < input.count && input[index].isWhitespace { index += 1 } }
        for (position, node) in nodes.enumerated() {
            switch node {
            case .separator(let character):
                if character.isWhitespace {
                    skipSpaces()
                } else {
                    skipSpaces()
                    if index < input.count && !input[index].isLetter && !input[index].isNumber { index += 1 }
                }
            case .literal:
                if index < input.count { index += 1 }
            case .keyword(let keyword, let fillMode, _):
                skipSpaces()
                let nextIsSeparator: Bool = {
                    guard position + 1 < nodes.count else { return true }
                    switch nodes[position + 1] {
                    case .separator: return true
                    case .literal(let character): return !character.isNumber
                    case .keyword(let next, _, _):
                        return [.amUpper, .pmUpper, .amLower, .pmLower, .adUpper, .bcUpper, .adLower, .bcLower,
                                .monUpper, .monCapital, .monLower, .monthUpper, .monthCapital, .monthLower,
                                .zoneHour, .zoneMinute, .offset].contains(next)
                    }
                }()
                func integer(_ width: Int, signed: Bool = false) throws(DatabaseError) -> (value: Int, digits: Int) {
                    let start = index
                    var cursor = index
                    if signed && cursor < input.count && (input[cursor] == "-" || input[cursor] == "+") { cursor += 1 }
                    let digitStart = cursor
                    let limit = fillMode || nextIsSeparator ? Int.max : width
                    while cursor < input.count && cursor - digitStart < limit, let digit = input[cursor].wholeNumberValue,
                          input[cursor].isASCII {
                        _ = digit
                        cursor += 1
                    }
                    if cursor == digitStart {
                        let shown = String(input[start..<min(input.count, start + max(width, 1))])
                        throw DateTimeTemplate.invalid(shown, keyword, detail: "Value must be an integer.")
                    }
                    let digits = String(input[digitStart..<cursor])
                    guard var value = Int(digits), value <= Int(Int32.max) else {
                        throw DatabaseError(.datetimeFieldOverflow, "value for \"\(keyword.rawValue)\" in source string is out of range",
                                            detail: "Value must be in the range -2147483648 to 2147483647.")
                    }
                    if signed && input[start] == "-" { value = -value }
                    index = cursor
                    return (value, cursor - digitStart)
                }
                func word(from choices: [String], keyword: Keyword) throws(DatabaseError) -> Int {
                    for (offset, choice) in choices.enumerated() {
                        let letters = Array(choice.lowercased())
                        if index + letters.count <= input.count,
                           input[index..<(index + letters.count)].map({ Character($0.lowercased()) }).elementsEqual(letters) {
                            index += letters.count
                            return offset
                        }
                    }
                    var end = index
                    while end < input.count && input[end].isLetter { end += 1 }
                    throw DateTimeTemplate.invalid(String(input[index..<max(end, min(index + 1, input.count))]), keyword,
                                                   detail: "The given value did not match any of the allowed values for this field.")
                }
                switch keyword {
                case .year4, .isoYear4:
                    let (value, digits) = try integer(4)
                    result.year = value
                    result.yearDigits = digits
                case .year3, .isoYear3:
                    let (value, digits) = try integer(3)
                    result.year = digits < 4 ? DateTimeTemplate.adjustPartialYear(value) : value
                    result.yearDigits = 4
                case .year2, .isoYear2:
                    let (value, digits) = try integer(2)
                    result.year = digits < 4 ? DateTimeTemplate.adjustPartialYear(value) : value
                    result.yearDigits = 4
                case .year1, .isoYear1:
                    let (value, digits) = try integer(1)
                    result.year = digits < 4 ? DateTimeTemplate.adjustPartialYear(value) : value
                    result.yearDigits = 4
                case .yearComma:
                    let (thousands, _) = try integer(1)
                    if index < input.count && input[index] == "," { index += 1 }
                    let (rest, _) = try integer(3)
                    result.year = thousands * 1000 + rest
                    result.yearDigits = 4
                case .monthNumber: result.month = try integer(2).value
                case .monthUpper, .monthCapital, .monthLower:
                    result.month = try word(from: DateTimeTemplate.monthNames, keyword: keyword) + 1
                case .monUpper, .monCapital, .monLower:
                    result.month = try word(from: DateTimeTemplate.monthNames.map { String($0.prefix(3)) }, keyword: keyword) + 1
                case .romanUpper, .romanLower:
                    let numerals = DateTimeTemplate.romanMonths.enumerated().sorted { $0.element.count > $1.element.count }
                    let chosen = try word(from: numerals.map(\.element), keyword: keyword)
                    result.month = numerals[chosen].offset + 1
                case .dayUpper, .dayCapital, .dayLower:
                    _ = try word(from: DateTimeTemplate.dayNames, keyword: keyword)
                case .dyUpper, .dyCapital, .dyLower:
                    _ = try word(from: DateTimeTemplate.dayNames.map { String($0.prefix(3)) }, keyword: keyword)
                case .dayOfMonth: result.day = try integer(2).value
                case .dayOfYear, .isoDayOfYear: result.dayOfYear = try integer(3).value
                case .dayOfWeek, .isoDayOfWeek, .weekOfMonth, .quarter: _ = try integer(1)
                case .weekOfYear, .isoWeek: _ = try integer(2)
                case .century: result.century = try integer(2).value
                case .julian: result.julian = try integer(Int.max).value
                case .hour, .hour12:
                    result.hour = try integer(2).value
                    result.isTwelveHour = true
                case .hour24: result.hour = try integer(2).value
                case .minute: result.minute = try integer(2).value
                case .second: result.second = try integer(2).value
                case .secondsOfDay, .secondsOfDay5:
                    let total = try integer(5).value
                    result.hour = total / 3600
                    result.minute = total / 60 % 60
                    result.second = total % 60
                case .millisecond:
                    let (value, digits) = try integer(3)
                    result.microsecond = value * (digits == 1 ? 100 : (digits == 2 ? 10 : 1)) * 1000
                case .microsecond, .fraction1, .fraction2, .fraction3, .fraction4, .fraction5, .fraction6:
                    let width = keyword == .microsecond ? 6 : Int(String(keyword.rawValue.last!))!
                    let (value, digits) = try integer(width)
                    var scaled = value
                    for _ in digits..<6 { scaled *= 10 }
                    result.microsecond = scaled
                case .amUpper, .pmUpper, .amLower, .pmLower, .amDotsUpper, .pmDotsUpper, .amDotsLower, .pmDotsLower:
                    let chosen = try word(from: ["a.m.", "p.m.", "am", "pm"], keyword: keyword)
                    result.isPostMeridiem = chosen % 2 == 1
                case .adUpper, .bcUpper, .adLower, .bcLower, .adDotsUpper, .bcDotsUpper, .adDotsLower, .bcDotsLower:
                    let chosen = try word(from: ["a.d.", "b.c.", "ad", "bc"], keyword: keyword)
                    result.isBeforeChrist = chosen % 2 == 1
                case .zoneHour:
                    let (value, _) = try integer(2, signed: true)
                    let negative = value < 0 || (index > 0 && input[max(index - 3, 0)] == "-")
                    result.zoneOffset = (result.zoneOffset ?? 0) + abs(value) * 3600 * (negative ? -1 : 1)
                case .zoneMinute:
                    let (value, _) = try integer(2)
                    let sign = (result.zoneOffset ?? 0) < 0 ? -1 : 1
                    result.zoneOffset = (result.zoneOffset ?? 0) + sign * value * 60
                case .offset:
                    let (hours, _) = try integer(2, signed: true)
                    var offset = abs(hours) * 3600
                    if index < input.count && input[index] == ":" {
                        index += 1
                        offset += try integer(2).value * 60
                    }
                    result.zoneOffset = hours < 0 ? -offset : offset
                case .zoneUpper, .zoneLower:
                    throw DatabaseError(.featureNotSupported, "formatting field \"\(keyword.rawValue)\" is only supported in to_char")
                case .fixedFormat:
                    break
                }
            }
        }
        return result
    }

    /// adjust_partial_year_to_2020.
    static func adjustPartialYear(_ year: Int) -> Int {
        if year < 70 { return year + 2000 }
        if year < 100 { return year + 1900 }
        if year < 520 { return year + 2000 }
        if year < 1000 { return year + 1000 }
        return year
    }

    /// The validated calendar fields of a parse (to_date / to_timestamp).
    static func fields(from parsed: Parsed, text: String) throws(DatabaseError) -> DateTimeFields {
        let overflow = DatabaseError(.datetimeFieldOverflow, "date/time field value out of range: \"\(text)\"")
        var fields = DateTimeFields(year: 0, month: 1, day: 1)
        if var year = parsed.year {
            if parsed.isBeforeChrist { year = -(year - 1) }
            fields.year = year
        } else if let century = parsed.century {
            fields.year = century > 0 ? (century - 1) * 100 + 1 : century * 100 + 1
        }
        if let julian = parsed.julian {
            let date = CivilCalendar.date(julianDay: julian)
            (fields.year, fields.month, fields.day) = (date.year, date.month, date.day)
        }
        if let month = parsed.month { fields.month = month }
        if let day = parsed.day { fields.day = day }
        if let dayOfYear = parsed.dayOfYear {
            let date = CivilCalendar.date(julianDay: CivilCalendar.julianDay(year: fields.year, month: 1, day: 1) + dayOfYear - 1)
            (fields.year, fields.month, fields.day) = (date.year, date.month, date.day)
        }
        var hour = parsed.hour
        if parsed.isTwelveHour || parsed.isPostMeridiem != nil {
            if parsed.isPostMeridiem != nil || parsed.isTwelveHour {
                if hour < 1 || hour > 12 {
                    if parsed.isTwelveHour {
                        throw DatabaseError(.invalidDatetimeFormat, "hour \"\(hour)\" is invalid for the 12-hour clock",
                                            hint: "Use the 24-hour clock, or give an hour between 1 and 12.")
                    }
                }
            }
            if parsed.isPostMeridiem == true && hour < 12 { hour += 12 } else if parsed.isPostMeridiem == false && hour == 12 { hour = 0 }
        }
        fields.hour = hour
        fields.minute = parsed.minute
        fields.second = parsed.second
        fields.microsecond = parsed.microsecond
        guard fields.month >= 1 && fields.month <= 12, fields.day >= 1,
              fields.day <= CivilCalendar.daysIn(month: fields.month, year: fields.year) else { throw overflow }
        if DateTimeDecoder.timeOverflows(fields) { throw overflow }
        return fields
    }
}
