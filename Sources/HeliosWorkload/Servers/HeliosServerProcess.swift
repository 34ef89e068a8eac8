// A throwaway `heliosdb serve`: a temporary data directory, a free loopback port, trust for the
// user postgres unless a password is given (then HELIOSDB_PASSWORD, and `--auth` picks the
// method); stopped with SIGTERM (graceful) and its directory removed.

import Foundation
public import HeliosClient

/// A `heliosdb serve` child process.
public final class HeliosServerProcess: ThrowawayServer {
    public let configuration: ClientConfiguration
    public let dataDirectory: String
    private let workDirectory: String
    private let process: Process

    /// Starts `executable serve` and waits until it answers queries.
    public init(executable: String, password: String? = nil, extraArguments: [String] = [],
                startSeconds: Double = 120) throws(ServerStartError) {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ServerStartError("no heliosdb executable at \(executable)")
        }
        workDirectory = try ServerProcesses.temporaryDirectory(prefix: "heliosdb-workload")
        dataDirectory = workDirectory + "/data"
        let port = FreeLoopbackPort.pick()
        configuration = ClientConfiguration(host: "127.0.0.1", port: port, user: "postgres", database: "postgres",
                                            password: password, applicationName: "heliosdb-workload")
        let logPath = workDirectory + "/server.log"
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--data-dir", dataDirectory, "--port", String(port)] + extraArguments
        var environment = ProcessInfo.processInfo.environment
        environment["HELIOSDB_PASSWORD"] = password  // nil: trust on loopback
        process.environment = environment
        let log = try ServerProcesses.logHandle(logPath)
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            try? FileManager.default.removeItem(atPath: workDirectory)
            throw ServerStartError("could not run \(executable): \(error)")
        }
        do {
            try ServerProcesses.waitUntilReady(configuration, process: process, seconds: startSeconds, logPath: logPath)
        } catch {
            stop()
            throw error
        }
    }

    public var logPath: String { workDirectory + "/server.log" }

    public func stop() {
        ServerProcesses.terminate(process)
        try? FileManager.default.removeItem(atPath: workDirectory)
    }

    /// The `heliosdb` executable beside the running program (or the test bundle), if there is one.
    public static func executableBeside(_ path: String) -> String? {
        var directory = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("heliosdb").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }
}
