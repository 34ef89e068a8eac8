// Reading and writing versioned rows in one tree, PostgreSQL's MVCC rules: a reader picks the
// version its snapshot sees; a writer adds a version on top (or marks the newest deleted or
// locked) and must wait when another transaction in progress got there first. Versions no
// snapshot can see any more are pruned whenever a row is rewritten.

package import HeliosCore
package import HeliosStorage

/// Who is writing: a (sub)transaction, its command, its snapshot and isolation.
package struct RowWriter {
    /// The ID the new versions carry (the innermost open subtransaction, or the top level).
    package var xid: TransactionID
    /// The top-level transaction (the one that waits, and that others wait for).
    package var top: TransactionID
    /// Every ID whose changes are this transaction's own (top level and live subtransactions).
    package var own: Set<UInt64>
    package var command: UInt32
    package var snapshot: Snapshot
    /// Whether a row changed by a transaction that committed after the snapshot may be
    /// re-read and changed (READ COMMITTED), or is a serialization failure.
    package var followsConcurrentUpdates: Bool
    package var pruningHorizon: TransactionID

    package init(xid: TransactionID, top: TransactionID, own: Set<UInt64>, command: UInt32, snapshot: Snapshot,
                 followsConcurrentUpdates: Bool, pruningHorizon: TransactionID) {
        self.xid = xid
        self.top = top
        self.own = own
        self.command = command
        self.snapshot = snapshot
        self.followsConcurrentUpdates = followsConcurrentUpdates
        self.pruningHorizon = pruningHorizon
    }
}

/// What happened to a write.
package enum RowWriteOutcome: Equatable {
    /// Done; `pruned` holds the data of versions removed as invisible to everyone (their index
    /// entries may go), and `rowRemoved` says the whole entry went.
    case done(pruned: [[UInt8]], rowRemoved: Bool)
    /// Another transaction in progress holds the row: wait for it to end, then retry.
    case mustWait(TransactionID)
    /// (Insert) A live row already has this key.
    case duplicate
    /// (Update, delete, lock) The row is gone: deleted by this transaction or by one this
    /// writer's snapshot sees, or never there.
    case notFound
    /// (Update, delete, lock) A transaction that committed after the snapshot changed the row;
    /// READ COMMITTED re-checks the statement's conditions against `newest` and retries.
    case changedConcurrently(newest: [UInt8])
    /// (Update, delete, lock) This very command already changed the row.
    case alreadyChangedByThisCommand
}

/// Row operations on one tree.
package enum RowStore {
    /// The data of the version `snapshot` sees under `key`.
    package static func fetch(_ key: [UInt8], in tree: TreeID, from reader: ReadTransaction,
                              snapshot: Snapshot) throws(DatabaseError) -> [UInt8]? {
        try key.withBytes { (raw) throws(DatabaseError) in
            try reader.withValue(raw, in: tree) { (chain) throws(DatabaseError) in
                guard let chain else { return nil }
                return try snapshot.visibleVersion(chain).map { Array($0) }
            }
        }
    }

    /// The same inside a write transaction (which sees its own earlier changes to the tree).
    package static func fetch(_ key: [UInt8], in tree: TreeID, from writer: WriteTransaction,
                              snapshot: Snapshot) throws(DatabaseError) -> [UInt8]? {
        guard let chain = try writer.get(key, in: tree) else { return nil }
        return try chain.withBytes { (raw) throws(DatabaseError) in try snapshot.visibleVersion(raw).map { Array($0) } }
    }

    /// Inserts a row under `key`.
    package static func insert(_ key: [UInt8], _ data: [UInt8], in tree: TreeID, _ txn: WriteTransaction,
                               _ writer: RowWriter, manager: TransactionManager) throws(DatabaseError) -> RowWriteOutcome {
        let new = RowVersion(xmin: writer.xid, cmin: writer.command, data: data)
        guard let existing = try txn.get(key, in: tree) else {
            try txn.put(key, VersionChain.encode([new]), in: tree)
            return .done(pruned: [], rowRemoved: false)
        }
        var versions = try VersionChain.decode(existing)
        switch state(of: versions, writer, manager) {
        case .waitFor(let xid): return .mustWait(xid)
        case .live: return .duplicate
        case .absent, .dead:
            let pruned = prune(&versions, writer, manager)
            versions.insert(new, at: 0)
            try txn.put(key, VersionChain.encode(versions), in: tree)
            return .done(pruned: pruned, rowRemoved: false)
        }
    }

    /// Replaces the row under `key` with `data` (update), marks it deleted (`data` nil), or, with
    /// `lockOnly`, marks it locked by this transaction. `confirmed` is the row's data the caller
    /// checked its conditions against: a newer version with that data needs no re-check (READ
    /// COMMITTED's second attempt, after re-evaluating WHERE on the newest version).
    package static func change(_ key: [UInt8], to data: [UInt8]?, lockOnly: Bool = false, confirmed: [UInt8]? = nil,
                               in tree: TreeID, _ txn: WriteTransaction, _ writer: RowWriter,
                               manager: TransactionManager) throws(DatabaseError) -> RowWriteOutcome {
        guard let existing = try txn.get(key, in: tree) else { return .notFound }
        var versions = try VersionChain.decode(existing)
        switch state(of: versions, writer, manager) {
        case .waitFor(let xid):
            return .mustWait(xid)
        case .absent:
            return .notFound
        case .dead(let deleter, let byThisCommand):
            if byThisCommand { return .alreadyChangedByThisCommand }
            // Deleted by a transaction that committed after the snapshot (which saw the row).
            if let deleter, !writer.snapshot.committedBefore(deleter), !writer.followsConcurrentUpdates {
                throw serializationFailure
            }
            return .notFound
        case .live(let index):
            let newest = versions[index]
            if writer.own.contains(newest.xmin.rawValue) && newest.cmin == writer.command && !lockOnly {
                return .alreadyChangedByThisCommand
            }
            // Not what the snapshot saw: changed by a transaction that committed since.
            if !writer.own.contains(newest.xmin.rawValue) && !writer.snapshot.committedBefore(newest.xmin) {
                if writer.followsConcurrentUpdates {
                    if confirmed != newest.data { return .changedConcurrently(newest: newest.data) }
                } else {
                    throw serializationFailure
                }
            }
            if lockOnly && writer.own.contains(newest.xmax.rawValue) { return .done(pruned: [], rowRemoved: false) }
            versions[index].xmax = writer.xid
            versions[index].cmax = writer.command
            versions[index].flags = lockOnly ? RowVersion.lockOnlyFlag : 0
            if let data, !lockOnly {
                versions.insert(RowVersion(xmin: writer.xid, cmin: writer.command, data: data), at: 0)
            }
            let pruned = prune(&versions, writer, manager)
            try txn.put(key, VersionChain.encode(versions), in: tree)
            return .done(pruned: pruned, rowRemoved: false)
        }
    }

    /// Prunes a row's versions no snapshot can see; removes the entry if none is left.
    package static func vacuum(_ key: [UInt8], in tree: TreeID, _ txn: WriteTransaction, _ writer: RowWriter,
                               manager: TransactionManager) throws(DatabaseError) -> RowWriteOutcome {
        guard let existing = try txn.get(key, in: tree) else { return .notFound }
        var versions = try VersionChain.decode(existing)
        let pruned = prune(&versions, writer, manager)
        guard !pruned.isEmpty else { return .done(pruned: [], rowRemoved: false) }
        if versions.isEmpty {
            try txn.delete(key, in: tree)
            return .done(pruned: pruned, rowRemoved: true)
        }
        try txn.put(key, VersionChain.encode(versions), in: tree)
        return .done(pruned: pruned, rowRemoved: false)
    }

    /// What a writer finds under `key`: the newest live version's data, a transaction it must
    /// wait for, or nothing (for uniqueness checks, which see rows committed after the snapshot
    /// and rows other transactions are still writing).
    package enum Newest {
        case absent
        case live([UInt8])
        case waitFor(TransactionID)
    }

    package static func newest(_ key: [UInt8], in tree: TreeID, _ txn: WriteTransaction, _ writer: RowWriter,
                               manager: TransactionManager) throws(DatabaseError) -> Newest {
        guard let existing = try txn.get(key, in: tree) else { return .absent }
        let versions = try VersionChain.decode(existing)
        switch state(of: versions, writer, manager) {
        case .absent, .dead: return .absent
        case .waitFor(let xid): return .waitFor(xid)
        case .live(let index): return .live(versions[index].data)
        }
    }

    static let serializationFailure = DatabaseError(.serializationFailure, "could not serialize access due to concurrent update")

    // MARK: internals

    enum RowState {
        /// No version that counts (all aborted).
        case absent
        /// The newest version that counts, at this index, is live.
        case live(Int)
        /// Deleted by a committed transaction (`deleter`) or by this one (nil).
        case dead(deleter: TransactionID?, byThisCommand: Bool)
        /// A transaction in progress created or changed the newest version.
        case waitFor(TransactionID)
    }

    /// The state of a row as a writer finds it: the newest version not created by an aborted
    /// transaction decides.
    static func state(of versions: [RowVersion], _ writer: RowWriter, _ manager: TransactionManager) -> RowState {
        for (index, version) in versions.enumerated() {
            let creator = writer.own.contains(version.xmin.rawValue) ? .committed : manager.status(of: version.xmin)
            switch creator {
            case .aborted: continue
            case .inProgress: return .waitFor(version.xmin)
            case .committed: break
            }
            guard version.xmax.isValid else { return .live(index) }
            if writer.own.contains(version.xmax.rawValue) {
                if version.xmaxOnlyLocks { return .live(index) }
                return .dead(deleter: nil, byThisCommand: version.cmax == writer.command)
            }
            switch manager.status(of: version.xmax) {
            case .aborted: return .live(index)
            case .inProgress: return .waitFor(version.xmax)
            case .committed: return version.xmaxOnlyLocks ? .live(index) : .dead(deleter: version.xmax, byThisCommand: false)
            }
        }
        return .absent
    }

    /// Removes versions no snapshot can see: created by aborted transactions, or deleted or
    /// replaced by a transaction that committed before every snapshot. Freezes creators every
    /// snapshot sees. Returns the removed versions' data.
    static func prune(_ versions: inout [RowVersion], _ writer: RowWriter, _ manager: TransactionManager) -> [[UInt8]] {
        var kept: [RowVersion] = []
        var pruned: [[UInt8]] = []
        kept.reserveCapacity(versions.count)
        for var version in versions {
            let own = writer.own.contains(version.xmin.rawValue)
            if !own && version.xmin != .frozen && manager.status(of: version.xmin) == .aborted {
                pruned.append(version.data)
                continue
            }
            if version.xmax.isValid && !writer.own.contains(version.xmax.rawValue) {
                let status = manager.status(of: version.xmax)
                if status == .aborted || (status == .committed && version.xmaxOnlyLocks) {
                    // A lock or change that no longer holds.
                    version.xmax = .invalid
                    version.cmax = 0
                    version.flags = 0
                } else if status == .committed && version.xmax < writer.pruningHorizon {
                    pruned.append(version.data)
                    continue
                }
            }
            if !own && version.xmin != .frozen && version.xmin < writer.pruningHorizon
                && manager.status(of: version.xmin) == .committed {
                version.xmin = .frozen
            }
            kept.append(version)
        }
        versions = kept
        return pruned
    }
}
