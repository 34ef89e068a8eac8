// Indexes being built online (OnlineIndexBuild.swift), by the tree of their table. While a
// build runs, every writer of the table keeps the new index too, whatever catalog its
// statement read: it adds its versions' entries and removes pruned versions' entries, and the
// removals are remembered so the builder does not add back what its snapshot still had. After
// the index is published, writers whose statements read the catalog before the publish may
// still be writing; the build stays registered until no snapshot older than the publishing
// transaction is left (the pruning horizon passed it).
//
// Each build also has a record in tree `helios.index_builds` (key: the index tree's name;
// value: empty, or the publishing transaction's ID), written with the build's tree, so that a
// crash mid-build leaves no orphan: on open, a build whose publish did not commit loses its tree.

package import HeliosCore
package import HeliosStorage
import Synchronization

package final class IndexBuilds: Sendable {
    package struct Build: Sendable {
        package let table: TreeID
        package let index: IndexDescriptor
        /// Set once the catalog has the index: its transaction.
        var publishedBy: TransactionID?
        /// Entries writers removed (their versions were pruned) while the builder had not yet
        /// written its snapshot's entries.
        var removed: Set<[UInt8]> = []
        var filled = false
    }

    /// What a test may watch (and act or fail at) during a build.
    package enum Phase: Sendable, Equatable {
        case registered, scanned, filledChunk(Int), filled, published
    }

    static let recordTreeName = "helios.index_builds"
    /// How many builds are registered: writers skip the lock when there are none.
    private let count = Atomic<Int>(0)
    private let builds = Mutex<[TreeID: [Build]]>([:])
    private let observer = Mutex<(@Sendable (Phase) throws(DatabaseError) -> Void)?>(nil)

    package init() {}

    // MARK: writers

    /// The indexes being built on the table stored in `table` (published ones until `sweep`
    /// finds no statement can still have missed them). Called for every row written: one
    /// atomic load when nothing is being built.
    package func indexes(onTable table: TreeID) -> [IndexDescriptor] {
        guard count.load(ordering: .acquiring) > 0 else { return [] }
        return builds.withLock { $0[table]?.map(\.index) ?? [] }
    }

    /// Forgets published indexes no statement can have missed any more (at a transaction's end).
    package func sweep(horizon: () -> TransactionID) {
        guard count.load(ordering: .acquiring) > 0 else { return }
        let published = builds.withLock { $0.values.flatMap { $0 }.filter { $0.publishedBy != nil } }
        guard !published.isEmpty else { return }
        let oldest = horizon()
        for build in published where build.publishedBy.map({ $0 < oldest }) ?? false { forget(index: build.index.tree) }
    }

    /// A writer removed `entry` from the building index in `index`.
    package func removed(_ entry: [UInt8], from index: TreeID, onTable table: TreeID) {
        builds.withLock { builds in
            guard let position = builds[table]?.firstIndex(where: { $0.index.tree == index }),
                  builds[table]![position].filled == false else { return }
            builds[table]![position].removed.insert(entry)
        }
    }

    // MARK: the builder

    func register(_ index: IndexDescriptor, onTable table: TreeID) {
        builds.withLock { $0[table, default: []].append(Build(table: table, index: index)) }
        count.add(1, ordering: .releasing)
    }

    /// The entries writers removed so far (the caller holds the store's writer).
    func removedEntries(of index: TreeID, onTable table: TreeID) -> Set<[UInt8]> {
        builds.withLock { $0[table]?.first { $0.index.tree == index }?.removed ?? [] }
    }

    func markFilled(_ index: TreeID, onTable table: TreeID) {
        update(index, onTable: table) { $0.filled = true; $0.removed = [] }
    }

    func markPublished(_ index: TreeID, onTable table: TreeID, by xid: TransactionID) {
        update(index, onTable: table) { $0.publishedBy = xid }
    }

    private func update(_ index: TreeID, onTable table: TreeID, _ change: (inout Build) -> Void) {
        builds.withLock { builds in
            guard let position = builds[table]?.firstIndex(where: { $0.index.tree == index }) else { return }
            change(&builds[table]![position])
        }
    }

    /// Stops keeping the index in tree `index` (its build failed, finished, or it is dropped).
    package func forget(index: TreeID) {
        let forgotten = builds.withLock { builds -> Int in
            var forgotten = 0
            for (table, list) in builds {
                let kept = list.filter { $0.index.tree != index }
                forgotten += list.count - kept.count
                builds[table] = kept.isEmpty ? nil : kept
            }
            return forgotten
        }
        if forgotten > 0 { count.subtract(forgotten, ordering: .releasing) }
    }

    package var registered: [Build] { builds.withLock { $0.values.flatMap { $0 } } }

    // MARK: observing (tests)

    package func observe(_ body: (@Sendable (Phase) throws(DatabaseError) -> Void)?) {
        observer.withLock { $0 = body }
    }

    func reached(_ phase: Phase) throws(DatabaseError) {
        guard let body = observer.withLock({ $0 }) else { return }
        try body(phase)
    }

    // MARK: records and recovery

    static func recordKey(_ treeName: String) -> [UInt8] { Array(treeName.utf8) }

    static func recordTree(_ txn: WriteTransaction) throws(DatabaseError) -> TreeID {
        if let tree = try txn.tree(named: recordTreeName) { return tree }
        return try txn.createTree(named: recordTreeName)
    }

    /// On open: builds that never published lose their tree; published ones their record.
    static func recover(_ store: Store, manager: TransactionManager) throws(DatabaseError) {
        let reader = try store.beginRead(latestCommitted: true)
        guard let records = try reader.tree(named: recordTreeName) else { return }
        var found: [(name: [UInt8], publishedBy: UInt64?)] = []
        let cursor = try reader.cursor(records)
        var more = try cursor.first()
        while more {
            let value = try cursor.value()
            found.append((cursor.key, value.count == 8 ? value.reduce(0) { $0 << 8 | UInt64($1) } : nil))
            more = try cursor.next()
        }
        guard !found.isEmpty else { return }
        let txn = try store.beginWrite()
        do {
            for record in found {
                let committed = record.publishedBy.map { manager.status(of: TransactionID($0)) == .committed } ?? false
                if !committed, let tree = try txn.tree(named: String(decoding: record.name, as: UTF8.self)) {
                    try txn.dropTree(tree)
                }
                _ = try txn.delete(record.name, in: records)
            }
            try txn.commit()
        } catch {
            txn.rollback()
            throw error
        }
    }
}
