// The workload capture: statements reduce to templates as pg_stat_statements reduces them (one
// template whatever the constants, spacing or case; constants numbered after the statement's
// own parameters; IN lists of any length alike), each execution is counted under its template
// with its rows, and the counts show in helios_ai.template_stats, pg_stat_statements and the
// arrival series. ALTER SYSTEM's settings persist across a restart; the size functions report
// the trees' real sizes.

import Foundation
import HeliosCore
import HeliosEngine
import Testing

@Suite struct WorkloadCaptureTests {
    @Test func constantsSpacingAndCaseDoNotMakeANewTemplate() throws {
        let a = try #require(StatementTemplate.of("SELECT * FROM t WHERE a = 1 AND b = 'x'"))
        let b = try #require(StatementTemplate.of("select *   from t\n where a = 42 and b = 'yy' -- note"))
        #expect(a.id == b.id)
        #expect(a.text == "SELECT * FROM t WHERE a = $1 AND b = $2")
        let other = try #require(StatementTemplate.of("SELECT * FROM t WHERE a = 1 OR b = 'x'"))
        #expect(other.id != a.id)
        // Constants are numbered after the statement's own parameters; a sign is part of a number.
        #expect(StatementTemplate.of("UPDATE t SET a = -5 WHERE id = $1")?.text == "UPDATE t SET a = $2 WHERE id = $1")
        #expect(StatementTemplate.of("SELECT a - 1 FROM t")?.text == "SELECT a - $1 FROM t")
        // IN lists of any length are one template.
        let short = try #require(StatementTemplate.of("SELECT * FROM t WHERE id IN (1, 2)"))
        let long = try #require(StatementTemplate.of("SELECT * FROM t WHERE id IN (3, 4, 5, 6)"))
        #expect(short.id == long.id && short.text == "SELECT * FROM t WHERE id IN ($1, ...)")
        // A quoted identifier is not the same as an unquoted one of another case.
        #expect(StatementTemplate.of("SELECT \"A\" FROM t")?.id != StatementTemplate.of("SELECT a FROM t")?.id)
        #expect(StatementTemplate.of("SELECT A FROM T")?.id == StatementTemplate.of("select a from t")?.id)
    }

    @Test func executionsAreCountedUnderTheirTemplate() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE t (id int PRIMARY KEY, v int)")
        try db.tag("INSERT INTO t SELECT i, i % 10 FROM generate_series(1, 100) i")
        for value in 0..<5 { _ = try db.rows("SELECT id FROM t WHERE v = \(value)") }
        for id in 1...3 { try db.tag("UPDATE t SET v = v + 1 WHERE id = \(id)") }
        let stats = try db.rows("""
            SELECT t.query, s.calls, s.rows, s.mean_time >= 0, s.p99_time >= s.p50_time, s.calls_last_minute
            FROM helios_ai.template_stats s JOIN helios_ai.templates t USING (template_id)
            WHERE t.query LIKE 'SELECT id%' OR t.query LIKE 'UPDATE%' ORDER BY 1
            """)
        #expect(stats == [["SELECT id FROM t WHERE v = $1", "5", "50", "t", "t", "5"],
                          ["UPDATE t SET v = v + $1 WHERE id = $2", "3", "3", "t", "t", "3"]])
        let statements = try db.rows("SELECT calls, rows, plans FROM pg_stat_statements WHERE query = 'SELECT id FROM t WHERE v = $1'")
        #expect(statements == [["5", "50", "5"]])
        let arrivals = try db.rows("""
            SELECT sum(a.calls), min(a.interval_seconds) FROM helios_ai.template_arrivals a JOIN helios_ai.templates t USING (template_id)
            WHERE t.query = 'SELECT id FROM t WHERE v = $1'
            """)
        #expect(arrivals == [["5", "10"]])
        let features = try db.rows("SELECT kind, tables, predicates FROM helios_ai.templates WHERE query = 'SELECT id FROM t WHERE v = $1'")
        #expect(features == [["select", "{t}", "{\"t.v =\"}"]])
        _ = try db.rows("SELECT pg_stat_statements_reset()")
        #expect(try db.rows("SELECT count(*) FROM pg_stat_statements WHERE query LIKE 'UPDATE%'") == [["0"]])
    }

    @Test func theRepositoryKeepsItsMostCalledTemplates() throws {
        let repository = WorkloadRepository(now: 0, capacity: 10)
        var buffer = WorkloadBuffer()
        for template in 0..<12 {
            let key = WorkloadRepository.Key(database: ObjectID(5), user: "u", template: Int64(template))
            for _ in 0...template {
                buffer.record(key, text: "q\(template)", micros: 1, planningMicros: nil, rows: 0, at: 0, sample: { nil })
            }
        }
        repository.merge(buffer)
        // 12 > 10: the least called are forgotten down to nine tenths of the capacity.
        #expect(repository.entries.map(\.key.template).sorted() == Array(3...11))
    }

    @Test func captureCanBeTurnedOff() throws {
        let db = try SQLTestDatabase()
        try db.tag("ALTER SYSTEM SET helios.workload_capture = off")
        _ = try db.rows("SELECT 12345")
        #expect(try db.rows("SELECT count(*) FROM pg_stat_statements WHERE query = 'SELECT $1'") == [["0"]])
        try db.tag("ALTER SYSTEM RESET helios.workload_capture")
        _ = try db.rows("SELECT 12345")
        #expect(try db.rows("SELECT calls FROM pg_stat_statements WHERE query = 'SELECT $1'") == [["1"]])
    }

    @Test func alterSystemPersistsAndIsServerWide() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("helios-alter-system-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let database = try Database.open(at: directory)
            let session = database.connect()
            #expect(try session.query("SHOW helios.autopilot").textRows == [["auto"]])
            try session.execute("ALTER SYSTEM SET helios.autopilot = 'recommend'")
            try session.execute("ALTER SYSTEM SET work_mem = '8MB'")
            #expect(throws: DatabaseError.self) { try session.execute("ALTER SYSTEM SET helios.autopilot = 'sometimes'") }
            #expect(throws: DatabaseError.self) { try session.execute("SET helios.autopilot = 'off'") }
            #expect(throws: DatabaseError.self) { try session.execute("BEGIN; ALTER SYSTEM SET helios.autopilot = 'off'; COMMIT") }
            session.close()
            try database.close()
        }
        let database = try Database.open(at: directory)
        let session = database.connect()
        #expect(try session.query("SELECT current_setting('helios.autopilot')").textRows == [["recommend"]])
        #expect(try session.query("SHOW work_mem").textRows == [["8MB"]])
        try session.execute("ALTER SYSTEM RESET ALL")
        #expect(try session.query("SHOW helios.autopilot").textRows == [["auto"]])
        session.close()
        try database.close()
    }

    @Test func sizeFunctionsReportTheTrees() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE t (id int PRIMARY KEY, v text)")
        try db.tag("CREATE INDEX t_v ON t (v)")
        try db.tag("INSERT INTO t SELECT i, repeat('x', 100) || i FROM generate_series(1, 5000) i")
        let sizes = try db.rows("""
            SELECT pg_relation_size('t') > 400000, pg_indexes_size('t') > 400000,
                   pg_total_relation_size('t') = pg_relation_size('t') + pg_indexes_size('t'),
                   pg_relation_size('t_v') = pg_indexes_size('t'), pg_relation_size('t', 'fsm'),
                   pg_database_size(current_database()) >= pg_total_relation_size('t'),
                   pg_relation_size('t') % 8192
            """)
        #expect(sizes == [["t", "t", "t", "t", "0", "t", "0"]])
        let listed = try db.rows("SELECT indexname, size_bytes = pg_relation_size('t_v'), created_by FROM helios_ai.indexes WHERE indexname = 't_v'")
        #expect(listed == [["t_v", "t", "user"]])
    }
}
