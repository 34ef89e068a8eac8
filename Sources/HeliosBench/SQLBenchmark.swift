// `heliosdb-bench sql`: the same SQL on embedded HeliosDB and on SQLite, in one run, each in a
// fresh directory, fsync at every commit on both, statements prepared once on both. Figures
// (rows scale with --rows, shown for 1,000,000):
//
// 1. bulk_insert_1m     t(id, k, v, pad): --rows single-row INSERTs in one transaction   rows/s
// 2. point_select       SELECT v FROM t WHERE id = $1, random ids, autocommit           selects/s
// 3. range_scan         SELECT id, v FROM t WHERE id BETWEEN $1 AND $1 + 99             rows/s
// 4. join_3way          t joined to two 1,000-row tables on k, over --rows / 10 rows     rows/s
// 5. group_by           SELECT k, count(*), sum(v) FROM t GROUP BY k (1,000 groups)      rows/s
// 6. autocommit_insert  single-row INSERTs, each its own durable commit, --seconds      commits/s
//
// Every figure's answers are compared (RowDigest): a difference stops the run.

#if canImport(Glibc)
import Glibc
#endif

struct SQLBenchmark {
    var rowCount: Int
    var seconds: Double
    var parentDirectory: String
    static let cacheByteCount = 512 << 20

    func run() throws {
        let heliosDirectory = try TemporaryDirectory(parent: parentDirectory, prefix: "heliosdb-bench-sql-helios-")
        defer { heliosDirectory.removeWithContents() }
        let sqliteDirectory = try TemporaryDirectory(parent: parentDirectory, prefix: "heliosdb-bench-sql-sqlite-")
        defer { sqliteDirectory.removeWithContents() }
        let subjects: [any SQLSubject] = [
            try HeliosSQLSubject(directory: heliosDirectory.path, cacheByteCount: Self.cacheByteCount),
            try SQLiteSQLSubject(directory: sqliteDirectory.path, cacheByteCount: Self.cacheByteCount),
        ]
        for line in Report.header(settings: ["figures: rows=\(rowCount) seconds=\(seconds) cache=\(Self.cacheByteCount >> 20) MiB per engine, durability: fsync per commit on both"]) {
            print(line)
        }
        defer { for subject in subjects { try? subject.close() } }
        let rows = rowCount
        let name = rows % 1_000_000 == 0 ? "\(rows / 1_000_000)m" : rows % 1_000 == 0 ? "\(rows / 1_000)k" : "\(rows)"

        for subject in subjects {
            try subject.execute("CREATE TABLE t (id bigint PRIMARY KEY, k bigint NOT NULL, v bigint NOT NULL, pad text)")
            try subject.execute("CREATE TABLE d1 (id bigint PRIMARY KEY, g bigint)")
            try subject.execute("CREATE TABLE d2 (id bigint PRIMARY KEY, h bigint)")
            try subject.execute("CREATE TABLE u (id bigint PRIMARY KEY, v bigint)")
            try subject.execute("BEGIN")
            var ignored = RowDigest()
            let d1 = try subject.prepare("INSERT INTO d1 VALUES ($1, $2)", parameterCount: 2)
            let d2 = try subject.prepare("INSERT INTO d2 VALUES ($1, $2)", parameterCount: 2)
            for id in 0..<1_000 as Range<Int64> {
                try subject.run(d1, [id, id * 3], into: &ignored)
                try subject.run(d2, [id, id * 5], into: &ignored)
            }
            try subject.execute("COMMIT")
        }

        try figure("bulk_insert_\(name)", subjects) { subject in
            let insert = try subject.prepare("INSERT INTO t VALUES ($1, $2, $3, 'padding-padding-padding-padding')", parameterCount: 3)
            var digest = RowDigest()
            let seconds = try MonotonicClock.measure { () throws in
                try subject.execute("BEGIN")
                for id in 1...Int64(rows) { try subject.run(insert, [id, id % 1_000, (id &* 7) % 10_007], into: &digest) }
                try subject.execute("COMMIT")
            }.seconds
            return (rows, seconds, digest)
        }
        try figure("point_select", subjects) { subject in
            let select = try subject.prepare("SELECT v FROM t WHERE id = $1", parameterCount: 1)
            var random = SplitMix64(seed: 11)
            let count = max(1_000, rows / 10)
            var digest = RowDigest()
            let seconds = try MonotonicClock.measure { () throws in
                for _ in 0..<count { try subject.run(select, [Int64(random.next() % UInt64(rows)) + 1], into: &digest) }
            }.seconds
            return (count, seconds, digest)
        }
        try figure("range_scan", subjects) { subject in
            let scan = try subject.prepare("SELECT id, v FROM t WHERE id BETWEEN $1 AND $2", parameterCount: 2)
            var random = SplitMix64(seed: 12)
            var digest = RowDigest()
            let seconds = try MonotonicClock.measure { () throws in
                for _ in 0..<max(100, rows / 1_000) {
                    let start = Int64(random.next() % UInt64(rows)) + 1
                    try subject.run(scan, [start, start + 99], into: &digest)
                }
            }.seconds
            return (digest.rowCount, seconds, digest)
        }
        try figure("join_3way", subjects) { subject in
            let join = try subject.prepare("""
                SELECT count(*), sum(d1.g + d2.h) FROM t JOIN d1 ON t.k = d1.id JOIN d2 ON t.k = d2.id WHERE t.id <= $1
                """, parameterCount: 1)
            var digest = RowDigest()
            let scanned = max(1_000, rows / 10)
            let seconds = try MonotonicClock.measure { () throws in
                for _ in 0..<3 { try subject.run(join, [Int64(scanned)], into: &digest) }
            }.seconds
            return (scanned * 3, seconds, digest)
        }
        try figure("group_by", subjects) { subject in
            let group = try subject.prepare("SELECT k, count(*), sum(v) FROM t GROUP BY k ORDER BY k", parameterCount: 0)
            var digest = RowDigest()
            let seconds = try MonotonicClock.measure { () throws in
                for _ in 0..<3 { try subject.run(group, [], into: &digest) }
            }.seconds
            return (rows * 3, seconds, digest)
        }
        try figure("autocommit_insert", subjects) { subject in
            let insert = try subject.prepare("INSERT INTO u VALUES ($1, $2)", parameterCount: 2)
            var digest = RowDigest()
            var count = 0
            let deadline = MonotonicClock.nanoseconds() + UInt64(seconds * 1e9)
            let started = MonotonicClock.nanoseconds()
            while MonotonicClock.nanoseconds() < deadline {
                count += 1
                try subject.run(insert, [Int64(count), Int64(count) * 2], into: &digest)
            }
            // Digests differ by count here; what must agree is that every commit is there.
            var check = RowDigest()
            try subject.run(try subject.prepare("SELECT count(*) FROM u", parameterCount: 0), [], into: &check)
            var expected = RowDigest()
            expected.add(UInt64(count))
            expected.countRow()
            guard check == expected else { throw BenchmarkError("\(subject.name) lost autocommit inserts") }
            return (count, Double(MonotonicClock.nanoseconds() - started) / 1e9, nil)
        }
    }

    /// Runs one figure on each engine, prints `name: helios=X sqlite=Y ratio=Z`, and stops if
    /// the engines' answers differ.
    private func figure(_ name: String, _ subjects: [any SQLSubject],
                        _ body: (any SQLSubject) throws -> (operations: Int, seconds: Double, digest: RowDigest?)) throws {
        var rates: [Double] = []
        var digests: [RowDigest?] = []
        for subject in subjects {
            let outcome = try body(subject)
            rates.append(Double(outcome.operations) / outcome.seconds)
            digests.append(outcome.digest)
        }
        if let first = digests[0], let second = digests[1], first != second {
            throw BenchmarkError("\(name): the engines' answers differ: helios \(first), sqlite \(second)")
        }
        print(Report.line(name, helios: rates[0], sqlite: rates[1]))
        fflush(nil)
    }
}
