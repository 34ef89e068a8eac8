// CREATE, ALTER and DROP DATABASE: each database has its own schemas and tables, roles are
// shared, and PostgreSQL 15's SQLSTATEs for the refusals (checked against a real server):
// 42P04 duplicate, 25001 inside a transaction block, 55006 current database or one in use,
// 0A000 renaming the current database, 3D000 unknown.

import Foundation
import HeliosCore
import HeliosEngine
import Testing

@Suite struct DatabaseTests {
    @Test func databasesHaveTheirOwnTables() throws {
        let db = try SQLTestDatabase()
        #expect(try db.tag("CREATE DATABASE sales") == "CREATE DATABASE")
        #expect(try db.rows("SELECT datname, pg_get_userbyid(datdba) FROM pg_database ORDER BY oid") == [["helios", "postgres"], ["sales", "postgres"]])
        let sales = try #require(try db.database.database(named: "sales"))
        let session = sales.connect(user: "postgres")
        defer { session.close() }
        try session.execute("CREATE TABLE t (id int PRIMARY KEY, v text)")
        try session.execute("INSERT INTO t VALUES (1, 'in sales')")
        #expect(db.state("SELECT * FROM t") == "42P01")
        try db.tag("CREATE TABLE t (id int PRIMARY KEY, w int)")
        try db.tag("INSERT INTO t VALUES (7, 70)")
        #expect(try db.rows("SELECT * FROM t", in: session) == [["1", "in sales"]])
        #expect(try db.rows("SELECT * FROM t") == [["7", "70"]])
        #expect(try db.rows("SELECT current_database()", in: session) == [["sales"]])
        #expect(try db.rows("SELECT count(*) FROM pg_class WHERE relname = 't'", in: session) == [["1"]])
        // Roles are shared by every database; one that owns a database cannot be dropped.
        try session.execute("CREATE ROLE from_sales")
        #expect(try db.rows("SELECT count(*) FROM pg_roles WHERE rolname = 'from_sales'") == [["1"]])
        try db.tag("CREATE DATABASE owned OWNER from_sales")
        #expect(try db.rows("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'owned'") == [["from_sales"]])
        #expect(db.state("DROP ROLE from_sales") == "2BP01")
        try db.tag("DROP DATABASE owned")
        #expect(try db.tag("DROP ROLE from_sales") == "DROP ROLE")
        #expect(try db.database.database(named: "nosuch") == nil)
    }

    @Test func refusalsMatchPostgres() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE DATABASE d1")
        #expect(db.state("CREATE DATABASE d1") == "42P04")
        #expect(db.state("CREATE DATABASE helios") == "42P04")
        try db.tag("BEGIN")
        #expect(db.state("CREATE DATABASE d2") == "25001")
        try db.tag("ROLLBACK")
        try db.tag("BEGIN")
        #expect(db.state("DROP DATABASE d1") == "25001")
        try db.tag("ROLLBACK")
        // Several statements in one message make an implicit block.
        #expect(db.state("CREATE DATABASE d3; SELECT 1") == "25001")
        #expect(db.state("DROP DATABASE nosuch") == "3D000")
        #expect(try db.session.execute("DROP DATABASE IF EXISTS nosuch").last?.notices == ["database \"nosuch\" does not exist, skipping"])
        #expect(db.state("DROP DATABASE helios") == "55006")

        let d1 = try #require(try db.database.database(named: "d1"))
        let inside = d1.connect(user: "postgres")
        #expect(db.state("DROP DATABASE d1", in: inside) == "55006")
        do {
            try db.session.execute("DROP DATABASE d1")
            Issue.record("dropped a database in use")
        } catch {
            #expect(error.state.code == "55006")
            #expect(error.message == "database \"d1\" is being accessed by other users")
            #expect(error.detail == "There is 1 other session using the database.")
        }
        inside.close()
        #expect(try db.tag("DROP DATABASE d1") == "DROP DATABASE")
        #expect(try db.database.database(named: "d1") == nil)
        #expect(try db.rows("SELECT datname FROM pg_database") == [["helios"]])
    }

    @Test func droppedDatabaseLeavesNoTrees() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE DATABASE scratch")
        let scratch = try #require(try db.database.database(named: "scratch"))
        let session = scratch.connect(user: "postgres")
        try session.execute("CREATE TABLE big (id int PRIMARY KEY, v text)")
        try session.execute("CREATE INDEX big_v ON big (v)")
        try session.execute("INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, 500) g")
        session.close()
        let oid = try db.rows("SELECT oid FROM pg_database WHERE datname = 'scratch'")[0][0]
        func scratchTrees() throws -> Int {
            try db.database.store.beginRead(latestCommitted: true).trees().filter { $0.name.hasPrefix("helios.db\(oid)/") }.count
        }
        #expect(try scratchTrees() == 4)  // the catalog's objects and names, the table and its index
        try db.tag("DROP DATABASE scratch")
        #expect(try scratchTrees() == 0)
        // A new database of the same name starts empty.
        try db.tag("CREATE DATABASE scratch")
        let again = try #require(try db.database.database(named: "scratch")).connect(user: "postgres")
        defer { again.close() }
        #expect((try? again.execute("SELECT * FROM big")) == nil)
    }

    @Test func databasesSurviveRestart() throws {
        let directory = "/tmp/helios-databases-restart-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let database = try Database.open(at: directory, name: "postgres")
            let session = database.connect(user: "postgres")
            try session.execute("CREATE DATABASE kept")
            session.close()
            let kept = try #require(try database.database(named: "kept")).connect(user: "postgres")
            try kept.execute("CREATE TABLE k (id serial PRIMARY KEY, v text)")
            try kept.execute("INSERT INTO k (v) VALUES ('a'), ('b')")
            kept.close()
            try database.close()
        }
        let reopened = try Database.open(at: directory, name: "postgres")
        defer { try? reopened.close() }
        let kept = try #require(try reopened.database(named: "kept")).connect(user: "postgres")
        defer { kept.close() }
        try kept.execute("INSERT INTO k (v) VALUES ('c')")
        #expect(try kept.query("SELECT id, v FROM k ORDER BY id").textRows == [["1", "a"], ["2", "b"], ["3", "c"]])
    }

    @Test func alterDatabaseRenamesAndChangesOwner() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE DATABASE old_name")
        try db.tag("CREATE DATABASE other")
        try db.tag("CREATE ROLE keeper")
        let first = try #require(try db.database.database(named: "old_name")).connect(user: "postgres")
        try first.execute("CREATE TABLE kept (v int)")
        try first.execute("INSERT INTO kept VALUES (42)")
        #expect(db.state("ALTER DATABASE old_name RENAME TO new_name", in: first) == "0A000")
        #expect(db.state("ALTER DATABASE old_name RENAME TO new_name") == "55006")
        first.close()
        #expect(db.state("ALTER DATABASE old_name RENAME TO other") == "42P04")
        #expect(db.state("ALTER DATABASE nosuch RENAME TO x") == "3D000")
        #expect(db.state("ALTER DATABASE old_name SET search_path = x") == "0A000")
        #expect(try db.tag("ALTER DATABASE old_name RENAME TO new_name") == "ALTER DATABASE")
        try db.tag("ALTER DATABASE new_name OWNER TO keeper")
        #expect(db.state("ALTER DATABASE new_name OWNER TO nobody") == "42704")
        #expect(try db.rows("SELECT datname, pg_get_userbyid(datdba) FROM pg_database ORDER BY oid")
                == [["helios", "postgres"], ["new_name", "keeper"], ["other", "postgres"]])
        #expect(try db.database.database(named: "old_name") == nil)
        let renamed = try #require(try db.database.database(named: "new_name")).connect(user: "postgres")
        defer { renamed.close() }
        #expect(try renamed.query("SELECT current_database(), v FROM kept").textRows == [["new_name", "42"]])
    }
}
