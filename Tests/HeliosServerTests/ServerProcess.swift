// A `heliosdb serve` child process for end-to-end tests: its own data directory and a free
// loopback port; stopped by its process id (SIGTERM for a graceful shutdown, SIGKILL for a crash).

import Foundation
import HeliosTesting
#if canImport(Glibc)
import Glibc
#endif

final class ServerProcess: @unchecked Sendable {  // used by one test at a time
    let directory: String
    let port: Int
    private var process: Process?
    let logPath: String

    /// The built `heliosdb` next to this test bundle.
    static var executable: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("heliosdb").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return bundle.appendingPathComponent("heliosdb").path
    }

    init(directory: String? = nil) throws {
        self.directory = directory ?? "/tmp/helios-server-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        port = LoopbackPort.free()
        logPath = self.directory + ".log"
    }

    /// Starts the server and waits until it accepts connections.
    func start(environment: [String: String] = [:], extraArguments: [String] = []) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["serve", "--data-dir", directory, "--port", "\(port)"] + extraArguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        _ = try log.seekToEnd()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            if !process.isRunning { throw ServerError(message: "heliosdb serve exited: \(self.log)") }
            if self.log.contains("ready (process") { return }
            // Checked after the log: when synchronous tests hold every thread of the pool, this
            // task wakes long after its sleep, and the server may have been ready all along.
            if ContinuousClock.now >= deadline { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let output = self.log
        // Callers register removeData only after start returns: a server left here would outlive the test.
        kill9()
        throw ServerError(message: "heliosdb serve did not become ready: \(output)")
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// SIGTERM, then waits for the graceful shutdown.
    func stop() async {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        self.process = nil
    }

    /// SIGKILL: a crash.
    func kill9() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Kills the server if it still runs (a test that failed midway) and removes its files.
    func removeData() {
        kill9()
        try? FileManager.default.removeItem(atPath: directory)
        try? FileManager.default.removeItem(atPath: logPath)
    }

    /// psql against this server; `ON_ERROR_STOP` unless told otherwise.
    func psql(_ arguments: [String], input: String? = nil, stopOnError: Bool = true, environment: [String: String] = [:],
              timeout: Duration = .seconds(120)) async throws -> ProcessResult {
        guard let psql = ChildProcess.find("psql") else { throw ServerError(message: "psql is not installed") }
        var all = ["-X", "-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-d", "postgres"]
        if stopOnError { all += ["-v", "ON_ERROR_STOP=1"] }
        return try await ChildProcess.run(psql, all + arguments, environment: environment, input: input, timeout: timeout)
    }

    /// One query's unaligned, tuples-only output lines.
    func query(_ sql: String) async throws -> [String] {
        let result = try await psql(["-Atc", sql])
        guard result.exitCode == 0 else { throw ServerError(message: "\(sql): \(result.standardError)") }
        return result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }

    func pgbench(_ arguments: [String], timeout: Duration = .seconds(300)) async throws -> ProcessResult {
        guard let pgbench = ChildProcess.find("pgbench") else { throw ServerError(message: "pgbench is not installed") }
        return try await ChildProcess.run(pgbench, ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres"] + arguments + ["postgres"],
                                          timeout: timeout)
    }
}

struct ServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
