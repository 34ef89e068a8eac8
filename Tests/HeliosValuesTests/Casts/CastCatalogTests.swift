// The cast catalog against PostgreSQL: for every pair of types, the weakest context in which a
// conversion exists; and the behaviour of length coercion in each context.

import HeliosCore
import HeliosValues
import Testing

@Suite struct CastCatalogTests {
    @Test func castContextsMatchPostgreSQL() throws {
        var failures: [String] = []
        for (source, target, expected) in CastContextOracleCases.cases {
            let from = try SQLType.named(source), to = try SQLType.named(target)
            let actual: String = switch CastCatalog.context(from: from, to: to) {
            case .implicit?: "implicit"
            case .assignment?: "assignment"
            case .explicit?: "explicit"
            case nil: "none"
            }
            if actual != expected { failures.append("\(source) -> \(target): expected \(expected), got \(actual)") }
        }
        #expect(failures.isEmpty, Comment(rawValue: failures.prefix(40).joined(separator: "\n")))
    }

    @Test func assignmentToVarcharRejectsLongValuesButAllowsTrailingSpaces() throws {
        let plan = try #require(CastCatalog.find(from: .text, to: .varchar(3), context: .assignment))
        #expect(try plan.apply(.text("abc   ")) == .text("abc"))
        #expect(throws: DatabaseError(.stringDataRightTruncation, "value too long for type character varying(3)")) {
            try plan.apply(.text("abcd"))
        }
        let explicit = try #require(CastCatalog.find(from: .text, to: .varchar(3), context: .explicit))
        #expect(try explicit.apply(.text("abcdef")) == .text("abc"))
    }

    @Test func characterPadsAndCompareIgnoresTrailingSpaces() throws {
        let plan = try #require(CastCatalog.find(from: .text, to: .character(4), context: .assignment))
        #expect(try plan.apply(.text("ab")) == .character("ab  "))
        #expect(SQLValue.character("ab  ") == SQLValue.character("ab"))
        #expect(SQLValue.compare(.character("ab "), .character("ab")) == 0)
        var first = Hasher(), second = Hasher()
        SQLValue.character("ab  ").hash(into: &first)
        SQLValue.character("ab").hash(into: &second)
        #expect(first.finalize() == second.finalize())
        #expect(throws: DatabaseError(.stringDataRightTruncation, "value too long for type character(4)")) {
            try plan.apply(.text("abcde"))
        }
    }

    @Test func noImplicitCastBetweenBooleanAndInteger() {
        #expect(CastCatalog.context(from: .boolean, to: .integer) == .explicit)
        #expect(CastCatalog.context(from: .integer, to: .boolean) == .explicit)
        #expect(CastCatalog.context(from: .bigint, to: .boolean) == nil)
        #expect(CastCatalog.find(from: .boolean, to: .integer, context: .assignment) == nil)
    }

    @Test func unknownLiteralsResolveToTheirTarget() throws {
        let plan = try #require(CastCatalog.find(from: .unknown, to: .numeric(5, 2), context: .implicit))
        #expect(try plan.apply(.text("1.005")) == .numeric(try Numeric(parsing: "1.01")))
        #expect(try plan.apply(.null) == .null)
        let date = try #require(CastCatalog.find(from: .unknown, to: .date, context: .implicit))
        #expect(try date.apply(.text("2000-01-02")) == .date(1))
    }

    @Test func numericToIntegerRoundsHalfAwayFromZeroAndFloatRoundsHalfToEven() throws {
        let numeric = try #require(CastCatalog.find(from: .numeric, to: .integer, context: .assignment))
        #expect(try numeric.apply(.numeric(try Numeric(parsing: "2.5"))) == .int32(3))
        #expect(try numeric.apply(.numeric(try Numeric(parsing: "-2.5"))) == .int32(-3))
        let float = try #require(CastCatalog.find(from: .doublePrecision, to: .integer, context: .assignment))
        #expect(try float.apply(.float64(2.5)) == .int32(2))
        #expect(try float.apply(.float64(3.5)) == .int32(4))
        #expect(throws: DatabaseError(.numericValueOutOfRange, "integer out of range")) { try float.apply(.float64(.nan)) }
    }
}
