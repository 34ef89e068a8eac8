// Roles through real clients: CREATE ROLE with a password, then logging in as that role with
// SCRAM and md5 (psql, psycopg, and asyncpg, which reports the SQLSTATE of a failed login), wrong
// passwords, NOLOGIN, unknown and expired roles refused as PostgreSQL 15 refuses them, a role's
// CONNECTION LIMIT (53300), psql's \du
// (its output compared with PostgreSQL 15's), and roles surviving a restart.

import Foundation
import HeliosTesting
import Testing

@Suite(.serialized) struct RoleLoginTests {
    static let bootPassword = "boot-secret"

    /// psql as `user` with `password`, one command, tuples only.
    static func psql(_ server: ServerProcess, user: String, password: String, _ command: String) async throws -> ProcessResult {
        let psql = try #require(ChildProcess.find("psql"))
        return try await ChildProcess.run(psql, ["-X", "-h", "127.0.0.1", "-p", "\(server.port)", "-U", user, "-d", "postgres",
                                                 "-v", "ON_ERROR_STOP=1", "-qAtc", command],
                                          environment: ["PGPASSWORD": password], timeout: .seconds(60))
    }

    @Test func scramLoginsCheckTheCatalog() async throws {
        let server = try ServerProcess()
        try await server.start(environment: ["HELIOSDB_PASSWORD": Self.bootPassword])
        defer { server.removeData() }
        let setup = try await Self.psql(server, user: "postgres", password: Self.bootPassword, """
            CREATE ROLE alice LOGIN PASSWORD 'wonder';
            CREATE ROLE bob NOLOGIN CREATEDB PASSWORD 'builder';
            CREATE ROLE carol LOGIN PASSWORD 'c' VALID UNTIL '2001-02-03 04:05:06+00' CONNECTION LIMIT 3;
            SELECT rolname, left(rolpassword, 19) FROM pg_authid WHERE rolname = 'alice'
            """)
        #expect(setup.exitCode == 0, "\(setup.standardError)")
        #expect(setup.standardOutput == "alice|SCRAM-SHA-256$4096:\n")

        let alice = try await Self.psql(server, user: "alice", password: "wonder", "SELECT current_user, session_user")
        #expect(alice.exitCode == 0, "\(alice.standardError)")
        #expect(alice.standardOutput == "alice|alice\n")
        for (user, password) in [("alice", "wrong"), ("nobody", "x"), ("carol", "c")] {
            let refused = try await Self.psql(server, user: user, password: password, "SELECT 1")
            #expect(refused.exitCode != 0)
            #expect(refused.standardError.contains("FATAL:  password authentication failed for user \"\(user)\""),
                    "\(user): \(refused.standardError)")
        }
        let bob = try await Self.psql(server, user: "bob", password: "builder", "SELECT 1")
        #expect(bob.standardError.contains("FATAL:  role \"bob\" is not permitted to log in"), "\(bob.standardError)")

        let listed = try await server.psql(["-c", "\\du"], environment: ["PGPASSWORD": Self.bootPassword])
        #expect(listed.standardOutput == """
                                               List of roles
             Role name |                         Attributes                         | Member of 
            -----------+------------------------------------------------------------+-----------
             alice     |                                                            | {}
             bob       | Create DB, Cannot login                                    | {}
             carol     | 3 connections                                             +| {}
                       | Password valid until 2001-02-03 04:05:06+00                | 
             postgres  | Superuser, Create role, Create DB, Replication, Bypass RLS | {}


            """, "\(listed.standardError)")

        // Roles are in the catalog: they survive a restart, and so does alice's password.
        await server.stop()
        try await server.start(environment: ["HELIOSDB_PASSWORD": Self.bootPassword])
        let again = try await Self.psql(server, user: "alice", password: "wonder", "SELECT current_user")
        #expect(again.standardOutput == "alice\n", "\(again.standardError)")
        let dropped = try await Self.psql(server, user: "postgres", password: Self.bootPassword, "DROP ROLE alice")
        #expect(dropped.exitCode == 0, "\(dropped.standardError)")
        let gone = try await Self.psql(server, user: "alice", password: "wonder", "SELECT 1")
        #expect(gone.standardError.contains("password authentication failed for user \"alice\""), "\(gone.standardError)")
        await server.stop()
    }

    @Test func md5LoginsUseMD5HashesAndSCRAMVerifiers() async throws {
        let server = try ServerProcess()
        try await server.start(environment: ["HELIOSDB_PASSWORD": Self.bootPassword], extraArguments: ["--auth", "md5"])
        defer { server.removeData() }
        // A role hashed as md5 answers the md5 challenge; one with a SCRAM verifier is asked for
        // SCRAM instead (PostgreSQL's rule), which psql follows.
        let setup = try await Self.psql(server, user: "postgres", password: Self.bootPassword, """
            SET password_encryption = 'md5';
            CREATE ROLE m LOGIN PASSWORD 'md5pw';
            RESET password_encryption;
            CREATE ROLE s LOGIN PASSWORD 'scrampw';
            CREATE ROLE h LOGIN PASSWORD 'md5f32d9e2e8c0aa7d3ca5e1ec4a4c7b3b6';
            SELECT rolname, left(rolpassword, 3) FROM pg_authid WHERE rolname IN ('m', 's', 'h') ORDER BY 1
            """)
        #expect(setup.exitCode == 0, "\(setup.standardError)")
        #expect(setup.standardOutput == "h|md5\nm|md5\ns|SCR\n")
        for (user, password) in [("m", "md5pw"), ("s", "scrampw"), ("postgres", Self.bootPassword)] {
            let login = try await Self.psql(server, user: user, password: password, "SELECT current_user")
            #expect(login.standardOutput == "\(user)\n", "\(user): \(login.standardError)")
        }
        let wrong = try await Self.psql(server, user: "m", password: "nope", "SELECT 1")
        #expect(wrong.standardError.contains("password authentication failed for user \"m\""), "\(wrong.standardError)")
        await server.stop()
    }

    static let asyncpgScript = #"""
        import sys, asyncio, asyncpg
        async def attempt(port, user, password):
            try:
                conn = await asyncpg.connect(host="127.0.0.1", port=port, user=user, password=password, database="postgres")
            except asyncpg.PostgresError as error:
                return f"{user} {error.sqlstate}"
            row = await conn.fetchrow("SELECT current_user, session_user")
            await conn.close()
            return f"{user} ok {row[0]} {row[1]}"
        async def main():
            port = int(sys.argv[1])
            admin = await asyncpg.connect(host="127.0.0.1", port=port, user="postgres", password=sys.argv[2], database="postgres")
            await admin.execute("CREATE USER dave PASSWORD 'pw'")
            await admin.execute("CREATE ROLE erin PASSWORD 'pw'")
            try:
                await admin.execute("CREATE ROLE dave")
            except asyncpg.PostgresError as error:
                print("duplicate", error.sqlstate)
            try:
                await admin.execute("DROP ROLE nobody")
            except asyncpg.PostgresError as error:
                print("missing", error.sqlstate)
            for user, password in [("dave", "pw"), ("dave", "bad"), ("erin", "pw"), ("nobody", "pw")]:
                print(await attempt(port, user, password))
            # CONNECTION LIMIT counts the role's sessions; superusers are exempt.
            await admin.execute("CREATE ROLE gina LOGIN PASSWORD 'pw' CONNECTION LIMIT 1")
            first = await asyncpg.connect(host="127.0.0.1", port=port, user="gina", password="pw", database="postgres")
            print(await attempt(port, "gina", "pw"))
            await first.close()
            await admin.execute("ALTER ROLE postgres CONNECTION LIMIT 0")
            print(await attempt(port, "postgres", sys.argv[2]))
            await admin.close()
        asyncio.run(main())
        """#

    @Test(.enabled(if: ChildProcess.pythonHas("asyncpg"), "asyncpg is not installed (scripts/test.sh installs it)"))
    func asyncpgSeesPostgresSQLStatesForLogins() async throws {
        let server = try ServerProcess()
        try await server.start(environment: ["HELIOSDB_PASSWORD": Self.bootPassword])
        defer { server.removeData() }
        let result = try await ChildProcess.run(ChildProcess.find("python3")!, ["-c", Self.asyncpgScript, "\(server.port)", Self.bootPassword],
                                                timeout: .seconds(120))
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").map(String.init) == [
            "duplicate 42710",
            "missing 42704",
            "dave ok dave dave",
            "dave 28P01",
            "erin 28000",
            "nobody 28P01",
            "gina 53300",
            "postgres ok postgres postgres",
        ])
        await server.stop()
    }

    static let psycopgScript = #"""
        import sys, psycopg
        port, boot = sys.argv[1], sys.argv[2]
        base = f"host=127.0.0.1 port={port}"
        with psycopg.connect(f"{base} dbname=postgres user=postgres password={boot}", autocommit=True) as admin:
            admin.execute("CREATE ROLE frank LOGIN PASSWORD 'fr4nk'")
            admin.execute("CREATE DATABASE frankdb OWNER frank")
            try:
                admin.execute("CREATE ROLE frank")
            except psycopg.errors.DuplicateObject as error:
                print("duplicate", error.sqlstate)
            try:
                admin.execute("ALTER ROLE nobody LOGIN")
            except psycopg.errors.UndefinedObject as error:
                print("missing", error.sqlstate)
        with psycopg.connect(f"{base} dbname=postgres user=frank password=fr4nk") as conn:
            print("as", conn.execute("SELECT current_user, session_user").fetchone())
            try:
                conn.execute("CREATE ROLE x")
            except psycopg.errors.InsufficientPrivilege as error:
                print("not allowed", error.sqlstate)
        try:
            psycopg.connect(f"{base} dbname=postgres user=frank password=wrong")
            print("wrong password accepted")
        except psycopg.OperationalError as error:
            print("wrong password refused", 'password authentication failed for user "frank"' in str(error))
        with psycopg.connect(f"{base} dbname=frankdb user=frank password=fr4nk") as conn:
            print("database", conn.execute("SELECT current_database(), pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()").fetchone())
        """#

    @Test(.enabled(if: ChildProcess.pythonHas("psycopg"), "psycopg is not installed (scripts/test.sh installs it)"))
    func psycopgLogsInAsACreatedRole() async throws {
        let server = try ServerProcess()
        try await server.start(environment: ["HELIOSDB_PASSWORD": Self.bootPassword])
        defer { server.removeData() }
        let result = try await ChildProcess.run(ChildProcess.find("python3")!, ["-c", Self.psycopgScript, "\(server.port)", Self.bootPassword],
                                                timeout: .seconds(120))
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").map(String.init) == [
            "duplicate 42710",
            "missing 42704",
            "as ('frank', 'frank')",
            "not allowed 42501",
            "wrong password refused True",
            "database ('frankdb', 'frank')",
        ])
        await server.stop()
    }
}
