// Tests of the `heliosdb` executable, run as a child process the way an operator runs it: `check`
// on intact, corrupted and missing data directories, `info`, and `serve` started and stopped by
// a signal. Build it first (`swift build`); these tests look for it next to the test binary.

import HeliosCore
import HeliosStorage
import HeliosTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct HeliosCommandTests {
    static let pageSize = 4096

    @Test func checkReportsTheEntriesOfAnIntactStore() throws {
        let directory = TestStores.temporaryDirectory("cli-check")
        defer { TestStores.removeDirectory(directory) }
        try Self.makeStore(in: directory, entries: 250)

        let result = try HeliosExecutable.run(["check", "--data-dir", directory])
        #expect(result.status == .exited(0), "\(result.output)")
        #expect(result.output.contains { $0.contains("is intact") }, "\(result.output)")
        #expect(result.output.contains { $0.hasPrefix("  entries") && $0.hasSuffix(" 250") }, "\(result.output)")
        #expect(result.output.contains { $0.hasPrefix("  trees") && $0.hasSuffix(" 1") }, "\(result.output)")
    }

    @Test func checkFailsOnAFlippedByteInATreePage() throws {
        let directory = TestStores.temporaryDirectory("cli-corrupt")
        defer { TestStores.removeDirectory(directory) }
        let report = try Self.makeStore(in: directory, entries: 250)
        // One transaction on a new store frees nothing, so every page from 3 up is a tree page.
        try #require(report.freePages == 0 && report.treePages == report.filePages - 3, "\(report)")
        try Self.flipByte(inPage: 3, of: directory + "/heliosdb.data")

        let result = try HeliosExecutable.run(["check", "--data-dir", directory])
        #expect(result.status == .exited(1), "\(result.output)")
        #expect(result.output.contains { $0.hasPrefix("heliosdb: error: invalid page in block 3 of file") }, "\(result.output)")
        #expect(result.output.contains { $0.hasPrefix("DETAIL:  ") && $0.contains("checksum") }, "\(result.output)")
        #expect(!result.output.contains { $0.contains("is intact") }, "\(result.output)")
    }

    @Test func checkRefusesAMissingDirectoryWithoutCreatingIt() throws {
        let directory = TestStores.temporaryDirectory("cli-missing")
        defer { TestStores.removeDirectory(directory) }
        let missing = directory + "/no-such-store"

        let result = try HeliosExecutable.run(["check", "--data-dir", missing])
        #expect(result.status == .exited(1), "\(result.output)")
        #expect(result.output.first == "heliosdb: error: data directory \"\(missing)\" does not exist", "\(result.output)")
        #expect(access(missing, F_OK) != 0, "check created \(missing)")

        let empty = try HeliosExecutable.run(["info", "--data-dir", directory])
        #expect(empty.status == .exited(1), "\(empty.output)")
        #expect(empty.output.first?.contains("is not a HeliosDB data directory") == true, "\(empty.output)")
        #expect(access(directory + "/heliosdb.data", F_OK) != 0, "info created a store in \(directory)")
    }

    @Test func infoListsTreesWithTheirEntries() throws {
        let directory = TestStores.temporaryDirectory("cli-info")
        defer { TestStores.removeDirectory(directory) }
        try Self.makeStore(in: directory, entries: 40)

        let result = try HeliosExecutable.run(["info", "--data-dir", directory])
        #expect(result.status == .exited(0), "\(result.output)")
        #expect(result.output.contains { $0.contains("accounts") && $0.contains("40 entries") }, "\(result.output)")
        #expect(result.output.contains { $0.hasPrefix("  committed version") && $0.hasSuffix(" 1") }, "\(result.output)")
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func serveShutsDownCleanlyOnSignal(_ signal: Int32) throws {
        let directory = TestStores.temporaryDirectory("cli-serve")
        defer { TestStores.removeDirectory(directory) }
        let dataDirectory = directory + "/data"  // serve creates it

        let port = LoopbackPort.free()
        let server = try HeliosExecutable.start(["serve", "--data-dir", dataDirectory, "--port", "\(port)"])
        var (output, early) = server.readLines(seconds: 30, until: { $0.contains("ready (process") })
        guard early == nil else {
            Issue.record("serve never became ready (\(early!)): \(output)")
            return
        }
        #expect(output.contains { $0.contains("listening on 127.0.0.1:\(port)") }, "\(output)")

        // While it serves, the directory is locked against a second process.
        let rival = try HeliosExecutable.run(["check", "--data-dir", dataDirectory])
        #expect(rival.status == .exited(1), "\(rival.output)")
        #expect(rival.output.contains { $0.contains("is in use by another process") }, "\(rival.output)")

        #expect(kill(server.pid, signal) == 0)
        let (rest, status) = server.readLines(seconds: 30, until: { _ in false })
        output += rest
        #expect(status == .exited(0), "\(output)")
        #expect(output.contains { $0.contains("shut down cleanly") }, "\(output)")

        let check = try HeliosExecutable.run(["check", "--data-dir", dataDirectory])
        #expect(check.status == .exited(0), "\(check.output)")
        #expect(check.output.contains { $0.contains("is intact") }, "\(check.output)")
    }

    @Test func serveRefusesAPublicHostAndABadPortBeforeTouchingTheDisk() throws {
        let directory = TestStores.temporaryDirectory("cli-address")
        defer { TestStores.removeDirectory(directory) }
        let dataDirectory = directory + "/data"

        let publicHost = try HeliosExecutable.run(["serve", "--data-dir", dataDirectory, "--host", "0.0.0.0"])
        #expect(publicHost.status == .exited(1), "\(publicHost.output)")
        #expect(publicHost.output.first?.contains("refusing to listen on \"0.0.0.0\" without a password") == true, "\(publicHost.output)")

        let badPort = try HeliosExecutable.run(["serve", "--data-dir", dataDirectory, "--port", "70000"])
        #expect(badPort.status == .exited(1), "\(badPort.output)")
        #expect(badPort.output.first == "heliosdb: error: 70000 is outside the valid range for parameter \"port\" (1 .. 65535)",
                "\(badPort.output)")
        #expect(access(dataDirectory, F_OK) != 0, "serve created \(dataDirectory) despite refusing to start")
    }

    // MARK: helpers

    /// Creates a store in `directory` holding one tree, "accounts", with `entries` entries written
    /// in one transaction; returns its integrity report.
    @discardableResult
    static func makeStore(in directory: String, entries: Int) throws -> IntegrityReport {
        var options = StoreOptions()
        options.pageSize = pageSize
        options.backgroundWork = false
        let store = try Store.open(at: directory, options: options)
        try store.write { transaction in
            let tree = try transaction.createTree(named: "accounts")
            for index in 0..<entries {
                let key = [UInt8](text: "account-\(1_000_000 + index)")
                _ = try transaction.put(key, [UInt8](repeating: UInt8(index % 251), count: 100), in: tree)
            }
        }
        let report = try store.checkIntegrity()
        try store.close()
        return report
    }

    /// Inverts one byte in the middle of a page of the data file.
    static func flipByte(inPage page: Int, of path: String) throws {
        let descriptor = open(path, O_RDWR)
        try #require(descriptor >= 0, "open \(path): errno \(errno)")
        defer { close(descriptor) }
        let offset = off_t(page * pageSize + pageSize / 2)
        var byte: UInt8 = 0
        try #require(pread(descriptor, &byte, 1, offset) == 1, "pread \(path): errno \(errno)")
        byte ^= 0xFF
        try #require(pwrite(descriptor, &byte, 1, offset) == 1, "pwrite \(path): errno \(errno)")
        try #require(fsync(descriptor) == 0, "fsync \(path): errno \(errno)")
    }
}

/// The built `heliosdb` executable, started with its standard output and error on one pipe.
enum HeliosExecutable {
    static var path: String { ChildProcess.productsDirectory + "/heliosdb" }

    /// Starts heliosdb (through `sh -c exec`, which keeps the process ID and joins stderr to
    /// stdout, since ChildProcess only captures stdout).
    static func start(_ arguments: [String]) throws -> ChildProcess {
        try #require(access(path, X_OK) == 0, "build heliosdb first (swift build): \(path) is missing")
        return try ChildProcess(path: "/bin/sh", arguments: ["-c", "exec \"$0\" \"$@\" 2>&1", path] + arguments)
    }

    /// Runs heliosdb to completion (at most 60 seconds); returns its exit status and output.
    static func run(_ arguments: [String]) throws -> (status: ExitStatus, output: [String]) {
        let child = try start(arguments)
        let (output, status) = child.readLines(seconds: 60, until: { _ in false })
        return (status ?? .hung, output)
    }
}

/// How a child process ended.
enum ExitStatus: Equatable {
    case exited(Int32)
    case killed(signal: Int32)
    /// Still running at the deadline, and then killed.
    case hung

    init(waitStatus: Int32) {
        let signal = waitStatus & 0x7F
        self = signal == 0 ? .exited((waitStatus >> 8) & 0xFF) : .killed(signal: signal)
    }
}

extension ChildProcess {
    /// Reads output until a line satisfies `done` (returning no status: the child runs on) or
    /// the child exits (returning its status, reaped); after `seconds`, kills it: `.hung`.
    func readLines(seconds: Double, until done: (String) -> Bool) -> (lines: [String], status: ExitStatus?) {
        let deadline = Self.monotonicSeconds() + seconds
        var lines: [String] = []
        while Self.monotonicSeconds() < deadline {
            let batch = readLines(for: 100)
            lines += batch
            if batch.contains(where: done) { return (lines, nil) }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                return (lines + readToEnd(), ExitStatus(waitStatus: status))
            }
            if batch.isEmpty { usleep(10_000) }
        }
        kill()
        return (lines + readToEnd(), .hung)
    }

    private static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
