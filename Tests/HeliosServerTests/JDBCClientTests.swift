// pgjdbc (Debian's libpostgresql-jdbc-java) against `heliosdb serve`: Tests/JDBC/JdbcProbe.java,
// compiled here with javac, makes a schema and prints what the driver reports — queries and
// their ResultSetMetaData, a PreparedStatement run past pgjdbc's prepareThreshold (so it is
// named on the server and its rows come binary), a transaction committed and one rolled back,
// SQLSTATEs of errors, and DatabaseMetaData's getTables, getColumns, getPrimaryKeys,
// getIndexInfo, getImportedKeys and getSchemas, whose catalog queries pgjdbc sends verbatim.
// The output must equal Tests/JDBC/expected-pg15.txt, the same program's output against
// PostgreSQL 15 (its first line says how to regenerate it). Skipped when no JDK or no pgjdbc is
// installed; scripts/test.sh installs both.

import Foundation
import HeliosTesting
import Testing

@Suite(.serialized) struct JDBCClientTests {
    static let driver = "/usr/share/java/postgresql.jar"
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("JDBC")
    static var available: Bool {
        ChildProcess.find("javac") != nil && ChildProcess.find("java") != nil && FileManager.default.fileExists(atPath: driver)
    }

    @Test(.enabled(if: available, "no JDK or pgjdbc (scripts/test.sh installs default-jdk-headless and libpostgresql-jdbc-java)"))
    func pgjdbcSeesWhatItSeesOnPostgres() async throws {
        let classes = FileManager.default.temporaryDirectory.appendingPathComponent("helios-jdbc-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: classes) }
        let compiled = try await ChildProcess.run(ChildProcess.find("javac")!, [
            "-d", classes, Self.sources.appendingPathComponent("JdbcProbe.java").path,
        ], timeout: .seconds(120))
        try #require(compiled.exitCode == 0, "\(compiled.standardError)")

        let server = try ServerProcess()
        try await server.start()
        defer { server.removeData() }
        // UTC: timestamps print in the JVM's zone, which pgjdbc also sends as TimeZone.
        let run = try await ChildProcess.run(ChildProcess.find("java")!, [
            "-Duser.timezone=UTC", "-cp", "\(Self.driver):\(classes)", "JdbcProbe", "jdbc:postgresql://127.0.0.1:\(server.port)/postgres",
        ], timeout: .seconds(120))
        #expect(run.exitCode == 0, "\(run.standardError)")

        let expected = try String(contentsOf: Self.sources.appendingPathComponent("expected-pg15.txt"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        let actual = run.standardOutput.split(separator: "\n").map(String.init)
        for (index, line) in expected.enumerated() {
            let got = index < actual.count ? actual[index] : "(nothing)"
            #expect(got == line, "line \(index + 1)")
        }
        #expect(actual.count == expected.count, "\(run.standardOutput)")
    }
}
