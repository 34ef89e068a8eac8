// Addition, subtraction and multiplication of numerics, following PostgreSQL's add_var, sub_var
// and mul_var: sums keep the larger display scale; products are computed to the requested
// scale with two guard digits and rounded, which for `*` (scale = sum of the scales) is exact.
// The public methods add PostgreSQL 14's rules for NaN and the infinities.

public import HeliosCore

extension Numeric {
    /// |left| + |right| of finite values, unnormalized sign (PostgreSQL's add_abs).
    private static func addMagnitudes(_ left: Numeric, _ right: Numeric) -> (weight: Int, digits: [Int16]) {
        let leftWeight = Int(left.weight), rightWeight = Int(right.weight)
        let resultWeight = max(leftWeight, rightWeight) + 1
        let leftFraction = left.digits.count - leftWeight - 1
        let rightFraction = right.digits.count - rightWeight - 1
        let resultFraction = max(leftFraction, rightFraction)
        let count = max(resultFraction + resultWeight + 1, 1)
        var result = [Int16](repeating: 0, count: count)
        var leftIndex = resultFraction + leftWeight + 1
        var rightIndex = resultFraction + rightWeight + 1
        var carry = 0
        for index in stride(from: count - 1, through: 0, by: -1) {
            leftIndex -= 1
            rightIndex -= 1
            if leftIndex >= 0 && leftIndex < left.digits.count { carry += Int(left.digits[leftIndex]) }
            if rightIndex >= 0 && rightIndex < right.digits.count { carry += Int(right.digits[rightIndex]) }
            if carry >= base {
                result[index] = Int16(carry - base)
                carry = 1
            } else {
                result[index] = Int16(carry)
                carry = 0
            }
        }
        return (resultWeight, result)
    }

    /// |left| - |right| of finite values with |left| >= |right| (PostgreSQL's sub_abs).
    private static func subtractMagnitudes(_ left: Numeric, _ right: Numeric) -> (weight: Int, digits: [Int16]) {
        let leftWeight = Int(left.weight), rightWeight = Int(right.weight)
        let resultWeight = leftWeight
        let leftFraction = left.digits.count - leftWeight - 1
        let rightFraction = right.digits.count - rightWeight - 1
        let resultFraction = max(leftFraction, rightFraction)
        let count = max(resultFraction + resultWeight + 1, 1)
        var result = [Int16](repeating: 0, count: count)
        var leftIndex = resultFraction + leftWeight + 1
        var rightIndex = resultFraction + rightWeight + 1
        var borrow = 0
        for index in stride(from: count - 1, through: 0, by: -1) {
            leftIndex -= 1
            rightIndex -= 1
            var digit = -borrow
            if leftIndex >= 0 && leftIndex < left.digits.count { digit += Int(left.digits[leftIndex]) }
            if rightIndex >= 0 && rightIndex < right.digits.count { digit -= Int(right.digits[rightIndex]) }
            if digit < 0 {
                result[index] = Int16(digit + base)
                borrow = 1
            } else {
                result[index] = Int16(digit)
                borrow = 0
            }
        }
        return (resultWeight, result)
    }

    /// left + right of finite values; display scale is the larger one (PostgreSQL's add_var).
    static func addValues(_ left: Numeric, _ right: Numeric) -> Numeric {
        let scale = max(left.displayScale, right.displayScale)
        if left.isNegative == right.isNegative {
            let sum = addMagnitudes(left, right)
            return Numeric(negative: left.isNegative, weight: sum.weight, scale: scale, digits: sum.digits)
        }
        let order = compareMagnitudes(left, right)
        if order == 0 { return Numeric.zero.withDisplayScale(scale) }
        let (larger, smaller) = order > 0 ? (left, right) : (right, left)
        let difference = subtractMagnitudes(larger, smaller)
        return Numeric(negative: larger.isNegative, weight: difference.weight, scale: scale, digits: difference.digits)
    }

    /// left - right of finite values (PostgreSQL's sub_var).
    static func subtractValues(_ left: Numeric, _ right: Numeric) -> Numeric {
        var negatedRight = right
        if !right.digits.isEmpty { negatedRight.isNegative.toggle() }
        return addValues(left, negatedRight)
    }

    /// left * right of finite values rounded to `scale` (PostgreSQL's mul_var, with its
    /// truncation of partial products that cannot reach the rounded result).
    static func multiplyValues(_ left: Numeric, _ right: Numeric, scale: Int) -> Numeric {
        var (shorter, longer) = (left, right)
        if shorter.digits.count > longer.digits.count { swap(&shorter, &longer) }
        let shortCount = shorter.digits.count, longCount = longer.digits.count
        if shortCount == 0 || longCount == 0 { return Numeric.zero.withDisplayScale(scale) }
        let negative = left.isNegative != right.isNegative
        let resultWeight = Int(shorter.weight) + Int(longer.weight) + 2
        let maximumDigits = resultWeight + 1 + (scale + decimalDigitsPerDigit - 1) / decimalDigitsPerDigit + 2
        let count = min(shortCount + longCount + 1, maximumDigits)
        if count < 3 { return Numeric.zero.withDisplayScale(scale) }
        var accumulator = [Int](repeating: 0, count: count)
        shorter.digits.withUnsafeBufferPointer { shortDigits in
            longer.digits.withUnsafeBufferPointer { longDigits in
                accumulator.withUnsafeMutableBufferPointer { sums in
                    var outer = min(shortCount - 1, count - 3)
                    while outer >= 0 {
                        let factor = Int(shortDigits[outer])
                        if factor != 0 {
                            let limit = min(longCount, count - outer - 2)
                            var inner = 0
                            while inner < limit {
                                sums[outer + inner + 2] += factor * Int(longDigits[inner])
                                inner += 1
                            }
                        }
                        outer -= 1
                    }
                }
            }
        }
        var digits = [Int16](repeating: 0, count: count)
        var carry = 0
        for index in stride(from: count - 1, through: 0, by: -1) {
            var digit = accumulator[index] + carry
            if digit >= base {
                carry = digit / base
                digit -= carry * base
            } else {
                carry = 0
            }
            digits[index] = Int16(digit)
        }
        var result = Numeric(form: .finite)
        result.isNegative = negative
        result.weight = Int32(resultWeight)
        result.digits = digits
        result.roundDigits(toScale: scale)
        result.normalize()
        return result
    }

    /// The exact product (scale = sum of the scales).
    static func multiplyExactly(_ left: Numeric, _ right: Numeric) -> Numeric {
        multiplyValues(left, right, scale: left.displayScale + right.displayScale)
    }
}

extension Numeric {
    /// -self; NaN stays NaN and zero stays positive.
    public func negated() -> Numeric {
        switch form {
        case .nan: return self
        case .positiveInfinity: return .negativeInfinity
        case .negativeInfinity: return .infinity
        case .finite:
            var copy = self
            if !digits.isEmpty { copy.isNegative.toggle() }
            return copy
        }
    }

    /// |self|.
    public var magnitude: Numeric {
        switch form {
        case .negativeInfinity: return .infinity
        case .finite:
            var copy = self
            copy.isNegative = false
            return copy
        default: return self
        }
    }

    /// self + other (numeric_add).
    public func adding(_ other: Numeric) throws(DatabaseError) -> Numeric {
        if form != .finite || other.form != .finite {
            if isNaN || other.isNaN { return .nan }
            if isInfinite && other.isInfinite { return form == other.form ? self : .nan }
            return isInfinite ? self : other
        }
        return try Numeric.addValues(self, other).checkedForStorage()
    }

    /// self - other (numeric_sub).
    public func subtracting(_ other: Numeric) throws(DatabaseError) -> Numeric {
        try adding(other.negated())
    }

    /// self * other (numeric_mul): exact, scale is the sum of the scales.
    public func multiplied(by other: Numeric) throws(DatabaseError) -> Numeric {
        if form != .finite || other.form != .finite {
            if isNaN || other.isNaN { return .nan }
            let product = signum * other.signum
            if product == 0 { return .nan }
            return product > 0 ? .infinity : .negativeInfinity
        }
        let scale = displayScale + other.displayScale
        var result = Numeric.multiplyValues(self, other, scale: scale)
        // PostgreSQL limits a product's display scale to NUMERIC_DSCALE_MAX.
        if result.displayScale > Numeric.maximumStoredScale {
            result.roundDigits(toScale: Numeric.maximumStoredScale)
        }
        return try result.checkedForStorage()
    }
}
