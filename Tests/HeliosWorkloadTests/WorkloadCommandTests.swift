// `heliosdb workload` through the real binary: the trace needs no server and is the same on
// every run of the same seed; bad arguments are usage errors; and a tiny comparison runs every
// configuration this server supports, reporting the rest (today: the autopilot) as unavailable.

import Foundation
import HeliosWorkload
import HeliosTesting
import Testing

@Suite(.serialized) struct WorkloadCommandTests {
    static let executable = HeliosServerProcess.executableBeside(CommandLine.arguments[0])

    /// Runs `heliosdb workload` with its output in files (a pipe could fill and stall the child).
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let base = NSTemporaryDirectory() + "heliosdb-workload-test-\(UInt32.random(in: 0...UInt32.max))"
        let outputPath = base + ".out", errorPath = base + ".err"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(executable, "heliosdb must be built"))
        process.arguments = ["workload"] + arguments
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOfFile: outputPath, encoding: .utf8),
                try String(contentsOfFile: errorPath, encoding: .utf8))
    }

    @Test func traceOnlyNeedsNoServerAndRepeats() async throws {
        try await offThePool { () throws in
            let arguments = ["--scenario", "events", "--trace-only", "--duration", "6", "--rate", "10", "--seed", "5"]
            let first = try Self.run(arguments)
            #expect(first.status == 0, "\(first.errors)")
            let lines = first.output.split(separator: "\n")
            #expect(lines.first == "interval_start_seconds,phase,template,count")
            #expect(lines.count == 1 + 6 * Scenario.events.templates.count)
            #expect(try Self.run(arguments).output == first.output)
            let json = try Self.run(arguments + ["--trace-format", "json"])
            #expect(json.status == 0)
            #expect(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) is [String: Any])
        }
    }

    @Test func badArgumentsAreUsageErrors() async throws {
        try await offThePool { () throws in
            #expect(try Self.run(["--scenario", "no-such-scenario", "--trace-only"]).status == 64)
            #expect(try Self.run(["--scenario", "saas", "--pattern", "weekly", "--trace-only"]).status == 64)
            #expect(try Self.run(["--trace-only"]).status == 64)
            #expect(try Self.run(["--scenario", "saas", "--compare", "--configurations", "off,bogus"]).status == 64)
        }
    }

    @Test func tinyComparisonRunsOrReportsEachConfiguration() async throws {
        try await offThePool { () throws in
            let result = try Self.run(["--scenario", "ecommerce", "--compare", "--configurations", "off,auto,every",
                                       "--scale", "0.01", "--phase-seconds", "1", "--rate", "10"])
            #expect(result.status == 0, "\(result.errors)")
            let report = result.output
            for phase in Scenario.ecommerce.phases { #expect(report.contains("phase"), "\(phase.name)") }
            #expect(report.contains("ratios (per phase, then over all phases):"))
            // Each configuration either ran (a row of numbers per phase) or says why it could not.
            for label in ["helios off", "helios auto", "helios every-candidate"] {
                let rows = report.split(separator: "\n").filter { $0.hasPrefix("  \(label) ") }
                #expect(rows.count == Scenario.ecommerce.phases.count, "\(label): \(report)")
            }
            #expect(!report.contains("template errors:"), "\(report)")
            if report.contains("helios auto: unavailable") {
                #expect(report.contains("server has no autopilot"))
            }
        }
    }
}
