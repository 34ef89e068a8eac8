// Waiting for row locks across threads: a READ COMMITTED writer waits for the transaction that
// holds the row and then follows its committed change (so no increment is lost); waits that
// would close a cycle fail with 40P01; a REPEATABLE READ writer fails with 40001 instead.

import HeliosCore
import HeliosEngine
import HeliosStorage
import HeliosTesting
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct RowLockTests {
    static func openStore(_ name: String) throws -> (Store, TransactionManager, TreeID, String) {
        let directory = "/tmp/helios-rowlock-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var options = StoreOptions()
        options.durability = .normal
        let store = try Store.open(at: directory, options: options)
        let manager = try TransactionManager(store: store)
        let tree = try store.write { try $0.createTree(named: "rows") }
        return (store, manager, tree, directory)
    }

    /// A minimal READ COMMITTED increment of the counter under `key`, as an UPDATE statement
    /// runs it: find the row with the statement's snapshot, change it, and on a concurrent
    /// change wait, re-read the newest version and try again.
    static func increment(_ key: [UInt8], store: Store, manager: TransactionManager, tree: TreeID,
                          xid: TransactionID, command: UInt32) throws {
        var snapshot = manager.snapshot(own: [xid.rawValue], command: command)
        manager.register(snapshot)
        defer { manager.unregister(snapshot) }
        var current = try store.read(latestCommitted: true) { try RowStore.fetch(key, in: tree, from: $0, snapshot: snapshot) }
        while let value = current {
            let next = Self.number(value) + 1
            let writer = RowWriter(xid: xid, top: xid, own: [xid.rawValue], command: command, snapshot: snapshot,
                                   followsConcurrentUpdates: true, pruningHorizon: manager.pruningHorizon)
            let txn = try store.beginWrite()
            let outcome = try RowStore.change(key, to: Self.bytes(next), in: tree, txn, writer, manager: manager)
            try txn.commit(deferringDurability: true)
            switch outcome {
            case .done: return
            case .mustWait(let holder):
                _ = try manager.waitForEnd(of: holder, waiter: xid)
                // The holder ended: look again with a fresh snapshot (READ COMMITTED re-reads).
                manager.unregister(snapshot)
                snapshot = manager.snapshot(own: [xid.rawValue], command: command)
                manager.register(snapshot)
                current = try store.read(latestCommitted: true) { try RowStore.fetch(key, in: tree, from: $0, snapshot: snapshot) }
            case .changedConcurrently(let newest):
                current = newest
                manager.unregister(snapshot)
                snapshot = manager.snapshot(own: [xid.rawValue], command: command)
                manager.register(snapshot)
            default:
                Issue.record("unexpected outcome \(outcome)")
                return
            }
        }
    }

    static func number(_ bytes: [UInt8]) -> UInt64 { bytes.reduce(0) { $0 << 8 | UInt64($1) } }
    static func bytes(_ value: UInt64) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }

    @Test func concurrentReadCommittedIncrementsLoseNothing() throws {
        let (store, manager, tree, directory) = try Self.openStore("increments")
        defer { _ = system("rm -rf \(directory)") }
        let setup = try manager.begin()
        let writer = RowWriter(xid: setup, top: setup, own: [setup.rawValue], command: 1, snapshot: manager.snapshot(own: [setup.rawValue], command: 1),
                               followsConcurrentUpdates: true, pruningHorizon: manager.pruningHorizon)
        try store.write { txn in _ = try RowStore.insert([7], Self.bytes(0), in: tree, txn, writer, manager: manager) }
        try manager.commit(setup)

        let failures = Mutex<[String]>([])
        let perThread = 60
        ConcurrencyTests.onThreads(6) { _ in
            for _ in 0..<perThread {
                do {
                    let xid = try manager.begin()
                    try Self.increment([7], store: store, manager: manager, tree: tree, xid: xid, command: 1)
                    // Hold the row a little while, so that others must wait.
                    usleep(200)
                    try manager.commit(xid)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0.prefix(3) })")
        let final = try store.read(latestCommitted: true) { try RowStore.fetch([7], in: tree, from: $0, snapshot: manager.snapshot()) }
        #expect(final.map(Self.number) == UInt64(6 * perThread))
        try store.close()
    }

    @Test func aWaitThatClosesACycleIsADeadlock() throws {
        let (store, manager, tree, directory) = try Self.openStore("deadlock")
        defer { _ = system("rm -rf \(directory)") }
        let setup = try manager.begin()
        let writer = RowWriter(xid: setup, top: setup, own: [setup.rawValue], command: 1, snapshot: manager.snapshot(own: [setup.rawValue], command: 1),
                               followsConcurrentUpdates: true, pruningHorizon: manager.pruningHorizon)
        try store.write { txn in
            _ = try RowStore.insert([1], Self.bytes(0), in: tree, txn, writer, manager: manager)
            _ = try RowStore.insert([2], Self.bytes(0), in: tree, txn, writer, manager: manager)
        }
        try manager.commit(setup)

        let first = try manager.begin()
        let second = try manager.begin()
        try Self.increment([1], store: store, manager: manager, tree: tree, xid: first, command: 1)
        try Self.increment([2], store: store, manager: manager, tree: tree, xid: second, command: 1)
        let outcomes = Mutex<[String]>([])
        ConcurrencyTests.onThreads(2) { index in
            let (me, key) = index == 0 ? (first, [UInt8(2)]) : (second, [UInt8(1)])
            if index == 1 { usleep(50_000) }  // the first waits before the second closes the cycle
            do {
                try Self.increment(key, store: store, manager: manager, tree: tree, xid: me, command: 2)
                try manager.commit(me)
                outcomes.withLock { $0.append("committed") }
            } catch let error as DatabaseError {
                outcomes.withLock { $0.append(error.state.code) }
                try? manager.abort([me])
            } catch {
                outcomes.withLock { $0.append("other") }
            }
        }
        #expect(outcomes.withLock { $0.sorted() } == ["40P01", "committed"])
        try store.close()
    }

    @Test func repeatableReadFailsToSerializeAConcurrentUpdate() throws {
        let (store, manager, tree, directory) = try Self.openStore("serialize")
        defer { _ = system("rm -rf \(directory)") }
        let setup = try manager.begin()
        let setupWriter = RowWriter(xid: setup, top: setup, own: [setup.rawValue], command: 1,
                                    snapshot: manager.snapshot(own: [setup.rawValue], command: 1),
                                    followsConcurrentUpdates: true, pruningHorizon: manager.pruningHorizon)
        try store.write { txn in _ = try RowStore.insert([1], Self.bytes(0), in: tree, txn, setupWriter, manager: manager) }
        try manager.commit(setup)

        let reader = try manager.begin()
        let snapshot = manager.snapshot(own: [reader.rawValue], command: 1)  // taken before the update
        let updater = try manager.begin()
        try Self.increment([1], store: store, manager: manager, tree: tree, xid: updater, command: 1)
        try manager.commit(updater)
        let writer = RowWriter(xid: reader, top: reader, own: [reader.rawValue], command: 2, snapshot: snapshot,
                               followsConcurrentUpdates: false, pruningHorizon: manager.pruningHorizon)
        let error = #expect(throws: DatabaseError.self) {
            try store.write { txn in _ = try RowStore.change([1], to: Self.bytes(9), in: tree, txn, writer, manager: manager) }
        }
        #expect(error?.state == .serializationFailure)
        try store.close()
    }
}

/// Runs `body(index)` on `count` OS threads and waits for all.
enum ConcurrencyTests {
    static func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let threads = (0..<count).map { index in BackgroundThread(name: "test \(index)") { body(index) } }
        for thread in threads { thread.join() }
    }
}
