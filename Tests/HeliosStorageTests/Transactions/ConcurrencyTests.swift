// Concurrency: readers scanning while the writer commits see only whole transactions (snapshot
// isolation for reads), writers are serializable, and concurrent committers share fsyncs.

import HeliosCore
import HeliosStorage
import HeliosTesting
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct ConcurrencyTests {
    /// Runs `body(index)` on `count` OS threads and waits for all.
    static func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        var threads: [pthread_t] = []
        final class Box: @unchecked Sendable {  // immutable after init
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        for index in 0..<count {
            var thread = pthread_t()
            let box = Unmanaged.passRetained(Box { body(index) }).toOpaque()
            pthread_create(&thread, nil, { context in
                Unmanaged<Box>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            }, box)
            threads.append(thread)
        }
        for thread in threads { pthread_join(thread, nil) }
    }

    static func balance(_ bytes: [UInt8]?) -> Int64 {
        Int64(bitPattern: (bytes ?? []).reduce(0) { $0 << 8 | UInt64($1) })
    }

    static func encode(_ value: Int64) -> [UInt8] { SeededRandom.numericKey(UInt64(bitPattern: value)) }

    /// Transfers between 200 accounts keep the total constant; scanning readers must always see
    /// the same total and a version that never goes back.
    @Test func readersScanningDuringCommitsSeeWholeTransactions() throws {
        let directory = TestStores.temporaryDirectory("concurrency")
        defer { TestStores.removeDirectory(directory) }
        var options = StoreOptions()
        options.bufferPoolPages = 128
        options.durability = .normal
        let store = try Store.open(at: directory, options: options)
        let accounts = 200
        let tree = try store.write { txn throws in
            let tree = try txn.createTree(named: "accounts")
            for account in 0..<accounts { try txn.put(SeededRandom.numericKey(UInt64(account)), Self.encode(1000), in: tree) }
            return tree
        }
        let seed = TestSeed.current
        let problems = Mutex<[String]>([])
        let writersDone = Atomic<Bool>(false)
        let scans = Atomic<Int>(0)
        Self.onThreads(4) { index in
            if index == 0 {
                var random = SeededRandom(seed: seed)
                for _ in 0..<1500 {
                    do {
                        try store.write { txn throws in
                            // Several transfers per transaction, each moving money between two accounts.
                            for _ in 0..<(1 + random.below(5)) {
                                let from = SeededRandom.numericKey(UInt64(random.below(accounts)))
                                let to = SeededRandom.numericKey(UInt64(random.below(accounts)))
                                let amount = Int64(random.below(100))
                                try txn.put(from, Self.encode(Self.balance(try txn.get(from, in: tree)) - amount), in: tree)
                                try txn.put(to, Self.encode(Self.balance(try txn.get(to, in: tree)) + amount), in: tree)
                            }
                            // Padding values make pages split and merge under the readers.
                            let padding = SeededRandom.numericKey(UInt64(10_000 + random.below(2000)))
                            if random.chance(0.5) { try txn.put(padding, random.bytes(random.below(600)), in: tree) }
                            else { try txn.delete(padding, in: tree) }
                        }
                    } catch {
                        problems.withLock { $0.append("writer: \(error)") }
                    }
                }
                writersDone.store(true, ordering: .releasing)
            } else {
                var lastVersion: UInt64 = 0
                while !writersDone.load(ordering: .acquiring) {
                    do {
                        try store.read { snapshot throws in
                            if snapshot.version < lastVersion { problems.withLock { $0.append("version went back") } }
                            lastVersion = snapshot.version
                            let cursor = try snapshot.cursor(tree)
                            var total: Int64 = 0
                            var count = 0
                            var more = try cursor.first()
                            while more && count < accounts {
                                total += Self.balance(try cursor.value())
                                count += 1
                                more = try cursor.next()
                            }
                            if total != Int64(accounts) * 1000 || count != accounts {
                                problems.withLock { $0.append("version \(snapshot.version): total \(total) over \(count) accounts") }
                            }
                        }
                        scans.add(1, ordering: .relaxed)
                    } catch {
                        problems.withLock { $0.append("reader: \(error)") }
                    }
                }
            }
        }
        #expect(problems.withLock { $0 }.isEmpty, "seed \(seed): \(problems.withLock { $0.prefix(5) })")
        #expect(scans.load(ordering: .relaxed) > 0)
        _ = try store.checkIntegrity()
        try store.close()
    }

    /// Eight threads each increment a shared counter many times: write transactions are
    /// serializable, so no increment is lost, and the store shares fsyncs among committers.
    @Test func concurrentWritersLoseNoUpdateAndShareFsyncs() throws {
        let directory = TestStores.temporaryDirectory("groupcommit")
        defer { TestStores.removeDirectory(directory) }
        var options = StoreOptions()
        options.backgroundWork = false
        let store = try Store.open(at: directory, options: options)
        let tree = try store.write { try $0.createTree(named: "counter") }
        let failures = Atomic<Int>(0)
        let perThread = 150
        let syncsBefore = store.statistics.logSyncs
        Self.onThreads(8) { _ in
            for _ in 0..<perThread {
                do {
                    try store.write { txn throws in
                        let current = Self.balance(try txn.get([0], in: tree))
                        try txn.put([0], Self.encode(current + 1), in: tree)
                    }
                } catch {
                    failures.add(1, ordering: .relaxed)
                }
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
        #expect(Self.balance(try store.read { try $0.get([0], in: tree) }) == Int64(8 * perThread))
        let syncs = store.statistics.logSyncs - syncsBefore
        #expect(syncs < 8 * perThread, "every commit synced alone: \(syncs) fsyncs for \(8 * perThread) commits")
        try store.close()
    }

    /// A snapshot keeps seeing its version however much the writer changes and frees since.
    @Test func oldSnapshotsStayIntactWhileWritersReusePages() throws {
        let disk = SimulatedDisk(seed: 31)
        let store = try Store.open(at: "/db", options: TestStores.options(on: disk, poolPages: 80))
        let tree = try store.write { try $0.createTree(named: "t") }
        try store.write { txn throws in
            for index in 0..<2000 { try txn.put(SeededRandom.numericKey(UInt64(index)), [UInt8](repeating: 1, count: 100), in: tree) }
        }
        let old = try store.beginRead()
        for round in 0..<30 {
            try store.write { txn throws in
                for index in stride(from: round % 7, to: 2000, by: 7) {
                    try txn.put(SeededRandom.numericKey(UInt64(index)), [UInt8](repeating: UInt8(round + 2), count: 100), in: tree)
                }
            }
            if round % 10 == 0 { try store.checkpoint() }
        }
        let cursor = try old.cursor(tree)
        var count = 0
        var more = try cursor.first()
        while more {
            #expect(try cursor.value() == [UInt8](repeating: 1, count: 100))
            count += 1
            more = try cursor.next()
        }
        #expect(count == 2000)
        try store.close()
    }
}
