// The write transaction: changes to any number of trees that commit atomically, or not at all.
// Each change is applied to copy-on-write pages first and logged after (so a change that fails
// logs nothing); the log records go to the write-ahead log in one piece at commit (or in
// chunks, for very large transactions, with the commit record last).

public import HeliosCore

/// The one write transaction of a store. Not thread-safe: use it from one thread at a time.
/// (Its stored properties skip Swift's dynamic exclusivity checks: they are touched from one
/// thread, in code with no overlapping accesses, and the checks cost ~7% of a small commit.)
public final class WriteTransaction {
    let store: Store
    let pages: TransactionPages
    let base: CommittedState
    /// The version this transaction commits as.
    public var version: UInt64 { pages.version }
    @exclusivity(unchecked) var catalog: BTree
    @exclusivity(unchecked) var trees: [TreeID: LoadedTree] = [:]
    @exclusivity(unchecked) var log: LogEncoder
    let replaying: Bool
    @exclusivity(unchecked) var state = Status.active
    @exclusivity(unchecked) var hasChanges = false
    @exclusivity(unchecked) var beganInLog = false
    /// Whether some of this transaction's records already went to the log before commit.
    @exclusivity(unchecked) var spilled = false
    /// During recovery: the log position after the commit record being replayed.
    @exclusivity(unchecked) var replayEnd = LSN.zero
    /// Counts changes, so cursors can tell that the trees moved under them.
    @exclusivity(unchecked) var generation: UInt64 = 0

    enum Status { case active, failed(DatabaseError), committed, rolledBack }

    struct LoadedTree {
        var tree: BTree
        var name: String
        var isDirty = false
        var isDropped = false
    }

    /// Log records buffered beyond this size go to the log before commit.
    static let logChunkSize = 1 << 20

    init(store: Store, base: CommittedState, pages: TransactionPages, logStart: LSN, replaying: Bool) {
        self.store = store
        self.base = base
        self.pages = pages
        self.replaying = replaying
        catalog = BTree(id: .catalog, root: base.catalog, options: .default)
        log = LogEncoder(baseLSN: logStart)
    }

    deinit {
        if case .active = state { rollback() }
        if case .failed = state { rollback() }
    }

    // MARK: trees

    /// The ID of the tree called `name`, if there is one.
    public func tree(named name: String) throws(DatabaseError) -> TreeID? {
        try checkActive()
        if let loaded = trees.first(where: { $0.value.name == name && !$0.value.isDropped }) { return loaded.key }
        guard let id = try TreeCatalog.id(named: name, catalog: catalog.root, pool: store.pool) else { return nil }
        return trees[id]?.isDropped == true ? nil : id
    }

    /// Creates an empty tree.
    @discardableResult
    public func createTree(named name: String, options: TreeOptions = .default) throws(DatabaseError) -> TreeID {
        try checkActive()
        let options = try options.validated()
        guard !name.isEmpty, name.utf8.count <= 1024 else {
            throw DatabaseError(.invalidName, "invalid tree name \"\(name)\"")
        }
        if try tree(named: name) != nil {
            throw DatabaseError(.duplicateObject, "tree \"\(name)\" already exists")
        }
        let id = try nextTreeID()
        return try applyCreate(id: id, name: name, options: options)
    }

    func nextTreeID() throws(DatabaseError) -> TreeID {
        let stored = try TreeCatalog.nextIDKey.withBytes { (key) throws(DatabaseError) -> UInt64? in
            try BTreeReader.withValue(root: catalog.root, key: key, pool: store.pool) { $0.flatMap(TreeCatalog.decodeBigEndian) }
        }
        return TreeID(stored ?? TreeCatalog.firstTreeID)
    }

    func applyCreate(id: TreeID, name: String, options: TreeOptions) throws(DatabaseError) -> TreeID {
        try mutate { () throws(DatabaseError) in
            pages.lsn = log.nextLSN
            try putCatalog(TreeCatalog.nextIDKey, TreeCatalog.bigEndian(id.rawValue + 1))
            try putCatalog(TreeCatalog.nameKey(name), TreeCatalog.bigEndian(id.rawValue))
            trees[id] = LoadedTree(tree: BTree(id: id, root: .empty, options: options), name: name, isDirty: true)
            logRecord { $0.appendCreateTree(tree: id, name: name, options: options) }
        }
        return id
    }

    /// Drops a tree and frees its pages.
    public func dropTree(_ id: TreeID) throws(DatabaseError) {
        try checkActive()
        let loaded = try load(id)
        try mutate { () throws(DatabaseError) in
            pages.lsn = log.nextLSN
            try freeAllPages(of: loaded.tree.root)
            _ = try deleteCatalog(TreeCatalog.nameKey(loaded.name))
            _ = try deleteCatalog(TreeCatalog.descriptorKey(id))
            trees[id]?.isDropped = true
            trees[id]?.isDirty = false
            logRecord { $0.appendDropTree(tree: id) }
        }
    }

    /// Changes a tree's page-layout settings; they apply to splits and bulk loads from now on.
    public func setOptions(_ options: TreeOptions, for id: TreeID) throws(DatabaseError) {
        try checkActive()
        let options = try options.validated()
        _ = try load(id)
        try mutate { () throws(DatabaseError) in
            trees[id]!.tree.options = options
            trees[id]!.isDirty = true
            logRecord { $0.appendSetOptions(tree: id, options: options) }
        }
    }

    /// The tree's settings.
    public func options(of id: TreeID) throws(DatabaseError) -> TreeOptions {
        try checkActive()
        return try load(id).tree.options
    }

    /// The number of entries in a tree.
    public func entryCount(of id: TreeID) throws(DatabaseError) -> UInt64 {
        try checkActive()
        return try load(id).tree.root.entryCount
    }

    // MARK: entries

    /// Stores `value` under `key`, replacing any previous value. Returns whether the key existed.
    @discardableResult
    public func put(_ key: [UInt8], _ value: [UInt8], in id: TreeID) throws(DatabaseError) -> Bool {
        try key.withBytes { (rawKey) throws(DatabaseError) -> Bool in
            try value.withBytes { (rawValue) throws(DatabaseError) -> Bool in
                try put(rawKey, rawValue, in: id)
            }
        }
    }

    /// Stores `value` under `key`, without copying either into arrays first.
    @discardableResult
    public func put(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, in id: TreeID) throws(DatabaseError) -> Bool {
        try checkActive()
        try BTree.validate(key: key, valueLength: value.count, pageSize: store.pool.pageSize)
        _ = try load(id)
        return try mutate { () throws(DatabaseError) -> Bool in
            pages.lsn = log.nextLSN
            let existed = try trees[id]!.tree.put(key, value, pages: pages)
            trees[id]!.isDirty = true
            logRecord { $0.appendPut(tree: id, key: key, value: value) }
            return existed
        }
    }

    /// Removes `key`; returns whether it was there.
    @discardableResult
    public func delete(_ key: [UInt8], in id: TreeID) throws(DatabaseError) -> Bool {
        try key.withBytes { (raw) throws(DatabaseError) -> Bool in try delete(raw, in: id) }
    }

    @discardableResult
    public func delete(_ key: UnsafeRawBufferPointer, in id: TreeID) throws(DatabaseError) -> Bool {
        try checkActive()
        _ = try load(id)
        return try mutate { () throws(DatabaseError) -> Bool in
            pages.lsn = log.nextLSN
            let existed = try trees[id]!.tree.delete(key, pages: pages)
            if existed {
                trees[id]!.isDirty = true
                logRecord { $0.appendDelete(tree: id, key: key) }
            }
            return existed
        }
    }

    /// The value under `key`, as this transaction sees it.
    public func get(_ key: [UInt8], in id: TreeID) throws(DatabaseError) -> [UInt8]? {
        try checkActive()
        let root = try load(id).tree.root
        return try key.withBytes { (raw) throws(DatabaseError) in try BTreeReader.get(root: root, key: raw, pool: store.pool) }
    }

    /// A cursor over a tree that follows this transaction's later changes.
    public func cursor(_ id: TreeID) throws(DatabaseError) -> TreeCursor {
        try checkActive()
        _ = try load(id)
        return TreeCursor(pool: store.pool, followsChanges: true) { [unowned self] in
            (self.trees[id]?.tree.root ?? .empty, self.generation)
        }
    }

    // MARK: commit and rollback

    /// Makes every change durable (as the store's durability setting says) and visible, or
    /// throws and changes nothing. With `deferringDurability`, returns without waiting for the
    /// log to reach the disk: the commit becomes durable (and visible to published snapshots)
    /// with the next flush, which any later durable commit forces. Such a commit may be lost in
    /// a crash; the caller must not let a client act on it before a later durable commit.
    public func commit(deferringDurability: Bool = false) throws(DatabaseError) {
        try checkActive()
        guard hasChanges || replaying else {
            // Nothing changed: no version, no log record, nothing to wait for.
            finish(.committed)
            return
        }
        let committed: CommittedState
        do {
            pages.lsn = log.nextLSN
            var recent = base.recentTrees
            for (id, loaded) in trees.sorted(by: { $0.key < $1.key }) {
                if loaded.isDropped {
                    recent[id] = nil
                    continue
                }
                guard loaded.isDirty else { continue }
                let descriptor = TreeDescriptor(id: id, name: loaded.name, root: loaded.tree.root, options: loaded.tree.options)
                try putCatalog(TreeCatalog.descriptorKey(id), TreeCatalog.encode(descriptor))
                recent[id] = descriptor
            }
            if recent.count > CommittedState.recentTreeLimit {
                recent = recent.filter { trees[$0.key]?.isDirty == true }
            }
            let end: LSN
            if replaying {
                end = replayEnd
            } else {
                log.appendCommit(version: version, durableLSN: store.log.flushedLSN, time: Self.now())
                let base = log.baseLSN
                end = try store.log.append(log.take(), at: base)
            }
            committed = CommittedState(version: version, catalog: catalog.root, end: end, recentTrees: recent)
        } catch {
            rollback()
            throw error
        }
        pages.commit()
        var patterns: [TreeID: InsertPattern] = [:]
        for (id, loaded) in trees where !loaded.isDropped { patterns[id] = loaded.tree.pattern }
        store.recordCommit(committed, patterns: patterns)
        finish(.committed)
        if replaying { return }
        if deferringDurability { return }
        do {
            switch store.options.durability {
            case .full: try store.log.waitUntilDurable(committed.end)
            case .normal: try store.log.waitUntilWritten(committed.end)
            case .off: break
            }
        } catch {
            store.fail(error)
            throw error
        }
        store.publish(upTo: committed.version)
        store.commitFinished(logEnd: committed.end)
    }

    /// Discards every change.
    public func rollback() {
        switch state {
        case .committed, .rolledBack: return
        case .active, .failed: break
        }
        pages.rollback()
        if spilled {
            // Part of this transaction already went to the log: mark it aborted for recovery.
            log.appendAbort(version: version)
            let base = log.baseLSN
            _ = try? store.log.append(log.take(), at: base)
        }
        finish(.rolledBack)
    }

    private func finish(_ status: Status) {
        state = status
        if !replaying { store.releaseWriterGate() }
    }

    // MARK: internals

    func checkActive() throws(DatabaseError) {
        switch state {
        case .active: return
        case .failed(let error):
            throw DatabaseError(.inFailedSQLTransaction, "current transaction is aborted, changes are discarded",
                                detail: error.message)
        case .committed, .rolledBack:
            throw DatabaseError(.noActiveSQLTransaction, "the write transaction has already ended")
        }
    }

    /// Runs a change; an error part-way leaves pages changed, so the transaction can only roll back.
    @discardableResult
    func mutate<Result>(_ change: () throws(DatabaseError) -> Result) throws(DatabaseError) -> Result {
        if !beganInLog && !replaying {
            log.appendBegin(version: version)
            beganInLog = true
        }
        do {
            let result = try change()
            generation &+= 1
            try spillLogIfLarge()
            return result
        } catch {
            state = .failed(error)
            throw error
        }
    }

    /// Encodes one log record of a change that succeeded.
    func logRecord(_ encode: (inout LogEncoder) -> Void) {
        hasChanges = true
        guard !replaying else { return }
        encode(&log)
    }

    private func spillLogIfLarge() throws(DatabaseError) {
        guard !replaying, log.bytes.count >= Self.logChunkSize else { return }
        let base = log.baseLSN
        try store.log.append(log.take(), at: base)
        spilled = true
    }

    /// The tree's state in this transaction, loading its descriptor on first use.
    @discardableResult
    func load(_ id: TreeID) throws(DatabaseError) -> LoadedTree {
        if let loaded = trees[id] {
            if loaded.isDropped { throw Self.noSuchTree(id) }
            return loaded
        }
        // A tree this transaction has not touched is as the base version has it.
        var found = base.recentTrees[id]
        if found == nil { found = try TreeCatalog.descriptor(of: id, catalog: catalog.root, pool: store.pool) }
        guard let descriptor = found else { throw Self.noSuchTree(id) }
        let loaded = LoadedTree(tree: BTree(id: id, root: descriptor.root, options: descriptor.options,
                                            pattern: store.insertPattern(of: id)),
                                name: descriptor.name)
        trees[id] = loaded
        return loaded
    }

    static func noSuchTree(_ id: TreeID) -> DatabaseError {
        DatabaseError(.undefinedObject, "\(id) does not exist")
    }

    func putCatalog(_ key: [UInt8], _ value: [UInt8]) throws(DatabaseError) {
        try key.withBytes { (rawKey) throws(DatabaseError) in
            try value.withBytes { (rawValue) throws(DatabaseError) in
                _ = try catalog.put(rawKey, rawValue, pages: pages)
            }
        }
    }

    func deleteCatalog(_ key: [UInt8]) throws(DatabaseError) -> Bool {
        try key.withBytes { (raw) throws(DatabaseError) in try catalog.delete(raw, pages: pages) }
    }

    func freeAllPages(of root: TreeRoot) throws(DatabaseError) {
        var all: [(PageID, UInt64, UInt8)] = []
        try BTreeReader.forEachPage(root: root, pool: store.pool) { (id, _, bytes) throws(DatabaseError) in
            all.append((id, bytes.version, bytes.flags))
        }
        for (id, pageVersion, flags) in all { pages.free(id, pageVersion: pageVersion, flags: flags) }
    }

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UInt64(time.tv_sec) * 1_000_000 + UInt64(time.tv_nsec) / 1000
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
