// Operators that outgrow work_mem: rows go to temporary files and come back unchanged, and a
// query gives the same rows whether it ran in memory or spilled.

import Foundation
import HeliosCore
import HeliosEngine
import HeliosTesting
import HeliosValues
import Testing

@Suite struct SpillTests {
    /// A query's rows with a large and with a tiny work_mem (64kB, PostgreSQL's minimum).
    private func bothWays(_ db: SQLTestDatabase, _ query: String) throws -> (memory: [[String]], spilled: [[String]]) {
        try db.tag("SET work_mem = '256MB'")
        let memory = try db.rows(query)
        try db.tag("SET work_mem = '64kB'")
        let spilled = try db.rows(query)
        try db.tag("RESET work_mem")
        return (memory, spilled)
    }

    private func mixedTable(_ db: SQLTestDatabase, rows: Int) throws {
        try db.tag("CREATE TABLE m (id int PRIMARY KEY, k int, t text, n numeric(12,3), ts timestamp, a int[], f float8)")
        try db.tag("""
            INSERT INTO m SELECT i, (i * 7919) % 1000,
              CASE WHEN i % 11 = 0 THEN NULL ELSE md5(i::text) END,
              CASE WHEN i % 13 = 0 THEN NULL ELSE (i % 977) / 7.0 END,
              timestamp '2020-01-01' + (i % 500) * interval '1 hour',
              ARRAY[i % 3, i % 5], CASE WHEN i % 17 = 0 THEN 'NaN'::float8 ELSE i / 3.0 END
            FROM generate_series(1, \(rows)) i
            """)
    }

    @Test func sortsSpillAndMergeToTheSameOrder() throws {
        let db = try SQLTestDatabase()
        try mixedTable(db, rows: 12000)
        for query in [
            "SELECT id, t FROM m ORDER BY t NULLS FIRST, id DESC",
            "SELECT * FROM m ORDER BY n DESC NULLS LAST, ts, id",
            "SELECT k, f, a FROM m ORDER BY f, a, id",
        ] {
            let (memory, spilled) = try bothWays(db, query)
            #expect(memory.count == 12000)
            #expect(memory == spilled, "\(query)")
        }
        try db.tag("SET work_mem = '64kB'")
        let plan = try db.rows("EXPLAIN ANALYZE SELECT id FROM m ORDER BY t").map { $0[0] }
        #expect(plan.contains { $0.contains("Sort Method: external merge") }, "\(plan)")
    }

    @Test func spilledRowsComeBackExactly() throws {
        var random = SeededRandom(seed: 20261125)
        let values: [SQLValue] = [
            .null, .bool(true), .int16(-7), .int32(Int32.min), .int64(Int64.max), .float32(-0.5), .float64(.nan),
            .float64(-.infinity), .numeric(Numeric(12345)), .text(""), .text("héllo ☃ \u{0}"), .character("ab  "),
            .bytes([0, 255, 7]), .date(-1000), .time(86_399_999_999), .timestamp(0), .timestampWithTimeZone(-5),
            .interval(Interval(months: 1, days: -2, microseconds: 3)), .uuid(UUIDValue(high: 1, low: 2)), .json("{\"a\": 1}"),
            .jsonb("[1, 2]"), .oid(4_000_000_000),
            .array(SQLArray(elementType: .integer, elements: [.int32(1), .null, .int32(3)])),
            .array(SQLArray(elementType: .text, elements: [.text("x"), .text("")])),
        ]
        let file = try SpillFile()
        var written: [[SQLValue]] = []
        for _ in 0..<5000 {
            var row: [SQLValue] = []
            for _ in 0..<Int(random.next() % 12) { row.append(values[Int(random.next() % UInt64(values.count))]) }
            written.append(row)
            try file.append(row)
        }
        for expected in written {
            let row = try #require(try file.next())
            #expect(row.count == expected.count)
            for (a, b) in zip(row, expected) {
                #expect(a.isNull == b.isNull && (a.isNull || SQLValue.compare(a, b) == 0), "\(a) vs \(b)")
                #expect("\(a)" == "\(b)")
            }
        }
        #expect(try file.next() == nil)
    }
}

extension SpillTests {
    @Test func groupingSpillsPartitionsAndAgreesWithMemory() throws {
        let db = try SQLTestDatabase()
        try mixedTable(db, rows: 12000)
        for query in [
            "SELECT id % 5000 AS g, count(*), sum(n), max(t), min(ts) FROM m GROUP BY 1 ORDER BY 1",
            "SELECT t, count(DISTINCT k), string_agg(id::text, ',' ORDER BY id) FROM m GROUP BY t ORDER BY t NULLS FIRST",
            "SELECT k, a, avg(f) FILTER (WHERE f < 1000) FROM m GROUP BY k, a ORDER BY k, a",
            "SELECT count(*) FROM (SELECT DISTINCT t FROM m) d",
        ] {
            let (memory, spilled) = try bothWays(db, query)
            #expect(!memory.isEmpty)
            #expect(memory == spilled, "\(query)")
        }
        try db.tag("SET work_mem = '64kB'")
        let plan = try db.rows("EXPLAIN ANALYZE SELECT id % 5000, count(*) FROM m GROUP BY 1").map { $0[0] }
        #expect(plan.contains { $0.contains("Batches:") }, "\(plan)")
    }
}

extension SpillTests {
    @Test func hashJoinsPartitionAndAgreeWithMemory() throws {
        let db = try SQLTestDatabase()
        try mixedTable(db, rows: 8000)
        try db.tag("CREATE TABLE r (k int, label text)")
        try db.tag("INSERT INTO r SELECT CASE WHEN i % 50 = 0 THEN NULL ELSE i % 1200 END, 'r' || i FROM generate_series(1, 6000) i")
        try db.tag("SET enable_nestloop = off")
        for query in [
            "SELECT m.id, r.label FROM m JOIN r ON r.k = m.k ORDER BY 1, 2",
            "SELECT m.id, r.label FROM m LEFT JOIN r ON r.k = m.k AND r.label < 'r5' ORDER BY 1, 2 NULLS FIRST",
            "SELECT m.id, r.label FROM m RIGHT JOIN r ON r.k = m.k ORDER BY 1 NULLS FIRST, 2",
            "SELECT m.id, r.label FROM m FULL JOIN r ON r.k = m.k + 500 ORDER BY 1 NULLS FIRST, 2 NULLS FIRST",
        ] {
            let (memory, spilled) = try bothWays(db, query)
            #expect(!memory.isEmpty)
            #expect(memory == spilled, "\(query)")
        }
        try db.tag("SET work_mem = '64kB'")
        let plan = try db.rows("EXPLAIN ANALYZE SELECT m.id, r.label FROM m JOIN r ON r.k = m.k").map { $0[0] }
        #expect(plan.contains { $0.contains("Batches: 16") }, "\(plan)")
    }
}
