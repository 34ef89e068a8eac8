// `heliosdb-bench storage`: the same workloads on HeliosDB's storage engine and on SQLite, in
// one run, each engine in a fresh directory with the same durability (fsync per commit) and the
// same cache size. Figures, in order (figures 1-4 scale with --rows, shown for 1,000,000):
//
// 1. bulk_load_sorted_1m  1M rows in key order, one transaction                  rows/s
// 2. point_get_hot        1M gets of random keys, after a warm-up pass, in read
//                         transactions of 1,000                                  gets/s
// 3. random_update        200K new values for random keys, commits of 1,000      rows/s
// 4. range_scan           10K scans of 100 rows from a random key                rows/s
// 5. durable_commit_1     single-row inserts, one committer, --seconds           commits/s
// 6. durable_commit_8     the same with 8 committer threads                      commits/s
//    group_commit_scaling figure 6 / figure 5, per engine
//
// Each figure runs on HeliosDB, then on SQLite (the commit figures in three such rounds, each a
// third of --seconds, summed). Reads are checked: both engines must return the same rows
// (RowDigest), and after figure 4 their tables must be identical; after figure 6 each must hold
// exactly the rows it acknowledged. A difference stops the run.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The storage benchmark's settings and driver.
struct StorageBenchmark {
    /// Rows loaded by figure 1; figures 2-4 scale with it.
    var rowCount: Int
    /// How long each durable-commit figure runs.
    var seconds: Double
    /// Where the two temporary data directories are made.
    var parentDirectory: String

    /// Each engine's cache: 65,536 HeliosDB pages, room for all the data of figures 1-4.
    static let cacheByteCount = 512 << 20
    static let batchSize = 1_000
    static let scanLength = 100
    static let committerCount = 8
    /// Turns each engine takes in a commit figure.
    static let commitRounds = 3

    /// Fixed seeds: every run makes the same requests.
    private enum Seed {
        static let load: UInt64 = 1
        static let warmUp: UInt64 = 2
        static let gets: UInt64 = 3
        static let updates: UInt64 = 4
        static let scans: UInt64 = 5
        static let commits: UInt64 = 6
    }

    /// What one engine did in one figure.
    struct Outcome {
        var operations: Int
        var seconds: Double
        /// What it read, where a figure reads.
        var digest: RowDigest? = nil

        var rate: Double { Double(operations) / seconds }
    }

    func run() throws {
        let heliosDirectory = try TemporaryDirectory(parent: parentDirectory, prefix: "heliosdb-bench-helios-")
        defer { heliosDirectory.removeWithContents() }
        let sqliteDirectory = try TemporaryDirectory(parent: parentDirectory, prefix: "heliosdb-bench-sqlite-")
        defer { sqliteDirectory.removeWithContents() }
        let helios = try HeliosSubject(directory: heliosDirectory.path, cacheByteCount: Self.cacheByteCount)
        let sqlite = try SQLiteSubject(directory: sqliteDirectory.path, cacheByteCount: Self.cacheByteCount)
        let subjects: [any StorageSubject] = [helios, sqlite]

        var settings = ["figures: rows=\(rowCount) seconds=\(seconds) cache=\(Self.cacheByteCount >> 20) MiB per engine"]
        for subject in subjects { settings.append("\(subject.name): \(try subject.settings())") }
        Self.emit(Report.header(settings: settings))
        do {
            try runFigures(subjects)
        } catch {
            for subject in subjects { try? subject.close() }
            throw error
        }
        for subject in subjects { try subject.close() }
    }

    private func runFigures(_ subjects: [any StorageSubject]) throws {
        let rows = rowCount
        let batch = Self.batchSize
        try figure("bulk_load_sorted_\(Self.shortCount(rows))", subjects) { subject, _ in
            let (_, seconds) = try MonotonicClock.measure { try subject.bulkLoadSorted(rowCount: rows, seed: Seed.load) }
            return Outcome(operations: rows, seconds: seconds)
        }
        try figure("point_get_hot", subjects) { subject, _ in
            _ = try subject.pointGets(count: rows, keyCount: rows, batchSize: batch, seed: Seed.warmUp)
            let (digest, seconds) = try MonotonicClock.measure {
                try subject.pointGets(count: rows, keyCount: rows, batchSize: batch, seed: Seed.gets)
            }
            return Outcome(operations: rows, seconds: seconds, digest: digest)
        }
        let updates = max(1, rows / 5)
        try figure("random_update", subjects) { subject, _ in
            let (_, seconds) = try MonotonicClock.measure {
                try subject.randomUpdates(count: updates, keyCount: rows, batchSize: batch, seed: Seed.updates)
            }
            return Outcome(operations: updates, seconds: seconds)
        }
        let scans = max(1, rows / 100)
        try figure("range_scan", subjects) { subject, _ in
            let (digest, seconds) = try MonotonicClock.measure {
                try subject.rangeScans(count: scans, length: Self.scanLength, keyCount: rows, seed: Seed.scans)
            }
            return Outcome(operations: digest.rowCount, seconds: seconds, digest: digest)
        }
        try checkTablesMatch(subjects)

        // The commit figures depend on fsync latency, which drifts (by 10x within seconds on a
        // shared virtual disk): the engines take turns in short rounds so both meet the same disk.
        // Durable means fsync (fdatasync) before the commit returns, on both engines.
        let roundSeconds = seconds / Double(Self.commitRounds)
        let single = try figure("durable_commit_1", subjects, rounds: Self.commitRounds) { subject, round in
            let run = try subject.durableCommits(committers: 1, seconds: roundSeconds,
                                                 firstKey: UInt64(1 + round) << 40, seed: Seed.commits &+ UInt64(round))
            return Outcome(operations: run.commits, seconds: run.seconds)
        }
        let concurrent = try figure("durable_commit_\(Self.committerCount)", subjects, rounds: Self.commitRounds) {
            subject, round in
            let run = try subject.durableCommits(committers: Self.committerCount, seconds: roundSeconds,
                                                 firstKey: UInt64(1 + Self.commitRounds + round) << 40,
                                                 seed: Seed.commits &+ UInt64(round))
            return Outcome(operations: run.commits, seconds: run.seconds)
        }
        Self.emit([Report.pair("group_commit_scaling",
                               helios: concurrent[0].rate / single[0].rate, sqlite: concurrent[1].rate / single[1].rate)])
        for (index, subject) in subjects.enumerated() {
            let expected = rows + single[index].operations + concurrent[index].operations
            let actual = try subject.rowCount()
            guard actual == expected else {
                throw BenchmarkError("\(subject.name) holds \(actual) rows after the commit figures, expected \(expected)")
            }
        }
    }

    /// Runs one figure on each engine in turn, prints its line and checks that the engines read
    /// the same rows. With several `rounds`, the engines alternate that many times and their
    /// outcomes add up. Errors name the figure and the engine.
    @discardableResult
    private func figure(_ name: String, _ subjects: [any StorageSubject], rounds: Int = 1,
                        _ body: (any StorageSubject, _ round: Int) throws -> Outcome) throws -> [Outcome] {
        var outcomes = subjects.map { _ in Outcome(operations: 0, seconds: 0) }
        for round in 0..<rounds {
            for (index, subject) in subjects.enumerated() {
                let outcome: Outcome
                do {
                    outcome = try body(subject, round)
                } catch {
                    throw BenchmarkError("\(name) failed on \(subject.name): \(error)")
                }
                outcomes[index].operations += outcome.operations
                outcomes[index].seconds += outcome.seconds
                outcomes[index].digest = rounds == 1 ? outcome.digest : nil
            }
        }
        Self.emit([Report.line(name, helios: outcomes[0].rate, sqlite: outcomes[1].rate)])
        if outcomes[0].digest != outcomes[1].digest {
            throw BenchmarkError("\(name): the engines read different rows: "
                + zip(subjects, outcomes).map { "\($0.name) \($1.digest.map(String.init(describing:)) ?? "none")" }
                .joined(separator: ", "))
        }
        return outcomes
    }

    /// Compares every row of both tables (untimed).
    private func checkTablesMatch(_ subjects: [any StorageSubject]) throws {
        let digests = try subjects.map { try $0.tableDigest() }
        guard digests.allSatisfy({ $0 == digests[0] }) else {
            throw BenchmarkError("the tables differ after the update figure: "
                + zip(subjects, digests).map { "\($0.name) \($1)" }.joined(separator: ", "))
        }
        Self.emit(["# check: both tables hold the same \(digests[0])"])
    }

    /// 1000000 as "1m", 100000 as "100k".
    static func shortCount(_ count: Int) -> String {
        if count % 1_000_000 == 0 { return "\(count / 1_000_000)m" }
        if count % 1_000 == 0 { return "\(count / 1_000)k" }
        return String(count)
    }

    /// Prints lines at once, so a run that dies later keeps what it measured.
    private static func emit(_ lines: [String]) {
        for line in lines { print(line) }
        fflush(nil)  // every output stream
    }
}
