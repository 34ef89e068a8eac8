// Text input and output of real and double precision as PostgreSQL 15 does it.
// Input (float4in/float8in): whitespace, sign, decimal digits with optional point and exponent,
// or NaN / Infinity / inf in any case; values that overflow, or underflow to zero, are 22003.
// Output (float4out/float8out): with extra_float_digits > 0 the shortest text that reads back
// as the same value (PostgreSQL 12+'s Ryu output), in %g style: exponent notation when the
// decimal exponent is below -4 or at least 15 (real: 6), e.g. 0.1, 1e+20, 1.5e-07, Infinity.
// With extra_float_digits <= 0, %.{15 + n}g (real: %.{6 + n}g), as older clients ask for.

public import HeliosCore

/// Parsing and printing of floating-point values.
public enum FloatText {
    /// float8in.
    public static func parseDouble(_ text: String) throws(DatabaseError) -> Double {
        try parse(text, typeName: "double precision") { Double($0) }
    }

    /// float4in.
    public static func parseFloat(_ text: String) throws(DatabaseError) -> Float {
        try parse(text, typeName: "real") { Float($0) }
    }

    private static func parse<Value: BinaryFloatingPoint>(
        _ text: String, typeName: String, convert: (Substring) -> Value?
    ) throws(DatabaseError) -> Value {
        let invalid = DatabaseError(.invalidTextRepresentation, "invalid input syntax for type \(typeName): \"\(text)\"")
        let bytes = Array(text.utf8)
        var start = 0, end = bytes.count
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { throw invalid }
        let body = bytes[start..<end]
        if let special = specialValue(body, as: Value.self) { return special }
        guard let hasNonZeroDigit = validateDecimal(body) ?? validateHexadecimal(body) else { throw invalid }
        let core = String(decoding: body, as: UTF8.self)
        guard let value = convert(Substring(core)) else { throw invalid }
        if value.isInfinite || (value == 0 && hasNonZeroDigit) {
            throw DatabaseError(.numericValueOutOfRange, "\"\(text)\" is out of range for type \(typeName)")
        }
        return value
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || (byte >= 9 && byte <= 13) }

    private static func specialValue<Value: BinaryFloatingPoint>(_ body: ArraySlice<UInt8>, as: Value.Type) -> Value? {
        var word = body.map { $0 | 0x20 }[...]
        var negative = false
        if let first = word.first, first == UInt8(ascii: "+") | 0x20 || first == UInt8(ascii: "-") | 0x20 {
            // '+' | 0x20 is '+'; '-' | 0x20 is '-'.
            negative = first == UInt8(ascii: "-")
            word = word.dropFirst()
        }
        let text = String(decoding: word, as: UTF8.self)
        switch text {
        case "nan": return body.first == UInt8(ascii: "+") || body.first == UInt8(ascii: "-") ? nil : .nan
        case "infinity", "inf": return negative ? -.infinity : .infinity
        default: return nil
        }
    }

    /// Checks the decimal syntax; returns whether any digit of the mantissa is nonzero, nil when invalid.
    private static func validateDecimal(_ body: ArraySlice<UInt8>) -> Bool? {
        var index = body.startIndex
        let end = body.endIndex
        if index < end && (body[index] == UInt8(ascii: "+") || body[index] == UInt8(ascii: "-")) { index += 1 }
        var digitCount = 0
        var nonZero = false
        while index < end && body[index] >= 48 && body[index] <= 57 {
            if body[index] != 48 { nonZero = true }
            digitCount += 1
            index += 1
        }
        if index < end && body[index] == UInt8(ascii: ".") {
            index += 1
            while index < end && body[index] >= 48 && body[index] <= 57 {
                if body[index] != 48 { nonZero = true }
                digitCount += 1
                index += 1
            }
        }
        guard digitCount > 0 else { return nil }
        if index < end && (body[index] == UInt8(ascii: "e") || body[index] == UInt8(ascii: "E")) {
            index += 1
            if index < end && (body[index] == UInt8(ascii: "+") || body[index] == UInt8(ascii: "-")) { index += 1 }
            var exponentDigits = 0
            while index < end && body[index] >= 48 && body[index] <= 57 {
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
        }
        return index == end ? nonZero : nil
    }

    /// strtod's hexadecimal form, which float8in inherits: [sign] 0x digits [. digits] [p [sign] digits].
    /// Returns whether any digit of the mantissa is nonzero, nil when invalid.
    private static func validateHexadecimal(_ body: ArraySlice<UInt8>) -> Bool? {
        var index = body.startIndex
        let end = body.endIndex
        if index < end && (body[index] == UInt8(ascii: "+") || body[index] == UInt8(ascii: "-")) { index += 1 }
        guard end - index > 2, body[index] == UInt8(ascii: "0"), body[index + 1] | 0x20 == UInt8(ascii: "x") else { return nil }
        index += 2
        func isHexDigit(_ byte: UInt8) -> Bool {
            (byte >= 48 && byte <= 57) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
        }
        var digitCount = 0
        var nonZero = false
        while index < end && isHexDigit(body[index]) {
            if body[index] != 48 { nonZero = true }
            digitCount += 1
            index += 1
        }
        if index < end && body[index] == UInt8(ascii: ".") {
            index += 1
            while index < end && isHexDigit(body[index]) {
                if body[index] != 48 { nonZero = true }
                digitCount += 1
                index += 1
            }
        }
        guard digitCount > 0 else { return nil }
        if index < end && body[index] | 0x20 == UInt8(ascii: "p") {
            index += 1
            if index < end && (body[index] == UInt8(ascii: "+") || body[index] == UInt8(ascii: "-")) { index += 1 }
            var exponentDigits = 0
            while index < end && body[index] >= 48 && body[index] <= 57 {
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
        }
        return index == end ? nonZero : nil
    }

    /// float8out.
    public static func format(_ value: Double, extraFloatDigits: Int = 1) -> String {
        if let special = specialText(value) { return special }
        if extraFloatDigits > 0 {
            let (digits, exponent) = shortestDigits(value.magnitude.description)
            return layout(digits: digits, exponent: exponent, negative: value.sign == .minus, scientificFrom: 15)
        }
        return fixedPrecision(Double(value), precision: max(1, 15 + extraFloatDigits))
    }

    /// float4out.
    public static func format(_ value: Float, extraFloatDigits: Int = 1) -> String {
        if let special = specialText(Double(value)) { return special }
        if extraFloatDigits > 0 {
            let (digits, exponent) = shortestDigits(value.magnitude.description)
            return layout(digits: digits, exponent: exponent, negative: value.sign == .minus, scientificFrom: 6)
        }
        return fixedPrecision(Double(value), precision: max(1, 6 + extraFloatDigits))
    }

    private static func specialText(_ value: Double) -> String? {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        return nil
    }

    /// The significant digits and decimal exponent (of the first digit) of Swift's shortest
    /// round-trip description of a positive finite value, e.g. "1.5e-07" gives ([1,5], -7).
    static func shortestDigits(_ description: String) -> (digits: [UInt8], exponent: Int) {
        var mantissa: [UInt8] = []
        var pointPosition: Int?
        var exponent = 0
        var bytes = Array(description.utf8)[...]
        while let byte = bytes.first {
            bytes = bytes.dropFirst()
            if byte >= 48 && byte <= 57 {
                mantissa.append(byte - 48)
            } else if byte == UInt8(ascii: ".") {
                pointPosition = mantissa.count
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                exponent = Int(String(decoding: bytes, as: UTF8.self)) ?? 0
                break
            }
        }
        let integerDigits = pointPosition ?? mantissa.count
        var leading = 0
        while leading < mantissa.count && mantissa[leading] == 0 { leading += 1 }
        var digits = Array(mantissa[leading...])
        while let last = digits.last, last == 0 { digits.removeLast() }
        return (digits, exponent + integerDigits - 1 - leading)
    }

    /// Prints digits d1d2... with the first at decimal exponent `exponent` in %g style.
    static func layout(digits: [UInt8], exponent: Int, negative: Bool, scientificFrom limit: Int) -> String {
        var text: [UInt8] = []
        if negative { text.append(UInt8(ascii: "-")) }
        let ascii = digits.map { $0 + 48 }
        if exponent < -4 || exponent >= limit {
            text.append(ascii[0])
            if ascii.count > 1 {
                text.append(UInt8(ascii: "."))
                text.append(contentsOf: ascii[1...])
            }
            text.append(UInt8(ascii: "e"))
            text.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = abs(exponent)
            if magnitude < 10 { text.append(UInt8(ascii: "0")) }
            text.append(contentsOf: String(magnitude).utf8)
        } else if exponent < 0 {
            text.append(UInt8(ascii: "0"))
            text.append(UInt8(ascii: "."))
            text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -exponent - 1))
            text.append(contentsOf: ascii)
        } else {
            for index in 0...max(exponent, ascii.count - 1) {
                if index == exponent + 1 { text.append(UInt8(ascii: ".")) }
                text.append(index < ascii.count ? ascii[index] : UInt8(ascii: "0"))
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// printf("%{minimumWidth}g"): six significant digits, zero-padded to the width.
    static func percentG(_ value: Double, minimumWidth: Int = 0) -> String {
        var text: String
        if value.isNaN { text = "nan" } else if value.isInfinite { text = value < 0 ? "-inf" : "inf" } else if value == 0 {
            text = "0"
        } else {
            text = fixedPrecision(value, precision: 6)
        }
        if text.count < minimumWidth {
            let negative = text.hasPrefix("-")
            let digits = negative ? String(text.dropFirst()) : text
            text = (negative ? "-" : "") + String(repeating: "0", count: minimumWidth - text.count) + digits
        }
        return text
    }

    /// printf("%.{precision}g", value) for a finite nonzero value, rounding the exact binary value.
    static func fixedPrecision(_ value: Double, precision: Int) -> String {
        let rounded = Numeric.roundedToSignificantDigits(Numeric(exactly: value.magnitude), digits: precision)
        let (digits, exponent) = rounded.decimalDigits()
        return layout(digits: digits, exponent: exponent, negative: value.sign == .minus, scientificFrom: precision)
    }
}
