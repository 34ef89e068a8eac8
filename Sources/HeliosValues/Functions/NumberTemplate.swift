// Number templates for to_char(numeric|int|float, text) and to_number (formatting.c's NUM
// patterns): 9 (digit), 0 (digit, leading zeros kept), . or D (decimal point), , or G (group
// separator), S / MI / PL / SG / PR (sign placements), L (currency, blank in the C locale),
// V (shift by 10^n), EEEE (scientific), RN / rn (Roman numerals), TH / th (ordinal) and FM (no
// padding). Without a sign pattern a blank or minus sign is placed right before the first digit;
// a value with more integer digits than the template has becomes '#' signs.

import HeliosCore

/// A parsed number template.
struct NumberTemplate {
    enum Element {
        case digit(zero: Bool)
        case decimalPoint
        case group
        case sign(SignKind)
        case currency
        case literal(Character)
    }

    enum SignKind { case plusMinus, minus, plus, plusMinusAlways, brackets }

    var elements: [Element] = []
    var fillMode = false
    var multiplierDigits = 0
    var scientific = false
    var ordinal: Bool?
    /// RN / rn: the value as a Roman numeral (upper or lower case), instead of everything else.
    var romanNumeralUppercase: Bool?

    var integerDigits: Int { elements.prefix { if case .decimalPoint = $0 { false } else { true } }.filter { if case .digit = $0 { true } else { false } }.count }
    var fractionDigits: Int {
        guard let point = elements.firstIndex(where: { if case .decimalPoint = $0 { true } else { false } }) else { return 0 }
        return elements[point...].filter { if case .digit = $0 { true } else { false } }.count
    }
    var hasSignPattern: Bool { elements.contains { if case .sign = $0 { true } else { false } } }

    init(_ template: String) {
        let characters = Array(template)
        var index = 0
        func matches(_ word: String) -> Bool {
            let letters = Array(word)
            guard index + letters.count <= characters.count else { return false }
            return characters[index..<(index + letters.count)].map { Character($0.uppercased()) }.elementsEqual(letters)
        }
        while index < characters.count {
            let character = characters[index]
            if matches("FM") { fillMode = true; index += 2; continue }
            if matches("RN") { romanNumeralUppercase = characters[index] == "R"; index += 2; continue }
            if matches("EEEE") { scientific = true; index += 4; continue }
            if matches("TH") { ordinal = characters[index] == "T"; index += 2; continue }
            if matches("MI") { elements.append(.sign(.minus)); index += 2; continue }
            if matches("PL") { elements.append(.sign(.plus)); index += 2; continue }
            if matches("SG") { elements.append(.sign(.plusMinusAlways)); index += 2; continue }
            if matches("PR") { elements.append(.sign(.brackets)); index += 2; continue }
            switch character {
            case "9": elements.append(.digit(zero: false))
            case "0": elements.append(.digit(zero: true))
            case ".", "D", "d": elements.append(.decimalPoint)
            case ",", "G", "g": elements.append(.group)
            case "S", "s": elements.append(.sign(.plusMinus))
            case "L", "l": elements.append(.currency)
            case "V", "v":
                index += 1
                while index < characters.count && (characters[index] == "9" || characters[index] == "0") {
                    multiplierDigits += 1
                    elements.append(.digit(zero: characters[index] == "0"))
                    index += 1
                }
                continue
            default: elements.append(.literal(character))
            }
            index += 1
        }
    }

    /// Formats a number given as its decimal text (already rounded to `fractionDigits`).
    func format(negative: Bool, integerPart: String, fractionPart: String, integerValue: Int64?) -> String {
        let pre = integerDigits
        let overflow = integerPart.count > pre
        var intDigits = Array(integerPart)
        var fraction = Array(fractionPart)
        let integerElements = elements.prefix { if case .decimalPoint = $0 { false } else { true } }
        let firstZero = integerElements.filter { if case .digit = $0 { true } else { false } }
            .enumerated().first { if case .digit(true) = $0.element { true } else { false } }?.offset
        let hasPoint = elements.contains { if case .decimalPoint = $0 { true } else { false } }
        let lastDigitIndex = elements.lastIndex { if case .digit = $0 { true } else { false } } ?? -1
        let anchoredIndex = elements.firstIndex { if case .sign(.plusMinus) = $0 { true } else { false } }
        let anchoredLeading = anchoredIndex.map { $0 < lastDigitIndex } ?? false
        let hasBrackets = elements.contains { if case .sign(.brackets) = $0 { true } else { false } }
        let hasPositionalMinus = elements.contains {
            if case .sign(let kind) = $0 { kind == .minus || kind == .plusMinusAlways } else { false }
        }
        let defaultSlot = anchoredIndex == nil && !hasPositionalMinus && !hasBrackets
        if fillMode {
            // FM drops trailing zeros that fall on '9' positions.
            let fractionPattern = elements.drop { if case .decimalPoint = $0 { false } else { true } }.dropFirst()
                .compactMap { element -> Bool? in if case .digit(let zero) = element { zero } else { nil } }
            while let last = fraction.last, last == "0", fraction.count <= fractionPattern.count,
                  fractionPattern[fraction.count - 1] == false {
                fraction.removeLast()
            }
            if intDigits.isEmpty && fraction.isEmpty { intDigits = ["0"] }
        } else if intDigits.isEmpty && (!hasPoint || fractionDigits == 0) {
            intDigits = ["0"]
        }
        // The sign that sits right before the first printed character of the number.
        var anchor = ""
        if anchoredLeading {
            anchor = negative ? "-" : "+"
        } else if hasBrackets {
            anchor = negative ? "<" : (fillMode ? "" : " ")
        } else if defaultSlot {
            anchor = negative ? "-" : (fillMode ? "" : " ")
        }
        var output = ""
        var integerPosition = 0
        var fractionPosition = 0
        var started = false
        var afterPoint = false
        func start() {
            if !started {
                output += anchor
                started = true
            }
        }
        for (index, element) in elements.enumerated() {
            switch element {
            case .digit(let zero):
                if afterPoint {
                    if overflow { output += "#"; continue }
                    if fractionPosition < fraction.count { output.append(fraction[fractionPosition]) } else if !fillMode || zero { output += "0" }
                    fractionPosition += 1
                    continue
                }
                defer { integerPosition += 1 }
                if overflow {
                    start()
                    output += "#"
                    continue
                }
                let digitIndex = integerPosition - (pre - intDigits.count)
                if digitIndex >= 0 {
                    start()
                    output.append(intDigits[digitIndex])
                } else if let firstZero, integerPosition >= firstZero {
                    start()
                    output += "0"
                } else if !fillMode {
                    output += " "
                }
            case .decimalPoint:
                start()
                output += "."
                afterPoint = true
            case .group:
                if started { output += "," } else if !fillMode { output += " " }
            case .sign(let kind):
                switch kind {
                case .plusMinus where index > lastDigitIndex: output += negative ? "-" : "+"
                case .plusMinus: break
                case .minus: output += negative ? "-" : (fillMode ? "" : " ")
                case .plus: output += negative ? (fillMode ? "" : " ") : "+"
                case .plusMinusAlways: output += negative ? "-" : "+"
                case .brackets: output += negative ? ">" : (fillMode ? "" : " ")
                }
            case .currency:
                output += " "
            case .literal(let character):
                output.append(character)
            }
        }
        start()
        if let ordinal, let integerValue, !overflow {
            output += DateTimeTemplate.ordinalSuffix(integerValue, upper: ordinal)
        }
        return output
    }

    /// RN: 1...3999 as a Roman numeral, right-aligned in 15 characters unless FM; other
    /// values print as 15 '#' (int_to_roman).
    func formatRoman(_ value: Int64) -> String {
        guard value >= 1 && value <= 3999 else { return String(repeating: "#", count: 15) }
        let symbols: [(Int64, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var remaining = value
        var numeral = ""
        for (amount, symbol) in symbols {
            while remaining >= amount {
                numeral += symbol
                remaining -= amount
            }
        }
        if romanNumeralUppercase == false { numeral = numeral.lowercased() }
        return fillMode ? numeral : String(repeating: " ", count: 15 - numeral.count) + numeral
    }

    /// to_char for a numeric value.
    func format(_ value: Numeric) -> String {
        if scientific { return formatScientific(value) }
        var number = value
        if multiplierDigits > 0, let shifted = try? number.multiplied(by: Numeric.powerOfTen(multiplierDigits)) { number = shifted }
        if !number.isFinite {
            // PostgreSQL prints NaN and infinities as '#' in every digit position.
            return format(negative: number.form == .negativeInfinity, integerPart: String(repeating: "9", count: integerDigits + 1),
                          fractionPart: "", integerValue: nil)
        }
        let rounded = number.rounded(scale: fractionDigits)
        let text = rounded.magnitude.decimalText(scale: fractionDigits)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var integerPart = String(parts[0])
        if integerPart == "0" { integerPart = "" }
        let fractionPart = parts.count > 1 ? String(parts[1]) : ""
        return format(negative: rounded.isNegative, integerPart: integerPart, fractionPart: fractionPart,
                      integerValue: rounded.exactInt64)
    }

    /// EEEE: d.ddde+xx.
    func formatScientific(_ value: Numeric) -> String {
        let digits = fractionDigits
        guard value.isFinite, !value.isZero else {
            let mantissa = "0" + (digits > 0 ? "." + String(repeating: "0", count: digits) : "")
            return (fillMode ? "" : " ") + mantissa + "e+00"
        }
        let (decimals, weight) = value.decimalDigits()
        var exponent = weight
        let scaled = Numeric.fromDecimalDigits(decimals, decimalWeight: 0, negative: false, scale: decimals.count)
        var mantissa = scaled.rounded(scale: digits)
        if Numeric.compare(mantissa, Numeric(10)) >= 0 {
            mantissa = (try? mantissa.divided(by: Numeric(10), scale: digits)) ?? mantissa
            exponent += 1
        }
        let sign = value.isNegative ? "-" : (fillMode ? "" : " ")
        let exponentText = (exponent < 0 ? "-" : "+") + (abs(exponent) < 10 ? "0" : "") + String(abs(exponent))
        return sign + mantissa.decimalText(scale: digits) + "e" + exponentText
    }

    /// to_number: reads `text` with the template.
    func parse(_ text: String) throws(DatabaseError) -> Numeric {
        let input = Array(text)
        var index = 0
        var digits = ""
        var fraction = ""
        var negative = false
        var afterPoint = false
        for element in elements {
            while index < input.count && input[index] == " " && !afterPoint { index += 1 }
            guard index < input.count else { break }
            switch element {
            case .digit:
                if index < input.count && (input[index] == "-" || input[index] == "<") && digits.isEmpty && !afterPoint {
                    negative = true
                    index += 1
                }
                guard index < input.count, let _ = input[index].wholeNumberValue, input[index].isASCII else { continue }
                if afterPoint { fraction.append(input[index]) } else { digits.append(input[index]) }
                index += 1
            case .decimalPoint:
                if input[index] == "." {
                    afterPoint = true
                    index += 1
                }
            case .group:
                if input[index] == "," { index += 1 }
            case .sign:
                if input[index] == "-" || input[index] == "<" {
                    negative = true
                    index += 1
                } else if input[index] == "+" || input[index] == ">" {
                    index += 1
                }
            case .currency, .literal:
                index += 1
            }
        }
        let body = (digits.isEmpty ? "0" : digits) + (fraction.isEmpty ? "" : "." + fraction)
        guard let value = try? Numeric(parsing: body) else {
            throw DatabaseError(.invalidTextRepresentation, "invalid input syntax for type numeric: \" \"")
        }
        var result = negative ? value.negated() : value
        if multiplierDigits > 0 {
            result = try result.divided(by: Numeric.powerOfTen(multiplierDigits), scale: result.displayScale + multiplierDigits)
        }
        return result
    }
}
