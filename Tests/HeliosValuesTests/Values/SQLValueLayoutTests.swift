// SQLValue stays small and inline: scalars need no heap allocation and a value occupies at most
// three machine words, so rows and batches of values stay compact.

import HeliosValues
import Testing

@Suite struct SQLValueLayoutTests {
    @Test func valuesFitInThreeWords() {
        #expect(MemoryLayout<SQLValue>.stride <= 24)
        #expect(MemoryLayout<Numeric>.size <= 16)
        #expect(MemoryLayout<Interval>.size == 16)
        #expect(MemoryLayout<UUIDValue>.size == 16)
    }
}
