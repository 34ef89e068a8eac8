// Transaction IDs, their status, snapshots, and waiting for other transactions.
//
// Status is kept compactly: every ID below the watermark is committed unless it is in the
// aborted set; IDs from the watermark up are in progress, or recorded in the commit log tree as
// committed or aborted. A commit writes its commit-log entry durably before the transaction
// stops counting as in progress, so no snapshot sees data a crash could undo. After a crash,
// IDs handed out but neither committed nor aborted are recorded as aborted.
//
// Trees (in the store):
//   helios.clog  key: xid (u64 big-endian)  value: 1 = committed, 2 = aborted
//   helios.xact  key: "limit"               value: u64, IDs below it may have been handed out
//                key: "watermark"           value: u64, IDs below it are all resolved

public import HeliosCore
public import HeliosStorage
import Synchronization

/// Allocates transaction IDs and knows every transaction's status.
/// Invariants: 1. an ID is in progress, committed or aborted, and moves only from in progress;
/// 2. a committed transaction leaves the in-progress set only after its commit is durable;
/// 3. IDs below `limit` persisted in the store are never handed out again.
public final class TransactionManager: Sendable {
    package enum Status: Equatable, Sendable { case inProgress, committed, aborted }

    struct State {
        var next: UInt64
        var limit: UInt64
        var watermark: UInt64
        /// In-progress IDs, each with its top-level transaction (itself for top-level ones).
        var inProgress: [UInt64: UInt64] = [:]
        var aborted: Set<UInt64>
        /// Committed IDs at or above the watermark (below it, committed is the default).
        var committedAboveWatermark: Set<UInt64> = []
        /// Registered snapshots by their xmin, for the pruning horizon.
        var snapshotXmins: [UInt64: Int] = [:]
        /// Who waits for whom (top-level IDs), for deadlock detection.
        var waitsFor: [UInt64: UInt64] = [:]
    }

    let store: Store
    let clog: TreeID
    let meta: TreeID
    private let state: ConditionLock<State>
    /// IDs handed out per persisted block: after a crash, the unused rest of a block is recorded
    /// as aborted one by one, so blocks stay small (one extra deferred write per 64 transactions).
    static let idBlock: UInt64 = 64

    /// Opens the transaction state kept in `store`, creating it on first use. Every transaction
    /// that was in progress when the store last stopped is recorded as aborted.
    public init(store: Store) throws(DatabaseError) {
        self.store = store
        let txn = try store.beginWrite()
        do {
            let clog = try Self.tree(named: "helios.clog", in: txn)
            let meta = try Self.tree(named: "helios.xact", in: txn)
            let limit = try Self.readNumber("limit", in: meta, txn) ?? TransactionID.first.rawValue
            let watermark = try Self.readNumber("watermark", in: meta, txn) ?? TransactionID.first.rawValue
            var aborted = Set<UInt64>()
            var committed = Set<UInt64>()
            let cursor = try txn.cursor(clog)
            var more = try cursor.first()
            while more {
                let xid = Self.decodeNumber(cursor.key)
                let status = try cursor.value().first
                if status == 2 { aborted.insert(xid) } else if xid >= watermark { committed.insert(xid) }
                more = try cursor.next()
            }
            // Crash recovery: what was handed out but never finished aborted.
            if watermark < limit {
                for xid in watermark..<limit where !committed.contains(xid) && !aborted.contains(xid) {
                    aborted.insert(xid)
                    try txn.put(Self.encodeNumber(xid), [2], in: clog)
                }
            }
            // Everything below the limit is now resolved.
            for xid in committed { try txn.delete(Self.encodeNumber(xid), in: clog) }
            try txn.put(Array("watermark".utf8), Self.encodeNumber(limit), in: meta)
            try txn.commit()
            self.clog = clog
            self.meta = meta
            state = ConditionLock(State(next: limit, limit: limit, watermark: limit, aborted: aborted))
        } catch {
            txn.rollback()
            throw error
        }
    }

    // MARK: IDs

    /// A new top-level transaction ID. Persisting a new block of IDs uses `writer` if given
    /// (the caller holds the store's writer), else a short transaction of its own.
    package func begin(writer: WriteTransaction? = nil) throws(DatabaseError) -> TransactionID {
        try allocate(parent: nil, writer: writer)
    }

    /// A new subtransaction ID (for a savepoint) under top-level `parent`.
    package func beginSubtransaction(of parent: TransactionID, writer: WriteTransaction? = nil) throws(DatabaseError) -> TransactionID {
        try allocate(parent: parent, writer: writer)
    }

    private func allocate(parent: TransactionID?, writer: WriteTransaction?) throws(DatabaseError) -> TransactionID {
        while true {
            let granted: UInt64? = state.withLock { state in
                guard state.next < state.limit else { return nil }
                let xid = state.next
                state.next += 1
                state.inProgress[xid] = parent?.rawValue ?? xid
                return xid
            }
            if let granted { return TransactionID(granted) }
            try extendLimit(writer: writer)
        }
    }

    /// Persists a new limit before handing out IDs under it (deferred durability suffices: any
    /// durable record that uses such an ID comes later in the log).
    private func extendLimit(writer: WriteTransaction?) throws(DatabaseError) {
        let newLimit = state.withLock { max($0.limit, $0.next) + Self.idBlock }
        if let writer {
            try writer.put(Array("limit".utf8), Self.encodeNumber(newLimit), in: meta)
        } else {
            let txn = try store.beginWrite()
            do {
                try txn.put(Array("limit".utf8), Self.encodeNumber(newLimit), in: meta)
                try txn.commit(deferringDurability: true)
            } catch {
                txn.rollback()
                throw error
            }
        }
        state.withLock { $0.limit = max($0.limit, newLimit) }
    }

    // MARK: snapshots

    /// A snapshot of the transactions committed now. Register it (`register`) for as long as it
    /// is used, so that row versions it may see are not pruned.
    package func snapshot(own: Set<UInt64> = [], command: UInt32 = 0) -> Snapshot {
        state.withLock { state in
            var active = Set<UInt64>()
            active.reserveCapacity(state.inProgress.count)
            for xid in state.inProgress.keys where !own.contains(xid) { active.insert(xid) }
            return Snapshot(xmax: TransactionID(state.next), active: active, aborted: state.aborted, own: own, command: command)
        }
    }

    /// The oldest transaction a snapshot may still see as in progress or not yet started.
    package static func xmin(of snapshot: Snapshot) -> UInt64 {
        min(snapshot.active.min() ?? snapshot.xmax.rawValue, snapshot.xmax.rawValue)
    }

    package func register(_ snapshot: Snapshot) {
        let xmin = Self.xmin(of: snapshot)
        state.withLock { $0.snapshotXmins[xmin, default: 0] += 1 }
    }

    package func unregister(_ snapshot: Snapshot) {
        let xmin = Self.xmin(of: snapshot)
        state.withLock { state in
            guard let count = state.snapshotXmins[xmin] else { preconditionFailure("unregistering an unknown snapshot") }
            state.snapshotXmins[xmin] = count == 1 ? nil : count - 1
        }
    }

    /// Versions deleted by a transaction that committed below this ID are invisible to every
    /// snapshot now and later: they may be pruned.
    package var pruningHorizon: TransactionID {
        state.withLock { state in
            var horizon = state.next
            if let oldest = state.snapshotXmins.keys.min() { horizon = min(horizon, oldest) }
            if let running = state.inProgress.keys.min() { horizon = min(horizon, running) }
            return TransactionID(horizon)
        }
    }

    // MARK: status

    package func status(of xid: TransactionID) -> Status {
        if xid == .frozen { return .committed }
        return state.withLock { state in
            if state.inProgress[xid.rawValue] != nil { return .inProgress }
            if state.aborted.contains(xid.rawValue) { return .aborted }
            if xid.rawValue >= state.next { return .aborted }  // never handed out
            return .committed
        }
    }

    // MARK: ending transactions

    /// Commits top-level transaction `top` with its subtransactions: `committed` ones count as
    /// committed, `rolledBack` ones as aborted. Returns once the commit is durable; only then
    /// do other snapshots see it.
    /// `alsoWriting` adds store writes that must be atomic with the commit record.
    package func commit(_ top: TransactionID, subtransactions committed: [TransactionID] = [],
                        rolledBack: [TransactionID] = [],
                        alsoWriting: (WriteTransaction) throws(DatabaseError) -> Void = { _ in }) throws(DatabaseError) {
        let txn = try store.beginWrite()
        do {
            for xid in [top] + committed { try txn.put(Self.encodeNumber(xid.rawValue), [1], in: clog) }
            for xid in rolledBack { try txn.put(Self.encodeNumber(xid.rawValue), [2], in: clog) }
            try alsoWriting(txn)
            try txn.commit()
        } catch {
            txn.rollback()
            throw error
        }
        state.withLockThenBroadcast { state in
            for xid in [top] + committed {
                state.inProgress[xid.rawValue] = nil
                state.committedAboveWatermark.insert(xid.rawValue)
            }
            for xid in rolledBack {
                state.inProgress[xid.rawValue] = nil
                state.aborted.insert(xid.rawValue)
            }
            state.waitsFor[top.rawValue] = nil
        }
    }

    /// Aborts transactions (a top-level one with all its subtransactions, or the
    /// subtransactions of a savepoint being rolled back). Recording it need not be durable: after
    /// a crash an unfinished transaction counts as aborted anyway.
    package func abort(_ xids: [TransactionID]) throws(DatabaseError) {
        guard !xids.isEmpty else { return }
        state.withLockThenBroadcast { state in
            for xid in xids {
                state.inProgress[xid.rawValue] = nil
                state.aborted.insert(xid.rawValue)
                state.waitsFor[xid.rawValue] = nil
            }
        }
        let txn = try store.beginWrite()
        do {
            for xid in xids { try txn.put(Self.encodeNumber(xid.rawValue), [2], in: clog) }
            try txn.commit(deferringDurability: true)
        } catch {
            txn.rollback()
            throw error
        }
    }

    /// Waits until `xid` (in progress, held by another transaction) commits or aborts, and
    /// returns its outcome. `waiter` is the waiting top-level transaction, for deadlock
    /// detection: if waiting would close a cycle, the waiter gets 40P01.
    package func waitForEnd(of xid: TransactionID, waiter: TransactionID) throws(DatabaseError) -> Status {
        let deadlock: Bool = state.withLock { state in
            guard let blocker = state.inProgress[xid.rawValue] else { return false }
            var current = blocker
            var steps = 0
            while let next = state.waitsFor[current], steps <= state.waitsFor.count {
                if next == waiter.rawValue { return true }
                current = next
                steps += 1
            }
            if blocker == waiter.rawValue { return false }
            state.waitsFor[waiter.rawValue] = blocker
            return false
        }
        if deadlock {
            throw DatabaseError(.deadlockDetected, "deadlock detected",
                                detail: "Transaction \(waiter) waits for transaction \(xid), which waits for transaction \(waiter).",
                                hint: "See server log for query details.")
        }
        state.withLock(when: { $0.inProgress[xid.rawValue] == nil }) { state in
            state.waitsFor[waiter.rawValue] = nil
        }
        return status(of: xid)
    }

    // MARK: encoding

    package static func encodeNumber(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    package static func decodeNumber(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The tree called `name`, created if missing.
    static func tree(named name: String, in txn: WriteTransaction) throws(DatabaseError) -> TreeID {
        if let existing = try txn.tree(named: name) { return existing }
        return try txn.createTree(named: name)
    }

    private static func readNumber(_ name: String, in tree: TreeID, _ txn: WriteTransaction) throws(DatabaseError) -> UInt64? {
        try txn.get(Array(name.utf8), in: tree).map(decodeNumber)
    }
}
