// A fixed sample of the sqllogictest conformance corpus (../shared/conformance) against
// `heliosdb serve`, compared record by record with PostgreSQL 15's recorded results: no record
// may fail here that passes on PostgreSQL. The whole corpus is run by hand (see the README).

import Foundation
import HeliosTesting
import Testing

@Suite struct ConformanceSampleTests {
    /// ../shared/conformance from the repository root.
    static let conformance: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/conformance").path
    }()

    static let sample = [
        "slt/test/evidence", "slt/test/select1.test", "slt/test/random/aggregates/slt_good_12.test",
        "slt/test/random/expr/slt_good_4.test", "slt/test/index/commute/10/slt_good_23.test",
        "slt/test/index/delete/10/slt_good_3.test", "slt/test/index/between/1000/slt_good_0.test",
    ]

    @Test(.enabled(if: ChildProcess.pythonHas("psycopg") && FileManager.default.fileExists(atPath: conformance + "/slt_runner.py"),
                   "needs python3 with psycopg and ../shared/conformance"))
    func sampleFailsOnlyWherePostgresFails() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.removeData() }
        let report = server.directory + ".json"
        let result = try await ChildProcess.run(
            ChildProcess.find("python3")!,
            [Self.conformance + "/slt_runner.py", "--host", "127.0.0.1", "--port", "\(server.port)", "--user", "postgres",
             "--json", report, "--baseline", Self.conformance + "/pg15-baseline.json"]
                + Self.sample.map { Self.conformance + "/" + $0 },
            timeout: .seconds(900))
        let summary = result.standardOutput.split(separator: "\n").filter { $0.contains("versus baseline") || $0.hasPrefix("conformance:") }
        #expect(summary.contains { $0.contains(": 0 records fail here only") }, "\(result.standardOutput.suffix(4000))\n\(result.standardError)")
        try? FileManager.default.removeItem(atPath: report)
        await server.stop()
    }
}
