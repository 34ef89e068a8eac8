// The statistics ANALYZE collected, for every table, kept in memory for the optimizer and in the
// store (tree `helios.statistics`, keyed by relation oid) so they survive a restart. They are
// not transactional, as in PostgreSQL's practice: a new ANALYZE replaces a table's statistics
// for everyone at once, and bumps `version` so that cached plans are made again.

public import HeliosCore
public import HeliosStorage
package import Synchronization

package final class StatisticsCatalog: Sendable {
    private let tree: TreeID
    private let tables: Mutex<[ObjectID: TableStatistics]>
    /// Incremented by every ANALYZE and every published learned correction: plans cached
    /// under an older version are planned again.
    package let version = Atomic<UInt64>(0)
    /// Corrections learned from executions (LearnedEstimates).
    package let learned: LearnedEstimates

    package init(store: Store) throws(DatabaseError) {
        let txn = try store.beginWrite()
        var loaded: [ObjectID: TableStatistics] = [:]
        var learned: LearnedEstimates?
        do {
            learned = try LearnedEstimates.load(txn)
            tree = try TransactionManager.tree(named: "helios.statistics", in: txn)
            let cursor = try txn.cursor(tree)
            var more = try cursor.first()
            while more {
                // Unreadable statistics (another format) are dropped: ANALYZE makes them again.
                if let statistics = try? TableStatistics.decode(try cursor.value()) { loaded[statistics.relation] = statistics }
                more = try cursor.next()
            }
            try txn.commit()
        } catch {
            txn.rollback()
            throw error
        }
        tables = Mutex(loaded)
        self.learned = learned!
    }

    /// A table's statistics, if it was analyzed.
    package func statistics(of relation: ObjectID) -> TableStatistics? {
        tables.withLock { $0[relation] }
    }

    /// Every analyzed table's statistics (pg_stats).
    package var all: [TableStatistics] {
        tables.withLock { Array($0.values) }
    }

    /// Stores `statistics` in `txn` (visible to the optimizer once `txn` commits: call
    /// `publish` then).
    package func write(_ statistics: TableStatistics, in txn: WriteTransaction) throws(DatabaseError) {
        _ = try txn.put(Self.key(statistics.relation), statistics.encoded(), in: tree)
    }

    /// Makes statistics written by a committed transaction the ones the optimizer uses.
    package func publish(_ statistics: [TableStatistics]) {
        guard !statistics.isEmpty else { return }
        tables.withLock { tables in
            for item in statistics { tables[item.relation] = item }
        }
        version.add(1, ordering: .relaxed)
    }

    /// Forgets a dropped table's statistics.
    package func remove(_ relation: ObjectID, in txn: WriteTransaction) throws(DatabaseError) {
        guard tables.withLock({ $0.removeValue(forKey: relation) }) != nil else { return }
        _ = try txn.delete(Self.key(relation), in: tree)
    }

    private static func key(_ relation: ObjectID) -> [UInt8] {
        withUnsafeBytes(of: relation.rawValue.bigEndian) { Array($0) }
    }
}
