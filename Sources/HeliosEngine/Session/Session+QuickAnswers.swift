// Which wire calls a session can answer at once, on the caller's thread, instead of on its
// worker. Every hop to the worker and back costs two thread wake-ups (futex, eventfd); under
// pgbench -M prepared a transaction of one SELECT used to make four (Bind, Describe, Execute,
// Sync) where only Execute reads tables. A call is quick when it touches only memory the
// session owns: no binding against the catalog, no operators to close (they may commit a
// statement's writes), no commit or rollback that writes. The connection still makes one call
// at a time, so the session keeps a single caller (Session's rule) whichever thread it is on.

extension Session {
    /// Bind of prepared statement `name` into portal `portal` needs no binding (the columns
    /// Parse described still hold) and closes no running portal. An unknown statement is quick
    /// too: it fails at once.
    package func bindIsQuick(statement name: String, portal: String) -> Bool {
        if let prepared = preparedStatements[name], prepared.statement != nil {
            if transaction?.changedCatalog == true { return false }
            if prepared.describedAtCatalogVersion != database.catalogVersion.load(ordering: .relaxed) { return false }
        }
        return portalIsIdle(portal)
    }

    /// Closing portal `name` only forgets it: it has no query half-run.
    package func portalIsIdle(_ name: String) -> Bool {
        portals[name]?.execution == nil
    }

    /// A sync now would write nothing and close no operators: no transaction, a block (sync only
    /// notes an error there), or an implicit transaction that wrote nothing, holds no DDL lock
    /// and has neither running portals nor cursors.
    package var syncIsQuick: Bool {
        guard let transaction else { return true }
        if transaction.isExplicit { return true }
        return transaction.top == nil && !transaction.holdsDDLLock && !transaction.changedCatalog
            && transaction.treesToDrop.isEmpty && transaction.treesCreated.isEmpty
            && transaction.reservedDatabases.isEmpty && cursors.isEmpty
            && portals.values.allSatisfy { $0.execution == nil }
    }

    /// Changes whenever a setting may have changed (every SET, RESET, transaction-end undo).
    package var settingsGeneration: Int { settings.generation }
}
