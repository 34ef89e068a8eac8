// The running state of one aggregate over one group: `add` takes each row's arguments (NULLs
// included; each aggregate ignores them as PostgreSQL's does), `merge` combines two partial
// states (for parallel or two-phase aggregation), `finish` gives the result. The arithmetic
// is PostgreSQL's: exact integer and numeric sums, avg = sum / count with numeric division's
// scale, float variance by the Youngs-Cramer update, numeric variance from exact sums.

public import HeliosCore

/// One aggregate's state; a value type, so copying snapshots it.
public struct AggregateAccumulator: Sendable {
    /// What the aggregate computes.
    public enum Kind: Sendable, Equatable {
        case countRows, count
        case sum(SQLType.Kind)
        case average(SQLType.Kind)
        case minimum, maximum
        case boolAnd, boolOr
        case stringAggregate, byteaAggregate
        case arrayAggregate(SQLType)
        case variance(sample: Bool, squareRoot: Bool, inputKind: SQLType.Kind)
        case bitAnd(SQLType.Kind), bitOr(SQLType.Kind), bitXor(SQLType.Kind)
    }

    public let kind: Kind
    private var count: Int64 = 0
    private var integerSum: Int128 = 0
    private var numericSum: Numeric?
    private var numericSquares: Numeric?
    private var nanCount = 0
    private var positiveInfinityCount = 0
    private var negativeInfinityCount = 0
    private var floatSum = 0.0
    private var floatSquares = 0.0
    private var intervalSum = Interval()
    private var extreme: SQLValue = .null
    private var flag: Bool?
    /// string_agg's bytes: every value preceded by its row's delimiter.
    private var pieces: [UInt8]?
    /// The length of the first delimiter, which the result leaves out.
    private var firstDelimiterLength = 0
    private var elements: [SQLValue] = []
    private var bits: Int64?

    public init(kind: Kind) {
        self.kind = kind
    }

    private static func numeric(_ value: SQLValue) -> Numeric { NumericOperators.numeric(value) }

    /// Adds one row. `arguments` has one value (two for string_agg, none for count(*)).
    public mutating func add(_ arguments: [SQLValue]) throws(DatabaseError) {
        if kind == .countRows {
            count += 1
            return
        }
        guard let value = arguments.first else { return }
        switch kind {
        case .countRows:
            break
        case .count:
            if !value.isNull { count += 1 }
        case .arrayAggregate:
            elements.append(value)
        case .stringAggregate, .byteaAggregate:
            guard !value.isNull else { return }
            let delimiter = arguments.count > 1 ? arguments[1] : .null
            var delimiterBytes: [UInt8]
            switch delimiter {
            case .bytes(let bytes): delimiterBytes = bytes
            case .null: delimiterBytes = []
            default: delimiterBytes = Array(TextOperatorEntries.string(delimiter).utf8)
            }
            if pieces == nil {
                pieces = []
                firstDelimiterLength = delimiterBytes.count
            }
            pieces!.append(contentsOf: delimiterBytes)
            switch value {
            case .bytes(let bytes): pieces!.append(contentsOf: bytes)
            default: pieces!.append(contentsOf: TextOperatorEntries.string(value).utf8)
            }
        default:
            guard !value.isNull else { return }
            try addNonNull(value)
        }
    }

    private mutating func addNumeric(_ number: Numeric, squares: Bool) throws(DatabaseError) {
        count += 1
        switch number.form {
        case .nan: nanCount += 1; return
        case .positiveInfinity: positiveInfinityCount += 1; return
        case .negativeInfinity: negativeInfinityCount += 1; return
        case .finite: break
        }
        numericSum = Numeric.addValues(numericSum ?? .zero, number)
        if squares {
            numericSquares = Numeric.addValues(numericSquares ?? .zero, Numeric.multiplyExactly(number, number))
        }
    }

    private mutating func addFloat(_ value: Double) throws(DatabaseError) {
        // Youngs-Cramer, as float8_accum.
        let previousCount = Double(count)
        count += 1
        let newCount = Double(count)
        let previousSum = floatSum
        floatSum += value
        if previousCount > 0 {
            let difference = value * newCount - floatSum
            floatSquares += difference * difference / (newCount * previousCount)
            if floatSum.isInfinite || floatSquares.isInfinite {
                if !previousSum.isInfinite && !value.isInfinite && !floatSum.isNaN { throw FloatOperators.overflow }
                floatSquares = .nan
            }
        } else if value.isNaN || value.isInfinite {
            floatSquares = .nan
        }
    }

    private mutating func addNonNull(_ value: SQLValue) throws(DatabaseError) {
        switch kind {
        case .sum(let input), .average(let input):
            switch input {
            case .smallint, .integer, .bigint:
                count += 1
                integerSum += Int128(value.integerValue ?? 0)
            case .real:
                if case .average = kind {
                    try addFloat(FloatOperators.double(value))
                    return
                }
                count += 1
                let sum = Float(floatSum) + Float(FloatOperators.double(value))
                if sum.isInfinite && !Float(floatSum).isInfinite && !FloatOperators.double(value).isInfinite {
                    throw FloatOperators.overflow
                }
                floatSum = Double(sum)
            case .doublePrecision:
                if case .average = kind {
                    try addFloat(FloatOperators.double(value))
                } else {
                    count += 1
                    let addend = FloatOperators.double(value)
                    let sum = floatSum + addend
                    if sum.isInfinite && !floatSum.isInfinite && !addend.isInfinite { throw FloatOperators.overflow }
                    floatSum = sum
                }
            case .interval:
                count += 1
                intervalSum = try DateTimeArithmetic.add(intervalSum, DateTimeOperatorEntries.interval(value))
            default:
                try addNumeric(AggregateAccumulator.numeric(value), squares: false)
            }
        case .variance(_, _, let input):
            switch input {
            case .real, .doublePrecision: try addFloat(FloatOperators.double(value))
            default: try addNumeric(AggregateAccumulator.numeric(value), squares: true)
            }
        case .minimum:
            if extreme.isNull || SQLValue.compare(value, extreme) < 0 { extreme = value }
        case .maximum:
            if extreme.isNull || SQLValue.compare(value, extreme) > 0 { extreme = value }
        case .boolAnd:
            flag = (flag ?? true) && (value.boolValue ?? false)
        case .boolOr:
            flag = (flag ?? false) || (value.boolValue ?? false)
        case .bitAnd:
            bits = (bits ?? -1) & (value.integerValue ?? 0)
        case .bitOr:
            bits = (bits ?? 0) | (value.integerValue ?? 0)
        case .bitXor:
            bits = (bits ?? 0) ^ (value.integerValue ?? 0)
        default:
            break
        }
    }

    /// Combines another partial state of the same aggregate into this one (other's rows after this one's).
    public mutating func merge(_ other: AggregateAccumulator) throws(DatabaseError) {
        precondition(other.kind == kind, "merging states of different aggregates")
        switch kind {
        case .minimum:
            if !other.extreme.isNull && (extreme.isNull || SQLValue.compare(other.extreme, extreme) < 0) { extreme = other.extreme }
        case .maximum:
            if !other.extreme.isNull && (extreme.isNull || SQLValue.compare(other.extreme, extreme) > 0) { extreme = other.extreme }
        case .boolAnd:
            if let otherFlag = other.flag { flag = (flag ?? true) && otherFlag }
        case .boolOr:
            if let otherFlag = other.flag { flag = (flag ?? false) || otherFlag }
        case .bitAnd(_):
            if let otherBits = other.bits { bits = (bits ?? -1) & otherBits }
        case .bitOr(_):
            if let otherBits = other.bits { bits = (bits ?? 0) | otherBits }
        case .bitXor(_):
            if let otherBits = other.bits { bits = (bits ?? 0) ^ otherBits }
        case .stringAggregate, .byteaAggregate:
            guard let otherPieces = other.pieces else { return }
            if pieces == nil {
                pieces = otherPieces
                firstDelimiterLength = other.firstDelimiterLength
            } else {
                pieces! += otherPieces
            }
        case .arrayAggregate:
            elements += other.elements
        default:
            let usesFloatMoments: Bool = {
                switch kind {
                case .variance(_, _, let input): return input == .real || input == .doublePrecision
                case .average(let input): return input == .doublePrecision || input == .real
                default: return false
                }
            }()
            let mergedSum = floatSum + other.floatSum
            if mergedSum.isInfinite && !floatSum.isInfinite && !other.floatSum.isInfinite {
                throw FloatOperators.overflow
            }
            if case .sum(.real) = kind, Float(mergedSum).isInfinite, !Float(floatSum).isInfinite, !Float(other.floatSum).isInfinite {
                throw FloatOperators.overflow
            }
            if usesFloatMoments && count > 0 && other.count > 0 {
                let (n1, n2) = (Double(count), Double(other.count))
                let difference = floatSum / n1 - other.floatSum / n2
                floatSquares = floatSquares + other.floatSquares + n1 * n2 * difference * difference / (n1 + n2)
                if floatSquares.isInfinite && !other.floatSquares.isInfinite { throw FloatOperators.overflow }
                floatSum += other.floatSum
            } else if usesFloatMoments && count == 0 {
                floatSum = other.floatSum
                floatSquares = other.floatSquares
            } else {
                floatSum += other.floatSum
            }
            count += other.count
            integerSum += other.integerSum
            if let otherSum = other.numericSum { numericSum = Numeric.addValues(numericSum ?? .zero, otherSum) }
            if let otherSquares = other.numericSquares {
                numericSquares = Numeric.addValues(numericSquares ?? .zero, otherSquares)
            }
            nanCount += other.nanCount
            positiveInfinityCount += other.positiveInfinityCount
            negativeInfinityCount += other.negativeInfinityCount
            intervalSum = try DateTimeArithmetic.add(intervalSum, other.intervalSum)
        }
    }

    /// The exact sum of numeric inputs with PostgreSQL's special values.
    private var exactSum: Numeric {
        if nanCount > 0 || (positiveInfinityCount > 0 && negativeInfinityCount > 0) { return .nan }
        if positiveInfinityCount > 0 { return .infinity }
        if negativeInfinityCount > 0 { return .negativeInfinity }
        return numericSum ?? .zero
    }

    private var integerSumNumeric: Numeric {
        if let small = Int64(exactly: integerSum) { return Numeric(small) }
        let magnitude = integerSum.magnitude
        let high = Numeric(Int64(magnitude / 1_000_000_000_000_000_000))
        let low = Numeric(Int64(magnitude % 1_000_000_000_000_000_000))
        let combined = Numeric.addValues(Numeric.multiplyExactly(high, Numeric(1_000_000_000_000_000_000 as Int64)), low)
        return integerSum < 0 ? combined.negated() : combined
    }

    /// The aggregate's result.
    public func finish() throws(DatabaseError) -> SQLValue {
        switch kind {
        case .countRows, .count:
            return .int64(count)
        case .sum(let input):
            if count == 0 { return .null }
            switch input {
            case .smallint, .integer:
                guard let sum = Int64(exactly: integerSum) else { throw ValueConversion.integerOutOfRange(.bigint) }
                return .int64(sum)
            case .bigint: return .numeric(integerSumNumeric)
            case .real: return .float32(Float(floatSum))
            case .doublePrecision: return .float64(floatSum)
            case .interval: return .interval(intervalSum)
            default: return .numeric(exactSum)
            }
        case .average(let input):
            if count == 0 { return .null }
            switch input {
            case .smallint, .integer, .bigint:
                return .numeric(try integerSumNumeric.divided(by: Numeric(count)))
            case .real, .doublePrecision:
                return .float64(floatSum / Double(count))
            case .interval:
                return .interval(try DateTimeArithmetic.divide(intervalSum, by: Double(count)))
            default:
                let sum = exactSum
                if !sum.isFinite { return .numeric(sum) }
                return .numeric(try sum.divided(by: Numeric(count)))
            }
        case .variance(let sample, let squareRoot, let input):
            if count == 0 || (sample && count <= 1) { return .null }
            if input == .real || input == .doublePrecision {
                let variance = floatSquares / (sample ? Double(count - 1) : Double(count))
                return .float64(squareRoot ? variance.squareRoot() : variance)
            }
            if nanCount > 0 || positiveInfinityCount > 0 || negativeInfinityCount > 0 { return .numeric(.nan) }
            return .numeric(try numericVariance(sample: sample, squareRoot: squareRoot))
        case .minimum, .maximum:
            return extreme
        case .boolAnd, .boolOr:
            return flag.map { .bool($0) } ?? .null
        case .stringAggregate:
            return pieces.map { .text(String(decoding: $0.dropFirst(firstDelimiterLength), as: UTF8.self)) } ?? .null
        case .byteaAggregate:
            return pieces.map { .bytes(Array($0.dropFirst(firstDelimiterLength))) } ?? .null
        case .arrayAggregate(let elementType):
            if elements.isEmpty { return .null }
            return .array(SQLArray(elementType: elementType, elements: elements))
        case .bitAnd(let input), .bitOr(let input), .bitXor(let input):
            guard let bits else { return .null }
            return try ValueConversion.integer(bits, as: input)
        }
    }

    /// numeric_stddev_internal.
    private func numericVariance(sample: Bool, squareRoot: Bool) throws(DatabaseError) -> Numeric {
        let n = Numeric(count)
        let sum = numericSum ?? .zero
        let squares = numericSquares ?? .zero
        let scale = sum.displayScale * 2
        let sumSquared = Numeric.multiplyValues(sum, sum, scale: scale)
        let scaledSquares = Numeric.multiplyValues(n, squares, scale: scale)
        let numerator = Numeric.subtractValues(scaledSquares, sumSquared)
        if numerator.signum <= 0 { return .zero }
        let denominator = sample ? Numeric.multiplyValues(n, Numeric(count - 1), scale: 0) : Numeric.multiplyValues(n, n, scale: 0)
        let resultScale = Numeric.divisionScale(numerator, denominator)
        let variance = Numeric.divideValues(numerator, denominator, scale: resultScale, round: true)
        return squareRoot ? Numeric.squareRootValue(variance, scale: resultScale) : variance
    }
}
