// Division of numerics: Knuth's algorithm D in base 10000 producing the exact truncated quotient
// to a requested scale, then rounded or truncated (PostgreSQL's div_var); the result scale of
// `/` (select_div_scale: at least 16 significant digits, never less than either input's scale);
// div() (truncating integer quotient) and `%` (remainder with the dividend's sign).

public import HeliosCore

extension Numeric {
    /// left / right of finite values to `scale` decimal places, rounded half away from zero when
    /// `round` is set, else truncated. The divisor must not be zero.
    static func divideValues(_ left: Numeric, _ right: Numeric, scale: Int, round: Bool) -> Numeric {
        precondition(!right.digits.isEmpty, "division by zero reached divideValues")
        if left.digits.isEmpty { return Numeric.zero.withDisplayScale(scale) }
        let negative = left.isNegative != right.isNegative
        let resultWeight = Int(left.weight) - Int(right.weight)
        var quotientCount = max(resultWeight + 1 + (scale + decimalDigitsPerDigit - 1) / decimalDigitsPerDigit, 1)
        if round { quotientCount += 1 }
        let quotient = divideDigits(left.digits, by: right.digits, quotientCount: quotientCount)
        var result = Numeric(form: .finite)
        result.isNegative = negative
        result.weight = Int32(resultWeight)
        result.digits = quotient
        if round { result.roundDigits(toScale: scale) } else { result.truncateDigits(toScale: scale) }
        result.normalize()
        return result
    }

    /// The first `quotientCount` base-10000 digits of dividend / divisor, where both digit arrays
    /// are read as fractions 0.d1d2... aligned so that quotient digit 0 has weight
    /// (dividend weight - divisor weight).
    private static func divideDigits(_ dividendDigits: [Int16], by divisorDigits: [Int16], quotientCount: Int) -> [Int16] {
        let divisorCount = divisorDigits.count
        let dividendCount = max(quotientCount + divisorCount, dividendDigits.count)
        var dividend = [Int](repeating: 0, count: dividendCount + 1)
        for (index, digit) in dividendDigits.enumerated() { dividend[index + 1] = Int(digit) }
        var quotient = [Int16](repeating: 0, count: quotientCount)
        if divisorCount == 1 {
            let divisor = Int(divisorDigits[0])
            var carry = 0
            for index in 0..<quotientCount {
                carry = carry * base + dividend[index + 1]
                quotient[index] = Int16(carry / divisor)
                carry %= divisor
            }
            return quotient
        }
        var divisor = [Int](repeating: 0, count: divisorCount + 1)
        for (index, digit) in divisorDigits.enumerated() { divisor[index + 1] = Int(digit) }
        if divisor[1] < halfBase {
            let factor = base / (divisor[1] + 1)
            var carry = 0
            for index in stride(from: divisorCount, to: 0, by: -1) {
                carry += divisor[index] * factor
                divisor[index] = carry % base
                carry /= base
            }
            carry = 0
            for index in stride(from: dividendDigits.count, through: 0, by: -1) {
                carry += dividend[index] * factor
                dividend[index] = carry % base
                carry /= base
            }
        }
        let divisor1 = divisor[1], divisor2 = divisor[2]
        for position in 0..<quotientCount {
            let nextTwoDigits = dividend[position] * base + dividend[position + 1]
            if nextTwoDigits == 0 { continue }
            var estimate = dividend[position] == divisor1 ? base - 1 : nextTwoDigits / divisor1
            while divisor2 * estimate > (nextTwoDigits - estimate * divisor1) * base + dividend[position + 2] {
                estimate -= 1
            }
            if estimate > 0 {
                var borrow = 0
                for index in stride(from: divisorCount, through: 0, by: -1) {
                    let difference = dividend[position + index] - borrow - divisor[index] * estimate
                    borrow = (base - 1 - difference) / base
                    dividend[position + index] = difference + borrow * base
                }
                if borrow != 0 {
                    estimate -= 1
                    var carry = 0
                    for index in stride(from: divisorCount, through: 0, by: -1) {
                        carry += dividend[position + index] + divisor[index]
                        if carry >= base {
                            dividend[position + index] = carry - base
                            carry = 1
                        } else {
                            dividend[position + index] = carry
                            carry = 0
                        }
                    }
                }
            }
            quotient[position] = Int16(estimate)
        }
        return quotient
    }

    /// The display scale PostgreSQL gives a quotient (select_div_scale).
    static func divisionScale(_ left: Numeric, _ right: Numeric) -> Int {
        let (leftWeight, leftFirst) = left.firstDigit
        let (rightWeight, rightFirst) = right.firstDigit
        var quotientWeight = leftWeight - rightWeight
        if leftFirst <= rightFirst { quotientWeight -= 1 }
        var scale = minimumSignificantDigits - quotientWeight * decimalDigitsPerDigit
        scale = max(scale, left.displayScale, right.displayScale, 0)
        return min(scale, maximumDisplayScale)
    }

    /// Weight and value of the first nonzero digit (0, 0 for zero).
    private var firstDigit: (weight: Int, digit: Int) {
        guard let first = digits.first else { return (0, 0) }
        return (Int(weight), Int(first))
    }

    private static func divisionByZero() -> DatabaseError {
        DatabaseError(.divisionByZero, "division by zero")
    }

    /// self / other (numeric_div), scale chosen by select_div_scale.
    public func divided(by other: Numeric) throws(DatabaseError) -> Numeric {
        if form != .finite || other.form != .finite {
            if isNaN || other.isNaN { return .nan }
            if isInfinite {
                if other.isInfinite { return .nan }
                if other.isZero { throw Numeric.divisionByZero() }
                return signum * other.signum > 0 ? .infinity : .negativeInfinity
            }
            return .zero   // finite / infinity
        }
        if other.isZero { throw Numeric.divisionByZero() }
        let scale = Numeric.divisionScale(self, other)
        return try Numeric.divideValues(self, other, scale: scale, round: true).checkedForStorage()
    }

    /// self / other to exactly `scale` places, rounded (for avg and internal uses).
    func divided(by other: Numeric, scale: Int) throws(DatabaseError) -> Numeric {
        if other.isZero { throw Numeric.divisionByZero() }
        return try Numeric.divideValues(self, other, scale: scale, round: true).checkedForStorage()
    }

    /// The truncated integer quotient (PostgreSQL's div(numeric, numeric)).
    public func integerDivided(by other: Numeric) throws(DatabaseError) -> Numeric {
        if form != .finite || other.form != .finite {
            if isNaN || other.isNaN { return .nan }
            if isInfinite {
                if other.isInfinite { return .nan }
                if other.isZero { throw Numeric.divisionByZero() }
                return signum * other.signum > 0 ? .infinity : .negativeInfinity
            }
            return .zero
        }
        if other.isZero { throw Numeric.divisionByZero() }
        return try Numeric.divideValues(self, other, scale: 0, round: false).checkedForStorage()
    }

    /// The remainder, with the sign of the dividend (numeric_mod).
    public func remainder(dividingBy other: Numeric) throws(DatabaseError) -> Numeric {
        if form != .finite || other.form != .finite {
            if isNaN || other.isNaN { return .nan }
            if isInfinite {
                if other.isZero { throw Numeric.divisionByZero() }
                return .nan
            }
            return self   // finite % infinity
        }
        if other.isZero { throw Numeric.divisionByZero() }
        return Numeric.remainderValues(self, other)
    }

    /// PostgreSQL's mod_var on finite values with a nonzero divisor.
    static func remainderValues(_ left: Numeric, _ right: Numeric) -> Numeric {
        let quotient = divideValues(left, right, scale: 0, round: false)
        let product = multiplyValues(right, quotient, scale: right.displayScale)
        return subtractValues(left, product)
    }
}
