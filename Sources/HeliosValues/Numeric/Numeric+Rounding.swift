// Rounding of numerics: PostgreSQL's round_var (half away from zero) and trunc_var at a decimal
// scale, which may be negative (round(1234, -2) = 1200); ceil and floor; and the coercion of a
// value to a numeric(p,s) typmod with PostgreSQL's "numeric field overflow" error.

public import HeliosCore

extension Numeric {
    /// 10^(4 - n) for the n decimal digits kept within the last base-10000 digit.
    private static let roundPowers = [0, 1000, 100, 10]

    /// Rounds the digits half away from zero at `scale` decimal places and sets the display scale
    /// to `scale` (PostgreSQL's round_var; a negative scale rounds left of the point).
    mutating func roundDigits(toScale scale: Int) {
        scaleStorage = Int16(clamping: scale)
        var decimalDigits = (Int(weight) + 1) * Self.decimalDigitsPerDigit + scale
        if decimalDigits < 0 {
            digits.removeAll()
            weight = 0
            isNegative = false
            return
        }
        var kept = (decimalDigits + Self.decimalDigitsPerDigit - 1) / Self.decimalDigitsPerDigit
        decimalDigits %= Self.decimalDigitsPerDigit
        guard kept < digits.count || (kept == digits.count && decimalDigits > 0) else { return }
        var carry = 0
        if decimalDigits == 0 {
            carry = Int(digits[kept]) >= Self.halfBase ? 1 : 0
            digits.removeSubrange(kept...)
        } else {
            digits.removeSubrange(kept...)
            kept -= 1
            let power = Self.roundPowers[decimalDigits]
            let extra = Int(digits[kept]) % power
            var digit = Int(digits[kept]) - extra
            if extra >= power / 2 {
                digit += power
                if digit >= Self.base {
                    digit -= Self.base
                    carry = 1
                }
            }
            digits[kept] = Int16(digit)
        }
        while carry > 0 {
            kept -= 1
            if kept < 0 {
                digits.insert(1, at: 0)
                weight += 1
                break
            }
            carry += Int(digits[kept])
            if carry >= Self.base {
                digits[kept] = Int16(carry - Self.base)
                carry = 1
            } else {
                digits[kept] = Int16(carry)
                carry = 0
            }
        }
        normalize()
    }

    /// Truncates the digits toward zero at `scale` decimal places (PostgreSQL's trunc_var).
    mutating func truncateDigits(toScale scale: Int) {
        scaleStorage = Int16(clamping: scale)
        var decimalDigits = (Int(weight) + 1) * Self.decimalDigitsPerDigit + scale
        if decimalDigits <= 0 {
            digits.removeAll()
            weight = 0
            isNegative = false
            return
        }
        var kept = (decimalDigits + Self.decimalDigitsPerDigit - 1) / Self.decimalDigitsPerDigit
        guard kept <= digits.count else { return }
        digits.removeSubrange(kept...)
        decimalDigits %= Self.decimalDigitsPerDigit
        if decimalDigits > 0 {
            kept -= 1
            let power = Self.roundPowers[decimalDigits]
            digits[kept] -= Int16(Int(digits[kept]) % power)
        }
        normalize()
    }

    /// The value rounded half away from zero to `scale` decimal places, as round(numeric, int).
    public func rounded(scale: Int) -> Numeric {
        guard form == .finite else { return self }
        var copy = self
        let limited = min(max(scale, -Self.maximumResultScale), Self.maximumResultScale)
        copy.roundDigits(toScale: limited)
        if limited < 0 { copy.scaleStorage = 0 }
        return copy
    }

    /// The value truncated toward zero to `scale` decimal places, as trunc(numeric, int).
    public func truncated(scale: Int) -> Numeric {
        guard form == .finite else { return self }
        var copy = self
        let limited = min(max(scale, -Self.maximumResultScale), Self.maximumResultScale)
        copy.truncateDigits(toScale: limited)
        if limited < 0 { copy.scaleStorage = 0 }
        return copy
    }

    /// The smallest integer not less than the value (ceil), with display scale 0.
    public func ceiling() -> Numeric {
        guard form == .finite else { return self }
        var result = truncated(scale: 0)
        if !isNegative && Numeric.compare(result, self) != 0 {
            result = Numeric.addValues(result, .one)
        }
        return result.withDisplayScale(0)
    }

    /// The largest integer not greater than the value (floor), with display scale 0.
    public func floor() -> Numeric {
        guard form == .finite else { return self }
        var result = truncated(scale: 0)
        if isNegative && Numeric.compare(result, self) != 0 {
            result = Numeric.subtractValues(result, .one)
        }
        return result.withDisplayScale(0)
    }

    /// The value coerced to a numeric(precision, scale) typmod: rounded to the scale, with
    /// PostgreSQL's 22003 "numeric field overflow" when the integer part does not fit.
    public func coerced(toModifier modifier: Int32) throws(DatabaseError) -> Numeric {
        guard let (precision, scale) = TypeModifier.numericPrecisionAndScale(of: modifier) else { return self }
        let integerDigits = precision - scale
        switch form {
        case .nan:
            return self
        case .positiveInfinity, .negativeInfinity:
            throw DatabaseError(.numericValueOutOfRange, "numeric field overflow",
                                detail: "A field with precision \(precision), scale \(scale) cannot hold an infinite value.")
        case .finite:
            break
        }
        var result = self
        result.roundDigits(toScale: scale)
        if result.displayScale < 0 { result.scaleStorage = 0 }
        if !result.digits.isEmpty {
            var decimalDigits = (Int(result.weight) + 1) * Self.decimalDigitsPerDigit
            let first = result.digits[0]
            if first < 10 { decimalDigits -= 3 } else if first < 100 { decimalDigits -= 2 } else if first < 1000 {
                decimalDigits -= 1
            }
            if decimalDigits > integerDigits {
                let bound = integerDigits != 0 ? "10^\(integerDigits)" : "1"
                throw DatabaseError(.numericValueOutOfRange, "numeric field overflow",
                                    detail: "A field with precision \(precision), scale \(scale) must round to an absolute value less than \(bound).")
            }
        }
        return result
    }
}
