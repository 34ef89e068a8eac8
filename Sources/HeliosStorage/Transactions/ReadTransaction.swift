// A snapshot: every tree as of one committed version, for as long as the snapshot lives. The
// pages of that version are kept from reuse until it ends (when the last reference goes away).

public import HeliosCore
import Synchronization

/// A read-only view of one committed version. Use from one thread at a time; open as many as
/// needed, from any threads.
public final class ReadTransaction {
    let store: Store
    let state: CommittedState
    private var roots: [TreeID: TreeDescriptor] = [:]
    private var pageCacheStorage: SnapshotPageCache?
    private var pageCache: SnapshotPageCache {
        if let pageCacheStorage { return pageCacheStorage }
        let cache = SnapshotPageCache(pool: store.pool)
        pageCacheStorage = cache
        return cache
    }

    init(store: Store, state: CommittedState) {
        self.store = store
        self.state = state
    }

    deinit {
        pageCacheStorage = nil  // unpin before the version may be reclaimed
        store.endRead(version: state.version)
    }

    /// The version this snapshot sees.
    public var version: UInt64 { state.version }

    /// The ID of the tree called `name`, if it existed in this version.
    public func tree(named name: String) throws(DatabaseError) -> TreeID? {
        try TreeCatalog.id(named: name, catalog: state.catalog, pool: store.pool)
    }

    /// Every tree of this version, by ID.
    public func trees() throws(DatabaseError) -> [(id: TreeID, name: String)] {
        let cursor = TreeCursor(pool: store.pool, followsChanges: false) { [state] in (state.catalog, 0) }
        var result: [(TreeID, String)] = []
        var more = try cursor.seek(atOrAfter: [0x01])
        while more {
            let key = cursor.key
            guard key.first == 0x01 else { break }
            let id = TreeID(key.dropFirst().withUnsafeBytes { TreeCatalog.decodeBigEndian($0) } ?? 0)
            let descriptor = try cursor.withValue { (raw) throws(DatabaseError) in try TreeCatalog.decode(raw, id: id) }
            result.append((id, descriptor.name))
            more = try cursor.next()
        }
        return result
    }

    /// The value under `key`, copied out.
    public func get(_ key: [UInt8], in tree: TreeID) throws(DatabaseError) -> [UInt8]? {
        let root = try descriptor(of: tree).root
        return try key.withBytes { (raw) throws(DatabaseError) in
            try BTreeReader.withValue(root: root, key: raw, pool: store.pool, cache: pageCache) { $0.map { Array($0) } }
        }
    }

    /// Calls `body` with the value under `key` (nil if absent) without copying it.
    public func withValue<Result>(_ key: UnsafeRawBufferPointer, in tree: TreeID,
                                  _ body: (UnsafeRawBufferPointer?) throws(DatabaseError) -> Result) throws(DatabaseError) -> Result {
        let root = try descriptor(of: tree).root
        return try BTreeReader.withValue(root: root, key: key, pool: store.pool, cache: pageCache, body)
    }

    /// A cursor over one tree of this snapshot.
    public func cursor(_ tree: TreeID) throws(DatabaseError) -> TreeCursor {
        let root = try descriptor(of: tree).root
        return TreeCursor(pool: store.pool, followsChanges: false) { [self] in
            _ = self  // the cursor keeps the snapshot, and so its pages, alive
            return (root, 0)
        }
    }

    /// The number of entries in a tree.
    public func entryCount(of tree: TreeID) throws(DatabaseError) -> UInt64 {
        try descriptor(of: tree).root.entryCount
    }

    /// The number of pages a tree occupies (overflow pages included).
    public func pageCount(of tree: TreeID) throws(DatabaseError) -> UInt64 {
        try descriptor(of: tree).root.pageCount
    }

    /// A tree's layout settings in this version.
    public func options(of tree: TreeID) throws(DatabaseError) -> TreeOptions {
        try descriptor(of: tree).options
    }

    func descriptor(of tree: TreeID) throws(DatabaseError) -> TreeDescriptor {
        if let cached = roots[tree] ?? state.recentTrees[tree] { return cached }
        guard let descriptor = try TreeCatalog.descriptor(of: tree, catalog: state.catalog, pool: store.pool) else {
            throw WriteTransaction.noSuchTree(tree)
        }
        roots[tree] = descriptor
        return descriptor
    }
}
