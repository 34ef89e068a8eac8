// Numeric text input and output as PostgreSQL 15's numeric_in and numeric_out: input accepts
// surrounding whitespace, a sign, digits with one decimal point, an exponent, and the words NaN,
// Infinity and inf (any case); the display scale is the number of digits written after the point
// minus the exponent. Output never uses exponent notation and prints exactly the display scale.

public import HeliosCore

extension Numeric: CustomStringConvertible {
    /// The text numeric_out prints: "NaN", "Infinity", "-Infinity" or plain decimal digits.
    public var description: String {
        switch form {
        case .nan: return "NaN"
        case .positiveInfinity: return "Infinity"
        case .negativeInfinity: return "-Infinity"
        case .finite: return decimalText(scale: displayScale)
        }
    }

    /// The finite value printed with exactly `scale` digits after the point (get_str_from_var);
    /// the digits must not extend beyond `scale` (callers round first).
    func decimalText(scale: Int) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(max(Int(weight), 0) * 4 + scale + 8)
        if isNegative { text.append(UInt8(ascii: "-")) }
        let weight = Int(self.weight)
        if weight < 0 {
            text.append(UInt8(ascii: "0"))
        } else {
            for position in 0...weight {
                let digit = position < digits.count ? Int(digits[position]) : 0
                appendDigit(digit, to: &text, suppressLeadingZeros: position == 0)
            }
        }
        if scale > 0 {
            text.append(UInt8(ascii: "."))
            var written = 0
            var position = weight + 1
            while written < scale {
                let index = position
                let digit = index >= 0 && index < digits.count ? Int(digits[index]) : 0
                var divisor = 1000
                for _ in 0..<4 where written < scale {
                    text.append(UInt8(ascii: "0") + UInt8(digit / divisor % 10))
                    divisor /= 10
                    written += 1
                }
                position += 1
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    private func appendDigit(_ digit: Int, to text: inout [UInt8], suppressLeadingZeros: Bool) {
        var divisor = 1000
        var started = !suppressLeadingZeros
        while divisor > 0 {
            let decimal = digit / divisor % 10
            if started || decimal != 0 || divisor == 1 {
                text.append(UInt8(ascii: "0") + UInt8(decimal))
                started = true
            }
            divisor /= 10
        }
    }

    /// Parses numeric input text (numeric_in without a typmod).
    public init(parsing text: String) throws(DatabaseError) {
        guard let value = Numeric.parse(Array(text.utf8)) else {
            throw DatabaseError(.invalidTextRepresentation, "invalid input syntax for type numeric: \"\(text)\"")
        }
        switch value {
        case .success(let number): self = number
        case .failure(let error): throw error
        }
    }

    /// Parses numeric input text and applies a numeric(p,s) typmod (numeric_in).
    public init(parsing text: String, modifier: Int32) throws(DatabaseError) {
        let value = try Numeric(parsing: text)
        self = try value.coerced(toModifier: modifier)
    }

    /// nil for a syntax error; a failure for an exponent or value beyond the format.
    static func parse(_ bytes: [UInt8]) -> Result<Numeric, DatabaseError>? {
        var index = 0
        let count = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 32 || (byte >= 9 && byte <= 13) }
        while index < count && isSpace(bytes[index]) { index += 1 }
        if let special = parseSpecial(bytes, from: index) {
            var end = special.end
            while end < count && isSpace(bytes[end]) { end += 1 }
            return end == count ? .success(special.value) : nil
        }
        var negative = false
        if index < count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var decimalDigits: [UInt8] = []
        var decimalWeight = -1
        var scale = 0
        var sawPoint = false
        if index < count && bytes[index] == UInt8(ascii: ".") {
            sawPoint = true
            index += 1
        }
        guard index < count, bytes[index] >= 48 && bytes[index] <= 57 else { return nil }
        while index < count {
            let byte = bytes[index]
            if byte >= 48 && byte <= 57 {
                decimalDigits.append(byte - 48)
                if sawPoint { scale += 1 } else { decimalWeight += 1 }
                index += 1
            } else if byte == UInt8(ascii: ".") {
                if sawPoint { return nil }
                sawPoint = true
                index += 1
            } else {
                break
            }
        }
        if index < count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            // strtol: optional whitespace, optional sign, at least one digit.
            var cursor = index
            while cursor < count && isSpace(bytes[cursor]) { cursor += 1 }
            var exponentNegative = false
            if cursor < count && (bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-")) {
                exponentNegative = bytes[cursor] == UInt8(ascii: "-")
                cursor += 1
            }
            guard cursor < count, bytes[cursor] >= 48 && bytes[cursor] <= 57 else { return nil }
            var exponent = 0
            while cursor < count && bytes[cursor] >= 48 && bytes[cursor] <= 57 {
                if exponent < 1_000_000_000_000 { exponent = exponent * 10 + Int(bytes[cursor] - 48) }
                cursor += 1
            }
            if exponentNegative { exponent = -exponent }
            if exponent >= Int(Int32.max) / 2 || exponent <= -(Int(Int32.max) / 2) {
                return .failure(DatabaseError(.numericValueOutOfRange, "value overflows numeric format"))
            }
            decimalWeight += exponent
            scale = max(scale - exponent, 0)
            index = cursor
        }
        while index < count && isSpace(bytes[index]) { index += 1 }
        guard index == count else { return nil }
        let number = fromDecimalDigits(decimalDigits, decimalWeight: decimalWeight, negative: negative, scale: scale)
        do throws(DatabaseError) {
            return .success(try number.checkedForStorage())
        } catch {
            return .failure(error)
        }
    }

    private static func parseSpecial(_ bytes: [UInt8], from start: Int) -> (value: Numeric, end: Int)? {
        func matches(_ word: String, at position: Int) -> Bool {
            let letters = Array(word.utf8)
            guard position + letters.count <= bytes.count else { return false }
            for (offset, letter) in letters.enumerated() where bytes[position + offset] | 0x20 != letter | 0x20 {
                return false
            }
            return true
        }
        if matches("nan", at: start) { return (.nan, start + 3) }
        var position = start
        var negative = false
        if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) {
            negative = bytes[position] == UInt8(ascii: "-")
            position += 1
        }
        let infinity: Numeric = negative ? .negativeInfinity : .infinity
        if matches("infinity", at: position) { return (infinity, position + 8) }
        if matches("inf", at: position) { return (infinity, position + 3) }
        return nil
    }

    /// Builds a numeric from decimal digits whose first digit has decimal weight `decimalWeight`.
    static func fromDecimalDigits(_ decimalDigits: [UInt8], decimalWeight: Int, negative: Bool, scale: Int) -> Numeric {
        let weight = decimalWeight >= 0
            ? (decimalWeight + 1 + decimalDigitsPerDigit - 1) / decimalDigitsPerDigit - 1
            : -((-decimalWeight - 1) / decimalDigitsPerDigit + 1)
        let offset = (weight + 1) * decimalDigitsPerDigit - (decimalWeight + 1)
        let count = (decimalDigits.count + offset + decimalDigitsPerDigit - 1) / decimalDigitsPerDigit
        var digits = [Int16](repeating: 0, count: count)
        for (index, decimal) in decimalDigits.enumerated() {
            let position = index + offset
            let multiplier: Int16 = [1000, 100, 10, 1][position % 4]
            digits[position / 4] += Int16(decimal) * multiplier
        }
        return Numeric(negative: negative, weight: weight, scale: scale, digits: digits)
    }
}
