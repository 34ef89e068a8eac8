// One SQL transaction's state: its IDs (assigned at the first write, as PostgreSQL does), its
// savepoints, isolation level, snapshot (kept for the whole transaction under REPEATABLE READ
// and SERIALIZABLE), command counter, and what must happen when it ends (the DDL lock to
// release, trees of dropped tables to free).

public import HeliosCore
public import HeliosStorage
import HeliosSQL

package enum Isolation: Equatable, Sendable {
    case readCommitted, repeatableRead, serializable

    init(_ level: IsolationLevel) {
        switch level {
        case .readUncommitted, .readCommitted: self = .readCommitted
        case .repeatableRead: self = .repeatableRead
        case .serializable: self = .serializable
        }
    }

    var settingName: String {
        switch self {
        case .readCommitted: "read committed"
        case .repeatableRead: "repeatable read"
        case .serializable: "serializable"
        }
    }
}

package final class SQLTransaction {
    /// A savepoint: its name and the subtransaction IDs whose changes it undoes when rolled
    /// back to (its own, and those of savepoints released into it).
    struct Savepoint {
        var name: String
        var xids: [TransactionID] = []
    }

    /// True once BEGIN ran; false for the implicit transaction around statements sent without
    /// one.
    var isExplicit: Bool
    var isolation: Isolation
    var readOnly: Bool
    /// A statement failed: everything but ROLLBACK (TO SAVEPOINT) fails with 25P02.
    var failed = false
    private(set) var top: TransactionID?
    private(set) var savepoints: [Savepoint] = []
    /// Released savepoints' IDs at the top level: committed with the transaction.
    private(set) var committedSubtransactions: [TransactionID] = []
    /// Rolled back savepoints' IDs.
    private(set) var abortedSubtransactions: [TransactionID] = []
    /// The snapshot of REPEATABLE READ and SERIALIZABLE transactions, taken at their first
    /// statement.
    var snapshot: Snapshot?
    /// The catalog version `snapshot` sees exactly, if known (StatementContext.catalogVersion).
    var snapshotCatalogVersion: UInt64?
    var command: UInt32 = 0
    var holdsDDLLock = false
    var changedCatalog = false
    /// Trees to drop once the transaction commits (tables and indexes it dropped).
    var treesToDrop: [TreeID] = []
    /// Trees to drop if it rolls back (tables and indexes it created).
    var treesCreated: [TreeID] = []
    /// Page-layout options (fillfactor, split_policy) DDL gave trees: set with the commit record.
    var treeOptions: [TreeID: TreeOptions] = [:]
    /// Databases it drops or renames (reserved until it ends: no session starts there).
    var reservedDatabases: [ObjectID] = []
    /// transaction_timestamp(): microseconds since 2000-01-01 UTC.
    let startTimestamp: Int64

    init(isExplicit: Bool, isolation: Isolation, readOnly: Bool, startTimestamp: Int64) {
        self.isExplicit = isExplicit
        self.isolation = isolation
        self.readOnly = readOnly
        self.startTimestamp = startTimestamp
    }

    /// Every ID whose changes are this transaction's own.
    var own: Set<UInt64> {
        var result = Set<UInt64>()
        if let top { result.insert(top.rawValue) }
        for xid in committedSubtransactions { result.insert(xid.rawValue) }
        for savepoint in savepoints { for xid in savepoint.xids { result.insert(xid.rawValue) } }
        return result
    }

    /// The top-level ID, assigned now if the transaction has none.
    func topID(_ manager: TransactionManager, writer: WriteTransaction?) throws(DatabaseError) -> TransactionID {
        if let top { return top }
        let assigned = try manager.begin(writer: writer)
        top = assigned
        return assigned
    }

    /// The ID new row versions carry: the innermost savepoint's subtransaction (assigned now if
    /// needed), or the top level's.
    func writerID(_ manager: TransactionManager, writer: WriteTransaction?) throws(DatabaseError) -> TransactionID {
        let top = try topID(manager, writer: writer)
        guard !savepoints.isEmpty else { return top }
        let innermost = savepoints.count - 1
        if let own = savepoints[innermost].xids.first { return own }
        let xid = try manager.beginSubtransaction(of: top, writer: writer)
        savepoints[innermost].xids.insert(xid, at: 0)
        return xid
    }

    // MARK: savepoints

    func hasSavepoint(_ name: String) -> Bool { savepoints.contains { $0.name == name } }

    func addSavepoint(_ name: String) {
        savepoints.append(Savepoint(name: name))
    }

    /// RELEASE: the savepoint and those after it end; their changes stay, now the enclosing
    /// level's.
    func release(_ name: String) throws(DatabaseError) {
        guard let index = savepoints.lastIndex(where: { $0.name == name }) else {
            throw DatabaseError(.invalidSavepointSpecification, "savepoint \"\(name)\" does not exist")
        }
        let released = savepoints[index...].flatMap(\.xids)
        savepoints.removeSubrange(index...)
        if savepoints.isEmpty {
            committedSubtransactions += released
        } else {
            savepoints[savepoints.count - 1].xids += released
        }
    }

    /// ROLLBACK TO: undoes the savepoint's changes and those after it; the savepoint stays.
    /// Returns the subtransaction IDs to abort.
    func rollback(to name: String) throws(DatabaseError) -> [TransactionID] {
        guard let index = savepoints.lastIndex(where: { $0.name == name }) else {
            throw DatabaseError(.invalidSavepointSpecification, "savepoint \"\(name)\" does not exist")
        }
        let undone = savepoints[index...].flatMap(\.xids)
        savepoints.removeSubrange((index + 1)...)
        savepoints[index].xids = []
        abortedSubtransactions += undone
        failed = false
        return undone
    }

    /// Every live subtransaction ID (committed with the top level).
    var liveSubtransactions: [TransactionID] {
        committedSubtransactions + savepoints.flatMap(\.xids)
    }

    /// Every ID to abort when the whole transaction rolls back.
    var allIDs: [TransactionID] {
        (top.map { [$0] } ?? []) + liveSubtransactions
    }
}
