// Seeded property test: for random values of every type, the text PostgreSQL's output function
// would print reads back (through the input function) as an equal value that prints the same
// text again, under several DateStyle / IntervalStyle / TimeZone settings.

import HeliosCore
import HeliosTesting
import HeliosValues
import Testing

@Suite struct TextRoundTripTests {
    /// Timestamps PostgreSQL accepts: 4714-11-24 BC up to (not including) 294277-01-01.
    static let timestampRange: ClosedRange<Int64> = -211_813_488_000_000_000...9_223_371_331_199_999_999
    /// Dates PostgreSQL accepts: 4714-11-24 BC to 5874897-12-31, as days since 2000-01-01.
    static let dateRange: ClosedRange<Int32> = -2_451_545...2_145_031_948

    static func randomText(_ random: inout SeededRandom) -> String {
        let pieces = ["a", "Z", " ", "\"", "\\", ",", "{", "}", "é", "日本", "😀", "NULL", "'", "\t", "\n", "0"]
        return (0..<random.below(6)).map { _ in pieces[random.below(pieces.count)] }.joined()
    }

    static func randomNumeric(_ random: inout SeededRandom) throws -> Numeric {
        if random.chance(0.03) { return try Numeric(parsing: "NaN") }
        let integerDigits = (0..<random.below(25)).map { _ in String(random.below(10)) }.joined()
        let fractionDigits = (0..<random.below(25)).map { _ in String(random.below(10)) }.joined()
        let sign = random.chance(0.5) ? "-" : ""
        let text = fractionDigits.isEmpty ? sign + (integerDigits.isEmpty ? "0" : integerDigits)
            : sign + integerDigits + "." + fractionDigits
        return try Numeric(parsing: text)
    }

    static func randomValue(_ type: SQLType, _ random: inout SeededRandom) throws -> SQLValue {
        if type.isArray, let element = type.elementType {
            let elements = try (0..<random.below(4)).map { _ in
                random.chance(0.2) ? SQLValue.null : try randomValue(element, &random)
            }
            return .array(SQLArray(elementType: element, elements: elements))
        }
        switch type.kind {
        case .boolean: return .bool(random.chance(0.5))
        case .smallint: return .int16(Int16(truncatingIfNeeded: random.next()))
        case .integer: return .int32(Int32(truncatingIfNeeded: random.next()))
        case .bigint: return .int64(Int64(bitPattern: random.next()))
        case .real:
            let value = Float(bitPattern: UInt32(truncatingIfNeeded: random.next()))
            return .float32(value.isNaN ? .nan : value)
        case .doublePrecision:
            let value = Double(bitPattern: random.next())
            return .float64(value.isNaN ? .nan : value)
        case .numeric: return .numeric(try randomNumeric(&random))
        case .text: return .text(randomText(&random))
        case .bytea: return .bytes(random.bytes(random.below(8)))
        case .date: return .date(Int32.random(in: dateRange, using: &random))
        case .time: return .time(Int64.random(in: 0...86_400_000_000, using: &random))
        case .timestamp: return .timestamp(Int64.random(in: timestampRange, using: &random))
        case .timestampWithTimeZone:
            // 1950 to 2200: the SQL and Postgres styles print a zone abbreviation, and before
            // standard time that is "LMT", which PostgreSQL itself cannot read back.
            return .timestampWithTimeZone(Int64.random(in: -1_577_923_200_000_000...6_311_433_600_000_000, using: &random))
        case .interval:
            return .interval(Interval(months: Int32.random(in: -100_000...100_000, using: &random),
                                      days: Int32.random(in: -100_000...100_000, using: &random),
                                      microseconds: Int64.random(in: -10_000_000_000_000_000...10_000_000_000_000_000, using: &random)))
        case .uuid: return .uuid(UUIDValue(high: random.next(), low: random.next()))
        default: return .null
        }
    }

    static let types: [SQLType] = [
        .boolean, .smallint, .integer, .bigint, .real, .doublePrecision, .numeric, .text, .bytea,
        .date, .time, .timestamp, .timestampWithTimeZone, .interval, .uuid,
        .array(of: .text), .array(of: .integer), .array(of: .numeric), .array(of: .bytea), .array(of: .interval),
    ]

    static func settingsVariants() throws -> [(String, SessionSettings)] {
        let newYork = try TimeZoneDatabase.sessionTimeZone("America/New_York")
        let kathmandu = try TimeZoneDatabase.sessionTimeZone("Asia/Kathmandu")
        return [
            ("ISO, UTC", SessionSettings()),
            ("ISO, New York, verbose", SessionSettings(timeZone: newYork, intervalStyle: .postgresVerbose)),
            ("SQL DMY, Kathmandu, sql_standard",
             SessionSettings(timeZone: kathmandu, dateStyle: .sql, dateOrder: .dayMonthYear, intervalStyle: .sqlStandard)),
            ("Postgres MDY, New York, iso_8601",
             SessionSettings(timeZone: newYork, dateStyle: .postgres, dateOrder: .monthDayYear, intervalStyle: .iso8601)),
            ("German, UTC", SessionSettings(dateStyle: .german, dateOrder: .dayMonthYear)),
        ]
    }

    @Test func outputReadsBackAsTheSameValue() throws {
        var random = SeededRandom(seed: TestSeed.current)
        for (label, settings) in try Self.settingsVariants() {
            for type in Self.types {
                for _ in 0..<150 {
                    let value = try Self.randomValue(type, &random)
                    let text = TextFormat.format(value, as: type, settings: settings)
                    let parsed: SQLValue
                    do {
                        parsed = try TextFormat.parse(text, as: type, settings: settings)
                    } catch {
                        Issue.record("\(type.formatted) [\(label)] could not read back \"\(text)\": \(error) (seed \(random.seed))")
                        return
                    }
                    let again = TextFormat.format(parsed, as: type, settings: settings)
                    #expect(SQLValue.compare(parsed, value) == 0 && again == text,
                            "\(type.formatted) [\(label)] \"\(text)\" read back as \"\(again)\" (seed \(random.seed))")
                    if again != text { return }
                }
            }
        }
    }
}
