// The servers a comparison (or a test) starts for itself and removes afterwards: a `heliosdb
// serve` on a temporary data directory, or a PostgreSQL 15 from initdb. Both listen on a free
// loopback port with trust authentication for the user postgres, and both are stopped by the
// process ID this code started, never by name.

import Foundation
public import HeliosClient
#if canImport(Glibc)
import Glibc
#endif

/// Why a throwaway server could not be started.
public struct ServerStartError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A running throwaway server.
public protocol ThrowawayServer: AnyObject {
    /// Connection parameters for the superuser postgres and the database postgres.
    var configuration: ClientConfiguration { get }
    /// Stops the server and removes its files.
    func stop()
}

/// Shared waiting and process helpers.
enum ServerProcesses {
    /// Waits until a client can connect and run SELECT 1, or `process` exits, or the deadline.
    static func waitUntilReady(_ configuration: ClientConfiguration, process: Process, seconds: Double,
                               logPath: String) throws(ServerStartError) {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var lastError = "no attempt"
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw ServerStartError("the server exited during start-up: \(tail(of: logPath))")
            }
            do {
                let connection = try PostgresConnection.connect(configuration)
                defer { connection.close() }
                try connection.query("SELECT 1")
                return
            } catch {
                lastError = "\(error)"
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw ServerStartError("the server did not accept connections in \(Int(seconds)) s (\(lastError)): \(tail(of: logPath))")
    }

    /// SIGTERM (or `signal`), a grace period, then SIGKILL; by process ID.
    static func terminate(_ process: Process, signal: Int32 = SIGTERM, graceSeconds: Double = 30) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
        let deadline = ContinuousClock.now + .seconds(graceSeconds)
        while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    static func tail(of path: String, characters: Int = 1500) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return String(text.suffix(characters))
    }

    static func temporaryDirectory(prefix: String) throws(ServerStartError) -> String {
        var template = Array((NSTemporaryDirectory() + prefix + ".XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ServerStartError("could not create a temporary directory: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    static func logHandle(_ path: String) throws(ServerStartError) -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw ServerStartError("could not create \(path)")
        }
        return handle
    }
}
