// One statement's view of the database: its MVCC snapshot (fresh per statement under READ
// COMMITTED, the transaction's under REPEATABLE READ and SERIALIZABLE), a storage snapshot of
// the latest commit to read rows from, and — for statements that write — the store's write
// transaction, opened on first need. Writes commit to storage when the statement ends (without
// waiting for durability: the SQL COMMIT makes the transaction durable); a statement that must
// wait for another transaction commits what it wrote so far, releases the store's writer,
// waits, and opens a new write transaction.

public import HeliosCore
public import HeliosStorage
public import HeliosValues

package final class StatementContext {
    package let database: Database
    package let transaction: SQLTransaction
    package let snapshot: Snapshot
    package let reader: ReadTransaction
    package private(set) var writer: WriteTransaction?
    package let catalogReader: CatalogReader
    /// The catalog version this statement's snapshot sees exactly, nil when unknown (a catalog
    /// change was committing as it was taken): what caches keyed by that version may trust.
    package let catalogVersion: UInt64?
    private let registeredSnapshot: Bool
    private var finished = false

    /// `forWriting`: the statement will write (catalog reads then see the write transaction).
    package init(session: Session, transaction: SQLTransaction, forWriting: Bool = false) throws(DatabaseError) {
        database = session.database
        self.transaction = transaction
        let manager = database.manager
        if let kept = transaction.snapshot {
            var snapshot = kept
            snapshot.own = transaction.own
            snapshot.command = transaction.command
            self.snapshot = snapshot
            catalogVersion = transaction.snapshotCatalogVersion
            registeredSnapshot = false
        } else {
            let settled = database.settledCatalogVersion()
            let fresh = manager.snapshot(own: transaction.own, command: transaction.command)
            catalogVersion = database.catalogVersion(seenSince: settled)
            manager.register(fresh)
            if transaction.isolation != .readCommitted {
                transaction.snapshot = fresh
                transaction.snapshotCatalogVersion = catalogVersion
                registeredSnapshot = false  // unregistered when the transaction ends
            } else {
                registeredSnapshot = true
            }
            snapshot = fresh
        }
        do {
            reader = try database.store.beginRead(latestCommitted: true)
        } catch {
            if registeredSnapshot { manager.unregister(snapshot) }
            throw error
        }
        // Its own catalog changes are visible to no other statement: shared descriptors only without them.
        let database = session.database
        let sharedVersion = transaction.changedCatalog ? nil : catalogVersion
        catalogReader = CatalogReader(catalog: database.catalog, access: .read(reader), snapshot: snapshot,
                                      searchPath: session.settings.searchPath, database: database.name,
                                      shared: sharedVersion.map { (database.catalogCache, $0) })
        if forWriting {
            do {
                _ = try writeTransaction()
            } catch {
                abandon()
                throw error
            }
        }
    }

    /// The store's write transaction for this statement, opened if needed.
    package func writeTransaction() throws(DatabaseError) -> WriteTransaction {
        if let writer { return writer }
        if transaction.readOnly {
            throw DatabaseError(.readOnlySQLTransaction, "cannot execute this statement in a read-only transaction")
        }
        let opened = try database.store.beginWrite()
        writer = opened
        return opened
    }

    /// Who writes rows, and how (the writer's IDs are assigned on first use).
    package func rowWriter() throws(DatabaseError) -> RowWriter {
        let txn = try writeTransaction()
        let manager = database.manager
        let xid = try transaction.writerID(manager, writer: txn)
        let top = try transaction.topID(manager, writer: txn)
        var snapshot = self.snapshot
        snapshot.own = transaction.own
        return RowWriter(xid: xid, top: top, own: snapshot.own, command: transaction.command, snapshot: snapshot,
                         followsConcurrentUpdates: transaction.isolation == .readCommitted,
                         pruningHorizon: manager.pruningHorizon)
    }

    /// Waits for transaction `xid` to end, letting it use the store's writer meanwhile.
    package func wait(for xid: TransactionID) throws(DatabaseError) {
        if let writer {
            self.writer = nil
            do {
                try writer.commit(deferringDurability: true)
            } catch {
                writer.rollback()
                throw error
            }
        }
        let top = try transaction.topID(database.manager, writer: nil)
        _ = try database.manager.waitForEnd(of: xid, waiter: top)
    }

    /// Commits what the statement wrote so far to the store and lets other writers in (a COPY
    /// between two chunks of client data); the next write opens a new write transaction.
    package func releaseWriter() throws(DatabaseError) {
        guard let writer else { return }
        self.writer = nil
        do {
            try writer.commit(deferringDurability: true)
        } catch {
            writer.rollback()
            throw error
        }
    }

    /// The statement succeeded: its writes reach the store (durable at COMMIT).
    package func finish() throws(DatabaseError) {
        guard !finished else { return }
        finished = true
        if registeredSnapshot { database.manager.unregister(snapshot) }
        if let writer {
            self.writer = nil
            do {
                try writer.commit(deferringDurability: true)
            } catch {
                writer.rollback()
                throw error
            }
        }
    }

    /// The statement failed: its uncommitted writes are discarded (any it committed while
    /// waiting are undone by the transaction's rollback).
    package func abandon() {
        guard !finished else { return }
        finished = true
        if registeredSnapshot { database.manager.unregister(snapshot) }
        writer?.rollback()
        writer = nil
    }

    /// Storage access for catalog and row reads that must see this statement's own writes.
    package var writeAccess: StorageAccess {
        get throws(DatabaseError) { .write(try writeTransaction()) }
    }
}
