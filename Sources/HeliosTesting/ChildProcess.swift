// Runs a program (psql, pgbench, python, heliosdb) for end-to-end tests: arguments,
// environment, standard input, captured output, a deadline after which it is killed by its pid,
// and never a hang.

import Foundation

/// The outcome of a finished child process.
public struct ProcessResult: Sendable {
    public var exitCode: Int32
    public var standardOutput: String
    public var standardError: String
}

public enum ChildProcess {
    /// The child outlived its deadline and was killed.
    public struct TimeoutError: Error, CustomStringConvertible {
        public var description: String { "the child process did not finish in time and was killed" }
    }

    /// The path of `name` on PATH or in the usual places, or nil.
    /// Whether the first python3 on PATH can import `module` (tests of Python clients run only
    /// where `scripts/test.sh` installed them).
    public static func pythonHas(_ module: String) -> Bool {
        guard let python3 = find("python3") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python3)
        process.arguments = ["-c", "import \(module)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    public static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"] {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` and waits (without blocking a thread) for it to end, killing it after `timeout`.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    input: String? = nil, timeout: Duration = .seconds(20)) async throws -> ProcessResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("helios-wire-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appendingPathComponent("stdout"), errorURL = directory.appendingPathComponent("stderr")
        let inputURL = directory.appendingPathComponent("stdin")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: inputURL.path, contents: Data((input ?? "").utf8))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        env["LANG"] = "C.UTF-8"
        env["PGCONNECT_TIMEOUT"] = "10"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let outputHandle = try FileHandle(forWritingTo: outputURL)
        let errorHandle = try FileHandle(forWritingTo: errorURL)
        let inputHandle = try FileHandle(forReadingFrom: inputURL)
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        process.standardInput = inputHandle
        try process.run()
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning {
            if clock.now >= deadline {
                kill(process.processIdentifier, SIGKILL)  // by its pid, nothing else
                process.waitUntilExit()
                throw TimeoutError()
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        try? outputHandle.close()
        try? errorHandle.close()
        try? inputHandle.close()
        return ProcessResult(exitCode: process.terminationStatus,
                             standardOutput: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
                             standardError: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "")
    }
}
