// exp, ln, log and power for numerics, ported from PostgreSQL 15's numeric.c (exp_var, ln_var,
// estimate_ln_dweight, log_var, power_var, power_var_int) so that results and their display
// scales match PostgreSQL: each function picks a result scale giving at least 16 significant
// digits, computes with guard digits, and rounds half away from zero.

public import HeliosCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Numeric {
    private static let zeroPointNine = Numeric(negative: false, weight: -1, scale: 1, digits: [9000])
    private static let onePointOne = Numeric(negative: false, weight: 0, scale: 1, digits: [1, 1000])
    private static let two = Numeric(2)

    /// A double approximation of a finite value that never overflows (numericvar_to_double_no_overflow).
    var approximateDouble: Double {
        if let value = Double(description), value.isFinite { return value }
        return isNegative ? -Double.greatestFiniteMagnitude : Double.greatestFiniteMagnitude
    }

    /// exp(x) of a finite value rounded to `scale` (PostgreSQL's exp_var).
    static func exponentialValue(_ argument: Numeric, scale: Int) throws(DatabaseError) -> Numeric {
        var x = argument
        var estimate = x.approximateDouble
        if abs(estimate) >= Double(maximumResultScale * 3) {
            if estimate > 0 { throw DatabaseError(.numericValueOutOfRange, "value overflows numeric format") }
            return Numeric.zero.withDisplayScale(scale)
        }
        let decimalWeight = Int(estimate * 0.434294481903252)
        var halvings = 0
        if abs(estimate) > 0.01 {
            halvings = 1
            estimate /= 2
            while abs(estimate) > 0.01 {
                halvings += 1
                estimate /= 2
            }
            let localScale = x.displayScale + halvings
            x = divideValues(x, Numeric(1 << halvings), scale: localScale, round: true)
        }
        var significantDigits = 1 + decimalWeight + scale + Int(Double(halvings) * 0.301029995663981)
        significantDigits = max(significantDigits, 0) + 8
        let localScale = significantDigits - 1
        var result = addValues(.one, x)
        var term = multiplyValues(x, x, scale: localScale)
        var index = 2
        term = divideValues(term, Numeric(index), scale: localScale, round: true)
        while !term.digits.isEmpty {
            result = addValues(result, term)
            term = multiplyValues(term, x, scale: localScale)
            index += 1
            term = divideValues(term, Numeric(index), scale: localScale, round: true)
        }
        while halvings > 0 {
            halvings -= 1
            let squaringScale = max(significantDigits - Int(result.weight) * 2 * decimalDigitsPerDigit, 0)
            result = multiplyValues(result, result, scale: squaringScale)
        }
        result.roundDigits(toScale: scale)
        return result
    }

    /// An estimate of the decimal weight of ln(value) (PostgreSQL's estimate_ln_dweight).
    static func estimatedLogarithmWeight(_ value: Numeric) -> Int {
        if value.isNegative || value.digits.isEmpty { return 0 }
        if compare(value, zeroPointNine) >= 0 && compare(value, onePointOne) <= 0 {
            let difference = subtractValues(value, .one)
            guard let first = difference.digits.first else { return 0 }
            return Int(difference.weight) * decimalDigitsPerDigit + Int(log10(Double(first)))
        }
        var leading = Int(value.digits[0])
        var decimalWeight = Int(value.weight) * decimalDigitsPerDigit
        if value.digits.count > 1 {
            leading = leading * base + Int(value.digits[1])
            decimalWeight -= decimalDigitsPerDigit
        }
        let logarithm = log(Double(leading)) + Double(decimalWeight) * 2.302585092994046
        return Int(log10(abs(logarithm)))
    }

    /// ln(x) of a positive finite value rounded to `scale` (PostgreSQL's ln_var).
    static func naturalLogarithmValue(_ argument: Numeric, scale: Int) throws(DatabaseError) -> Numeric {
        let sign = argument.signum
        if sign == 0 { throw DatabaseError(.invalidArgumentForLogarithm, "cannot take logarithm of zero") }
        if sign < 0 { throw DatabaseError(.invalidArgumentForLogarithm, "cannot take logarithm of a negative number") }
        var x = argument
        var factor = two
        var squareRoots = 0
        while compare(x, zeroPointNine) <= 0 {
            let localScale = scale - Int(x.weight) * decimalDigitsPerDigit / 2 + 8
            x = squareRootValue(x, scale: localScale)
            factor = multiplyValues(factor, two, scale: 0)
            squareRoots += 1
        }
        while compare(x, onePointOne) >= 0 {
            let localScale = scale - Int(x.weight) * decimalDigitsPerDigit / 2 + 8
            x = squareRootValue(x, scale: localScale)
            factor = multiplyValues(factor, two, scale: 0)
            squareRoots += 1
        }
        let localScale = scale + Int(Double(squareRoots + 1) * 0.301029995663981) + 8
        var result = subtractValues(x, .one)
        let denominator = addValues(x, .one)
        result = divideValues(result, denominator, scale: localScale, round: true)
        var power = result
        let square = multiplyValues(result, result, scale: localScale)
        var index = 1
        while true {
            index += 2
            power = multiplyValues(power, square, scale: localScale)
            let term = divideValues(power, Numeric(index), scale: localScale, round: true)
            if term.digits.isEmpty { break }
            result = addValues(result, term)
            if Int(term.weight) < Int(result.weight) - localScale * 2 / decimalDigitsPerDigit { break }
        }
        return multiplyValues(result, factor, scale: scale)
    }

    /// log(base, num) of finite positive values, choosing its own scale (PostgreSQL's log_var).
    static func logarithmValue(base logBase: Numeric, _ value: Numeric) throws(DatabaseError) -> Numeric {
        let baseWeight = estimatedLogarithmWeight(logBase)
        let valueWeight = estimatedLogarithmWeight(value)
        let resultWeight = valueWeight - baseWeight
        var scale = minimumSignificantDigits - resultWeight
        scale = min(max(scale, logBase.displayScale, value.displayScale, 0), maximumDisplayScale)
        let baseScale = max(scale + resultWeight - baseWeight + 8, 0)
        let valueScale = max(scale + resultWeight - valueWeight + 8, 0)
        let lnBase = try naturalLogarithmValue(logBase, scale: baseScale)
        let lnValue = try naturalLogarithmValue(value, scale: valueScale)
        if lnBase.digits.isEmpty { throw DatabaseError(.divisionByZero, "division by zero") }
        return divideValues(lnValue, lnBase, scale: scale, round: true)
    }

    /// base ^ exponent for an integer exponent, rounded to `scale` (PostgreSQL's power_var_int).
    static func integerPowerValue(_ powerBase: Numeric, exponent: Int, scale: Int) throws(DatabaseError) -> Numeric {
        switch exponent {
        case 0:
            return Numeric.one.withDisplayScale(scale)
        case 1:
            var result = powerBase
            result.roundDigits(toScale: scale)
            return result
        case -1:
            if powerBase.digits.isEmpty { throw DatabaseError(.divisionByZero, "division by zero") }
            return divideValues(.one, powerBase, scale: scale, round: true)
        case 2:
            return multiplyValues(powerBase, powerBase, scale: scale)
        default:
            break
        }
        if powerBase.digits.isEmpty {
            if exponent < 0 { throw DatabaseError(.divisionByZero, "division by zero") }
            return Numeric.zero.withDisplayScale(scale)
        }
        var leading = Double(powerBase.digits[0])
        var decimalExponent = Int(powerBase.weight) * decimalDigitsPerDigit
        var index = 1
        while index < powerBase.digits.count && index * decimalDigitsPerDigit < 16 {
            leading = leading * Double(base) + Double(powerBase.digits[index])
            decimalExponent -= decimalDigitsPerDigit
            index += 1
        }
        let resultWeight = Double(exponent) * (log10(leading) + Double(decimalExponent))
        if resultWeight > Double(3 * Int(Int16.max) * decimalDigitsPerDigit) {
            throw DatabaseError(.numericValueOutOfRange, "value overflows numeric format")
        }
        if resultWeight + 1 < Double(-scale) || resultWeight + 1 < Double(-maximumDisplayScale) {
            return Numeric.zero.withDisplayScale(scale)
        }
        var significantDigits = 1 + scale + Int(resultWeight)
        significantDigits += Int(log(abs(Double(exponent)))) + 8
        var negative = exponent < 0
        var mask = exponent.magnitude
        var product = powerBase
        var result = mask & 1 != 0 ? powerBase : Numeric.one
        mask >>= 1
        while mask > 0 {
            var localScale = significantDigits - 2 * Int(product.weight) * decimalDigitsPerDigit
            localScale = max(min(localScale, 2 * product.displayScale), 0)
            product = multiplyValues(product, product, scale: localScale)
            if mask & 1 != 0 {
                localScale = significantDigits - (Int(product.weight) + Int(result.weight)) * decimalDigitsPerDigit
                localScale = max(min(localScale, product.displayScale + result.displayScale), 0)
                result = multiplyValues(product, result, scale: localScale)
            }
            if Int(product.weight) > Int(Int16.max) || Int(result.weight) > Int(Int16.max) {
                if !negative { throw DatabaseError(.numericValueOutOfRange, "value overflows numeric format") }
                result = .zero
                negative = false
                break
            }
            mask >>= 1
        }
        if negative {
            if result.digits.isEmpty { throw DatabaseError(.divisionByZero, "division by zero") }
            return divideValues(.one, result, scale: scale, round: true)
        }
        result.roundDigits(toScale: scale)
        return result
    }

    /// base ^ exponent of finite values, with PostgreSQL's scale selection (power_var).
    static func powerValue(_ powerBase: Numeric, _ exponent: Numeric) throws(DatabaseError) -> Numeric {
        if exponent.isInteger, let integer = exponent.exactInt64, integer >= Int64(Int32.min), integer <= Int64(Int32.max) {
            let scale = min(max(minimumSignificantDigits, powerBase.displayScale, 0), maximumDisplayScale)
            return try integerPowerValue(powerBase, exponent: Int(integer), scale: scale)
        }
        if powerBase.digits.isEmpty { return Numeric.zero.withDisplayScale(minimumSignificantDigits) }
        var base = powerBase
        var resultNegative = false
        if base.isNegative {
            if !exponent.isInteger {
                throw DatabaseError(.invalidArgumentForPowerFunction,
                                    "a negative number raised to a non-integer power yields a complex result")
            }
            // An integer exponent too large for power_var_int: the sign follows its parity.
            if exponent.digits.count == Int(exponent.weight) + 1, let last = exponent.digits.last, last & 1 != 0 {
                resultNegative = true
            }
            base.isNegative = false
        }
        let lnWeight = estimatedLogarithmWeight(base)
        var localScale = max(8 - lnWeight, 0)
        var lnBase = try naturalLogarithmValue(base, scale: localScale)
        var lnProduct = multiplyValues(lnBase, exponent, scale: localScale)
        var estimate = lnProduct.approximateDouble
        if abs(estimate) > Double(maximumResultScale) * 3.01 {
            if estimate > 0 { throw DatabaseError(.numericValueOutOfRange, "value overflows numeric format") }
            return Numeric.zero.withDisplayScale(maximumDisplayScale)
        }
        estimate *= 0.434294481903252
        var scale = minimumSignificantDigits - Int(estimate)
        scale = min(max(scale, base.displayScale, exponent.displayScale, 0), maximumDisplayScale)
        let significantDigits = max(scale + Int(estimate), 0)
        localScale = max(significantDigits - lnWeight + 8, 0)
        lnBase = try naturalLogarithmValue(base, scale: localScale)
        lnProduct = multiplyValues(lnBase, exponent, scale: localScale)
        var result = try exponentialValue(lnProduct, scale: scale)
        if resultNegative && !result.digits.isEmpty { result.isNegative = true }
        return result
    }
}

extension Numeric {
    /// exp(numeric) with PostgreSQL's result scale.
    public func exponential() throws(DatabaseError) -> Numeric {
        switch form {
        case .nan, .positiveInfinity: return self
        case .negativeInfinity: return .zero
        case .finite: break
        }
        var estimate = approximateDouble * 0.434294481903252
        estimate = min(max(estimate, -Double(Numeric.maximumResultScale)), Double(Numeric.maximumResultScale))
        var scale = Numeric.minimumSignificantDigits - Int(estimate)
        scale = min(max(scale, displayScale, 0), Numeric.maximumDisplayScale)
        return try Numeric.exponentialValue(self, scale: scale).checkedForStorage()
    }

    /// ln(numeric) with PostgreSQL's result scale; 2201E for zero or a negative argument.
    public func naturalLogarithm() throws(DatabaseError) -> Numeric {
        switch form {
        case .nan, .positiveInfinity: return self
        case .negativeInfinity:
            throw DatabaseError(.invalidArgumentForLogarithm, "cannot take logarithm of a negative number")
        case .finite: break
        }
        let weight = Numeric.estimatedLogarithmWeight(self)
        var scale = Numeric.minimumSignificantDigits - weight
        scale = min(max(scale, displayScale, 0), Numeric.maximumDisplayScale)
        return try Numeric.naturalLogarithmValue(self, scale: scale)
    }

    /// log(base, self) (numeric_log).
    public func logarithm(base logBase: Numeric) throws(DatabaseError) -> Numeric {
        if form != .finite || logBase.form != .finite {
            if isNaN || logBase.isNaN { return .nan }
            let baseSign = logBase.signum, valueSign = signum
            if baseSign <= 0 || valueSign <= 0 {
                let message = (baseSign == 0 || valueSign == 0) ? "cannot take logarithm of zero"
                    : "cannot take logarithm of a negative number"
                throw DatabaseError(.invalidArgumentForLogarithm, message)
            }
            if logBase.isInfinite {
                // log(Inf, Inf) is NaN, log(Inf, x) is 0.
                return isInfinite ? .nan : .zero
            }
            // log(base, Inf): Inf if base > 1, -Inf if base < 1, division by zero for base 1.
            let order = Numeric.compare(logBase, .one)
            if order == 0 { throw DatabaseError(.divisionByZero, "division by zero") }
            return order > 0 ? .infinity : .negativeInfinity
        }
        for operand in [logBase, self] where operand.signum <= 0 {
            let message = operand.isZero ? "cannot take logarithm of zero" : "cannot take logarithm of a negative number"
            throw DatabaseError(.invalidArgumentForLogarithm, message)
        }
        return try Numeric.logarithmValue(base: logBase, self)
    }

    /// self ^ exponent (numeric_power), with PostgreSQL 15's rules for NaN and the infinities.
    public func power(_ exponent: Numeric) throws(DatabaseError) -> Numeric {
        if isNaN {
            return exponent.isZero ? .one : .nan
        }
        if exponent.isNaN {
            return (isFinite && Numeric.compare(self, .one) == 0) ? .one : .nan
        }
        if !isFinite || !exponent.isFinite {
            return try infinitePower(exponent)
        }
        if isZero && exponent.signum < 0 {
            throw DatabaseError(.invalidArgumentForPowerFunction, "zero raised to a negative power is undefined")
        }
        if isNegative && !exponent.isInteger {
            throw DatabaseError(.invalidArgumentForPowerFunction,
                                "a negative number raised to a non-integer power yields a complex result")
        }
        return try Numeric.powerValue(self, exponent).checkedForStorage()
    }

    /// The cases of power() where an operand is infinite (POSIX pow semantics, as PostgreSQL).
    private func infinitePower(_ exponent: Numeric) throws(DatabaseError) -> Numeric {
        if exponent.isInfinite {
            if isFinite && isZero && exponent.form == .negativeInfinity {
                throw DatabaseError(.invalidArgumentForPowerFunction, "zero raised to a negative power is undefined")
            }
            let order = isFinite ? Numeric.compareMagnitudes(self, .one) : 1
            if order == 0 { return .one }
            if exponent.form == .positiveInfinity { return order > 0 ? .infinity : .zero }
            return order > 0 ? .zero : .infinity
        }
        // The base is infinite and the exponent finite.
        let exponentSign = exponent.signum
        if exponentSign == 0 { return .one }
        if form == .positiveInfinity { return exponentSign > 0 ? .infinity : .zero }
        if exponentSign < 0 { return .zero }
        let isOddInteger = exponent.isInteger && (exponent.digits.last.map { $0 & 1 != 0 } ?? false)
            && exponent.digits.count == Int(exponent.weight) + 1
        return isOddInteger ? .negativeInfinity : .infinity
    }
}
