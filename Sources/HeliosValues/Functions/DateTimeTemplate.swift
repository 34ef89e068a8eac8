// Date/time template patterns for to_char, to_date and to_timestamp (formatting.c's DCH
// patterns): YYYY YYY YY Y Y,YYY IYYY..I, MM MON Mon mon MONTH Month month RM, DD DDD IDDD D ID,
// DAY Day day DY Dy dy, W WW IW, CC, J, Q, HH HH12 HH24 MI SS SSSS MS US FF1-FF6, AM PM A.M. P.M.,
// AD BC A.D. B.C. (each also in lower case), TZ tz TZH TZM OF, with the FM (no padding) and TM
// prefixes and the TH / th ordinal suffixes; "quoted text" and backslash escapes are literal.

import HeliosCore

/// A parsed date/time template.
struct DateTimeTemplate {
    enum Keyword: String, CaseIterable {
        case yearComma = "Y,YYY", year4 = "YYYY", year3 = "YYY", year2 = "YY", year1 = "Y"
        case isoYear4 = "IYYY", isoYear3 = "IYY", isoYear2 = "IY", isoYear1 = "I"
        case monthNumber = "MM", monthUpper = "MONTH", monthCapital = "Month", monthLower = "month"
        case monUpper = "MON", monCapital = "Mon", monLower = "mon", romanUpper = "RM", romanLower = "rm"
        case dayOfMonth = "DD", dayOfYear = "DDD", isoDayOfYear = "IDDD", dayOfWeek = "D", isoDayOfWeek = "ID"
        case dayUpper = "DAY", dayCapital = "Day", dayLower = "day", dyUpper = "DY", dyCapital = "Dy", dyLower = "dy"
        case weekOfMonth = "W", weekOfYear = "WW", isoWeek = "IW", century = "CC", julian = "J", quarter = "Q"
        case hour = "HH", hour12 = "HH12", hour24 = "HH24", minute = "MI", second = "SS", secondsOfDay = "SSSS"
        case secondsOfDay5 = "SSSSS", millisecond = "MS", microsecond = "US"
        case fraction1 = "FF1", fraction2 = "FF2", fraction3 = "FF3", fraction4 = "FF4", fraction5 = "FF5", fraction6 = "FF6"
        case amUpper = "AM", pmUpper = "PM", amLower = "am", pmLower = "pm"
        case amDotsUpper = "A.M.", pmDotsUpper = "P.M.", amDotsLower = "a.m.", pmDotsLower = "p.m."
        case adUpper = "AD", bcUpper = "BC", adLower = "ad", bcLower = "bc"
        case adDotsUpper = "A.D.", bcDotsUpper = "B.C.", adDotsLower = "a.d.", bcDotsLower = "b.c."
        case zoneUpper = "TZ", zoneLower = "tz", zoneHour = "TZH", zoneMinute = "TZM", offset = "OF"
        case fixedFormat = "FX"
    }

    enum Node {
        case keyword(Keyword, fillMode: Bool, ordinal: Bool?)   // ordinal: true TH, false th
        case literal(Character)
        /// A character that separates fields when reading (any non-alphanumeric in the template).
        case separator(Character)
    }

    var nodes: [Node] = []

    /// Keywords to try at each position, longest first, with lower-case spellings of the
    /// numeric ones (PostgreSQL accepts "yyyy", "hh24", "mi" ...).
    private static let spellings: [(String, Keyword)] = {
        var list: [(String, Keyword)] = Keyword.allCases.map { ($0.rawValue, $0) }
        let caseInsensitive: [Keyword] = [.yearComma, .year4, .year3, .year2, .year1, .isoYear4, .isoYear3, .isoYear2, .isoYear1,
                                          .monthNumber, .dayOfMonth, .dayOfYear, .isoDayOfYear, .dayOfWeek, .isoDayOfWeek,
                                          .weekOfMonth, .weekOfYear, .isoWeek, .century, .julian, .quarter, .hour, .hour12, .hour24,
                                          .minute, .second, .secondsOfDay, .secondsOfDay5, .millisecond, .microsecond, .fraction1,
                                          .fraction2, .fraction3, .fraction4, .fraction5, .fraction6, .zoneHour, .zoneMinute,
                                          .offset, .fixedFormat]
        for keyword in caseInsensitive { list.append((keyword.rawValue.lowercased(), keyword)) }
        return list.sorted { $0.0.count > $1.0.count }
    }()

    init(_ template: String) {
        let characters = Array(template)
        var index = 0
        func matches(_ word: String, at position: Int) -> Bool {
            let letters = Array(word)
            guard position + letters.count <= characters.count else { return false }
            return characters[position..<(position + letters.count)].elementsEqual(letters)
        }
        while index < characters.count {
            let character = characters[index]
            if character == "\"" {
                index += 1
                while index < characters.count && characters[index] != "\"" {
                    if characters[index] == "\\" && index + 1 < characters.count { index += 1 }
                    nodes.append(.literal(characters[index]))
                    index += 1
                }
                index += 1
                continue
            }
            if character == "\\" && index + 1 < characters.count {
                nodes.append(.literal(characters[index + 1]))
                index += 2
                continue
            }
            var fillMode = false
            var cursor = index
            while true {
                if matches("FM", at: cursor) || matches("fm", at: cursor) {
                    fillMode = true
                    cursor += 2
                } else if matches("TM", at: cursor) || matches("tm", at: cursor) {
                    cursor += 2
                } else {
                    break
                }
            }
            if let (spelling, keyword) = DateTimeTemplate.spellings.first(where: { matches($0.0, at: cursor) }) {
                cursor += spelling.count
                var ordinal: Bool?
                if matches("TH", at: cursor) { ordinal = true; cursor += 2 } else if matches("th", at: cursor) { ordinal = false; cursor += 2 }
                if matches("SP", at: cursor) || matches("sp", at: cursor) { cursor += 2 }
                nodes.append(.keyword(keyword, fillMode: fillMode, ordinal: ordinal))
                index = cursor
                continue
            }
            if cursor > index {
                // A lone FM/TM prefix: PostgreSQL ignores it.
                index = cursor
                continue
            }
            if character.isLetter || character.isNumber {
                nodes.append(.literal(character))
            } else {
                nodes.append(.separator(character))
            }
            index += 1
        }
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let romanMonths = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

    /// The English ordinal suffix of a number.
    static func ordinalSuffix(_ value: Int64, upper: Bool) -> String {
        let lastTwo = abs(value) % 100, last = abs(value) % 10
        let suffix: String
        if lastTwo >= 11 && lastTwo <= 13 { suffix = "th" } else {
            suffix = last == 1 ? "st" : (last == 2 ? "nd" : (last == 3 ? "rd" : "th"))
        }
        return upper ? suffix.uppercased() : suffix
    }

    static func padded(_ value: Int64, _ width: Int, fillMode: Bool) -> String {
        let digits = String(abs(value))
        let body = fillMode || digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return value < 0 ? "-" + body : body
    }

    static func cased(_ word: String, _ keyword: Keyword) -> String {
        switch keyword {
        case .monthUpper, .monUpper, .dayUpper, .dyUpper, .romanUpper: word.uppercased()
        case .monthLower, .monLower, .dayLower, .dyLower, .romanLower: word.lowercased()
        default: word
        }
    }
}
