// Conversions between numeric and the machine types, as PostgreSQL 15 does them:
//   numeric -> integer   round half away from zero, then range check ("integer out of range")
//   numeric -> float     through the decimal text, correctly rounded
//   float8 -> numeric    the double printed with %.15g (float4: %.6g), then parsed
//   integer -> numeric   exact, scale 0

public import HeliosCore

extension Numeric {
    /// The value rounded to an integer, if it fits in Int64 (numericvar_to_int64).
    var roundedInt64: Int64? {
        guard form == .finite else { return nil }
        var rounded = self
        rounded.roundDigits(toScale: 0)
        return rounded.exactInt64
    }

    /// The integer value of an integral finite numeric that fits in Int64.
    var exactInt64: Int64? {
        guard form == .finite, isInteger else { return nil }
        if digits.isEmpty { return 0 }
        // Accumulate negatively so that Int64.min is reachable.
        var accumulator: Int64 = 0
        for position in 0...Int(weight) {
            let digit = position < digits.count ? Int64(digits[position]) : 0
            let (scaled, overflow1) = accumulator.multipliedReportingOverflow(by: 10_000)
            let (next, overflow2) = scaled.subtractingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            accumulator = next
        }
        if isNegative { return accumulator }
        return accumulator == Int64.min ? nil : -accumulator
    }

    private func integerConversion<Result: FixedWidthInteger>(_ type: Result.Type, name: String) throws(DatabaseError) -> Result {
        switch form {
        case .nan: throw DatabaseError(.featureNotSupported, "cannot convert NaN to \(name)")
        case .positiveInfinity, .negativeInfinity:
            throw DatabaseError(.featureNotSupported, "cannot convert infinity to \(name)")
        case .finite: break
        }
        guard let value = roundedInt64, let result = Result(exactly: value) else {
            throw DatabaseError(.numericValueOutOfRange, "\(name) out of range")
        }
        return result
    }

    /// numeric -> smallint.
    public func smallintValue() throws(DatabaseError) -> Int16 { try integerConversion(Int16.self, name: "smallint") }
    /// numeric -> integer.
    public func integerValue() throws(DatabaseError) -> Int32 { try integerConversion(Int32.self, name: "integer") }
    /// numeric -> bigint.
    public func bigintValue() throws(DatabaseError) -> Int64 { try integerConversion(Int64.self, name: "bigint") }

    /// numeric -> double precision; 22003 when the value is beyond the double range.
    public func doubleValue() throws(DatabaseError) -> Double {
        switch form {
        case .nan: return .nan
        case .positiveInfinity: return .infinity
        case .negativeInfinity: return -.infinity
        case .finite: return try FloatText.parseDouble(description)
        }
    }

    /// numeric -> real; 22003 when the value is beyond the real range.
    public func floatValue() throws(DatabaseError) -> Float {
        switch form {
        case .nan: return .nan
        case .positiveInfinity: return .infinity
        case .negativeInfinity: return -.infinity
        case .finite: return try FloatText.parseFloat(description)
        }
    }

    /// double precision -> numeric (float8_numeric: 15 significant digits).
    public init(_ value: Double) {
        if value.isNaN { self = .nan; return }
        if value.isInfinite { self = value < 0 ? .negativeInfinity : .infinity; return }
        self = Numeric.roundedToSignificantDigits(Numeric(exactly: value), digits: 15)
    }

    /// real -> numeric (float4_numeric: 6 significant digits).
    public init(_ value: Float) {
        if value.isNaN { self = .nan; return }
        if value.isInfinite { self = value < 0 ? .negativeInfinity : .infinity; return }
        self = Numeric.roundedToSignificantDigits(Numeric(exactly: Double(value)), digits: 6)
    }

    /// The exact decimal value of a finite double.
    init(exactly value: Double) {
        if value == 0 { self = .zero; return }
        let significand = Int64(value.significandBitPattern | (value.isNormal ? 1 << 52 : 0))
        var exponent = Int(value.exponent) - 52
        if !value.isNormal { exponent = -1074 }
        var result = Numeric(significand)
        if exponent > 0 {
            result = Numeric.multiplyExactly(result, Numeric.power(of: 2, exponent))
        } else if exponent < 0 {
            result = Numeric.multiplyExactly(result, Numeric.power(of: 5, -exponent)).shiftedDecimal(by: exponent)
        }
        self = value < 0 ? result.negated() : result
    }

    /// base^exponent exactly, by repeated squaring.
    static func power(of base: Int, _ exponent: Int) -> Numeric {
        var result = Numeric.one
        var square = Numeric(base)
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 != 0 { result = multiplyExactly(result, square) }
            remaining >>= 1
            if remaining > 0 { square = multiplyExactly(square, square) }
        }
        return result
    }

    /// The value rounded half to even to `count` significant decimal digits, with the display
    /// scale "%.*g" output would give when parsed back (digits written after the point).
    static func roundedToSignificantDigits(_ value: Numeric, digits count: Int) -> Numeric {
        let (decimals, firstWeight) = value.decimalDigits()
        guard !decimals.isEmpty else { return .zero }
        var kept = Array(decimals.prefix(count))
        var weight = firstWeight
        if decimals.count > count {
            let next = decimals[count]
            let restNonZero = decimals[(count + 1)...].contains { $0 != 0 }
            let roundUp = next > 5 || (next == 5 && (restNonZero || kept[count - 1] % 2 == 1))
            if roundUp {
                var index = count - 1
                while index >= 0 {
                    if kept[index] == 9 {
                        kept[index] = 0
                        index -= 1
                    } else {
                        kept[index] += 1
                        break
                    }
                }
                if index < 0 {
                    kept.insert(1, at: 0)
                    kept.removeLast()
                    weight += 1
                }
            }
        }
        while let last = kept.last, last == 0 { kept.removeLast() }
        let scale = max(0, kept.count - 1 - weight)
        return fromDecimalDigits(kept, decimalWeight: weight, negative: value.isNegative, scale: scale)
    }

    /// The significant decimal digits (no leading or trailing zeros) and the decimal weight of
    /// the first one.
    func decimalDigits() -> (digits: [UInt8], weight: Int) {
        var result: [UInt8] = []
        result.reserveCapacity(digits.count * 4)
        for digit in digits {
            let value = Int(digit)
            result.append(UInt8(value / 1000))
            result.append(UInt8(value / 100 % 10))
            result.append(UInt8(value / 10 % 10))
            result.append(UInt8(value % 10))
        }
        var leading = 0
        while leading < result.count && result[leading] == 0 { leading += 1 }
        if leading == result.count { return ([], 0) }
        while let last = result.last, last == 0 { result.removeLast() }
        let weight = Int(self.weight) * 4 + 3 - leading
        return (Array(result[leading...]), weight)
    }
}
