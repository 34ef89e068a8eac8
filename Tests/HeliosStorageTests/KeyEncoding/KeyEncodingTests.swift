// Tests of the memcomparable key encoding: byte order against a model of SQL order on random
// composite keys, round trips, hand-picked edge cases and the layout's exact bytes, and decoding
// of truncated and garbage keys. The seed comes from HELIOS_SEED or is picked and printed on
// failure.

import HeliosCore
import HeliosStorage
import HeliosTesting
import Testing

@Suite struct KeyEncodingTests {
    // MARK: Random keys against the model

    @Test func byteOrderMatchesSQLOrderOfRandomKeys() {
        let seed = keyTestSeed
        var random = SeededRandom(seed: seed)
        var pairCount = 0, equalPairCount = 0, mismatchCount = 0
        for _ in 0..<120 {
            let schema = KeySchema.random(using: &random)
            let rows = (0..<50).map { _ in schema.randomRow(using: &random) }
            let keys = rows.map { KeyEncoder.encode($0, orders: schema.orders) }
            for i in rows.indices {
                for j in rows.indices where i < j {
                    pairCount += 1
                    let expected = modelCompare(rows[i], rows[j], orders: schema.orders)
                    let actual = compareBytes(keys[i], keys[j])
                    if expected == 0 { equalPairCount += 1 }
                    if expected != actual {
                        mismatchCount += 1
                        if mismatchCount <= 5 {
                            #expect(actual == expected, """
                                seed \(seed): \(rows[i]) vs \(rows[j]) in \(schema): \
                                model says \(expected), bytes say \(actual)
                                """)
                        }
                    }
                }
            }
        }
        #expect(mismatchCount == 0, "seed \(seed): \(mismatchCount) of \(pairCount) pairs out of order")
        #expect(pairCount >= 100_000)
        #expect(equalPairCount > 0, "seed \(seed): the generator should produce some equal keys")
    }

    @Test func decodingReturnsEncodedValues() {
        let seed = keyTestSeed
        var random = SeededRandom(seed: seed ^ 0x5EED_0001)
        for _ in 0..<20_000 {
            let schema = KeySchema.random(using: &random)
            let row = schema.randomRow(using: &random)
            let key = KeyEncoder.encode(row, orders: schema.orders)
            do {
                let decoded = try KeyDecoder.decode(key, kinds: schema.kinds, orders: schema.orders)
                #expect(decoded == row, "seed \(seed): \(row) in \(schema) decoded as \(decoded)")
                #expect(KeyEncoder.encode(decoded, orders: schema.orders) == key, "seed \(seed): \(row)")
                // Text must come back byte for byte, not just canonically equivalent.
                for (value, original) in zip(decoded, row) {
                    if case .text(let text) = value, case .text(let originalText) = original {
                        #expect(Array(text.utf8) == Array(originalText.utf8), "seed \(seed)")
                    }
                }
                var decoder = KeyDecoder(key)
                for (kind, order) in zip(schema.kinds, schema.orders) {
                    try decoder.skip(kind, order: order)
                }
                #expect(decoder.isAtEnd, "seed \(seed): skip disagrees with decode on \(row)")
            } catch {
                Issue.record("seed \(seed): \(row) in \(schema) failed to decode: \(error)")
                return
            }
        }
    }

    @Test func everyProperPrefixOfAKeyFailsToDecode() {
        let seed = keyTestSeed
        var random = SeededRandom(seed: seed ^ 0x5EED_0002)
        for _ in 0..<2_000 {
            let schema = KeySchema.random(using: &random)
            let row = schema.randomRow(using: &random)
            let key = KeyEncoder.encode(row, orders: schema.orders)
            for length in 0..<key.count {
                let error = #expect(throws: DatabaseError.self, "seed \(seed): \(row), \(length) bytes") {
                    try KeyDecoder.decode(Array(key[..<length]), kinds: schema.kinds, orders: schema.orders)
                }
                #expect(error?.state == .dataCorrupted)
            }
        }
    }

    /// Garbage either throws or is a canonical key: one that encodes back to the same bytes.
    @Test func garbageEitherThrowsOrReencodesToItself() {
        let seed = keyTestSeed
        var random = SeededRandom(seed: seed ^ 0x5EED_0003)
        let interestingBytes: [UInt8] = [0x00, 0x01, 0x02, 0x03, 0x61, 0x7F, 0x80, 0xC3, 0xFE, 0xFF]
        var decodedCount = 0, thrownCount = 0
        for _ in 0..<50_000 {
            let schema = KeySchema.random(using: &random)
            let length = Int.random(in: 0...24, using: &random)
            let garbage = (0..<length).map { _ in
                random.chance(0.7) ? interestingBytes.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            do {
                let values = try KeyDecoder.decode(garbage, kinds: schema.kinds, orders: schema.orders)
                decodedCount += 1
                #expect(KeyEncoder.encode(values, orders: schema.orders) == garbage,
                        "seed \(seed): \(garbage) decoded as \(values) in \(schema)")
            } catch {
                thrownCount += 1
                #expect(error.state == .dataCorrupted)
            }
        }
        #expect(decodedCount > 0 && thrownCount > 0, "seed \(seed): \(decodedCount) decoded, \(thrownCount) thrown")
    }

    // MARK: Edge cases

    @Test func integersSortInNumericOrder() {
        let signed: [Int64] = [.min, .min + 1, -65_536, -256, -1, 0, 1, 255, 256, .max - 1, .max]
        expectStrictlyOrdered(signed.map(KeyValue.int))
        let unsigned: [UInt64] = [0, 1, 255, 256, 1 << 63 - 1, 1 << 63, .max - 1, .max]
        expectStrictlyOrdered(unsigned.map(KeyValue.uint))
    }

    @Test func doublesSortWithNaNAboveInfinity() {
        let ordered: [Double] = [
            -.infinity, -.greatestFiniteMagnitude, -1e300, -1.5, -1, -.leastNormalMagnitude,
            -.leastNonzeroMagnitude, 0, .leastNonzeroMagnitude, .leastNormalMagnitude, 1, 1.5,
            1e300, .greatestFiniteMagnitude, .infinity, .nan,
        ]
        expectStrictlyOrdered(ordered.map(KeyValue.double))

        for order in allOrders {
            let zero = encoded(.double(0), order)
            #expect(encoded(.double(-0.0), order) == zero)
            let nans: [Double] = [
                .nan, -.nan, .signalingNaN, -.signalingNaN, Double(nan: 0x1234, signaling: false),
                Double(bitPattern: 0xFFFF_FFFF_FFFF_FFFF), Double(Float.nan),
            ]
            let nanKeys = Set(nans.map { encoded(.double($0), order) })
            #expect(nanKeys.count == 1, "\(order): every NaN encodes alike")
        }
        // -0.0 decodes as +0.0.
        let decoded = try? KeyDecoder.decode(encoded(.double(-0.0), .ascending), kinds: [.double], orders: [.ascending])
        if case .double(let zero)? = decoded?.first {
            #expect(zero == 0 && zero.sign == .plus)
        } else {
            Issue.record("-0.0 did not decode: \(String(describing: decoded))")
        }
    }

    @Test func floatsEncodeAsTheDoublesThatHoldThem() {
        let floats: [Float] = [-.infinity, -.greatestFiniteMagnitude, -1, -0.0, 0, .leastNonzeroMagnitude, 1, .infinity, .nan]
        for order in allOrders {
            for value in floats {
                var fromFloat = KeyEncoder(), fromDouble = KeyEncoder()
                fromFloat.append(value, order: order)
                fromDouble.append(Double(value), order: order)
                #expect(fromFloat.bytes == fromDouble.bytes, "\(value) \(order)")
            }
        }
    }

    @Test func textSortsByUTF8BytesWithZerosAndPrefixes() {
        let ordered = ["", "\0", "\0\0", "\0\u{1}", "\u{1}", "a", "a\0", "a\0b", "a\u{1}", "ab", "b",
                       "\u{7F}", "\u{80}", "é", "ÿ", "\u{FFFD}", "😀", "\u{10FFFF}"]
        expectStrictlyOrdered(ordered.map(KeyValue.text))
        // Precomposed and decomposed é are equal Strings but different text keys.
        #expect(encoded(.text("\u{E9}"), .ascending) != encoded(.text("e\u{301}"), .ascending))
    }

    @Test func bytesSortBytewiseWithZerosAndFFs() {
        let ordered: [[UInt8]] = [[], [0x00], [0x00, 0x00], [0x00, 0x01], [0x00, 0xFF], [0x01],
                                  [0x01, 0x00], [0xFE, 0xFF], [0xFF], [0xFF, 0x00], [0xFF, 0xFF], [0xFF, 0xFF, 0xFF]]
        expectStrictlyOrdered(ordered.map(KeyValue.bytes))
    }

    @Test func booleansSortFalseFirst() {
        expectStrictlyOrdered([.bool(false), .bool(true)])
    }

    @Test func compositeKeysOrderLaterColumnsAfterPrefixes() {
        let ascending: [KeyOrder] = [.ascending, .ascending]
        #expect(compareBytes(KeyEncoder.encode([.text("a"), .int(2)], orders: ascending),
                             KeyEncoder.encode([.text("ab"), .int(1)], orders: ascending)) < 0)
        #expect(compareBytes(KeyEncoder.encode([.text("a"), .int(1)], orders: ascending),
                             KeyEncoder.encode([.text("a"), .int(2)], orders: ascending)) < 0)
        #expect(compareBytes(KeyEncoder.encode([.bytes([0]), .int(9)], orders: ascending),
                             KeyEncoder.encode([.bytes([0, 0]), .int(0)], orders: ascending)) < 0)
        let descendingText: [KeyOrder] = [.descending, .ascending]
        #expect(compareBytes(KeyEncoder.encode([.text("ab"), .int(2)], orders: descendingText),
                             KeyEncoder.encode([.text("a"), .int(1)], orders: descendingText)) < 0)
        #expect(compareBytes(KeyEncoder.encode([.text("a"), .int(1)], orders: descendingText),
                             KeyEncoder.encode([.text("a"), .int(2)], orders: descendingText)) < 0)
        #expect(compareBytes(KeyEncoder.encode([.text("a\0"), .int(1)], orders: descendingText),
                             KeyEncoder.encode([.text("a"), .int(0)], orders: descendingText)) < 0)
    }

    @Test func nullsGoFirstOrLastAsTheColumnSaysInEitherDirection() {
        #expect(KeyOrder.ascending == KeyOrder(.ascending, nulls: .last))
        #expect(KeyOrder.descending == KeyOrder(.descending, nulls: .first))
        let values: [KeyValue] = [.int(.min), .int(.max), .uint(0), .uint(.max), .double(-.infinity),
                                  .double(.nan), .text(""), .text("\u{10FFFF}"), .bytes([]),
                                  .bytes([0xFF, 0xFF]), .bool(false), .bool(true)]
        for order in allOrders {
            let null = encoded(.null, order)
            for value in values {
                let comparison = compareBytes(null, encoded(value, order))
                #expect(order.nulls == .first ? comparison < 0 : comparison > 0, "NULL vs \(value), \(order)")
            }
        }
        // The null tag leaves later columns to decide between two NULLs.
        let orders: [KeyOrder] = [KeyOrder(.descending, nulls: .last), .ascending]
        #expect(compareBytes(KeyEncoder.encode([.null, .int(1)], orders: orders),
                             KeyEncoder.encode([.null, .int(2)], orders: orders)) < 0)
    }

    @Test func bytesMatchTheDocumentedLayout() {
        #expect(encoded(.null, .ascending) == [0x03])
        #expect(encoded(.null, .descending) == [0x01])
        #expect(encoded(.int(.min), .ascending) == [0x02, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(encoded(.int(0), .ascending) == [0x02, 0x80, 0, 0, 0, 0, 0, 0, 0])
        #expect(encoded(.int(-1), .ascending) == [0x02, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(encoded(.int(5), .descending) == [0x02, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFA])
        #expect(encoded(.uint(258), .ascending) == [0x02, 0, 0, 0, 0, 0, 0, 0x01, 0x02])
        #expect(encoded(.double(1), .ascending) == [0x02, 0xBF, 0xF0, 0, 0, 0, 0, 0, 0])
        #expect(encoded(.double(-1), .ascending) == [0x02, 0x40, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(encoded(.double(.nan), .ascending) == [0x02, 0xFF, 0xF8, 0, 0, 0, 0, 0, 0])
        #expect(encoded(.bool(true), .ascending) == [0x02, 0x01])
        #expect(encoded(.bool(true), .descending) == [0x02, 0xFE])
        #expect(encoded(.text(""), .ascending) == [0x02, 0x00, 0x01])
        #expect(encoded(.text("a"), .ascending) == [0x02, 0x61, 0x00, 0x01])
        #expect(encoded(.text("ab"), .ascending) == [0x02, 0x61, 0x62, 0x00, 0x01])
        #expect(encoded(.text("a\0"), .ascending) == [0x02, 0x61, 0x00, 0xFF, 0x00, 0x01])
        #expect(encoded(.text("a"), .descending) == [0x02, 0x9E, 0xFF, 0xFE])
        #expect(encoded(.text("ab"), .descending) == [0x02, 0x9E, 0x9D, 0xFF, 0xFE])
        #expect(encoded(.text("a\0"), .descending) == [0x02, 0x9E, 0xFF, 0x00, 0xFF, 0xFE])
        #expect(encoded(.bytes([0xFF, 0x00]), .ascending) == [0x02, 0xFF, 0x00, 0xFF, 0x00, 0x01])
    }

    @Test func encoderIsReusableAfterRemoveAll() {
        var encoder = KeyEncoder(reservingCapacity: 64)
        encoder.append("abc", order: .ascending)
        encoder.append(42, order: .descending)
        let first = encoder.bytes
        encoder.removeAll()
        #expect(encoder.bytes.isEmpty)
        encoder.append("abc", order: .ascending)
        encoder.append(42, order: .descending)
        #expect(encoder.bytes == first)
        #expect(first == KeyEncoder.encode([.text("abc"), .int(42)], orders: [.ascending, .descending]))
    }

    @Test func keyValueEqualityIsKeyEquality() {
        #expect(KeyValue.double(.nan) == .double(-.signalingNaN))
        #expect(KeyValue.double(-0.0) == .double(0))
        #expect(KeyValue.double(-0.0).hashValue == KeyValue.double(0).hashValue)
        #expect(KeyValue.text("\u{E9}") != .text("e\u{301}"))
        #expect(KeyValue.int(1) != .uint(1))
        #expect(KeyValue.bytes([0x27]).description == "'\\x27'::bytea")
        #expect(KeyValue.text("it's").description == "'it''s'")
    }

    // MARK: Prefix ranges

    @Test func successorOfPrefixBoundsExactlyTheKeysWithThatPrefix() {
        #expect(KeyEncoder.successor(ofPrefix: []) == nil)
        #expect(KeyEncoder.successor(ofPrefix: [0xFF, 0xFF]) == nil)
        #expect(KeyEncoder.successor(ofPrefix: [0x01, 0x02]) == [0x01, 0x03])
        #expect(KeyEncoder.successor(ofPrefix: [0x01, 0xFF, 0xFF]) == [0x02])
        #expect(KeyEncoder.successor(ofPrefix: [0x00]) == [0x01])

        let seed = keyTestSeed
        var random = SeededRandom(seed: seed ^ 0x5EED_0004)
        let alphabet: [UInt8] = [0x00, 0x01, 0x7F, 0xFE, 0xFF]
        func randomBytes(_ lengths: ClosedRange<Int>) -> [UInt8] {
            (0..<Int.random(in: lengths, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
        }
        for _ in 0..<50_000 {
            let prefix = randomBytes(0...3)
            let candidate = random.chance(0.5) ? prefix + randomBytes(0...3) : randomBytes(0...5)
            let startsWithPrefix = candidate.starts(with: prefix)
            let inRange: Bool
            if let successor = KeyEncoder.successor(ofPrefix: prefix) {
                inRange = compareBytes(prefix, candidate) <= 0 && compareBytes(candidate, successor) < 0
            } else {
                inRange = compareBytes(prefix, candidate) <= 0
            }
            #expect(startsWithPrefix == inRange, "seed \(seed): prefix \(prefix), key \(candidate)")
        }
        // Leading columns of a composite key, as an index range scan uses them.
        let orders: [KeyOrder] = [.descending, .ascending]
        let prefix = KeyEncoder.encode([.text("a")], orders: [.descending])
        let successor = KeyEncoder.successor(ofPrefix: prefix)!
        for (text, expected) in [("a", true), ("ab", false), ("", false), ("a\0", false)] {
            let key = KeyEncoder.encode([.text(text), .int(.max)], orders: orders)
            let inRange = compareBytes(prefix, key) <= 0 && compareBytes(key, successor) < 0
            #expect(inRange == expected, "\(text)")
        }
    }

    // MARK: Corruption

    @Test func specificCorruptionsThrowDataCorrupted() {
        let cases: [(bytes: [UInt8], kind: KeyValue.Kind, order: KeyOrder, why: String)] = [
            ([0x00], .int, .ascending, "tag 00"),
            ([0xFF], .int, .ascending, "tag FF"),
            ([0x01], .int, .ascending, "NULLS FIRST tag in a NULLS LAST column"),
            ([0x03], .int, .descending, "NULLS LAST tag in a NULLS FIRST column"),
            ([0x02, 0x80, 0, 0], .int, .ascending, "short integer"),
            ([0x02, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], .double, .ascending, "negative zero"),
            ([0x02, 0xFF, 0xF8, 0, 0, 0, 0, 0, 1], .double, .ascending, "NaN with a payload"),
            ([0x02, 0x00, 0x07, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], .double, .ascending, "negative NaN"),
            ([0x02, 0x02], .bool, .ascending, "boolean 02"),
            ([0x02, 0x00], .bool, .descending, "descending boolean 00"),
            ([0x02], .bool, .ascending, "missing boolean"),
            ([0x02, 0x61], .text, .ascending, "no terminator"),
            ([0x02, 0x61, 0x00], .text, .ascending, "cut inside the terminator"),
            ([0x02, 0x61, 0x00, 0x02], .bytes, .ascending, "escape 00 02"),
            ([0x02, 0x61, 0x00, 0x01], .bytes, .descending, "ascending terminator in a DESC column"),
            ([0x02, 0xFF, 0xFE, 0x00, 0x01], .text, .ascending, "invalid UTF-8"),
            ([0x02, 0xC3, 0x00, 0x01], .text, .ascending, "truncated UTF-8 sequence"),
            ([0x02, 0xED, 0xA0, 0x80, 0x00, 0x01], .text, .ascending, "UTF-8 surrogate"),
            ([0x03, 0x03], .int, .ascending, "bytes after the last column"),
        ]
        for (bytes, kind, order, why) in cases {
            let error = #expect(throws: DatabaseError.self, "\(why)") {
                try KeyDecoder.decode(bytes, kinds: [kind], orders: [order])
            }
            #expect(error?.state == .dataCorrupted, "\(why)")
        }
    }
}

// MARK: - Model and helpers

private let allOrders: [KeyOrder] = [
    KeyOrder(.ascending, nulls: .first), KeyOrder(.ascending, nulls: .last),
    KeyOrder(.descending, nulls: .first), KeyOrder(.descending, nulls: .last),
]

private func encoded(_ value: KeyValue, _ order: KeyOrder) -> [UInt8] {
    KeyEncoder.encode([value], orders: [order])
}

/// Expects `values`, listed in ascending SQL order with no two equal, to encode in strictly
/// increasing byte order under every ascending order and strictly decreasing under descending.
private func expectStrictlyOrdered(_ values: [KeyValue], sourceLocation: SourceLocation = #_sourceLocation) {
    for order in allOrders {
        let keys = values.map { encoded($0, order) }
        for index in keys.indices.dropFirst() {
            let comparison = compareBytes(keys[index - 1], keys[index])
            let expected = order.isDescending ? 1 : -1
            #expect(comparison == expected, "\(values[index - 1]) vs \(values[index]), \(order)",
                    sourceLocation: sourceLocation)
        }
        for (value, key) in zip(values, keys) {
            let decoded = try? KeyDecoder.decode(key, kinds: [value.kind!], orders: [order])
            #expect(decoded == [value], "\(value) \(order)", sourceLocation: sourceLocation)
        }
    }
}

/// memcmp, then the shorter first: how the B+ tree compares keys.
private func compareBytes(_ left: [UInt8], _ right: [UInt8]) -> Int {
    for (a, b) in zip(left, right) where a != b {
        return a < b ? -1 : 1
    }
    return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
}

/// SQL order of two rows of one schema, column by column.
private func modelCompare(_ left: [KeyValue], _ right: [KeyValue], orders: [KeyOrder]) -> Int {
    for index in orders.indices {
        let comparison = modelCompare(left[index], right[index], order: orders[index])
        if comparison != 0 { return comparison }
    }
    return 0
}

/// SQL order of two values of one column: NULLs where the column puts them in either
/// direction; otherwise the ascending order of the values, reversed for DESC.
private func modelCompare(_ left: KeyValue, _ right: KeyValue, order: KeyOrder) -> Int {
    switch (left, right) {
    case (.null, .null): return 0
    case (.null, _): return order.nulls == .first ? -1 : 1
    case (_, .null): return order.nulls == .first ? 1 : -1
    default:
        let ascending = modelCompareValues(left, right)
        return order.isDescending ? -ascending : ascending
    }
}

private func modelCompareValues(_ left: KeyValue, _ right: KeyValue) -> Int {
    func threeWay<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
    switch (left, right) {
    case let (.int(a), .int(b)): return threeWay(a, b)
    case let (.uint(a), .uint(b)): return threeWay(a, b)
    case let (.double(a), .double(b)):
        // PostgreSQL: NaN equals NaN and is above every number; -0 equals 0 as IEEE has it.
        if a.isNaN || b.isNaN { return a.isNaN == b.isNaN ? 0 : (a.isNaN ? 1 : -1) }
        return threeWay(a, b)
    case let (.text(a), .text(b)): return compareBytes(Array(a.utf8), Array(b.utf8))
    case let (.bytes(a), .bytes(b)): return compareBytes(a, b)
    case let (.bool(a), .bool(b)): return threeWay(a ? 1 : 0, b ? 1 : 0)
    default:
        Issue.record("the model compares values of one kind, not \(left) and \(right)")
        return 0
    }
}

/// The column kinds and orders of an index key.
private struct KeySchema: CustomStringConvertible {
    var kinds: [KeyValue.Kind]
    var orders: [KeyOrder]

    static func random(using random: inout SeededRandom) -> KeySchema {
        let kinds: [KeyValue.Kind] = [.int, .uint, .double, .text, .bytes, .bool]
        let count = Int.random(in: 1...4, using: &random)
        return KeySchema(kinds: (0..<count).map { _ in kinds.randomElement(using: &random)! },
                         orders: (0..<count).map { _ in allOrders.randomElement(using: &random)! })
    }

    /// Values from small domains, so rows share prefixes, tie and sit at the edges often.
    func randomRow(using random: inout SeededRandom) -> [KeyValue] {
        kinds.map { kind in
            random.chance(0.15) ? .null : Self.randomValue(kind, using: &random)
        }
    }

    static func randomValue(_ kind: KeyValue.Kind, using random: inout SeededRandom) -> KeyValue {
        switch kind {
        case .int:
            let edges: [Int64] = [.min, .min + 1, -256, -1, 0, 1, 255, .max - 1, .max]
            switch Int.random(in: 0..<3, using: &random) {
            case 0: return .int(edges.randomElement(using: &random)!)
            case 1: return .int(Int64.random(in: -3...3, using: &random))
            default: return .int(Int64(bitPattern: random.next()))
            }
        case .uint:
            let edges: [UInt64] = [0, 1, 255, 256, 1 << 63 - 1, 1 << 63, .max - 1, .max]
            switch Int.random(in: 0..<3, using: &random) {
            case 0: return .uint(edges.randomElement(using: &random)!)
            case 1: return .uint(UInt64.random(in: 0...3, using: &random))
            default: return .uint(random.next())
            }
        case .double:
            let edges: [Double] = [
                -.infinity, -.greatestFiniteMagnitude, -1.5, -.leastNormalMagnitude,
                -.leastNonzeroMagnitude, -0.0, 0.0, .leastNonzeroMagnitude, .leastNormalMagnitude,
                1.5, .greatestFiniteMagnitude, .infinity, .nan, -.nan, .signalingNaN,
                Double(nan: 7, signaling: false), Double(Float.nan),
            ]
            switch Int.random(in: 0..<4, using: &random) {
            case 0, 1: return .double(edges.randomElement(using: &random)!)
            case 2: return .double(Double(Int.random(in: -3...3, using: &random)) / 2)
            default: return .double(Double(bitPattern: random.next()))  // subnormals, NaN payloads too
            }
        case .text:
            let pieces = ["\0", "\u{1}", "a", "b", "\u{7F}", "\u{80}", "é", "e\u{301}", "ÿ",
                          "\u{FFFD}", "😀", "\u{10FFFF}"]
            let length = Int.random(in: 0...4, using: &random)
            return .text((0..<length).map { _ in pieces.randomElement(using: &random)! }.joined())
        case .bytes:
            let alphabet: [UInt8] = [0x00, 0x01, 0x02, 0x61, 0x7F, 0x80, 0xFE, 0xFF]
            let length = Int.random(in: 0...4, using: &random)
            return .bytes((0..<length).map { _ in alphabet.randomElement(using: &random)! })
        case .bool:
            return .bool(random.chance(0.5))
        }
    }

    var description: String {
        "(" + zip(kinds, orders).map { "\($0) \($1)" }.joined(separator: ", ") + ")"
    }
}

/// The run's seed, picked once so every test of the suite reports the same one.
private let keyTestSeed = TestSeed.current
