// The storage benchmark's workloads on SQLite, set up to promise what HeliosDB's `full`
// durability promises: WAL mode with synchronous=FULL, so each commit fsyncs the WAL before it
// returns. Its page cache gets as many bytes as HeliosDB's buffer pool; each engine keeps its
// own default page size (SQLite 4 KiB, HeliosDB 8 KiB) and its default checkpointing (SQLite
// every 1000 WAL pages, inside the commit that crosses the mark; HeliosDB in the background).
//
// Asymmetries that remain:
// - SQLite stores the key as its integer rowid, HeliosDB as 8 bytes; both decode it to a
//   number when read.
// - Binding copies each 100-byte value once more (SQLITE_TRANSIENT) than HeliosDB does.
// - The sorted bulk load is plain INSERTs in one transaction (SQLite has no bulk-load API), so
//   SQLite writes every page to the WAL and copies it to the database file when the COMMIT
//   checkpoints; HeliosDB writes its pages once, to the data file.
// - With several committers, each has its own connection (one connection cannot commit for
//   several threads at once). Writers then queue for the WAL write lock in SQLite's busy
//   handler, which sleeps 1, 2, 5, 10 ... ms between attempts; there is no group commit. An
//   application could instead funnel its threads through one connection behind a mutex, which
//   would run at about the one-committer rate.

import CSQLite

/// SQLite under test.
final class SQLiteSubject: StorageSubject {
    let name = "sqlite"
    private let path: String
    private let cacheByteCount: Int
    private let connection: SQLiteConnection

    /// Creates the database `kv.sqlite` in the empty `directory`.
    init(directory: String, cacheByteCount: Int) throws(SQLiteError) {
        path = "\(directory)/kv.sqlite"
        self.cacheByteCount = cacheByteCount
        connection = try Self.open(path: path, cacheByteCount: cacheByteCount)
        try connection.execute("CREATE TABLE kv(k INTEGER PRIMARY KEY, v BLOB)")
    }

    private static func open(path: String, cacheByteCount: Int) throws(SQLiteError) -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path)
        connection.setBusyTimeout(milliseconds: 10_000)
        try connection.execute("PRAGMA journal_mode=WAL")
        try connection.execute("PRAGMA synchronous=FULL")
        try connection.execute("PRAGMA cache_size=-\(cacheByteCount / 1024)")  // negative: in KiB
        return connection
    }

    func settings() throws -> String {
        let synchronous = try pragma("synchronous")
        let level = ["0": "off", "1": "normal", "2": "full", "3": "extra"][synchronous] ?? "?"
        return "version=\(SQLiteConnection.libraryVersion) journal_mode=\(try pragma("journal_mode"))"
            + " synchronous=\(synchronous) (\(level)) page_size=\(try pragma("page_size"))"
            + " cache_size=\(try pragma("cache_size"))"
    }

    /// The value of a PRAGMA on the main connection.
    private func pragma(_ name: String) throws -> String {
        let statement = try connection.prepare("PRAGMA \(name)")
        guard try statement.step() else { throw BenchmarkError("sqlite: PRAGMA \(name) returned no row") }
        return statement.text(at: 0)
    }

    func bulkLoadSorted(rowCount: Int, seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let scratch = RowScratch()
        let insert = try connection.prepare("INSERT INTO kv(k, v) VALUES(?, ?)")
        try connection.execute("BEGIN")
        for key in 0..<rowCount {
            scratch.fillValue(&random)
            try insert.bind(Int64(key), at: 1)
            try insert.bind(scratch.valueBytes, at: 2)
            _ = try insert.step()
            insert.reset()
        }
        try connection.execute("COMMIT")
    }

    func pointGets(count: Int, keyCount: Int, batchSize: Int, seed: UInt64) throws -> RowDigest {
        var random = SplitMix64(seed: seed)
        var digest = RowDigest()
        let begin = try connection.prepare("BEGIN")
        let commit = try connection.prepare("COMMIT")
        let select = try connection.prepare("SELECT v FROM kv WHERE k = ?")
        var done = 0
        while done < count {
            let batch = min(batchSize, count - done)
            try run(begin)
            for _ in 0..<batch {
                let key = random.next(below: UInt64(keyCount))
                try select.bind(Int64(key), at: 1)
                guard try select.step() else { throw BenchmarkError("sqlite point gets: key \(key) not found") }
                select.withBlob(at: 0) { digest.sample(key: key, value: $0) }
                select.reset()
            }
            try run(commit)
            done += batch
        }
        return digest
    }

    func randomUpdates(count: Int, keyCount: Int, batchSize: Int, seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let scratch = RowScratch()
        let begin = try connection.prepare("BEGIN")
        let commit = try connection.prepare("COMMIT")
        let update = try connection.prepare("UPDATE kv SET v = ? WHERE k = ?")
        var done = 0
        while done < count {
            let batch = min(batchSize, count - done)
            try run(begin)
            for _ in 0..<batch {
                let key = random.next(below: UInt64(keyCount))
                scratch.fillValue(&random)
                try update.bind(scratch.valueBytes, at: 1)
                try update.bind(Int64(key), at: 2)
                _ = try update.step()
                update.reset()
                guard connection.changeCount == 1 else { throw BenchmarkError("sqlite updates: key \(key) was missing") }
            }
            try run(commit)
            done += batch
        }
    }

    func rangeScans(count: Int, length: Int, keyCount: Int, seed: UInt64) throws -> RowDigest {
        var random = SplitMix64(seed: seed)
        var digest = RowDigest()
        let scan = try connection.prepare("SELECT k, v FROM kv WHERE k >= ? ORDER BY k LIMIT ?")
        try scan.bind(Int64(length), at: 2)
        for _ in 0..<count {
            try scan.bind(Int64(random.next(below: UInt64(keyCount - length))), at: 1)
            while try scan.step() {
                let key = UInt64(scan.int64(at: 0))
                scan.withBlob(at: 1) { digest.sample(key: key, value: $0) }
            }
            scan.reset()
        }
        return digest
    }

    func durableCommits(committers: Int, seconds: Double, firstKey: UInt64, seed: UInt64)
        throws -> (commits: Int, seconds: Double) {
        // Opened before the clock starts; each thread gets its own.
        var connections: [SQLiteConnection] = []
        for _ in 0..<committers {
            connections.append(try Self.open(path: path, cacheByteCount: cacheByteCount))
        }
        let ready = connections
        let run = try TimedThreads.run(threadCount: committers, seconds: seconds) { index, deadline in
            let insert = try ready[index].prepare("INSERT INTO kv(k, v) VALUES(?, ?)")
            var random = SplitMix64(seed: seed &+ UInt64(index))
            let scratch = RowScratch()
            var key = firstKey + UInt64(index) << 32
            var commits = 0
            while MonotonicClock.nanoseconds() < deadline {
                scratch.fillValue(&random)
                try insert.bind(Int64(key), at: 1)
                try insert.bind(scratch.valueBytes, at: 2)
                try Self.stepRetryingWhenBusy(insert)
                key += 1
                commits += 1
            }
            return commits
        }
        return (run.operations, run.seconds)
    }

    /// Runs an autocommit statement; SQLITE_BUSY (the busy timeout ran out, or SQLite gave up
    /// at once to avoid a deadlock) ends the attempt without changes, so it is tried again.
    private static func stepRetryingWhenBusy(_ statement: SQLiteStatement) throws(SQLiteError) {
        var attempts = 0
        while true {
            attempts += 1
            let outcome = Result { () throws(SQLiteError) in try statement.step() }
            statement.reset()
            switch outcome {
            case .success: return
            case .failure(let error): if !error.isBusy || attempts == 1_000 { throw error }
            }
        }
    }

    func tableDigest() throws -> RowDigest {
        var digest = RowDigest()
        let scan = try connection.prepare("SELECT k, v FROM kv ORDER BY k")
        while try scan.step() {
            let key = UInt64(scan.int64(at: 0))
            scan.withBlob(at: 1) { digest.full(key: key, value: $0) }
        }
        return digest
    }

    func rowCount() throws -> Int {
        let count = try connection.prepare("SELECT count(*) FROM kv")
        guard try count.step() else { throw BenchmarkError("sqlite: count(*) returned no row") }
        return Int(count.int64(at: 0))
    }

    func close() {
        // Nothing to do: the connection closes (sqlite3_close_v2) when the subject goes away.
    }

    /// Runs a statement that returns no rows.
    private func run(_ statement: SQLiteStatement) throws(SQLiteError) {
        _ = try statement.step()
        statement.reset()
    }
}
