// to_char for timestamps, dates and intervals: each template keyword printed from the
// broken-down value, zero-padded to its width unless FM, names blank-padded to nine characters
// unless FM, BC years printed positive (the BC keyword says which era), intervals printing
// their own fields (HH24 may exceed 24) and refusing calendar-only keywords.

import HeliosCore

extension DateTimeTemplate {
    /// What to_char prints a value from.
    struct Source {
        var fields: DateTimeFields
        /// Day of the year for DDD (for intervals: 30-day months plus days).
        var dayOfYear: Int
        var isInterval: Bool
        var zone: (offset: Int, abbreviation: String)?
    }

    static let intervalError = DatabaseError(.invalidDatetimeFormat, "invalid format specification for an interval value",
                                              hint: "Intervals are not tied to specific calendar dates.")

    /// Renders the template.
    func format(_ source: Source) throws(DatabaseError) -> String {
        var output = ""
        let fields = source.fields
        let year = source.isInterval ? fields.year : (fields.year <= 0 ? -(fields.year - 1) : fields.year)
        for node in nodes {
            switch node {
            case .literal(let character), .separator(let character):
                output.append(character)
            case .keyword(let keyword, let fillMode, let ordinal):
                var number: Int64?
                var text = ""
                let julian = source.isInterval ? 0 : CivilCalendar.julianDay(year: fields.year, month: fields.month, day: fields.day)
                func calendarOnly() throws(DatabaseError) { if source.isInterval { throw DateTimeTemplate.intervalError } }
                switch keyword {
                case .amUpper, .pmUpper, .amLower, .pmLower, .amDotsUpper, .pmDotsUpper, .amDotsLower, .pmDotsLower:
                    let isPM = fields.hour % 24 >= 12
                    let base = [.amDotsUpper, .pmDotsUpper, .amDotsLower, .pmDotsLower].contains(keyword)
                        ? (isPM ? "P.M." : "A.M.") : (isPM ? "PM" : "AM")
                    text = [.amLower, .pmLower, .amDotsLower, .pmDotsLower].contains(keyword) ? base.lowercased() : base
                case .adUpper, .bcUpper, .adLower, .bcLower, .adDotsUpper, .bcDotsUpper, .adDotsLower, .bcDotsLower:
                    let isBC = fields.year <= 0 && !source.isInterval
                    let base = [.adDotsUpper, .bcDotsUpper, .adDotsLower, .bcDotsLower].contains(keyword)
                        ? (isBC ? "B.C." : "A.D.") : (isBC ? "BC" : "AD")
                    text = [.adLower, .bcLower, .adDotsLower, .bcDotsLower].contains(keyword) ? base.lowercased() : base
                case .hour, .hour12:
                    let value = fields.hour % 12 == 0 ? 12 : fields.hour % 12
                    text = DateTimeTemplate.padded(Int64(value), fields.hour >= 0 ? 2 : 3, fillMode: fillMode)
                    number = Int64(value)
                case .hour24:
                    number = Int64(fields.hour)
                    text = DateTimeTemplate.padded(number!, fields.hour >= 0 ? 2 : 3, fillMode: fillMode)
                case .minute:
                    number = Int64(fields.minute)
                    text = DateTimeTemplate.padded(number!, fields.minute >= 0 ? 2 : 3, fillMode: fillMode)
                case .second:
                    number = Int64(fields.second)
                    text = DateTimeTemplate.padded(number!, fields.second >= 0 ? 2 : 3, fillMode: fillMode)
                case .millisecond:
                    number = Int64(fields.microsecond / 1000)
                    text = DateTimeTemplate.padded(number!, 3, fillMode: fillMode)
                case .microsecond:
                    number = Int64(fields.microsecond)
                    text = DateTimeTemplate.padded(number!, 6, fillMode: fillMode)
                case .fraction1, .fraction2, .fraction3, .fraction4, .fraction5, .fraction6:
                    let digits = Int(String(keyword.rawValue.last!))!
                    var divisor = 1
                    for _ in digits..<6 { divisor *= 10 }
                    number = Int64(fields.microsecond / divisor)
                    text = DateTimeTemplate.padded(number!, digits, fillMode: fillMode)
                case .secondsOfDay, .secondsOfDay5:
                    number = Int64(fields.hour * 3600 + fields.minute * 60 + fields.second)
                    text = String(number!)
                case .zoneUpper, .zoneLower:
                    try calendarOnly()
                    if let zone = source.zone {
                        text = keyword == .zoneLower ? zone.abbreviation.lowercased() : zone.abbreviation
                    }
                case .zoneHour:
                    try calendarOnly()
                    if let zone = source.zone {
                        text = (zone.offset >= 0 ? "+" : "-") + DateTimeTemplate.padded(Int64(abs(zone.offset) / 3600), 2, fillMode: false)
                    }
                case .zoneMinute:
                    try calendarOnly()
                    if let zone = source.zone {
                        text = DateTimeTemplate.padded(Int64(abs(zone.offset) / 60 % 60), 2, fillMode: false)
                    }
                case .offset:
                    try calendarOnly()
                    if let zone = source.zone {
                        text = (zone.offset >= 0 ? "+" : "-") + DateTimeTemplate.padded(Int64(abs(zone.offset) / 3600), fillMode ? 0 : 2, fillMode: false)
                        if abs(zone.offset) / 60 % 60 != 0 {
                            text += ":" + DateTimeTemplate.padded(Int64(abs(zone.offset) / 60 % 60), 2, fillMode: false)
                        }
                    }
                case .yearComma:
                    let value = Int64(year)
                    text = "\(value / 1000),\(DateTimeTemplate.padded(value % 1000, 3, fillMode: false))"
                    number = value
                case .year4:
                    number = Int64(year)
                    text = DateTimeTemplate.padded(number!, year >= 0 ? 4 : 5, fillMode: fillMode)
                case .year3, .year2, .year1:
                    let width = keyword == .year3 ? 3 : (keyword == .year2 ? 2 : 1)
                    let modulus: Int64 = keyword == .year3 ? 1000 : (keyword == .year2 ? 100 : 10)
                    number = Int64(year) % modulus
                    text = DateTimeTemplate.padded(number!, width, fillMode: fillMode)
                case .isoYear4, .isoYear3, .isoYear2, .isoYear1:
                    try calendarOnly()
                    var isoYear = DateTimeExtraction.isoYear(year: fields.year, month: fields.month, day: fields.day)
                    if isoYear <= 0 { isoYear = -(isoYear - 1) }
                    let width = keyword == .isoYear4 ? 4 : (keyword == .isoYear3 ? 3 : (keyword == .isoYear2 ? 2 : 1))
                    let modulus: Int64 = keyword == .isoYear4 ? 1_000_000_000 : (keyword == .isoYear3 ? 1000 : (keyword == .isoYear2 ? 100 : 10))
                    number = Int64(isoYear) % modulus
                    text = DateTimeTemplate.padded(number!, width, fillMode: fillMode)
                case .monthNumber:
                    number = Int64(fields.month)
                    text = DateTimeTemplate.padded(number!, fields.month >= 0 ? 2 : 3, fillMode: fillMode)
                case .monthUpper, .monthCapital, .monthLower:
                    if source.isInterval && fields.month == 0 { break }
                    let name = DateTimeTemplate.cased(DateTimeTemplate.monthNames[(fields.month + 11) % 12], keyword)
                    text = fillMode ? name : name.padding(toLength: 9)
                case .monUpper, .monCapital, .monLower:
                    if source.isInterval && fields.month == 0 { break }
                    text = DateTimeTemplate.cased(String(DateTimeTemplate.monthNames[(fields.month + 11) % 12].prefix(3)), keyword)
                case .romanUpper, .romanLower:
                    if source.isInterval && fields.month == 0 { break }
                    let index = ((fields.month - 1) % 12 + 12) % 12
                    let numeral = DateTimeTemplate.cased(DateTimeTemplate.romanMonths[index], keyword)
                    text = fillMode ? numeral : numeral.padding(toLength: 4)
                case .dayUpper, .dayCapital, .dayLower:
                    try calendarOnly()
                    let name = DateTimeTemplate.cased(DateTimeTemplate.dayNames[CivilCalendar.dayOfWeek(julianDay: julian)], keyword)
                    text = fillMode ? name : name.padding(toLength: 9)
                case .dyUpper, .dyCapital, .dyLower:
                    try calendarOnly()
                    text = DateTimeTemplate.cased(String(DateTimeTemplate.dayNames[CivilCalendar.dayOfWeek(julianDay: julian)].prefix(3)), keyword)
                case .dayOfYear:
                    number = Int64(source.dayOfYear)
                    text = DateTimeTemplate.padded(number!, 3, fillMode: fillMode)
                case .isoDayOfYear:
                    try calendarOnly()
                    let isoYear = DateTimeExtraction.isoYear(year: fields.year, month: fields.month, day: fields.day)
                    number = Int64(julian - DateTimeExtraction.isoWeekStart(year: isoYear, week: 1) + 1)
                    text = DateTimeTemplate.padded(number!, 3, fillMode: fillMode)
                case .dayOfMonth:
                    number = Int64(fields.day)
                    text = DateTimeTemplate.padded(number!, 2, fillMode: fillMode)
                case .dayOfWeek:
                    try calendarOnly()
                    number = Int64(CivilCalendar.dayOfWeek(julianDay: julian) + 1)
                    text = String(number!)
                case .isoDayOfWeek:
                    try calendarOnly()
                    let weekday = CivilCalendar.dayOfWeek(julianDay: julian)
                    number = Int64(weekday == 0 ? 7 : weekday)
                    text = String(number!)
                case .weekOfMonth:
                    try calendarOnly()
                    number = Int64((fields.day - 1) / 7 + 1)
                    text = String(number!)
                case .weekOfYear:
                    try calendarOnly()
                    number = Int64((source.dayOfYear - 1) / 7 + 1)
                    text = DateTimeTemplate.padded(number!, 2, fillMode: fillMode)
                case .isoWeek:
                    try calendarOnly()
                    number = Int64(DateTimeExtraction.isoWeek(year: fields.year, month: fields.month, day: fields.day))
                    text = DateTimeTemplate.padded(number!, 2, fillMode: fillMode)
                case .century:
                    let value: Int
                    if source.isInterval { value = fields.year / 100 } else {
                        value = fields.year > 0 ? (fields.year - 1) / 100 + 1 : fields.year / 100 - 1
                    }
                    number = Int64(value)
                    text = value <= 99 && value >= -99
                        ? DateTimeTemplate.padded(Int64(value), value >= 0 ? 2 : 3, fillMode: fillMode) : String(value)
                case .julian:
                    try calendarOnly()
                    number = Int64(julian)
                    text = String(julian)
                case .quarter:
                    if source.isInterval && fields.month == 0 { break }
                    number = Int64((fields.month - 1) / 3 + 1)
                    text = String(number!)
                case .fixedFormat:
                    break
                }
                output += text
                if let ordinal, let number { output += DateTimeTemplate.ordinalSuffix(number, upper: ordinal) }
            }
        }
        return output
    }
}

extension String {
    /// The string padded with spaces on the right to `length` characters.
    func padding(toLength length: Int) -> String {
        let count = unicodeScalars.count
        return count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
