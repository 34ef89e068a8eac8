// log_min_duration_statement as a setting: read, checked and shown as PostgreSQL 15 does (the
// expected texts are PostgreSQL's), superuser-only, with the server's value as RESET's target;
// and pg_sleep, which slow-statement tests use, ended early by statement_timeout.

import Foundation
import HeliosCore
import HeliosEngine
import Testing

@Suite struct LogMinDurationStatementTests {
    @Test func valuesAreReadAndShownAsPostgresDoes() throws {
        let db = try SQLTestDatabase()
        #expect(try db.rows("SHOW log_min_duration_statement") == [["-1"]])
        #expect(db.session.logMinDurationStatement == -1)
        for (value, shown, milliseconds) in [("200", "200ms", 200), ("'1s'", "1s", 1_000), ("60000", "1min", 60_000),
                                             ("0.5", "0", 0), ("2.6", "3ms", 3), ("'1.5 s'", "1500ms", 1_500),
                                             ("'2h'", "2h", 7_200_000), ("-1", "-1", -1)] {
            try db.tag("SET log_min_duration_statement = \(value)")
            #expect(try db.rows("SHOW log_min_duration_statement") == [[shown]], "\(value)")
            #expect(db.session.logMinDurationStatement == milliseconds, "\(value)")
        }
        let errors: [(String, String, String?)] = [
            ("-2", "-2 ms is outside the valid range for parameter \"log_min_duration_statement\" (-1 .. 2147483647)", nil),
            ("'abc'", "invalid value for parameter \"log_min_duration_statement\": \"abc\"", nil),
            ("2147483648", "invalid value for parameter \"log_min_duration_statement\": \"2147483648\"", "Value exceeds integer range."),
            ("'5 sec'", "invalid value for parameter \"log_min_duration_statement\": \"5 sec\"",
             "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\"."),
        ]
        for (value, message, hint) in errors {
            do {
                try db.session.execute("SET log_min_duration_statement = \(value)")
                Issue.record("SET to \(value) succeeded")
            } catch {
                #expect(error.state.code == "22023" && error.message == message && error.hint == hint, "\(error)")
            }
        }
        #expect(try db.rows("SELECT context FROM pg_settings WHERE name = 'log_min_duration_statement'") == [["superuser"]])
    }

    @Test func resetReturnsToTheServersValue() throws {
        let db = try SQLTestDatabase()
        try db.session.applyServerSetting("log_min_duration_statement", "250")
        #expect(try db.rows("SHOW log_min_duration_statement") == [["250ms"]])
        try db.tag("SET log_min_duration_statement = 0")
        #expect(db.session.logMinDurationStatement == 0)
        try db.tag("RESET log_min_duration_statement")
        #expect(try db.rows("SHOW log_min_duration_statement") == [["250ms"]])
        #expect(db.session.logMinDurationStatement == 250)
    }

    @Test func onlySuperusersMaySetIt() throws {
        let db = try SQLTestDatabase()
        try db.database.ensureSuperuser(named: "postgres", storedPassword: nil)
        try db.tag("CREATE ROLE app LOGIN")
        let app = db.database.connect(user: "app")
        defer { app.close() }
        for statement in ["SET log_min_duration_statement = 0", "RESET log_min_duration_statement",
                          "SELECT set_config('log_min_duration_statement', '5', false)"] {
            do {
                try app.execute(statement)
                Issue.record("\(statement) succeeded for a plain role")
            } catch {
                #expect(error.state.code == "42501" && error.message == "permission denied to set parameter \"log_min_duration_statement\"",
                        "\(error)")
            }
        }
        #expect(throws: DatabaseError.self) { try app.applyStartupSetting("log_min_duration_statement", "0") }
        // Other settings stay open to it, and the superuser may set this one.
        try db.tag("SET application_name = 'x'", in: app)
        try db.tag("SET log_min_duration_statement = 10")
        #expect(try db.rows("SHOW log_min_duration_statement") == [["10ms"]])
    }

    @Test func pgSleepReturnsVoidAndYieldsToStatementTimeout() throws {
        let db = try SQLTestDatabase()
        #expect(try db.rows("SELECT pg_sleep(0.01), pg_sleep(-1), pg_sleep(NULL)") == [["", "", "NULL"]])
        try db.tag("SET statement_timeout = '100ms'")
        let start = ContinuousClock.now
        do {
            try db.session.execute("SELECT pg_sleep(30)")
            Issue.record("pg_sleep(30) outlived a 100 ms statement_timeout")
        } catch {
            #expect(error.state.code == "57014" && error.message == "canceling statement due to statement timeout", "\(error)")
        }
        // Not a timing assertion: only that the 30 seconds were not slept.
        #expect(ContinuousClock.now - start < .seconds(25))
    }
}
