// Numeric arithmetic against exact 128-bit integer arithmetic on random operands (seeded):
// scaled decimals a / 10^s add, subtract and multiply exactly, and integer division and
// remainder truncate; also text round trips and integer conversions.

import HeliosCore
import HeliosTesting
import HeliosValues
import Testing

@Suite struct NumericPropertyTests {
    /// The decimal text of value / 10^scale, as numeric_out prints it with that scale.
    static func decimal(_ value: Int128, scale: Int) -> String {
        let negative = value < 0
        var digits = String(value.magnitude)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return (negative && value != 0 ? "-" : "") + digits
    }

    static func randomOperand(_ random: inout SeededRandom) -> Int128 {
        let digits = 1 + random.below(18)
        var value: Int128 = 0
        for _ in 0..<digits { value = value * 10 + Int128(random.below(10)) }
        return random.chance(0.4) ? -value : value
    }

    @Test func arithmeticMatchesExactIntegers() throws {
        var random = SeededRandom(seed: TestSeed.current)
        for _ in 0..<2000 {
            let a = Self.randomOperand(&random), b = Self.randomOperand(&random)
            let scaleA = random.below(6), scaleB = random.below(6)
            let x = try Numeric(parsing: Self.decimal(a, scale: scaleA)), y = try Numeric(parsing: Self.decimal(b, scale: scaleB))
            let common = max(scaleA, scaleB)
            func aligned(_ value: Int128, _ scale: Int) -> Int128 {
                var result = value
                for _ in scale..<common { result *= 10 }
                return result
            }
            let message = Comment(rawValue: "\(x) and \(y), seed \(random.seed)")
            #expect(try x.adding(y).description == Self.decimal(aligned(a, scaleA) + aligned(b, scaleB), scale: common), message)
            #expect(try x.subtracting(y).description == Self.decimal(aligned(a, scaleA) - aligned(b, scaleB), scale: common), message)
            #expect(try x.multiplied(by: y).description == Self.decimal(a * b, scale: scaleA + scaleB), message)
            #expect(Numeric.compare(x, y) == (aligned(a, scaleA) < aligned(b, scaleB) ? -1 : (aligned(a, scaleA) == aligned(b, scaleB) ? 0 : 1)), message)
            if b != 0 && scaleA == 0 && scaleB == 0 {
                #expect(try x.integerDivided(by: y).description == String(a / b), message)
                #expect(try x.remainder(dividingBy: y).description == String(a % b), message)
            }
        }
    }

    @Test func divisionRoundsHalfAwayFromZeroAtTheChosenScale() throws {
        #expect(try Numeric(1).divided(by: Numeric(3)).description == "0.33333333333333333333")
        #expect(try Numeric(2).divided(by: Numeric(3)).description == "0.66666666666666666667")
        #expect(try Numeric(-2).divided(by: Numeric(3)).description == "-0.66666666666666666667")
        #expect(try Numeric(parsing: "10").divided(by: Numeric(4)).description == "2.5000000000000000")
        #expect(throws: DatabaseError(.divisionByZero, "division by zero")) { try Numeric(1).divided(by: .zero) }
    }

    @Test func textRoundTripKeepsScale() throws {
        for text in ["0", "1.50", "-0.001", "123456789012345678901234567890.123456789", "NaN", "Infinity", "-Infinity", "0.0000"] {
            #expect(try Numeric(parsing: text).description == text)
        }
        #expect(try Numeric(parsing: "  -0.0  ").description == "0.0")
        #expect(try Numeric(parsing: "1e3").description == "1000")
        #expect(throws: DatabaseError(.invalidTextRepresentation, "invalid input syntax for type numeric: \"1e\"")) {
            try Numeric(parsing: "1e")
        }
    }

    @Test func typmodCoercionRoundsAndReportsOverflow() throws {
        let modifier = TypeModifier.numeric(precision: 4, scale: 2)
        #expect(try Numeric(parsing: "12.345", modifier: modifier).description == "12.35")
        #expect(throws: DatabaseError(.numericValueOutOfRange, "numeric field overflow",
                                      detail: "A field with precision 4, scale 2 must round to an absolute value less than 10^2.")) {
            try Numeric(parsing: "99.995", modifier: modifier)
        }
    }

    @Test func integerConversionsCheckRange() throws {
        #expect(try Numeric(parsing: "2.5").integerValue() == 3)
        #expect(try Numeric(parsing: "-32768.4").smallintValue() == -32768)
        #expect(throws: DatabaseError(.numericValueOutOfRange, "smallint out of range")) { try Numeric(parsing: "32767.5").smallintValue() }
        #expect(try Numeric(Int64.min).bigintValue() == Int64.min)
        #expect(throws: DatabaseError(.featureNotSupported, "cannot convert NaN to integer")) { try Numeric.nan.integerValue() }
        #expect(Numeric(0.1 as Double).description == "0.1")
        #expect(Numeric(1e20 as Double).description == "100000000000000000000")
        #expect(Numeric(Float(0.1)).description == "0.1")
    }
}
