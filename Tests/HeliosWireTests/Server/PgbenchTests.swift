// pgbench (libpq, one script run in a loop by several clients) in its three query modes:
// simple, extended (unnamed statements) and prepared (named statements, Parse once). Every
// transaction must succeed. Skipped when pgbench is not installed.

import Foundation
import HeliosCore
import HeliosWire
import Testing

let pgbenchPath = ChildProcess.find("pgbench")

@Suite(.enabled(if: pgbenchPath != nil, "pgbench is not installed (apt-get install postgresql-client-15)"),
       .timeLimit(.minutes(1)))
struct PgbenchTests {
    @Test(arguments: ["simple", "extended", "prepared"])
    func pgbenchRunsEveryQueryMode(mode: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("helios-pgbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("select.sql")
        try "BEGIN;\nSELECT 1;\nSELECT $1;\nEND;\n".replacingOccurrences(of: "$1", with: "'x'")
            .write(to: script, atomically: true, encoding: .utf8)
        try await withTestServer { _, port in
            let result = try await ChildProcess.run(pgbenchPath!, [
                "-n", "-h", "127.0.0.1", "-p", String(port), "-U", "alice", "-M", mode, "-c", "4", "-j", "2",
                "-t", "200", "-f", script.path, "shop",
            ])
            #expect(result.exitCode == 0, "\(result.standardError)")
            #expect(result.standardOutput.contains("number of transactions actually processed: 800/800"),
                    "\(result.standardOutput)")
            #expect(result.standardOutput.contains("number of failed transactions: 0"), "\(result.standardOutput)")
        }
    }
}
