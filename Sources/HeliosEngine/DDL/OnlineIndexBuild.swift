// CREATE INDEX CONCURRENTLY, and every index the autopilot builds: readers and writers of the
// table go on while the index is built.
//
// 1. Register (a short DDL transaction): the index is validated and named, its tree and build
//    record (IndexBuilds) are written, and the build is registered, all while the statement
//    holds the store's writer. From then on every writer of the table keeps the new tree too.
// 2. Scan (no lock held): a store snapshot taken after registering; one entry per row version,
//    sorted. Writes after the snapshot are in the tree already, through the registry.
// 3. Fill: the sorted entries go in by short write transactions of `chunkEntries`, so writers
//    interleave; an entry whose version a writer pruned meanwhile is not added back.
// 4. Publish (a short DDL transaction): if the table is still the one scanned (same tree,
//    columns and row key) the index joins the catalog; the record names the publishing
//    transaction, so that recovery keeps the tree only if that transaction committed.
//
// A failure or cancel at any step drops the tree and the record: nothing half-built is left.
// A unique index is built the offline way (under the store's writer), as its check must see
// every row at once.

import HeliosCore
import HeliosStorage
import HeliosValues
import HeliosSQL

final class OnlineIndexBuild {
    let database: Database
    let request: IndexRequest
    let index: IndexDescriptor
    /// The table's tree when the build began.
    let table: TreeID
    /// The build's record key (the index tree's name).
    let record: [UInt8]
    /// Entries per fill transaction: small enough that writers never wait long for the store.
    static let chunkEntries = 1024

    private var builds: IndexBuilds { database.indexBuilds }

    private init(database: Database, request: IndexRequest, index: IndexDescriptor, table: TreeID, record: [UInt8]) {
        self.database = database
        self.request = request
        self.index = index
        self.table = table
        self.record = record
    }

    /// Step 1, inside `ddl`'s statement (which holds the store's writer).
    static func begin(_ request: IndexRequest, ddl: DDLExecutor) throws(DatabaseError) -> OnlineIndexBuild {
        guard let table = request.table.tree else { throw DatabaseError.internalError("table \(request.table.name) has no storage") }
        let txn = try ddl.txn
        let oid = try ddl.allocateOID()
        let treeName = ddl.catalog.treePrefix + "helios.idx.\(oid.rawValue)"
        let tree = try txn.createTree(named: treeName)
        var index = IndexDescriptor(oid: oid, name: request.name, tree: tree, keys: request.keys, isUnique: false,
                                    nullsNotDistinct: request.nullsNotDistinct, options: request.options)
        index.included = request.included
        index.origin = ddl.session.isAutopilot ? .autopilot : .user
        let record = IndexBuilds.recordKey(treeName)
        try txn.put(record, [], in: try IndexBuilds.recordTree(txn))
        ddl.session.database.indexBuilds.register(index, onTable: table)
        return OnlineIndexBuild(database: ddl.session.database, request: request, index: index, table: table, record: record)
    }

    /// Steps 2 to 4; the publishing transaction has committed when this returns.
    func run(session: Session) throws(DatabaseError) {
        let interruption = session.interruptionCheck()
        try builds.reached(.registered)
        let entries = try scan(interruption)
        try builds.reached(.scanned)
        try fill(entries, interruption)
        builds.markFilled(index.tree, onTable: table)
        try builds.reached(.filled)
        if let error = interruption() { throw error }
        _ = try session.runDDL("CREATE INDEX") { (ddl) throws(DatabaseError) in
            try ddl.publishBuiltIndex(index, request: request, record: record)
        }
        let publisher = session.transaction?.top
        try session.commitTransaction()
        if let publisher { builds.markPublished(index.tree, onTable: table, by: publisher) }
        removeRecord()
    }

    /// Every row version's entry in the table as the store holds it now, sorted, with the
    /// length of its row key.
    private func scan(_ interruption: () -> DatabaseError?) throws(DatabaseError) -> [(entry: [UInt8], keyLength: Int)] {
        let reader = try database.store.beginRead(latestCommitted: true)
        let types = request.table.columns.map(\.type)
        let positions = request.keys.map { request.table.storagePosition(of: $0.column) ?? 0 }
        var entries: [(entry: [UInt8], keyLength: Int)] = []
        let cursor = try reader.cursor(table)
        var more = try cursor.first()
        var rows = 0
        while more {
            rows += 1
            if rows % 4096 == 0, let error = interruption() { throw error }
            let key = cursor.key
            let chain = try cursor.withValue { (raw) throws(DatabaseError) in try VersionChain.decode(raw) }
            var previous: [UInt8]?
            for version in chain {
                let row = try version.data.withBytes { (raw) throws(DatabaseError) in try RowCodec.decode(raw, types: types) }
                let entry = try index.entryPrefix(positions.map { row[$0] }) + key
                if entry != previous { entries.append((entry, key.count)) }
                previous = entry
            }
            more = try cursor.next()
        }
        entries.sort { $0.entry.lexicographicallyPrecedes($1.entry) }
        return entries
    }

    /// Writes `entries` into the index's tree, a chunk per write transaction.
    private func fill(_ entries: [(entry: [UInt8], keyLength: Int)], _ interruption: () -> DatabaseError?) throws(DatabaseError) {
        var start = 0
        var chunk = 0
        var previous: [UInt8]?
        while start < entries.count {
            if let error = interruption() { throw error }
            let end = min(start + Self.chunkEntries, entries.count)
            let txn = try database.store.beginWrite()
            do {
                // Read while holding the store's writer: no writer changes it meanwhile.
                let removed = builds.removedEntries(of: index.tree, onTable: table)
                for (entry, keyLength) in entries[start..<end] where entry != previous {
                    previous = entry
                    if removed.contains(entry) { continue }
                    _ = try txn.put(entry, IndexDescriptor.entryValue(rowKeyLength: keyLength), in: index.tree)
                }
                try txn.commit(deferringDurability: true)
            } catch {
                txn.rollback()
                throw error
            }
            start = end
            chunk += 1
            try builds.reached(.filledChunk(chunk))
        }
    }

    /// The build failed or was cancelled: writers stop keeping the tree, then it goes.
    func abandon() {
        builds.forget(index: index.tree)
        removeRecord(droppingTree: true)
    }

    /// Deletes the build's record (the publish committed: recovery would only delete it), and
    /// with `droppingTree` the tree too. Best effort: recovery finishes what this cannot.
    private func removeRecord(droppingTree: Bool = false) {
        guard let txn = try? database.store.beginWrite() else { return }
        do {
            if droppingTree { try txn.dropTree(index.tree) }
            _ = try txn.delete(record, in: try IndexBuilds.recordTree(txn))
            try txn.commit(deferringDurability: true)
        } catch {
            txn.rollback()
        }
    }
}

extension DDLExecutor {
    /// Step 4: adds the built index to the catalog, if its table is still the one it was built
    /// from, and names this transaction in the build's record.
    func publishBuiltIndex(_ index: IndexDescriptor, request: IndexRequest, record: [UInt8]) throws(DatabaseError) {
        let built = request.table
        guard let current = try catalog.relation(oid: built.oid, access: access, snapshot: statement.snapshot) else {
            throw DatabaseError(.objectNotInPrerequisiteState,
                                "relation \"\(built.name)\" was dropped while index \"\(index.name)\" was being built")
        }
        guard current.tree == built.tree, current.columns == built.columns, current.rowKey == built.rowKey else {
            throw DatabaseError(.objectNotInPrerequisiteState,
                                "relation \"\(current.name)\" changed while index \"\(index.name)\" was being built",
                                hint: "Run CREATE INDEX CONCURRENTLY again.")
        }
        if try catalog.nameIsTaken(index.name, in: current.namespace, access: access, snapshot: statement.snapshot) {
            throw DatabaseError(.duplicateTable, "relation \"\(index.name)\" already exists")
        }
        var relation = current
        relation.indexes.append(index)
        try catalog.addIndexName(index.name, in: current.namespace, table: current.oid, txn: txn, writer: writer)
        try update(relation)
        let publisher = try transaction.topID(session.database.manager, writer: txn)
        try txn.put(record, (0..<8).map { UInt8(truncatingIfNeeded: publisher.rawValue >> (56 - 8 * $0)) },
                    in: try IndexBuilds.recordTree(txn))
    }
}

extension Session {
    /// CREATE INDEX CONCURRENTLY (see the top of this file).
    func runCreateIndexConcurrently(_ create: CreateIndexStatement) throws(DatabaseError) -> StatementResult {
        try refuseInTransactionBlock("CREATE INDEX CONCURRENTLY")
        if create.unique {
            return try runDDL("CREATE INDEX") { (ddl) throws(DatabaseError) in try ddl.createIndex(create) }
        }
        var build: OnlineIndexBuild?
        do {
            let registered = try runDDL("CREATE INDEX") { (ddl) throws(DatabaseError) in
                guard let request = try ddl.indexRequest(create) else { return }
                build = try OnlineIndexBuild.begin(request, ddl: ddl)
            }
            try commitTransaction()
            guard let build else { return registered }  // IF NOT EXISTS found it
            try build.run(session: self)
        } catch {
            rollbackTransaction()
            build?.abandon()
            throw error
        }
        try? database.indexBuilds.reached(.published)
        return StatementResult(columns: nil, rows: [], commandTag: "CREATE INDEX")
    }
}
