// A throwaway PostgreSQL 15, as ../shared/bench/pg15.sh makes one: initdb with trust for the
// user postgres, the postmaster on a free loopback port with its socket in the temporary
// directory and shared_buffers=256MB, fsync on. As root, PostgreSQL refuses to run, so both run
// as the user postgres (or nobody) through runuser. Stopped with SIGINT (fast shutdown) by
// process ID, then its directory is removed.

import Foundation
public import HeliosClient
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL 15 child process.
public final class PostgresServerProcess: ThrowawayServer {
    public let configuration: ClientConfiguration
    private let directory: String
    private let process: Process

    /// The cluster's data directory (pg_hba.conf, postgresql.conf).
    public var dataDirectory: String { directory + "/data" }

    /// The directory holding initdb and postgres 15: $PGBIN, else the usual places, else PATH;
    /// nil when no PostgreSQL 15 is installed.
    public static func binaryDirectory() -> String? {
        var candidates: [String] = []
        if let configured = ProcessInfo.processInfo.environment["PGBIN"] { candidates.append(configured) }
        candidates += ["/usr/local/bin", "/usr/lib/postgresql/15/bin", "/usr/local/pgsql/bin", "/opt/homebrew/opt/postgresql@15/bin"]
        candidates += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in candidates {
            let postgres = directory + "/postgres"
            guard FileManager.default.isExecutableFile(atPath: postgres),
                  FileManager.default.isExecutableFile(atPath: directory + "/initdb"),
                  let version = try? runAndCapture(postgres, ["--version"]), version.contains(" 15.") else { continue }
            return directory
        }
        return nil
    }

    public init(binaryDirectory: String, startSeconds: Double = 60) throws(ServerStartError) {
        directory = try ServerProcesses.temporaryDirectory(prefix: "heliosdb-workload-pg15")
        let port = FreeLoopbackPort.pick()
        configuration = ClientConfiguration(host: "127.0.0.1", port: port, user: "postgres", database: "postgres",
                                            applicationName: "heliosdb-workload")
        var prefix: [String] = []
        if geteuid() == 0 {
            let user = getpwnam("postgres") != nil ? "postgres" : "nobody"
            if let account = getpwnam(user) { chown(directory, account.pointee.pw_uid, account.pointee.pw_gid) }
            prefix = ["/usr/sbin/runuser", "-u", user, "--"]
            if !FileManager.default.isExecutableFile(atPath: prefix[0]) { prefix[0] = "/sbin/runuser" }
        }
        let dataDirectory = directory + "/data"
        let initdb = prefix + [binaryDirectory + "/initdb", "-D", dataDirectory, "-U", "postgres", "--auth=trust"]
        do {
            _ = try Self.runAndCapture(initdb[0], Array(initdb.dropFirst()))
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw ServerStartError("initdb failed: \(error)")
        }
        let server = prefix + [binaryDirectory + "/postgres", "-D", dataDirectory, "-p", String(port),
                               "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=\(directory)",
                               "-c", "shared_buffers=256MB"]
        process = Process()
        process.executableURL = URL(fileURLWithPath: server[0])
        process.arguments = Array(server.dropFirst())
        let logPath = directory + "/server.log"
        let log = try ServerProcesses.logHandle(logPath)
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw ServerStartError("could not run postgres: \(error)")
        }
        do {
            try ServerProcesses.waitUntilReady(configuration, process: process, seconds: startSeconds, logPath: logPath)
        } catch {
            stop()
            throw error
        }
    }

    public func stop() {
        // Under runuser our child is the wrapper; the postmaster's own pid is in postmaster.pid.
        let postmaster = (try? String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8))?
            .split(separator: "\n").first.flatMap { Int32($0) }
        if let postmaster { kill(postmaster, SIGINT) }
        ServerProcesses.terminate(process, signal: SIGINT)
        if let postmaster {
            let deadline = ContinuousClock.now + .seconds(30)
            while kill(postmaster, 0) == 0 && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if kill(postmaster, 0) == 0 { kill(postmaster, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs a command to completion; its standard output, or an error with its output.
    static func runAndCapture(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw ServerStartError("\(executable) exited with status \(process.terminationStatus): \(text.suffix(1000))")
        }
        return text
    }
}
