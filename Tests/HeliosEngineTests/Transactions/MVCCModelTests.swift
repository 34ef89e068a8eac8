// Multi-version concurrency control against a reference model: several sessions interleave
// reads, inserts, updates, deletes, commits and rollbacks on one table at READ COMMITTED and
// REPEATABLE READ; every read must return what the model says the session's snapshot sees,
// and every write must succeed, wait, find a duplicate, or fail to serialize exactly when the
// model says so. Reopening the store (recovery) keeps committed rows and drops the rest.

import HeliosCore
import HeliosEngine
import HeliosStorage
import HeliosTesting
import Testing

@Suite struct MVCCModelTests {
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func sessionsMatchTheReferenceModel(seedOffset: UInt64) throws {
        let seed = TestSeed.current &+ seedOffset
        var harness = try MVCCHarness(seed: seed)
        do {
            try harness.run(steps: 4000)
        } catch {
            Issue.record("seed \(seed) step \(harness.step): \(error)")
        }
        #expect(harness.mismatches.isEmpty, "seed \(seed): \(harness.mismatches.prefix(5))")
    }
}

/// One session in the model and in the engine.
struct MVCCSession {
    var inTransaction = false
    var repeatableRead = false
    /// Model: commit sequence of the snapshot, and this transaction's own writes (nil = deleted).
    var snapshotSequence = 0
    var writes: [UInt8: [UInt8]?] = [:]
    /// Engine.
    var xid: TransactionID?
    var snapshot: Snapshot?
    var command: UInt32 = 0
}

struct MVCCHarness {
    var random: SeededRandom
    var disk: SimulatedDisk
    var store: Store
    var manager: TransactionManager
    var tree: TreeID
    var sessions = [MVCCSession](repeating: MVCCSession(), count: 4)
    /// Model: committed history per key, (sequence, value or nil for deleted).
    var committed: [UInt8: [(sequence: Int, value: [UInt8]?)]] = [:]
    var sequence = 0
    var step = 0
    var mismatches: [String] = []

    init(seed: UInt64) throws {
        random = SeededRandom(seed: seed)
        disk = SimulatedDisk(seed: seed)
        var options = StoreOptions()
        options.fileSystem = disk
        options.pageSize = 4096
        options.bufferPoolPages = 256
        options.logSegmentSize = 64 * 1024
        options.backgroundWork = false
        store = try Store.open(at: "/db", options: options)
        manager = try TransactionManager(store: store)
        tree = try store.write { try $0.createTree(named: "rows") }
    }

    // MARK: model

    func latestCommitted(_ key: UInt8, atOrBefore limit: Int = .max) -> (sequence: Int, value: [UInt8]?)? {
        committed[key]?.last { $0.sequence <= limit }
    }

    func modelVisible(_ key: UInt8, _ session: MVCCSession) -> [UInt8]? {
        if let own = session.writes[key] { return own }
        return latestCommitted(key, atOrBefore: session.snapshotSequence)?.value ?? nil
    }

    /// The session (other than `index`) holding an uncommitted write to `key`.
    func holder(of key: UInt8, except index: Int) -> Int? {
        sessions.indices.first { $0 != index && sessions[$0].inTransaction && sessions[$0].writes[key] != nil }
    }

    // MARK: driver

    mutating func run(steps: Int) throws {
        while step < steps {
            step += 1
            let index = random.below(sessions.count)
            if !sessions[index].inTransaction {
                begin(index)
                continue
            }
            switch random.below(100) {
            case 0..<30: try read(index)
            case 30..<50: try write(index, kind: .insert)
            case 50..<70: try write(index, kind: .update)
            case 70..<80: try write(index, kind: .delete)
            case 80..<92: try commit(index)
            case 92..<98: try rollback(index)
            default: try reopen()
            }
        }
    }

    mutating func begin(_ index: Int) {
        sessions[index] = MVCCSession(inTransaction: true, repeatableRead: random.chance(0.5), snapshotSequence: sequence)
    }

    /// The snapshot the session's next command uses (READ COMMITTED: a new one per command).
    mutating func prepareCommand(_ index: Int) {
        sessions[index].command += 1
        var own: Set<UInt64> = []
        if let xid = sessions[index].xid { own.insert(xid.rawValue) }
        if sessions[index].snapshot == nil || !sessions[index].repeatableRead {
            if let old = sessions[index].snapshot { manager.unregister(old) }
            let snapshot = manager.snapshot(own: own, command: sessions[index].command)
            manager.register(snapshot)
            sessions[index].snapshot = snapshot
            sessions[index].snapshotSequence = sequence
        }
        sessions[index].snapshot!.own = own
        sessions[index].snapshot!.command = sessions[index].command
    }

    mutating func read(_ index: Int) throws {
        prepareCommand(index)
        let key = UInt8(random.below(12))
        let actual = try store.read(latestCommitted: true) { reader in
            try RowStore.fetch([key], in: tree, from: reader, snapshot: sessions[index].snapshot!)
        }
        let expected = modelVisible(key, sessions[index])
        if actual != expected {
            mismatches.append("step \(step): session \(index) read \(key): \(String(describing: actual)) expected \(String(describing: expected))")
        }
    }

    enum WriteKind { case insert, update, delete }

    mutating func write(_ index: Int, kind: WriteKind) throws {
        prepareCommand(index)
        let key = UInt8(random.below(12))
        let visible = modelVisible(key, sessions[index])
        // Updates and deletes only touch rows the session's snapshot sees, as a statement would.
        if kind != .insert && visible == nil { return }
        // A REPEATABLE READ snapshot that still sees a row another transaction deleted and
        // committed since: an insert of its key goes through (the row is dead), as in
        // PostgreSQL, and the old version stays visible to this snapshot under the new one.
        // The model keeps one value per key, not versions, so it leaves this case out.
        if kind == .insert && sessions[index].repeatableRead && sessions[index].writes[key] == nil && visible != nil
            && (latestCommitted(key)?.value ?? nil) == nil {
            return
        }
        if sessions[index].xid == nil {
            let xid = try manager.begin()
            sessions[index].xid = xid
            sessions[index].snapshot!.own.insert(xid.rawValue)
        }
        let session = sessions[index]
        let writer = RowWriter(xid: session.xid!, top: session.xid!, own: [session.xid!.rawValue], command: session.command,
                               snapshot: session.snapshot!, followsConcurrentUpdates: !session.repeatableRead,
                               pruningHorizon: manager.pruningHorizon)
        let value: [UInt8] = [UInt8(index), UInt8(truncatingIfNeeded: step), UInt8(truncatingIfNeeded: step >> 8)]
        let txn = try store.beginWrite()
        var outcome: Result<RowWriteOutcome, DatabaseError>
        switch kind {
        case .insert: outcome = Result { () throws(DatabaseError) in try RowStore.insert([key], value, in: tree, txn, writer, manager: manager) }
        case .update: outcome = Result { () throws(DatabaseError) in try RowStore.change([key], to: value, in: tree, txn, writer, manager: manager) }
        case .delete: outcome = Result { () throws(DatabaseError) in try RowStore.change([key], to: nil, in: tree, txn, writer, manager: manager) }
        }
        try txn.commit(deferringDurability: true)

        // What the model expects.
        let expected: String
        if let other = holder(of: key, except: index) {
            expected = "wait \(sessions[other].xid!)"
        } else if kind == .insert {
            let live = session.writes[key] ?? latestCommitted(key)?.value ?? nil
            expected = live == nil ? "done" : "duplicate"
        } else if session.writes[key] != nil {
            expected = "done"
        } else {
            let latest = latestCommitted(key)!
            if latest.sequence > session.snapshotSequence {
                expected = session.repeatableRead ? "serialization" : (latest.value == nil ? "notFound" : "concurrent")
            } else {
                expected = "done"
            }
        }
        let actual: String
        switch outcome {
        case .success(.done): actual = "done"
        case .success(.mustWait(let xid)): actual = "wait \(xid)"
        case .success(.duplicate): actual = "duplicate"
        case .success(.notFound): actual = "notFound"
        case .success(.changedConcurrently): actual = "concurrent"
        case .success(.alreadyChangedByThisCommand): actual = "self"
        case .failure(let error): actual = error.state == .serializationFailure ? "serialization" : "error \(error)"
        }
        if actual != expected {
            mismatches.append("step \(step): session \(index) \(kind) \(key): \(actual), expected \(expected)")
        }
        if actual == "done" { sessions[index].writes[key] = kind == .delete ? .some(nil) : value }
        if actual == "serialization" { try rollback(index) }
    }

    mutating func commit(_ index: Int) throws {
        if let xid = sessions[index].xid {
            try manager.commit(xid)
            sequence += 1
            for (key, value) in sessions[index].writes { committed[key, default: []].append((sequence, value)) }
        }
        end(index)
    }

    mutating func rollback(_ index: Int) throws {
        if let xid = sessions[index].xid { try manager.abort([xid]) }
        end(index)
    }

    mutating func end(_ index: Int) {
        if let snapshot = sessions[index].snapshot { manager.unregister(snapshot) }
        sessions[index] = MVCCSession()
    }

    /// Clean restart: open transactions are lost (aborted), committed ones stay.
    mutating func reopen() throws {
        for index in sessions.indices where sessions[index].inTransaction { end(index) }
        try store.close()
        var options = StoreOptions()
        options.fileSystem = disk
        options.pageSize = 4096
        options.bufferPoolPages = 256
        options.backgroundWork = false
        store = try Store.open(at: "/db", options: options)
        manager = try TransactionManager(store: store)
        // Every key as the model's latest committed state has it.
        let snapshot = manager.snapshot()
        for key in UInt8(0)..<12 {
            let actual = try store.read(latestCommitted: true) { try RowStore.fetch([key], in: tree, from: $0, snapshot: snapshot) }
            let expected = latestCommitted(key)?.value ?? nil
            if actual != expected { mismatches.append("step \(step): after reopen key \(key): \(String(describing: actual)) expected \(String(describing: expected))") }
        }
    }
}

extension Store {
    func read<Result>(latestCommitted: Bool, _ body: (ReadTransaction) throws -> Result) throws -> Result {
        let transaction = try beginRead(latestCommitted: latestCommitted)
        return try body(transaction)
    }
}
