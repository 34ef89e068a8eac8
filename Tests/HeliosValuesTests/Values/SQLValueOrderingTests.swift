// The total order of values: PostgreSQL's sort order for each type, NULL placement, and hash
// consistency with equality on random values (seeded).

import HeliosCore
import HeliosTesting
import HeliosValues
import Testing

@Suite struct SQLValueOrderingTests {
    @Test func floatsSortWithNaNLastAndNegativeZeroEqualToZero() {
        let sorted: [SQLValue] = [.float64(.nan), .float64(1), .float64(-.infinity), .float64(.infinity), .float64(-0.0)].sorted()
        #expect(sorted == [.float64(-.infinity), .float64(0), .float64(1), .float64(.infinity), .float64(.nan)])
        #expect(SQLValue.float64(-0.0) == .float64(0))
        #expect(SQLValue.float64(.nan) == .float64(.nan))
    }

    @Test func textSortsByUTF8Bytes() {
        let values = ["b", "a", "B", "é", "z", "ab", ""].map { SQLValue.text($0) }.sorted()
        #expect(values == ["", "B", "a", "ab", "b", "z", "é"].map { SQLValue.text($0) })
    }

    @Test func numericEqualityIgnoresScaleAndNaNSortsLast() throws {
        #expect(SQLValue.numeric(try Numeric(parsing: "1.0")) == .numeric(try Numeric(parsing: "1.00")))
        let values = try ["NaN", "Infinity", "-Infinity", "0", "-1.5"].map { SQLValue.numeric(try Numeric(parsing: $0)) }.sorted()
        #expect(values.map { TextFormat.format($0) } == ["-Infinity", "-1.5", "0", "Infinity", "NaN"])
    }

    @Test func intervalsCompareByTheirThirtyDayMonthSpan() {
        #expect(SQLValue.interval(Interval(months: 1)) == .interval(Interval(days: 30)))
        #expect(SQLValue.interval(Interval(days: 1)) == .interval(Interval(microseconds: 86_400_000_000)))
        #expect(SQLValue.interval(Interval(days: 1)) > .interval(Interval(microseconds: 86_399_000_000)))
    }

    @Test func nullsFollowTheRequestedPlacement() {
        #expect(SQLValue.compare(.null, .int32(1)) > 0)
        #expect(SQLValue.compare(.null, .int32(1), descending: false, nullsFirst: true) < 0)
        #expect(SQLValue.compare(.int32(1), .int32(2), descending: true, nullsFirst: true) > 0)
        #expect(SQLValue.compare(.null, .null, descending: true, nullsFirst: false) == 0)
    }

    @Test func equalValuesHashEqually() throws {
        var random = SeededRandom(seed: TestSeed.current)
        func hash(_ value: SQLValue) -> Int {
            var hasher = Hasher()
            value.hash(into: &hasher)
            return hasher.finalize()
        }
        for _ in 0..<2000 {
            let integer = Int64(random.below(2000)) - 1000
            let pairs: [(SQLValue, SQLValue)] = [
                (.int16(Int16(integer)), .int64(integer)),
                (.int32(Int32(integer)), .numeric(try Numeric(parsing: "\(integer).000"))),
                (.float64(Double(integer)), .int32(Int32(integer))),
                (.character("x\(integer)   "), .character("x\(integer)")),
                (.interval(Interval(months: Int32(integer))), .interval(Interval(days: Int32(integer) * 30))),
                (.jsonb("{\"a\": \(integer)}"), .jsonb("{\"a\": \(integer).0}")),
            ]
            for (left, right) in pairs {
                #expect(left == right, "\(left) = \(right)")
                #expect(hash(left) == hash(right), "hash(\(left)) = hash(\(right)), seed \(random.seed)")
            }
        }
    }

    @Test func arraysCompareElementWiseWithNullsLast() {
        let one = SQLValue.array(SQLArray(elementType: .integer, elements: [.int32(1), .null]))
        let two = SQLValue.array(SQLArray(elementType: .integer, elements: [.int32(1), .int32(2)]))
        let short = SQLValue.array(SQLArray(elementType: .integer, elements: [.int32(1)]))
        #expect(two < one)
        #expect(short < two)
        #expect(one == .array(SQLArray(elementType: .integer, elements: [.int32(1), .null])))
    }
}
