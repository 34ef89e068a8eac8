// SQL statements end to end through the embedded API: DDL, DML with constraints, queries,
// transactions. Expected outputs are what PostgreSQL 15 prints for the same statements.

import HeliosCore
import HeliosEngine
import HeliosStorage
import HeliosTesting
import Testing

@Suite struct SQLStatementTests {
    @Test func createInsertSelect() throws {
        let db = try SQLTestDatabase()
        #expect(try db.tag("CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL, score numeric(5,2))") == "CREATE TABLE")
        #expect(try db.tag("INSERT INTO t VALUES (1, 'a', 1.5), (2, 'b', NULL), (3, 'c', 10)") == "INSERT 0 3")
        #expect(try db.rows("SELECT id, name, score FROM t ORDER BY id") == [["1", "a", "1.50"], ["2", "b", "NULL"], ["3", "c", "10.00"]])
        #expect(try db.rows("SELECT count(*) FROM t WHERE score IS NOT NULL") == [["2"]])
        #expect(try db.rows("SELECT name FROM t WHERE id = 2") == [["b"]])
    }

    @Test func constraintsReportPostgresStates() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE t (id int PRIMARY KEY, email text UNIQUE, age int CHECK (age >= 0), name text NOT NULL)")
        try db.tag("INSERT INTO t VALUES (1, 'a@x', 30, 'a')")
        #expect(db.state("INSERT INTO t VALUES (1, 'b@x', 1, 'b')") == "23505")
        #expect(db.state("INSERT INTO t VALUES (2, 'a@x', 1, 'b')") == "23505")
        #expect(db.state("INSERT INTO t VALUES (2, 'b@x', -1, 'b')") == "23514")
        #expect(db.state("INSERT INTO t VALUES (2, 'b@x', 1, NULL)") == "23502")
        #expect(db.state("INSERT INTO nosuch VALUES (1)") == "42P01")
        #expect(db.state("SELECT nosuch FROM t") == "42703")
        #expect(try db.rows("SELECT count(*) FROM t") == [["1"]])
    }

    @Test func serialDefaultsAndReturning() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE t (id serial PRIMARY KEY, v text DEFAULT 'x', n int)")
        #expect(try db.rows("INSERT INTO t (n) VALUES (10), (20) RETURNING id, v, n") == [["1", "x", "10"], ["2", "x", "20"]])
        #expect(try db.rows("INSERT INTO t (v, n) VALUES (DEFAULT, 30) RETURNING id") == [["3"]])
        #expect(try db.rows("INSERT INTO t DEFAULT VALUES RETURNING id, v, n") == [["4", "x", "NULL"]])
    }

    @Test func updateAndDelete() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE t (id int PRIMARY KEY, v int)")
        try db.tag("INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)")
        #expect(try db.tag("UPDATE t SET v = v + 1 WHERE id >= 2") == "UPDATE 2")
        #expect(try db.rows("SELECT id, v FROM t ORDER BY id") == [["1", "10"], ["2", "21"], ["3", "31"]])
        #expect(try db.rows("UPDATE t SET v = 0 WHERE id = 1 RETURNING id, v") == [["1", "0"]])
        #expect(try db.tag("DELETE FROM t WHERE v > 25") == "DELETE 1")
        #expect(try db.rows("SELECT id FROM t ORDER BY id") == [["1"], ["2"]])
        // Changing the primary key moves the row.
        try db.tag("UPDATE t SET id = 5 WHERE id = 2")
        #expect(try db.rows("SELECT id, v FROM t ORDER BY id") == [["1", "0"], ["5", "21"]])
    }

    @Test func updateFromAndDeleteUsing() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE a (id int PRIMARY KEY, v int)")
        try db.tag("CREATE TABLE b (id int PRIMARY KEY, w int)")
        try db.tag("INSERT INTO a VALUES (1, 0), (2, 0), (3, 0)")
        try db.tag("INSERT INTO b VALUES (1, 100), (3, 300)")
        #expect(try db.tag("UPDATE a SET v = b.w FROM b WHERE a.id = b.id") == "UPDATE 2")
        #expect(try db.rows("SELECT id, v FROM a ORDER BY id") == [["1", "100"], ["2", "0"], ["3", "300"]])
        #expect(try db.tag("DELETE FROM a USING b WHERE a.id = b.id AND b.w > 200") == "DELETE 1")
        #expect(try db.rows("SELECT id FROM a ORDER BY id") == [["1"], ["2"]])
    }

    @Test func onConflict() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE t (k text PRIMARY KEY, n int)")
        try db.tag("INSERT INTO t VALUES ('a', 1)")
        #expect(try db.tag("INSERT INTO t VALUES ('a', 5), ('b', 2) ON CONFLICT DO NOTHING") == "INSERT 0 1")
        #expect(try db.rows("INSERT INTO t VALUES ('a', 5) ON CONFLICT (k) DO UPDATE SET n = t.n + excluded.n RETURNING k, n")
                == [["a", "6"]])
        #expect(try db.tag("INSERT INTO t VALUES ('b', 9) ON CONFLICT (k) DO UPDATE SET n = excluded.n WHERE t.n > 100") == "INSERT 0 0")
        #expect(try db.rows("SELECT k, n FROM t ORDER BY k") == [["a", "6"], ["b", "2"]])
        #expect(db.state("INSERT INTO t VALUES ('c', 1), ('c', 2) ON CONFLICT (k) DO UPDATE SET n = 0") == "21000")
        #expect(db.state("INSERT INTO t VALUES ('z', 1) ON CONFLICT (n) DO NOTHING") == "42P10")
    }

    @Test func foreignKeys() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE p (id int PRIMARY KEY)")
        try db.tag("CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p ON DELETE CASCADE)")
        try db.tag("CREATE TABLE r (id int PRIMARY KEY, pid int REFERENCES p)")
        try db.tag("INSERT INTO p VALUES (1), (2)")
        try db.tag("INSERT INTO c VALUES (10, 1), (11, 2)")
        #expect(db.state("INSERT INTO c VALUES (12, 3)") == "23503")
        try db.tag("INSERT INTO r VALUES (20, 2)")
        #expect(db.state("DELETE FROM p WHERE id = 2") == "23503")
        try db.tag("DELETE FROM p WHERE id = 1")
        #expect(try db.rows("SELECT id FROM c ORDER BY id") == [["11"]])
        #expect(db.state("DROP TABLE p") == "2BP01")
        try db.tag("DROP TABLE p CASCADE")
        try db.tag("INSERT INTO c VALUES (13, 99)")
    }

    @Test func indexesServeQueriesAndStayConsistent() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE t (id int PRIMARY KEY, k int, v text)")
        for chunk in 0..<10 {
            let values = (0..<50).map { i in let id = chunk * 50 + i; return "(\(id), \(id % 7), 'v\(id)')" }.joined(separator: ", ")
            try db.tag("INSERT INTO t VALUES \(values)")
        }
        try db.tag("CREATE INDEX t_k ON t (k)")
        #expect(try db.rows("SELECT count(*) FROM t WHERE k = 3") == [["71"]])
        try db.tag("UPDATE t SET k = 100 WHERE id < 10")
        #expect(try db.rows("SELECT count(*) FROM t WHERE k = 100") == [["10"]])
        #expect(try db.rows("SELECT count(*) FROM t WHERE k = 3") == [["70"]])
        try db.tag("DELETE FROM t WHERE k = 100")
        #expect(try db.rows("SELECT count(*) FROM t WHERE k = 100") == [["0"]])
        #expect(db.state("CREATE UNIQUE INDEX t_k_u ON t (k)") == "23505")
        #expect(db.state("CREATE INDEX t_k ON t (v)") == "42P07")
        try db.tag("CREATE INDEX IF NOT EXISTS t_k ON t (v)")
        try db.tag("DROP INDEX t_k")
        #expect(try db.rows("SELECT count(*) FROM t WHERE k = 3") == [["70"]])
    }

    @Test func transactionsAndAbortedState() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE t (id int PRIMARY KEY)")
        try db.tag("BEGIN")
        try db.tag("INSERT INTO t VALUES (1)")
        #expect(db.state("INSERT INTO t VALUES (1)") == "23505")
        #expect(db.state("SELECT 1") == "25P02")
        #expect(try db.tag("COMMIT") == "ROLLBACK")
        #expect(try db.rows("SELECT count(*) FROM t") == [["0"]])
        try db.tag("BEGIN; INSERT INTO t VALUES (2); SAVEPOINT s; INSERT INTO t VALUES (3); ROLLBACK TO SAVEPOINT s; COMMIT")
        #expect(try db.rows("SELECT id FROM t") == [["2"]])
    }

    @Test func ddlIsTransactional() throws {
        let db = try SQLTestDatabase()
        try db.tag("BEGIN")
        try db.tag("CREATE TABLE t (id int)")
        try db.tag("INSERT INTO t VALUES (1)")
        try db.tag("ROLLBACK")
        #expect(db.state("SELECT * FROM t") == "42P01")
        try db.tag("CREATE TABLE t (id int)")
        try db.tag("INSERT INTO t VALUES (1), (2)")
        let other = db.database.connect(user: "postgres")
        defer { other.close() }
        try db.tag("BEGIN")
        try db.tag("DROP TABLE t")
        #expect(try db.rows("SELECT count(*) FROM t", in: other) == [["2"]])
        try db.tag("COMMIT")
        #expect(db.state("SELECT * FROM t", in: other) == "42P01")
    }

    @Test func alterTable() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE t (a int, b text)")
        try db.tag("INSERT INTO t VALUES (1, 'x'), (2, 'y'), (2, 'z')")
        try db.tag("ALTER TABLE t ADD COLUMN c int DEFAULT 7")
        #expect(try db.rows("SELECT a, b, c FROM t ORDER BY b") == [["1", "x", "7"], ["2", "y", "7"], ["2", "z", "7"]])
        #expect(db.state("ALTER TABLE t ADD PRIMARY KEY (a)") == "23505")
        try db.tag("DELETE FROM t WHERE b = 'z'")
        try db.tag("ALTER TABLE t ADD PRIMARY KEY (a)")
        #expect(db.state("INSERT INTO t VALUES (1, 'q')") == "23505")
        try db.tag("ALTER TABLE t DROP COLUMN b")
        #expect(try db.rows("SELECT * FROM t ORDER BY a") == [["1", "7"], ["2", "7"]])
        try db.tag("ALTER TABLE t RENAME COLUMN c TO d")
        try db.tag("ALTER TABLE t RENAME TO u")
        #expect(try db.rows("SELECT a, d FROM u WHERE a = 2") == [["2", "7"]])
        try db.tag("ALTER TABLE u ADD CONSTRAINT d_positive CHECK (d > 0)")
        #expect(db.state("UPDATE u SET d = -1") == "23514")
        try db.tag("ALTER TABLE u RENAME COLUMN d TO e")
        #expect(db.state("UPDATE u SET e = -1") == "23514")
    }

    @Test func truncateAndViews() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE t (id serial PRIMARY KEY, v int)")
        try db.tag("INSERT INTO t (v) VALUES (1), (2)")
        try db.tag("CREATE VIEW big AS SELECT id, v * 10 AS w FROM t")
        #expect(try db.rows("SELECT w FROM big ORDER BY w") == [["10"], ["20"]])
        try db.tag("TRUNCATE t RESTART IDENTITY")
        #expect(try db.rows("SELECT count(*) FROM big") == [["0"]])
        #expect(try db.rows("INSERT INTO t (v) VALUES (3) RETURNING id") == [["1"]])
    }

    @Test func joinsFollowTheirConditionsWhateverTheFromOrder() throws {
        let db = try SQLTestDatabase()
        for name in ["a", "b", "c", "d", "e"] {
            try db.tag("CREATE TABLE \(name) (id int PRIMARY KEY, x int)")
            try db.tag("INSERT INTO \(name) SELECT g, g * 2 FROM generate_series(1, 50) g")
        }
        let query = "SELECT count(*) FROM a, c, e, b, d WHERE a.id = b.id AND b.id = c.id AND c.id = d.id AND d.id = e.id"
        #expect(try db.rows(query) == [["50"]])
        let plan = try db.rows("EXPLAIN " + query).map { $0[0] }
        #expect(plan.filter { $0.contains("Hash Join") }.count == 4, "\(plan)")
        #expect(!plan.contains { $0.contains("Nested Loop") }, "\(plan)")
        // An index serves an equality on an indexed column (of a table big enough to need it).
        try db.tag("INSERT INTO a SELECT g, g * 2 FROM generate_series(51, 5000) g")
        try db.tag("CREATE INDEX a_x ON a (x)")
        let indexed = try db.rows("EXPLAIN SELECT id FROM a WHERE x = 10").map { $0[0] }
        #expect(indexed.contains { $0.contains("Index Scan using a_x on a") }, "\(indexed)")
    }

    @Test func aFailedCommitIsReportedNotSwallowed() throws {
        let disk = SimulatedDisk(seed: 7)
        var options = StoreOptions()
        options.fileSystem = disk
        options.backgroundWork = false
        let database = try Database.open(at: "/db", options: options)
        let session = database.connect(user: "postgres")
        try session.execute("CREATE TABLE t (id int PRIMARY KEY)")
        var faults = SimulatedDisk.Faults()
        faults.failSyncAfter = 0
        disk.setFaults(faults)
        // The implicit transaction's commit cannot make the row durable: the caller must hear it.
        #expect(throws: DatabaseError.self) { try session.execute("INSERT INTO t VALUES (1)") }
        session.close()
        try? database.close()
    }

    @Test func statementTimeoutCancelsALongStatement() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE t (id int PRIMARY KEY)")
        try db.tag("INSERT INTO t SELECT g FROM generate_series(1, 1000) g")
        try db.tag("SET statement_timeout = '200ms'")
        do {
            try db.session.execute("SELECT count(*) FROM t a, t b, t c")
            Issue.record("a billion-row join finished within 200 ms")
        } catch {
            #expect(error.state.code == "57014" && error.message == "canceling statement due to statement timeout", "\(error)")
        }
        // Short statements are unaffected, and RESET turns it off.
        #expect(try db.rows("SELECT count(*) FROM t") == [["1000"]])
        try db.tag("RESET statement_timeout")
        #expect(try db.rows("SHOW statement_timeout") == [["0"]])
    }

    @Test func rollbackEndsAFailedTransactionOverTheExtendedProtocol() throws {
        let db = try SQLTestDatabase()
        /// Parse, Bind, Execute and Sync of an unnamed statement, as libpq's PQexecParams sends them.
        func extended(_ sql: String) -> String {
            do throws(DatabaseError) {
                _ = try db.session.prepare(name: "", text: sql, parameterTypes: [])
                _ = try db.session.bind(portal: "", statement: "", parameters: [])
                let output = try db.session.execute(portal: "", maxRows: 0)
                _ = db.session.sync(errorReported: false)
                return output.commandTag ?? ""
            } catch {
                _ = db.session.sync(errorReported: true)
                return error.state.code
            }
        }
        #expect(extended("BEGIN") == "BEGIN")
        #expect(extended("SELECT * FROM nosuch") == "42P01")
        #expect(extended("SELECT 1") == "25P02")
        #expect(extended("ROLLBACK") == "ROLLBACK")
        #expect(extended("SELECT 1") == "SELECT 1")
        #expect(extended("BEGIN") == "BEGIN")
        #expect(extended("SELECT 1 / 0") == "22012")
        #expect(extended("COMMIT") == "ROLLBACK")
    }

    @Test func cachedPlansFollowDDLFromOtherSessions() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE t (id int PRIMARY KEY, v text)")
        try db.tag("INSERT INTO t VALUES (1, 'a'), (2, 'b')")
        let other = db.database.connect(user: "postgres")
        defer { other.close() }
        _ = try db.session.prepare(name: "q", text: "SELECT v FROM t WHERE id >= $1 ORDER BY id", parameterTypes: [nil])
        func run() throws -> [String] {
            _ = try db.session.bind(portal: "", statement: "q", parameters: [.int32(1)])
            let output = try db.session.execute(portal: "", maxRows: 0)
            db.session.sync(errorReported: false)
            return output.rows.map { $0[0].isNull ? "NULL" : "\($0[0])" }
        }
        #expect(try run().count == 2)
        #expect(try run().count == 2)  // from the cached plan
        // TRUNCATE gives t new storage; the cached plan must not read the old tree.
        try other.execute("TRUNCATE t")
        try other.execute("INSERT INTO t VALUES (5, 'e')")
        #expect(try run().count == 1)
        // A new table of the same name with other columns: bound again.
        try other.execute("DROP TABLE t")
        try other.execute("CREATE TABLE t (v text, id int)")
        try other.execute("INSERT INTO t VALUES ('x', 7), ('y', 8)")
        #expect(try run().count == 2)
        // DDL inside the session's own transaction is seen at once.
        try db.session.execute("BEGIN")
        try db.session.execute("DELETE FROM t WHERE id = 7")
        try db.session.execute("ALTER TABLE t ADD COLUMN w int DEFAULT 1")
        #expect(try run().count == 1)
        try db.session.execute("ROLLBACK")
        #expect(try run().count == 2)
    }

    @Test func castsAreNamedAsPostgreSQLNamesThem() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE t (a int)")
        let result = try db.session.query(
            "SELECT (DATE '1999-12-31')::timestamp, a::text, 1::int8, (CASE WHEN a > 0 THEN 1 END)::text, 'x'::varchar(3) FROM t")
        #expect(result.columns?.map(\.name) == ["timestamp", "a", "int8", "text", "varchar"])
    }

    @Test func catalogSurvivesRestart() throws {
        let directory: String
        do {
            let db = try SQLTestDatabase()
            directory = db.directory
            try db.tag("CREATE TABLE t (id serial PRIMARY KEY, v text UNIQUE)")
            try db.tag("INSERT INTO t (v) VALUES ('a'), ('b')")
            db.session.close()
            try db.database.close()
            let reopened = try Database.open(at: directory)
            let session = reopened.connect(user: "postgres")
            let result = try session.query("SELECT id, v FROM t ORDER BY id")
            #expect(result.textRows == [["1", "a"], ["2", "b"]])
            #expect(throws: DatabaseError.self) { try session.query("INSERT INTO t (v) VALUES ('a')") }
            // The failed insert used 3, as in PostgreSQL: sequence values are never given back.
            let next = try session.query("INSERT INTO t (v) VALUES ('c') RETURNING id")
            #expect(next.textRows == [["4"]])
            session.close()
            try reopened.close()
        }
    }
}
