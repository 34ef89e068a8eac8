// CREATE INDEX CONCURRENTLY: writers keep writing at every step of the build (each write runs
// on another thread and must finish while the build waits for it — a writer that needed the
// build's locks would time out), the finished index holds exactly the entries its table's row
// versions call for (IndexCheck), a transaction that read the catalog before the index existed
// still keeps it (with plain CREATE INDEX too), and a build that fails or crashes leaves nothing
// behind.

import Foundation
import HeliosCore
import HeliosEngine
import HeliosStorage
import HeliosTesting
import Synchronization
import Testing

/// Lets a test hand a session to a writer thread (one thread uses it at a time).
private final class Shared<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Runs `body` on a thread of its own; false if it failed or did not finish within 30 s.
private func runsAlongside(_ body: @escaping @Sendable () throws -> Void) -> Bool {
    let done = DispatchSemaphore(value: 0)
    let outcome = Mutex<Bool>(false)
    let thread = Thread {
        do {
            try body()
            outcome.withLock { $0 = true }
        } catch {
            Issue.record("a write during the build failed: \(error)")
        }
        done.signal()
    }
    thread.start()
    guard done.wait(timeout: .now() + 30) == .success else { return false }
    return outcome.withLock { $0 }
}

@Suite struct OnlineIndexBuildTests {
    /// t: 3,000 rows, k = i % 100.
    private func table(_ db: SQLTestDatabase) throws {
        try db.tag("CREATE TABLE t (id int PRIMARY KEY, k int, v text)")
        try db.tag("INSERT INTO t SELECT i, i % 100, 'row ' || i FROM generate_series(1, 3000) i")
    }

    private func usesIndex(_ db: SQLTestDatabase, _ query: String, _ index: String) throws -> Bool {
        try db.rows("EXPLAIN (COSTS OFF) " + query).joined().joined().contains(index)
    }

    @Test func writersGoOnDuringEveryStepAndTheIndexIsExact() async throws {
        try await offThePool {
            let db = try SQLTestDatabase()
            try table(db)
            let writer = Shared(db.database.connect(user: "postgres"))
            // A transaction whose snapshot (and catalog) is older than the index: it begins
            // before the publish and writes after it.
            let old = Shared(db.database.connect(user: "postgres"))
            let step = Mutex(0)
            db.database.indexBuilds.observe { (phase) throws(DatabaseError) in
                let n = step.withLock { $0 += 1; return $0 }
                if phase == .filled {
                    try old.value.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
                    _ = try old.value.query("SELECT count(*) FROM t")
                }
                let id = 10_000 + n
                let finished = runsAlongside {
                    let session = writer.value
                    try session.execute("INSERT INTO t VALUES (\(id), \(id % 100), 'during \(phase)')")
                    try session.execute("UPDATE t SET k = k + 1000 WHERE id = \(n * 10)")
                    try session.execute("DELETE FROM t WHERE id = \(n * 10 + 1)")
                    // Rewritten again and again: its old versions are pruned while the build runs.
                    for round in 0..<5 { try session.execute("UPDATE t SET k = \(500 + n * 10 + round) WHERE id = 2999") }
                }
                if !finished { Issue.record("a writer waited for the build at \(phase)") }
            }
            #expect(try db.tag("CREATE INDEX CONCURRENTLY t_k ON t (k)") == "CREATE INDEX")
            db.database.indexBuilds.observe(nil)
            #expect(step.withLock { $0 } >= 6, "registered, scanned, 3 chunks or more, filled, published")
            #expect(try db.rows("SELECT count(*) FROM pg_indexes WHERE indexname = 't_k'", in: old.value) == [["0"]])
            try db.tag("UPDATE t SET k = 5555 WHERE id = 7", in: old.value)
            try db.tag("INSERT INTO t VALUES (20000, 7777, 'old snapshot')", in: old.value)
            try db.tag("COMMIT", in: old.value)

            #expect(try db.database.indexDiscrepancies(table: "t") == [])
            try db.tag("SET enable_seqscan = off")
            #expect(try usesIndex(db, "SELECT id FROM t WHERE k = 5555", "t_k"))
            #expect(try db.rows("SELECT id FROM t WHERE k = 5555") == [["7"]])
            #expect(try db.rows("SELECT id FROM t WHERE k = 7777") == [["20000"]])
            #expect(try db.rows("SELECT id FROM t WHERE k = 1010") == [["10"]])  // updated during the build
            // Index answers equal the table's, value by value.
            try db.tag("SET enable_seqscan = on")
            try db.tag("SET enable_indexscan = off")
            let scanned = try db.rows("SELECT k, count(*) FROM t GROUP BY k ORDER BY k")
            try db.tag("RESET enable_indexscan")
            try db.tag("SET enable_seqscan = off")
            #expect(scanned.count > 100)
            for row in scanned {
                #expect(try db.rows("SELECT count(*) FROM t WHERE k = \(row[0])") == [[row[1]]], "k = \(row[0])")
            }
            #expect(db.database.indexBuilds.registered.allSatisfy { $0.index.name == "t_k" })
            writer.value.close()
            old.value.close()
        }
    }

    @Test(arguments: ["CREATE INDEX t_k ON t (k)", "CREATE INDEX CONCURRENTLY t_k ON t (k)"])
    func aTransactionOlderThanTheIndexStillKeepsIt(_ create: String) throws {
        let db = try SQLTestDatabase()
        try table(db)
        let old = db.database.connect(user: "postgres")
        try db.tag("BEGIN ISOLATION LEVEL REPEATABLE READ", in: old)
        #expect(try db.rows("SELECT count(*) FROM t", in: old) == [["3000"]])
        try db.tag(create)
        // Its catalog has no t_k, yet its rows must reach t_k.
        try db.tag("INSERT INTO t VALUES (4242, 4242, 'old')", in: old)
        try db.tag("UPDATE t SET k = 4343 WHERE id = 5", in: old)
        try db.tag("COMMIT", in: old)
        #expect(try db.database.indexDiscrepancies(table: "t") == [])
        try db.tag("SET enable_seqscan = off")
        #expect(try usesIndex(db, "SELECT id FROM t WHERE k = 4242", "t_k"))
        #expect(try db.rows("SELECT id FROM t WHERE k = 4242") == [["4242"]])
        #expect(try db.rows("SELECT id FROM t WHERE k = 4343") == [["5"]])
        // Once no transaction that old is left, writers stop asking.
        try db.tag("INSERT INTO t VALUES (4244, 1, 'new')")
        #expect(db.database.indexBuilds.registered.isEmpty)
        old.close()
    }

    @Test func aFailedBuildLeavesNothingBehind() async throws {
        try await offThePool {
            let db = try SQLTestDatabase()
            try table(db)
            db.database.indexBuilds.observe { (phase) throws(DatabaseError) in
                if phase == .filledChunk(1) { throw DatabaseError(.queryCanceled, "canceling statement due to user request") }
            }
            #expect(db.state("CREATE INDEX CONCURRENTLY t_k ON t (k)") == "57014")
            db.database.indexBuilds.observe(nil)
            #expect(try db.rows("SELECT count(*) FROM pg_indexes WHERE indexname = 't_k'") == [["0"]])
            #expect(db.database.indexBuilds.registered.isEmpty)
            #expect(try indexTreeCount(db.database.store) == 0)
            try db.tag("INSERT INTO t VALUES (5000, 1, 'after')")
            // The same statement works again, and in a transaction block it is refused.
            #expect(try db.tag("CREATE INDEX CONCURRENTLY t_k ON t (k)") == "CREATE INDEX")
            #expect(try db.database.indexDiscrepancies(table: "t") == [])
            try db.tag("BEGIN")
            #expect(db.state("CREATE INDEX CONCURRENTLY t_v ON t (v)") == "25001")
            try db.tag("ROLLBACK")
            #expect(try db.tag("CREATE INDEX CONCURRENTLY IF NOT EXISTS t_k ON t (k)") == "CREATE INDEX")
            #expect(try db.tag("CREATE UNIQUE INDEX CONCURRENTLY t_id_v ON t (id, v)") == "CREATE INDEX")
        }
    }

    @Test func aTableChangedDuringTheBuildFailsItCleanly() async throws {
        try await offThePool {
            let db = try SQLTestDatabase()
            try table(db)
            let other = Shared(db.database.connect(user: "postgres"))
            db.database.indexBuilds.observe { (phase) throws(DatabaseError) in
                if phase == .scanned {
                    // DDL on the table while the build runs: the build must not hold the DDL lock.
                    if !runsAlongside({ try other.value.execute("ALTER TABLE t ADD COLUMN z int") }) {
                        Issue.record("ALTER TABLE waited for the build")
                    }
                }
            }
            #expect(db.state("CREATE INDEX CONCURRENTLY t_k ON t (k)") == "55000")
            db.database.indexBuilds.observe(nil)
            #expect(try indexTreeCount(db.database.store) == 0)
            #expect(db.database.indexBuilds.registered.isEmpty)
            other.value.close()
        }
    }

    @Test func aCrashMidBuildLosesNoRowAndLeavesNoTree() async throws {
        try await offThePool {
            let disk = SimulatedDisk(seed: 11)
            var options = StoreOptions()
            options.fileSystem = disk
            options.backgroundWork = false
            let crashed = Mutex<SimulatedDisk?>(nil)
            do {
                let database = try Database.open(at: "/db", options: options)
                let session = database.connect(user: "postgres")
                try session.execute("CREATE TABLE t (id int PRIMARY KEY, k int)")
                try session.execute("INSERT INTO t SELECT i, i % 10 FROM generate_series(1, 3000) i")
                database.indexBuilds.observe { (phase) throws(DatabaseError) in
                    if phase == .filledChunk(2) {
                        // Every write so far reaches the disk, the build's unsynced chunks too.
                        crashed.withLock { $0 = disk.crash(keepingUnsyncedWrites: true) }
                        throw DatabaseError(.adminShutdown, "crashed")
                    }
                }
                #expect(throws: DatabaseError.self) { try session.execute("CREATE INDEX CONCURRENTLY t_k ON t (k)") }
            }
            guard let copy = crashed.withLock({ $0 }) else {
                Issue.record("the build never reached its second chunk")
                return
            }
            options.fileSystem = copy
            let database = try Database.open(at: "/db", options: options)
            #expect(try indexTreeCount(database.store) == 0)
            let session = database.connect(user: "postgres")
            #expect(try session.query("SELECT count(*), sum(k) FROM t").textRows == [["3000", "13500"]])
            try session.execute("CREATE INDEX CONCURRENTLY t_k ON t (k)")
            #expect(try database.indexDiscrepancies(table: "t") == [])
            session.close()
            try database.close()
        }
    }

    /// Trees of secondary indexes in the store (primary keys are their tables' trees).
    private func indexTreeCount(_ store: Store) throws -> Int {
        let reader = try store.beginRead(latestCommitted: true)
        return try reader.trees().filter { $0.name.contains("helios.idx.") }.count
    }
}
