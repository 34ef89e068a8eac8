// Mathematical functions with PostgreSQL's overloads and rules: abs, ceil/ceiling, floor, round
// (half to even for double precision, half away from zero for numeric), trunc, sqrt, cbrt,
// power/pow, exp, ln, log, log10, mod, div, sign, gcd, lcm, scale, min_scale, trim_scale,
// factorial, width_bucket, pi, degrees, radians, the trigonometric and hyperbolic functions
// (including the degree-based sind ... atan2d with PostgreSQL's exact results at round angles),
// random() and setseed().

import HeliosCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Mathematical functions.
enum MathFunctions {
    static let outOfRange = DatabaseError(.numericValueOutOfRange, "input is out of range")

    static func double(_ name: String, _ operation: @escaping @Sendable (Double) throws(DatabaseError) -> Double) -> FunctionOverload {
        FunctionOverload(name, [.doublePrecision], .doublePrecision) { arguments, _ throws(DatabaseError) in
            .float64(try operation(FloatOperators.double(arguments[0])))
        }
    }

    static func numeric(_ name: String, _ operation: @escaping @Sendable (Numeric) throws(DatabaseError) -> Numeric) -> FunctionOverload {
        FunctionOverload(name, [.numeric], .numeric) { arguments, _ throws(DatabaseError) in
            .numeric(try operation(NumericOperators.numeric(arguments[0])))
        }
    }

    static func numeric2(_ name: String, _ operation: @escaping @Sendable (Numeric, Numeric) throws(DatabaseError) -> Numeric) -> FunctionOverload {
        FunctionOverload(name, [.numeric, .numeric], .numeric) { arguments, _ throws(DatabaseError) in
            .numeric(try operation(NumericOperators.numeric(arguments[0]), NumericOperators.numeric(arguments[1])))
        }
    }

    /// Checks a libm result for overflow and underflow the way PostgreSQL's float functions do.
    static func checked(_ result: Double, input: Double, allowZero: Bool = false) throws(DatabaseError) -> Double {
        if result.isInfinite && !input.isInfinite { throw FloatOperators.overflow }
        if result == 0 && !allowZero && input != 0 { throw FloatOperators.underflow }
        return result
    }

    /// ln and log10 of a double, with PostgreSQL's errors for zero and negative input.
    static func logarithm(_ value: Double, _ function: (Double) -> Double) throws(DatabaseError) -> Double {
        if value == 0 { throw DatabaseError(.invalidArgumentForLogarithm, "cannot take logarithm of zero") }
        if value < 0 { throw DatabaseError(.invalidArgumentForLogarithm, "cannot take logarithm of a negative number") }
        return function(value)
    }

    static func trigonometric(_ name: String, _ function: @escaping @Sendable (Double) -> Double, domain: ClosedRange<Double>? = nil)
        -> FunctionOverload
    {
        double(name) { value throws(DatabaseError) in
            if value.isNaN { return .nan }
            if let domain, !domain.contains(value) { throw outOfRange }
            if domain == nil && value.isInfinite { throw outOfRange }
            return function(value)
        }
    }

    // MARK: Degree-based trigonometry (PostgreSQL's exact-at-round-angles algorithms)

    static let radiansPerDegree = 0.0174532925199432957692
    static let sin30 = sin(30 * radiansPerDegree)
    static let oneMinusCos60 = 1 - cos(60 * radiansPerDegree)
    static let asin05 = asin(0.5)
    static let acos05 = acos(0.5)
    static let atan10 = atan(1.0)
    static let tan45 = sineFirstQuadrant(45) / cosineFirstQuadrant(45)
    static let cot45 = cosineFirstQuadrant(45) / sineFirstQuadrant(45)

    static func sine0to30(_ x: Double) -> Double { (sin(x * radiansPerDegree) / sin30) / 2 }
    static func cosine0to60(_ x: Double) -> Double { 1 - ((1 - cos(x * radiansPerDegree)) / oneMinusCos60) / 2 }
    static func sineFirstQuadrant(_ x: Double) -> Double { x <= 30 ? sine0to30(x) : cosine0to60(90 - x) }
    static func cosineFirstQuadrant(_ x: Double) -> Double { x <= 60 ? cosine0to60(x) : sine0to30(90 - x) }
    static func arcsineFirstQuadrant(_ x: Double) -> Double { x <= 0.5 ? (asin(x) / asin05) * 30 : 90 - (acos(x) / acos05) * 60 }
    static func arccosineFirstQuadrant(_ x: Double) -> Double { x <= 0.5 ? 90 - (asin(x) / asin05) * 30 : (acos(x) / acos05) * 60 }

    static func sind(_ value: Double) throws(DatabaseError) -> Double {
        if value.isNaN { return .nan }
        if value.isInfinite { throw outOfRange }
        var angle = fmod(value, 360)
        var sign = 1.0
        if angle < 0 { angle = -angle; sign = -sign }
        if angle > 180 { angle = 360 - angle; sign = -sign }
        if angle > 90 { angle = 180 - angle }
        return sign * sineFirstQuadrant(angle)
    }

    static func cosd(_ value: Double) throws(DatabaseError) -> Double {
        if value.isNaN { return .nan }
        if value.isInfinite { throw outOfRange }
        var angle = fmod(value, 360)
        var sign = 1.0
        if angle < 0 { angle = -angle }
        if angle > 180 { angle = 360 - angle }
        if angle > 90 { angle = 180 - angle; sign = -sign }
        return sign * cosineFirstQuadrant(angle)
    }

    static func tand(_ value: Double, cotangent: Bool) throws(DatabaseError) -> Double {
        if value.isNaN { return .nan }
        if value.isInfinite { throw outOfRange }
        var angle = fmod(value, 360)
        var sign = 1.0
        if angle < 0 { angle = -angle; sign = -sign }
        if angle > 180 { angle = 360 - angle; sign = -sign }
        if angle > 90 { angle = 180 - angle; sign = -sign }
        let result = cotangent
            ? sign * ((cosineFirstQuadrant(angle) / sineFirstQuadrant(angle)) / cot45)
            : sign * ((sineFirstQuadrant(angle) / cosineFirstQuadrant(angle)) / tan45)
        return result == 0 ? 0 : result
    }

    // MARK: Integer helpers

    static func greatestCommonDivisor(_ a: Int64, _ b: Int64, kind: SQLType.Kind) throws(DatabaseError) -> Int64 {
        var x = a.magnitude, y = b.magnitude
        while y != 0 { (x, y) = (y, x % y) }
        guard let result = Int64(exactly: x), (try? ValueConversion.integer(result, as: kind)) != nil else {
            throw ValueConversion.integerOutOfRange(kind)
        }
        return result
    }

    static func leastCommonMultiple(_ a: Int64, _ b: Int64, kind: SQLType.Kind) throws(DatabaseError) -> Int64 {
        if a == 0 || b == 0 { return 0 }
        let divisor = try greatestCommonDivisor(a, b, kind: kind)
        let (product, overflow) = (a / divisor).multipliedReportingOverflow(by: b)
        if overflow || product == Int64.min { throw ValueConversion.integerOutOfRange(kind) }
        let result = abs(product)
        _ = try ValueConversion.integer(result, as: kind)
        return result
    }

    static func numericGreatestCommonDivisor(_ a: Numeric, _ b: Numeric) -> Numeric {
        if !a.isFinite || !b.isFinite { return .nan }
        let scale = max(a.displayScale, b.displayScale)
        var x = a.magnitude, y = b.magnitude
        while !y.isZero { (x, y) = (y, Numeric.remainderValues(x, y)) }
        return x.withDisplayScale(scale)
    }

    static let overloads: [FunctionOverload] = {
        var list: [FunctionOverload] = []
        for (kind, code) in [(SQLType.Kind.smallint, "2"), (.integer, "4"), (.bigint, "8")] {
            let type = SQLType(kind)
            let abs = IntegerOperators.absolute(kind)
            list.append(FunctionOverload("abs", [type], type) { arguments, context throws(DatabaseError) in try abs(arguments[0], context) })
            let remainder = IntegerOperators.remainder(kind)
            list.append(FunctionOverload("mod", [type, type], type) { arguments, context throws(DatabaseError) in
                try remainder(arguments[0], arguments[1], context)
            })
            _ = code
        }
        for (kind, type) in [(SQLType.Kind.integer, SQLType.integer), (.bigint, .bigint)] {
            list.append(FunctionOverload("gcd", [type, type], type) { arguments, _ throws(DatabaseError) in
                try ValueConversion.integer(try greatestCommonDivisor(arguments[0].integerValue!, arguments[1].integerValue!, kind: kind), as: kind)
            })
            list.append(FunctionOverload("lcm", [type, type], type) { arguments, _ throws(DatabaseError) in
                try ValueConversion.integer(try leastCommonMultiple(arguments[0].integerValue!, arguments[1].integerValue!, kind: kind), as: kind)
            })
        }
        list.append(FunctionOverload("abs", [.real], .real) { arguments, _ throws(DatabaseError) in
            .float32(Swift.abs(Float(FloatOperators.double(arguments[0]))))
        })
        list.append(double("abs") { Swift.abs($0) })
        list.append(numeric("abs") { $0.magnitude })
        for name in ["ceil", "ceiling"] {
            list.append(double(name) { $0.rounded(.up) })
            list.append(numeric(name) { $0.ceiling() })
        }
        list.append(double("floor") { $0.rounded(.down) })
        list.append(numeric("floor") { $0.floor() })
        list.append(double("round") { $0.rounded(.toNearestOrEven) })
        list.append(numeric("round") { $0.rounded(scale: 0) })
        list.append(FunctionOverload("round", [.numeric, .integer], .numeric) { arguments, _ throws(DatabaseError) in
            .numeric(NumericOperators.numeric(arguments[0]).rounded(scale: Int(arguments[1].integerValue!)))
        })
        list.append(double("trunc") { $0.rounded(.towardZero) })
        list.append(numeric("trunc") { $0.truncated(scale: 0) })
        list.append(FunctionOverload("trunc", [.numeric, .integer], .numeric) { arguments, _ throws(DatabaseError) in
            .numeric(NumericOperators.numeric(arguments[0]).truncated(scale: Int(arguments[1].integerValue!)))
        })
        list.append(double("sqrt") { value throws(DatabaseError) in try FloatOperators.squareRoot(value) })
        list.append(numeric("sqrt") { value throws(DatabaseError) in try value.squareRoot() })
        list.append(double("cbrt") { cbrt($0) })
        for name in ["power", "pow"] {
            list.append(FunctionOverload(name, [.doublePrecision, .doublePrecision], .doublePrecision) { arguments, _ throws(DatabaseError) in
                .float64(try FloatOperators.power(FloatOperators.double(arguments[0]), FloatOperators.double(arguments[1])))
            })
            list.append(numeric2(name) { a, b throws(DatabaseError) in try a.power(b) })
        }
        list.append(double("exp") { value throws(DatabaseError) in
            if value.isNaN { return value }
            if value.isInfinite { return value > 0 ? value : 0 }
            let result = exp(value)
            if result.isInfinite { throw FloatOperators.overflow }
            if result == 0 { throw FloatOperators.underflow }
            return result
        })
        list.append(numeric("exp") { value throws(DatabaseError) in try value.exponential() })
        list.append(double("ln") { value throws(DatabaseError) in try logarithm(value, log) })
        list.append(numeric("ln") { value throws(DatabaseError) in try value.naturalLogarithm() })
        for name in ["log", "log10"] {
            list.append(double(name) { value throws(DatabaseError) in try logarithm(value, log10) })
            list.append(numeric(name) { value throws(DatabaseError) in try value.logarithm(base: Numeric(10)) })
        }
        list.append(numeric2("log") { base, value throws(DatabaseError) in try value.logarithm(base: base) })
        list.append(numeric2("mod") { a, b throws(DatabaseError) in try a.remainder(dividingBy: b) })
        list.append(numeric2("div") { a, b throws(DatabaseError) in try a.integerDivided(by: b) })
        list.append(numeric2("gcd") { a, b in numericGreatestCommonDivisor(a, b) })
        list.append(numeric2("lcm") { a, b throws(DatabaseError) in
            if !a.isFinite || !b.isFinite { return .nan }
            let scale = max(a.displayScale, b.displayScale)
            if a.isZero || b.isZero { return Numeric.zero.withDisplayScale(scale) }
            let divisor = numericGreatestCommonDivisor(a, b)
            let quotient = Numeric.divideValues(a, divisor, scale: 0, round: false)
            return try quotient.multiplied(by: b).magnitude.withDisplayScale(scale)
        })
        list.append(double("sign") { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
        list.append(numeric("sign") { value in
            if value.isNaN { return value }
            return Numeric(value.signum)
        })
        list.append(FunctionOverload("scale", [.numeric], .integer) { arguments, _ throws(DatabaseError) in
            let value = NumericOperators.numeric(arguments[0])
            return value.isFinite ? .int32(Int32(value.displayScale)) : .null
        })
        list.append(FunctionOverload("min_scale", [.numeric], .integer) { arguments, _ throws(DatabaseError) in
            let value = NumericOperators.numeric(arguments[0])
            return value.isFinite ? .int32(Int32(value.minimumScale)) : .null
        })
        list.append(numeric("trim_scale") { $0.isFinite ? $0.withDisplayScale($0.minimumScale) : $0 })
        list.append(FunctionOverload("factorial", [.bigint], .numeric) { arguments, _ throws(DatabaseError) in
            let value = arguments[0].integerValue!
            if value < 0 {
                throw DatabaseError(.numericValueOutOfRange, "factorial of a negative number is undefined")
            }
            var result = Numeric.one
            var index: Int64 = 2
            while index <= value {
                result = try result.multiplied(by: Numeric(index))
                index += 1
            }
            return .numeric(result)
        })
        list.append(FunctionOverload("width_bucket", [.doublePrecision, .doublePrecision, .doublePrecision, .integer], .integer) {
            arguments, _ throws(DatabaseError) in
            .int32(try widthBucket(FloatOperators.double(arguments[0]), FloatOperators.double(arguments[1]),
                                   FloatOperators.double(arguments[2]), Int32(arguments[3].integerValue!)))
        })
        list.append(FunctionOverload("pi", [], .doublePrecision) { _, _ throws(DatabaseError) in .float64(Double.pi) })
        list.append(double("degrees") { $0 / radiansPerDegree })
        list.append(double("radians") { $0 * radiansPerDegree })
        list.append(trigonometric("sin", sin))
        list.append(trigonometric("cos", cos))
        list.append(trigonometric("tan", tan))
        list.append(trigonometric("cot") { 1 / tan($0) })
        list.append(trigonometric("asin", asin, domain: -1...1))
        list.append(trigonometric("acos", acos, domain: -1...1))
        list.append(double("atan") { atan($0) })
        list.append(FunctionOverload("atan2", [.doublePrecision, .doublePrecision], .doublePrecision) { arguments, _ throws(DatabaseError) in
            .float64(atan2(FloatOperators.double(arguments[0]), FloatOperators.double(arguments[1])))
        })
        list.append(double("sind") { value throws(DatabaseError) in try sind(value) })
        list.append(double("cosd") { value throws(DatabaseError) in try cosd(value) })
        list.append(double("tand") { value throws(DatabaseError) in try tand(value, cotangent: false) })
        list.append(double("cotd") { value throws(DatabaseError) in try tand(value, cotangent: true) })
        list.append(double("asind") { value throws(DatabaseError) in
            if value.isNaN { return .nan }
            if value < -1 || value > 1 { throw outOfRange }
            return value >= 0 ? arcsineFirstQuadrant(value) : -arcsineFirstQuadrant(-value)
        })
        list.append(double("acosd") { value throws(DatabaseError) in
            if value.isNaN { return .nan }
            if value < -1 || value > 1 { throw outOfRange }
            return value >= 0 ? arccosineFirstQuadrant(value) : 90 + arcsineFirstQuadrant(-value)
        })
        list.append(double("atand") { value in value.isNaN ? .nan : (atan(value) / atan10) * 45 })
        list.append(FunctionOverload("atan2d", [.doublePrecision, .doublePrecision], .doublePrecision) { arguments, _ throws(DatabaseError) in
            let (y, x) = (FloatOperators.double(arguments[0]), FloatOperators.double(arguments[1]))
            if y.isNaN || x.isNaN { return .float64(.nan) }
            return .float64((atan2(y, x) / atan10) * 45)
        })
        list.append(double("sinh") { sinh($0) })
        list.append(double("cosh") { cosh($0) })
        list.append(double("tanh") { tanh($0) })
        list.append(double("asinh") { asinh($0) })
        list.append(double("acosh") { value throws(DatabaseError) in
            if value < 1 { throw outOfRange }
            return acosh(value)
        })
        list.append(double("atanh") { value throws(DatabaseError) in
            if value < -1 || value > 1 { throw outOfRange }
            if value == 1 { return .infinity }
            if value == -1 { return -.infinity }
            return atanh(value)
        })
        list.append(FunctionOverload("random", [], .doublePrecision, volatility: .volatile) { _, context throws(DatabaseError) in
            .float64(context.random.nextDouble())
        })
        list.append(FunctionOverload("setseed", [.doublePrecision], .void, volatility: .volatile) { arguments, context throws(DatabaseError) in
            let seed = FloatOperators.double(arguments[0])
            if seed < -1 || seed > 1 || seed.isNaN {
                throw DatabaseError(.invalidParameterValue,
                                    "setseed parameter \(FloatText.format(seed)) is out of allowed range [-1,1]")
            }
            context.random = PostgresRandom(fraction: seed)
            return .null
        })
        return list
    }()

    /// width_bucket(float8, float8, float8, int).
    static func widthBucket(_ operand: Double, _ low: Double, _ high: Double, _ count: Int32) throws(DatabaseError) -> Int32 {
        if count <= 0 {
            throw DatabaseError(.invalidArgumentForWidthBucketFunction, "count must be greater than zero")
        }
        if operand.isNaN || low.isNaN || high.isNaN {
            throw DatabaseError(.invalidArgumentForWidthBucketFunction, "operand, lower bound, and upper bound cannot be NaN")
        }
        if low.isInfinite || high.isInfinite {
            throw DatabaseError(.invalidArgumentForWidthBucketFunction, "lower and upper bounds must be finite")
        }
        if low < high {
            if operand < low { return 0 }
            if operand >= high {
                guard count < Int32.max else { throw ValueConversion.integerOutOfRange(.integer) }
                return count + 1
            }
            return Int32(Double(count) * (operand - low) / (high - low)) + 1
        }
        if low > high {
            if operand > low { return 0 }
            if operand <= high {
                guard count < Int32.max else { throw ValueConversion.integerOutOfRange(.integer) }
                return count + 1
            }
            return Int32(Double(count) * (low - operand) / (low - high)) + 1
        }
        throw DatabaseError(.invalidArgumentForWidthBucketFunction, "lower bound cannot equal upper bound")
    }
}

extension Numeric {
    /// The smallest scale that represents the value exactly (min_scale).
    var minimumScale: Int {
        guard form == .finite, let last = digits.last else { return 0 }
        let fractionDigits = (digits.count - Int(weight) - 1) * Numeric.decimalDigitsPerDigit
        guard fractionDigits > 0 else { return 0 }
        var trailing = 0
        var value = Int(last)
        while value % 10 == 0 && trailing < 4 {
            value /= 10
            trailing += 1
        }
        return max(0, fractionDigits - trailing)
    }
}
