// The server's log through a real server: log_min_duration_statement from the command line
// logs a slow simple query (psql) and a slow Execute (pgbench -M prepared) in PostgreSQL's
// words and leaves a fast one out; a superuser's SET changes it for the session, anyone else's
// is refused with 42501; errors are logged with their SQLSTATE and statement; connections are
// logged when they come, log in and go. Slowness comes from pg_sleep, which the threshold is
// far from on both sides, so a busy machine cannot flip the outcome.

import Foundation
import HeliosTesting
import Testing

@Suite(.serialized) struct StatementLogTests {
    /// The threshold: a fast statement stays well under it, pg_sleep(0.6) over it.
    static let thresholdMilliseconds = 400

    @Test func slowStatementsAreLoggedAndFastOnesAreNot() async throws {
        let server = try ServerProcess()
        try await server.start(extraArguments: ["--log-min-duration-statement", "\(Self.thresholdMilliseconds)"])
        defer { server.removeData() }

        let shown = try await server.query("SHOW log_min_duration_statement")
        #expect(shown == ["400ms"])
        #expect(try await server.query("SELECT pg_sleep(0.6) IS NOT NULL AS slow_marker") == ["t"])
        #expect(try await server.query("SELECT 41 + 1 AS fast_marker") == ["42"])

        let log = server.log
        let slow = try #require(Self.line(in: log, containing: "statement: SELECT pg_sleep(0.6) IS NOT NULL AS slow_marker"),
                                "\(log)")
        let milliseconds = try #require(Self.duration(in: slow), "\(slow)")
        #expect(milliseconds >= 600, "\(slow)")
        #expect(!log.contains("fast_marker"), "\(log)")

        // The extended protocol: pgbench -M prepared parses P_0 and executes it.
        let script = server.directory + "-slow.sql"
        try "SELECT pg_sleep(0.6) AS prepared_marker;\n".write(toFile: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: script) }
        let run = try await server.pgbench(["-n", "-M", "prepared", "-t", "1", "-f", script])
        #expect(run.exitCode == 0, "\(run.standardError)")
        let execute = try #require(Self.line(in: server.log, containing: "execute P_0: SELECT pg_sleep(0.6) AS prepared_marker"),
                                   "\(server.log)")
        #expect(try #require(Self.duration(in: execute)) >= 600, "\(execute)")
        // Parse and bind were quick: below the threshold, not logged.
        #expect(!server.log.contains("parse P_0"), "\(server.log)")
    }

    @Test func superusersSetTheThresholdPerSessionOthersMayNot() async throws {
        let server = try ServerProcess()
        try await server.start(extraArguments: ["--log-min-duration-statement=-1"])
        defer { server.removeData() }

        // 0 logs every statement of this session; RESET returns to the server's value.
        let session = try await server.psql(["-qAt"], input: """
            SET log_min_duration_statement = 0;
            SELECT 'logged_marker';
            RESET log_min_duration_statement;
            SHOW log_min_duration_statement;
            SELECT 'unlogged_marker';
            SET log_min_duration_statement = '1.5s';
            SHOW log_min_duration_statement;
            """)
        #expect(session.exitCode == 0, "\(session.standardError)")
        #expect(session.standardOutput == "logged_marker\n-1\nunlogged_marker\n1500ms\n")
        #expect(Self.line(in: server.log, containing: "statement: SELECT 'logged_marker'") != nil, "\(server.log)")
        #expect(!server.log.contains("unlogged_marker"), "\(server.log)")

        let invalid = try await server.psql(["-c", "SET log_min_duration_statement = -2"])
        #expect(invalid.standardError.contains(
            "-2 ms is outside the valid range for parameter \"log_min_duration_statement\" (-1 .. 2147483647)"),
                "\(invalid.standardError)")

        let created = try await server.psql(["-qc", "CREATE ROLE app LOGIN"])
        #expect(created.exitCode == 0, "\(created.standardError)")
        let psql = try #require(ChildProcess.find("psql"))
        let refused = try await ChildProcess.run(psql, [
            "-X", "-h", "127.0.0.1", "-p", "\(server.port)", "-U", "app", "-d", "postgres", "-v", "VERBOSITY=verbose",
            "-c", "SET log_min_duration_statement = 0",
        ], timeout: .seconds(60))
        #expect(refused.exitCode != 0)
        #expect(refused.standardError.contains("ERROR:  42501: permission denied to set parameter \"log_min_duration_statement\""),
                "\(refused.standardError)")
    }

    @Test func errorsAndConnectionsAreLogged() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.removeData() }
        let failed = try await server.psql(["-c", "SELECT 1 / 0 AS error_marker"])
        #expect(failed.exitCode != 0)
        await server.stop()  // the disconnection is logged before the server has stopped

        let log = server.log
        let error = try #require(Self.line(in: log, containing: "division by zero"), "\(log)")
        #expect(error.contains("sqlstate=22012") && error.contains("statement=SELECT 1 / 0 AS error_marker"), "\(error)")
        #expect(log.contains("connection received: host=127.0.0.1 port="), "\(log)")
        #expect(log.contains("connection authorized: user=postgres database=postgres"), "\(log)")
        #expect(log.contains("disconnection: session time: 0:00:"), "\(log)")
    }

    static func line(in log: String, containing text: String) -> String? {
        log.split(separator: "\n").first { $0.contains(text) }.map(String.init)
    }

    /// The milliseconds of a "duration: 612.345 ms  ..." line.
    static func duration(in line: String) -> Double? {
        guard let range = line.range(of: "duration: ") else { return nil }
        return Double(line[range.upperBound...].prefix { $0.isNumber || $0 == "." })
    }
}
