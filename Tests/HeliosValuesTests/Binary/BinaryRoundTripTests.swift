// Binary send/receive round trips for every type on random values (seeded), and PostgreSQL's
// errors for malformed binary input.

import HeliosCore
import HeliosTesting
import HeliosValues
import Testing

@Suite struct BinaryRoundTripTests {
    static func randomValue(_ type: SQLType, _ random: inout SeededRandom) -> SQLValue {
        if type.isArray {
            let elementType = SQLType(type.kind)
            let elements = (0..<random.below(5)).map { _ in random.chance(0.2) ? SQLValue.null : randomValue(elementType, &random) }
            return .array(SQLArray(elementType: elementType, elements: elements, lowerBound: elements.isEmpty ? 1 : Int32(random.below(3))))
        }
        switch type.kind {
        case .boolean: return .bool(random.chance(0.5))
        case .smallint: return .int16(Int16(truncatingIfNeeded: random.next()))
        case .integer: return .int32(Int32(truncatingIfNeeded: random.next()))
        case .bigint: return .int64(Int64(bitPattern: random.next()))
        case .real: return .float32(Float(bitPattern: UInt32(truncatingIfNeeded: random.next())))
        case .doublePrecision: return .float64(Double(bitPattern: random.next()))
        case .numeric:
            let text = "\(random.chance(0.5) ? "-" : "")\(random.next() % 1_000_000_000_000).\(random.next() % 100_000)"
            return .numeric((try? Numeric(parsing: text)) ?? .zero)
        case .text: return .text(String(decoding: random.bytes(random.below(10)).map { 0x20 + $0 % 0x5f }, as: UTF8.self) + "é")
        case .bytea: return .bytes(random.bytes(random.below(10)))
        case .date: return .date(Int32(random.below(4_000_000)) - 2_000_000)
        case .time: return .time(Int64(random.below(86_400_000_000)))
        case .timeWithTimeZone: return .timeWithTimeZone(TimeWithTimeZone(microseconds: Int64(random.below(86_400_000_000)),
                                                                        offsetSeconds: Int32(random.below(50_000)) - 25_000))
        case .timestamp: return .timestamp(Int64(random.next() % 9_000_000_000_000_000_000) - 200_000_000_000_000_000)
        case .timestampWithTimeZone: return .timestampWithTimeZone(Int64(random.next() % 9_000_000_000_000_000_000) - 200_000_000_000_000_000)
        case .interval: return .interval(Interval(months: Int32(truncatingIfNeeded: random.next()), days: Int32(truncatingIfNeeded: random.next()),
                                                  microseconds: Int64(bitPattern: random.next())))
        case .uuid: return .uuid(UUIDValue(high: random.next(), low: random.next()))
        case .oid: return .oid(UInt32(truncatingIfNeeded: random.next()))
        case .jsonb: return .jsonb("{\"a\": [1, 2.50, \"x\"]}")
        case .json: return .json("{\"a\" : 1}")
        default: return .null
        }
    }

    @Test func valuesSurviveSendAndReceive() throws {
        var random = SeededRandom(seed: TestSeed.current)
        let types: [SQLType] = [.boolean, .smallint, .integer, .bigint, .real, .doublePrecision, .numeric, .text, .bytea, .date,
                                .time, .timeWithTimeZone, .timestamp, .timestampWithTimeZone, .interval, .uuid, .oid, .json, .jsonb,
                                .array(of: .integer), .array(of: .text), .array(of: .numeric)]
        for type in types {
            for _ in 0..<200 {
                let value = Self.randomValue(type, &random)
                let bytes = BinaryFormat.encode(value, as: type)
                let decoded = try BinaryFormat.decode(bytes, as: type)
                if case .float64(let double) = value, double.isNaN { continue }
                if case .float32(let float) = value, float.isNaN { continue }
                #expect(decoded == value, "\(type): \(value) came back as \(decoded) (seed \(random.seed))")
                #expect(BinaryFormat.encode(decoded, as: type) == bytes, "\(type): \(value) re-encodes differently")
            }
        }
    }

    @Test func malformedInputIsRejectedWithPostgreSQLErrors() {
        #expect(throws: DatabaseError.self) { try BinaryFormat.decode([0, 0, 1], as: .integer) }
        #expect(throws: DatabaseError(.invalidBinaryRepresentation, "invalid sign in external \"numeric\" value")) {
            try BinaryFormat.decode([0, 0, 0, 0, 0x12, 0x34, 0, 0], as: .numeric)
        }
        #expect(throws: DatabaseError(.invalidBinaryRepresentation, "invalid digit in external \"numeric\" value")) {
            try BinaryFormat.decode([0, 1, 0, 0, 0, 0, 0, 0, 0x27, 0x10], as: .numeric)
        }
        #expect(throws: DatabaseError(.characterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": 0xff")) {
            try BinaryFormat.decode([0x61, 0xFF], as: .text)
        }
        #expect(throws: DatabaseError(.invalidBinaryRepresentation, "unsupported jsonb version number 2")) {
            try BinaryFormat.decode([2, 0x31], as: .jsonb)
        }
    }
}
