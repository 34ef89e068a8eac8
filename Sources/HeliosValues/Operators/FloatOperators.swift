// real and double precision operators with PostgreSQL's checks: a finite computation that gives
// infinity is "value out of range: overflow", a product or quotient of nonzero values that
// gives zero is "...: underflow", and x / 0 is "division by zero" unless x is NaN. Mixed
// real/double operators compute in double precision. `^` is dpow with its POSIX special cases.

import HeliosCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Floating-point arithmetic operators.
enum FloatOperators {
    static let overflow = DatabaseError(.numericValueOutOfRange, "value out of range: overflow")
    static let underflow = DatabaseError(.numericValueOutOfRange, "value out of range: underflow")

    @inline(__always)
    static func double(_ value: SQLValue) -> Double {
        switch value {
        case .float64(let number): number
        case .float32(let number): Double(number)
        default: value.approximateDouble
        }
    }

    /// Wraps a double result as real (when both inputs were real) or double precision.
    @inline(__always)
    static func result(_ value: Double, isReal: Bool) -> SQLValue {
        isReal ? .float32(Float(value)) : .float64(value)
    }

    static func add(isReal: Bool) -> BinaryOperation {
        { left, right, _ throws(DatabaseError) in
            let (a, b) = (double(left), double(right))
            if isReal {
                let sum = Float(a) + Float(b)
                if sum.isInfinite && !a.isInfinite && !b.isInfinite { throw overflow }
                return .float32(sum)
            }
            let sum = a + b
            if sum.isInfinite && !a.isInfinite && !b.isInfinite { throw overflow }
            return .float64(sum)
        }
    }

    static func subtract(isReal: Bool) -> BinaryOperation {
        { left, right, _ throws(DatabaseError) in
            let (a, b) = (double(left), double(right))
            if isReal {
                let difference = Float(a) - Float(b)
                if difference.isInfinite && !a.isInfinite && !b.isInfinite { throw overflow }
                return .float32(difference)
            }
            let difference = a - b
            if difference.isInfinite && !a.isInfinite && !b.isInfinite { throw overflow }
            return .float64(difference)
        }
    }

    static func multiply(isReal: Bool) -> BinaryOperation {
        { left, right, _ throws(DatabaseError) in
            let (a, b) = (double(left), double(right))
            let product = isReal ? Double(Float(a) * Float(b)) : a * b
            if product.isInfinite && !a.isInfinite && !b.isInfinite { throw overflow }
            if product == 0 && a != 0 && b != 0 { throw underflow }
            return result(product, isReal: isReal)
        }
    }

    static func divide(isReal: Bool) -> BinaryOperation {
        { left, right, _ throws(DatabaseError) in
            let (a, b) = (double(left), double(right))
            if b == 0 && !a.isNaN { throw IntegerOperators.divisionByZero }
            let quotient = isReal ? Double(Float(a) / Float(b)) : a / b
            if quotient.isInfinite && !a.isInfinite { throw overflow }
            if quotient == 0 && a != 0 && !b.isInfinite { throw underflow }
            return result(quotient, isReal: isReal)
        }
    }

    static func negate(isReal: Bool) -> UnaryOperation {
        { operand, _ throws(DatabaseError) in
            isReal ? .float32(-Float(double(operand))) : .float64(-double(operand))
        }
    }

    static func absolute(isReal: Bool) -> UnaryOperation {
        { operand, _ throws(DatabaseError) in
            isReal ? .float32(abs(Float(double(operand)))) : .float64(abs(double(operand)))
        }
    }

    static func identity() -> UnaryOperation {
        { operand, _ throws(DatabaseError) in operand }
    }

    /// dpow.
    static func power(_ base: Double, _ exponent: Double) throws(DatabaseError) -> Double {
        if base.isNaN {
            return exponent.isNaN || exponent != 0 ? .nan : 1
        }
        if exponent.isNaN {
            return base != 1 ? .nan : 1
        }
        if base == 0 && exponent < 0 {
            throw DatabaseError(.invalidArgumentForPowerFunction, "zero raised to a negative power is undefined")
        }
        if base < 0 && exponent.rounded(.down) != exponent {
            throw DatabaseError(.invalidArgumentForPowerFunction,
                                "a negative number raised to a non-integer power yields a complex result")
        }
        if exponent.isInfinite {
            let magnitude = abs(base)
            if magnitude == 1 { return 1 }
            if exponent > 0 { return magnitude > 1 ? exponent : 0 }
            return magnitude > 1 ? 0 : -exponent
        }
        if base.isInfinite {
            if exponent == 0 { return 1 }
            if base > 0 { return exponent > 0 ? base : 0 }
            let half = exponent / 2
            let isOddInteger = half.rounded(.down) != half
            if exponent > 0 { return isOddInteger ? base : -base }
            return isOddInteger ? -0.0 : 0.0
        }
        let result = pow(base, exponent)
        if result.isInfinite { throw overflow }
        if result == 0 && base != 0 { throw underflow }
        return result
    }

    static func powerOperation() -> BinaryOperation {
        { left, right, _ throws(DatabaseError) in .float64(try power(double(left), double(right))) }
    }

    /// |/ : square root.
    static func squareRoot(_ value: Double) throws(DatabaseError) -> Double {
        if value < 0 {
            throw DatabaseError(.invalidArgumentForPowerFunction, "cannot take square root of a negative number")
        }
        return value.squareRoot()
    }

    /// ||/ : cube root.
    static func cubeRoot(_ value: Double) -> Double { cbrt(value) }
}

/// numeric operators: thin wrappers over `Numeric`.
enum NumericOperators {
    @inline(__always)
    static func numeric(_ value: SQLValue) -> Numeric {
        switch value {
        case .numeric(let number): number
        default: Numeric(value.integerValue ?? 0)
        }
    }

    static func binary(_ operation: @escaping @Sendable (Numeric, Numeric) throws(DatabaseError) -> Numeric) -> BinaryOperation {
        { left, right, _ throws(DatabaseError) in .numeric(try operation(numeric(left), numeric(right))) }
    }

    static func unary(_ operation: @escaping @Sendable (Numeric) throws(DatabaseError) -> Numeric) -> UnaryOperation {
        { operand, _ throws(DatabaseError) in .numeric(try operation(numeric(operand))) }
    }
}
