// Array text format details beyond the oracle tables: non-default lower bounds survive a round
// trip, and multidimensional input, which PostgreSQL accepts, is refused with 0A000 (HeliosDB
// arrays are one-dimensional by design; see the README).

import HeliosCore
import HeliosValues
import Testing

@Suite struct ArrayTextTests {
    @Test func lowerBoundsArePrintedAndRead() throws {
        let value = try TextFormat.parse("[0:2]={10,20,30}", as: .array(of: .integer))
        guard case .array(let array) = value else {
            Issue.record("not an array")
            return
        }
        #expect(array.lowerBound == 0)
        #expect(array.upperBound == 2)
        #expect(TextFormat.format(value) == "[0:2]={10,20,30}")
        #expect(ArrayOperations.element(of: value, at: .int32(0)) == .int32(10))
        #expect(TextFormat.format(ArrayOperations.slice(of: value, from: .int32(1), to: nil)) == "{20,30}")
    }

    @Test func multidimensionalArraysAreAKnownDeparture() {
        #expect(throws: DatabaseError(.featureNotSupported, "multidimensional arrays are not supported")) {
            try TextFormat.parse("{{1,2},{3,4}}", as: .array(of: .integer))
        }
    }
}
