// Square roots of numerics: the exact integer square root by Newton's iteration on whole numbers,
// used to produce sqrt(x) truncated one decimal digit beyond the requested scale and then rounded
// half away from zero, which is what PostgreSQL's sqrt_var yields. The result scale of sqrt()
// gives at least 16 significant digits and never less than the input's scale.

public import HeliosCore

extension Numeric {
    /// 10^exponent as a numeric (exponent may be negative).
    static func powerOfTen(_ exponent: Int) -> Numeric {
        let weight = exponent >= 0 ? exponent / 4 : -((-exponent + 3) / 4)
        let remainder = exponent - weight * 4
        let digit = Int16([1, 10, 100, 1000][remainder])
        return Numeric(negative: false, weight: weight, scale: max(0, -exponent), digits: [digit])
    }

    /// The exact value times 10^exponent.
    func shiftedDecimal(by exponent: Int) -> Numeric {
        if exponent % 4 == 0 {
            var copy = self
            if !copy.digits.isEmpty { copy.weight += Int32(exponent / 4) }
            copy.scaleStorage = Int16(clamping: max(0, displayScale - exponent))
            return copy
        }
        let factor = Numeric.powerOfTen(exponent)
        return Numeric.multiplyValues(self, factor, scale: max(0, displayScale - exponent) + 4)
            .withDisplayScale(max(0, displayScale - exponent))
    }

    /// floor(sqrt(n)) of a nonnegative integer n.
    static func integerSquareRoot(_ value: Numeric) -> Numeric {
        if value.digits.isEmpty { return .zero }
        // Estimate from the leading digits: value ~ leading * 10000^exponent.
        var leading = 0.0
        var used = 0
        for digit in value.digits.prefix(3) {
            leading = leading * 10_000 + Double(digit)
            used += 1
        }
        var exponent = Int(value.weight) - (used - 1)
        if exponent % 2 != 0 {
            leading *= 10_000
            exponent -= 1
        }
        let root = Int64(leading.squareRoot()) + 2
        var estimate = multiplyExactly(Numeric(root), powerOfTen(exponent * 2))
        if exponent < 0 { estimate = estimate.truncated(scale: 0) }
        if estimate.isZero { estimate = .one }
        // Newton's iteration on integers converges from above to floor(sqrt(value)).
        var current = estimate
        while true {
            let quotient = divideValues(value, current, scale: 0, round: false)
            let next = divideValues(addValues(current, quotient), Numeric(2), scale: 0, round: false)
            if compare(next, current) >= 0 { break }
            current = next
        }
        // The first estimate may lie below the root when the leading digits underestimate it.
        while compare(multiplyExactly(addValues(current, .one), addValues(current, .one)), value) <= 0 {
            current = addValues(current, .one)
        }
        return current.withDisplayScale(0)
    }

    /// sqrt of a nonnegative finite value rounded to `scale` (may be negative): PostgreSQL's sqrt_var.
    static func squareRootValue(_ value: Numeric, scale: Int) -> Numeric {
        if value.digits.isEmpty { return Numeric.zero.withDisplayScale(max(scale, 0)) }
        let extra = scale + 1
        let scaled = value.shiftedDecimal(by: 2 * extra).truncated(scale: 0)
        var root = integerSquareRoot(scaled).shiftedDecimal(by: -extra)
        root.roundDigits(toScale: scale)
        return root
    }

    /// sqrt(numeric) with PostgreSQL's result scale; 2201F for a negative argument.
    public func squareRoot() throws(DatabaseError) -> Numeric {
        switch form {
        case .nan, .positiveInfinity: return self
        case .negativeInfinity:
            throw DatabaseError(.invalidArgumentForPowerFunction, "cannot take square root of a negative number")
        case .finite: break
        }
        if isNegative {
            throw DatabaseError(.invalidArgumentForPowerFunction, "cannot take square root of a negative number")
        }
        let resultWeight = (Int(weight) + 1) * Numeric.decimalDigitsPerDigit / 2 - 1
        var scale = Numeric.minimumSignificantDigits - resultWeight
        scale = min(max(scale, displayScale, 0), Numeric.maximumDisplayScale)
        return Numeric.squareRootValue(self, scale: scale)
    }
}
