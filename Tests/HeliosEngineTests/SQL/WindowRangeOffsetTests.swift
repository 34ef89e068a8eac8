// RANGE frames with offsets (`RANGE BETWEEN 2 PRECEDING AND 1 FOLLOWING`) over integer, numeric,
// date and timestamp ORDER BY values, ascending and descending, with NULLs, exclusions, GROUP BY
// and offsets as large as the type; and PostgreSQL's errors for what in_range does not take.
// Expected rows are PostgreSQL 15's for the same statements.

import HeliosCore
import HeliosEngine
import Testing

@Suite struct WindowRangeOffsetTests {
    static func database() throws -> SQLTestDatabase {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE w (id int, g int, v int, n numeric(6,2), d date, ts timestamp)")
        try db.tag("""
            INSERT INTO w VALUES (1, 1, 1, 1.00, '2024-01-01', '2024-01-01 10:00'), (2, 1, 2, 2.50, '2024-01-02', '2024-01-02 09:00'),
                (3, 1, 2, NULL, '2024-01-04', NULL), (4, 1, 5, 4.00, NULL, '2024-01-03 10:00'), (5, 1, NULL, 4.10, '2024-01-05', '2024-01-04 10:00'),
                (6, 2, 10, -1, '2024-02-01', '2024-02-01 00:00'), (7, 2, 12, 0.5, '2024-02-01', '2024-02-02 00:00'),
                (8, 1, NULL, 1.5, '2024-01-01', '2024-01-01 00:00')
            """)
        return db
    }

    /// One column per id, in id order, from `SELECT id, <window> FROM w ORDER BY id`.
    static func column(_ db: SQLTestDatabase, _ window: String) throws -> [String] {
        try db.rows("SELECT id, \(window) FROM w ORDER BY id").map { $0[1] }
    }

    @Test func integerOffsetsFramePeersWithinTheDistance() throws {
        let db = try Self.database()
        #expect(try Self.column(db, "sum(v) OVER (PARTITION BY g ORDER BY v RANGE BETWEEN 2 PRECEDING AND CURRENT ROW)")
                == ["1", "5", "5", "5", "NULL", "10", "22", "NULL"])
        #expect(try Self.column(db, "count(*) OVER (ORDER BY v RANGE BETWEEN 2 PRECEDING AND 1 PRECEDING)")
                == ["0", "1", "1", "0", "2", "0", "1", "2"])
        #expect(try Self.column(db, "count(*) OVER (ORDER BY v RANGE BETWEEN 5 FOLLOWING AND 10 FOLLOWING)")
                == ["1", "2", "2", "2", "2", "0", "0", "2"])
        #expect(try Self.column(db, "count(*) OVER (ORDER BY v RANGE 2147483647 PRECEDING)")
                == ["1", "3", "3", "4", "2", "5", "6", "2"])
        #expect(try Self.column(db, "count(*) OVER (ORDER BY v::bigint RANGE BETWEEN 9223372036854775807 PRECEDING AND 9223372036854775807 FOLLOWING)")
                == ["6", "6", "6", "6", "2", "6", "6", "2"])
    }

    @Test func descendingOrderAndNullsFirstTurnTheFrameAround() throws {
        let db = try Self.database()
        #expect(try Self.column(db, "count(*) OVER (ORDER BY v DESC RANGE BETWEEN 1 PRECEDING AND 2 FOLLOWING)")
                == ["3", "3", "3", "1", "2", "1", "2", "2"])
        #expect(try db.rows("""
            SELECT count(*) OVER (ORDER BY v NULLS FIRST RANGE BETWEEN CURRENT ROW AND 3 FOLLOWING),
                   max(id) OVER (ORDER BY v NULLS FIRST RANGE BETWEEN CURRENT ROW AND 3 FOLLOWING) FROM w ORDER BY id
            """) == [["3", "3"], ["3", "4"], ["3", "4"], ["1", "4"], ["2", "8"], ["2", "7"], ["1", "7"], ["2", "8"]])
    }

    @Test func exclusionAndGroupedOrderKeys() throws {
        let db = try Self.database()
        #expect(try Self.column(db, "sum(id) OVER (ORDER BY v RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE CURRENT ROW)")
                == ["5", "4", "3", "NULL", "8", "7", "6", "5"])
        #expect(try db.rows("SELECT g, sum(g) OVER (ORDER BY g RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM w GROUP BY g ORDER BY g")
                == [["1", "1"], ["2", "3"]])
    }

    @Test func numericDateAndTimestampOffsets() throws {
        let db = try Self.database()
        #expect(try Self.column(db, "sum(n) OVER (ORDER BY n RANGE BETWEEN 1.5 PRECEDING AND 1.5 FOLLOWING)")
                == ["5.50", "9.00", "NULL", "10.60", "8.10", "-0.50", "2.00", "5.50"])
        #expect(try Self.column(db, "count(*) OVER (ORDER BY d RANGE BETWEEN INTERVAL '1 day' PRECEDING AND INTERVAL '1 day' FOLLOWING)")
                == ["3", "3", "2", "1", "2", "2", "2", "3"])
        #expect(try Self.column(db, "first_value(id) OVER (ORDER BY ts DESC RANGE BETWEEN INTERVAL '1 day' PRECEDING AND CURRENT ROW)")
                == ["2", "2", "3", "5", "5", "7", "7", "1"])
    }

    @Test func offsetsInRangeRejectsFailAsInPostgres() throws {
        let db = try Self.database()
        #expect(db.state("SELECT sum(v) OVER (ORDER BY v, id RANGE 1 PRECEDING) FROM w") == "42P20")
        #expect(db.state("SELECT sum(v) OVER (ORDER BY v RANGE 1.5 PRECEDING) FROM w") == "0A000")
        #expect(db.state("SELECT sum(v) OVER (ORDER BY id::text RANGE 1 PRECEDING) FROM w") == "0A000")
        #expect(db.state("SELECT sum(v) OVER (ORDER BY v RANGE -1 PRECEDING) FROM w") == "22013")
        #expect(db.state("SELECT sum(v) OVER (ORDER BY d RANGE '-1 day' PRECEDING) FROM w") == "22013")
        #expect(db.state("SELECT sum(v) OVER (ORDER BY v RANGE NULL PRECEDING) FROM w") == "22004")
    }
}
