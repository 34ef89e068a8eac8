// CREATE/ALTER/DROP ROLE against the catalog: attributes and secrets as pg_authid shows them,
// PostgreSQL 15's defaults, notices and SQLSTATEs (checked against a real server), transactional
// DDL, and roles surviving a restart. These databases have no password encryptor, so passwords
// are given as md5 hashes; hashing is tested through the server (HeliosServerTests).

import Foundation
import HeliosCore
import HeliosEngine
import Testing

@Suite struct RoleTests {
    static let md5Hash = "md5" + String(repeating: "ab", count: 16)

    @Test func createRoleStoresAttributesAndSecret() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE ROLE app_owner WITH LOGIN CREATEDB PASSWORD '\(Self.md5Hash)' VALID UNTIL '2030-01-01 00:00:00+00'")
        #expect(try db.tag("CREATE USER reader") == "CREATE USER")
        try db.tag("CREATE GROUP staff")
        #expect(try db.rows("""
            SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolconnlimit, rolpassword, rolvaliduntil
            FROM pg_authid WHERE oid >= 16384 ORDER BY oid
            """) == [
                ["app_owner", "f", "t", "f", "t", "t", "-1", Self.md5Hash, "2030-01-01 00:00:00+00"],
                ["reader", "f", "t", "f", "f", "t", "-1", "NULL", "NULL"],
                ["staff", "f", "t", "f", "f", "f", "-1", "NULL", "NULL"],
            ])
        // The views hide the secret; pg_user and pg_shadow list only roles that may log in.
        #expect(try db.rows("SELECT rolpassword FROM pg_roles WHERE rolname = 'app_owner'") == [["********"]])
        #expect(try db.rows("SELECT usename, passwd FROM pg_user WHERE usesysid >= 16384 ORDER BY 1") == [["app_owner", "********"], ["reader", "********"]])
        #expect(try db.rows("SELECT usename, passwd FROM pg_shadow WHERE usename = 'app_owner'") == [["app_owner", Self.md5Hash]])
        #expect(try db.rows("SELECT 'app_owner'::regrole::oid = (SELECT oid FROM pg_roles WHERE rolname = 'app_owner')") == [["t"]])
    }

    @Test func roleErrorsMatchPostgres() throws {
        let db = try SQLTestDatabase()
        try db.database.ensureSuperuser(named: "postgres", storedPassword: nil)
        try db.tag("CREATE ROLE r0")
        try db.tag("CREATE ROLE r1")
        #expect(db.state("CREATE ROLE r1") == "42710")
        #expect(db.state("CREATE ROLE pg_mine") == "42939")
        #expect(db.state("CREATE ROLE r2 CREATEDB NOCREATEDB") == "42601")
        #expect(db.state("ALTER ROLE nosuch LOGIN") == "42704")
        #expect(db.state("ALTER ROLE r1 RENAME TO r0") == "42710")
        #expect(db.state("DROP ROLE nosuch") == "42704")
        #expect(db.state("DROP ROLE postgres") == "55006")
        // A password in clear needs the server's hashing; this database has none.
        #expect(db.state("CREATE ROLE r3 PASSWORD 'secret'") == "0A000")
        #expect(db.state("CREATE ROLE r4 IN ROLE r1") == "0A000")
        let dropped = try db.session.execute("DROP ROLE IF EXISTS nosuch, r1")
        #expect(dropped.last?.notices == ["role \"nosuch\" does not exist, skipping"])
        #expect(try db.rows("SELECT count(*) FROM pg_roles WHERE rolname = 'r1'") == [["0"]])
    }

    @Test func alterRoleChangesOptionsAndRenameClearsMD5() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE ROLE r1 PASSWORD '\(Self.md5Hash)'")
        try db.tag("ALTER ROLE r1 LOGIN SUPERUSER CONNECTION LIMIT 5 VALID UNTIL 'infinity'")
        #expect(try db.rows("SELECT rolcanlogin, rolsuper, rolconnlimit, rolvaliduntil FROM pg_roles WHERE rolname = 'r1'")
                == [["t", "t", "5", "infinity"]])
        let renamed = try db.session.execute("ALTER ROLE r1 RENAME TO r2")
        #expect(renamed.last?.notices == ["MD5 password cleared because of role rename"])
        #expect(try db.rows("SELECT rolname, rolpassword FROM pg_authid WHERE rolname LIKE 'r%'") == [["r2", "NULL"]])
        try db.tag("ALTER USER r2 WITH PASSWORD NULL NOLOGIN")
        #expect(try db.rows("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'r2'") == [["f"]])
    }

    @Test func roleDDLIsTransactional() throws {
        let db = try SQLTestDatabase()
        try db.tag("BEGIN")
        try db.tag("CREATE ROLE fleeting")
        #expect(try db.rows("SELECT count(*) FROM pg_roles WHERE rolname = 'fleeting'") == [["1"]])
        let other = db.database.connect(user: "postgres")
        defer { other.close() }
        #expect(try db.rows("SELECT count(*) FROM pg_roles WHERE rolname = 'fleeting'", in: other) == [["0"]])
        try db.tag("ROLLBACK")
        #expect(try db.rows("SELECT count(*) FROM pg_roles WHERE rolname = 'fleeting'") == [["0"]])
        #expect(try db.database.role(named: "fleeting") == nil)
    }

    @Test func onlySuperusersAndCreateRoleManageRoles() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE ROLE plain LOGIN")
        try db.tag("CREATE ROLE manager LOGIN CREATEROLE")
        let plain = db.database.connect(user: "plain")
        defer { plain.close() }
        #expect(db.state("CREATE ROLE x", in: plain) == "42501")
        #expect(db.state("ALTER ROLE manager NOLOGIN", in: plain) == "42501")
        #expect(db.state("ALTER ROLE plain PASSWORD '\(Self.md5Hash)'", in: plain) == nil)
        let manager = db.database.connect(user: "manager")
        defer { manager.close() }
        #expect(db.state("CREATE ROLE y", in: manager) == nil)
        #expect(db.state("CREATE ROLE z SUPERUSER", in: manager) == "42501")
        #expect(db.state("CREATE ROLE w NOSUPERUSER NOREPLICATION NOBYPASSRLS", in: manager) == nil)
        #expect(try db.rows("SELECT current_user, session_user", in: manager) == [["manager", "manager"]])
    }

    @Test func bootstrapSuperuserAndRolesSurviveRestart() throws {
        let directory = "/tmp/helios-roles-restart-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let database = try Database.open(at: directory)
            try database.ensureSuperuser(named: "admin", storedPassword: Self.md5Hash)
            let session = database.connect(user: "admin")
            try session.execute("CREATE ROLE keeper LOGIN")
            session.close()
            try database.close()
        }
        let reopened = try Database.open(at: directory)
        defer { try? reopened.close() }
        let admin = try #require(try reopened.role(named: "admin"))
        #expect(admin.oid == .bootstrapSuperuser && admin.isSuperuser && admin.canLogIn && admin.password == Self.md5Hash)
        #expect(try reopened.role(named: "keeper")?.canLogIn == true)
        let session = reopened.connect(user: "admin")
        defer { session.close() }
        #expect(try session.query("SELECT rolname FROM pg_roles ORDER BY oid").textRows == [["admin"], ["keeper"]])
    }
}
