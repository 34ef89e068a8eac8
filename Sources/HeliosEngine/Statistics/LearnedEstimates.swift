// Learned estimates (issue 6, after DB2's LEO): when a scan's filters keep returning many more
// (or fewer) rows than the optimizer expected — correlated columns, skew the histogram missed —
// the ratio is learned per table and filter shape ("x = $ AND y = $", FilterShape) and the
// optimizer multiplies its selectivity estimate for that shape by it.
//
// Determinism: executions only gather evidence (a scan that ran to its end, once, whose rows
// were off by 2x or more, or that has a correction already). Corrections change only when the
// autopilot publishes them (`proposals`, `publish`), each change a logged decision with its
// epoch; publishing bumps the statistics version, so cached plans are planned again. A plan
// thus depends on the catalog, the statistics and the published corrections, never on timing.
// A correction changes estimates, so plans, never results. `helios_ai.reset_estimates()`
// removes them all; `helios_ai.revert(id)` one.
//
// Published corrections persist in tree `helios.statistics.corrections`, key: relation oid
// (4 bytes) + shape, value: factor, observations, epoch (8 bytes each).

package import HeliosCore
package import HeliosStorage
import Foundation
import Synchronization

package struct EstimateCorrection: Sendable, Equatable {
    package var relation: ObjectID
    package var shape: String
    /// What the estimated selectivity is multiplied by.
    package var factor: Double
    /// Executions the factor was learned from.
    package var observations: Int
    package var epoch: Int64
}

package final class LearnedEstimates: Sendable {
    package struct Key: Hashable, Sendable {
        package var relation: ObjectID
        package var shape: String

        package init(relation: ObjectID, shape: String) {
            self.relation = relation
            self.shape = shape
        }
    }

    /// A change the autopilot may publish: a new or changed factor, or (factor nil) a removal.
    package struct Change: Sendable {
        package var key: Key
        package var factor: Double?
        package var previous: Double?
        package var observations: Int
        /// The latest execution's estimate (uncorrected) and actual rows, for the reason.
        package var estimatedRows: Double
        package var actualRows: Double
    }

    private struct Evidence {
        /// log(actual / uncorrected estimate) of the latest executions (at most `window`).
        var logRatios: [Double] = []
        var estimatedRows = 0.0
        var actualRows = 0.0
    }

    /// A factor needs this many executions and must be at least 2x off (or back within 2x to be removed).
    static let minimumObservations = 3
    static let window = 20
    static let threshold = log(2.0)

    private let tree: TreeID
    private let published: Mutex<[ObjectID: [String: EstimateCorrection]]>
    private let evidence = Mutex<[Key: Evidence]>([:])

    package init(tree: TreeID, loaded: [EstimateCorrection]) {
        self.tree = tree
        var byRelation: [ObjectID: [String: EstimateCorrection]] = [:]
        for correction in loaded { byRelation[correction.relation, default: [:]][correction.shape] = correction }
        published = Mutex(byRelation)
    }

    static func load(_ txn: WriteTransaction) throws(DatabaseError) -> LearnedEstimates {
        let tree = try TransactionManager.tree(named: "helios.statistics.corrections", in: txn)
        var loaded: [EstimateCorrection] = []
        let cursor = try txn.cursor(tree)
        var more = try cursor.first()
        while more {
            if let correction = decode(key: cursor.key, value: try cursor.value()) { loaded.append(correction) }
            more = try cursor.next()
        }
        return LearnedEstimates(tree: tree, loaded: loaded)
    }

    // MARK: planning and execution

    /// The published corrections, by table (what a planning pass uses throughout).
    package var snapshot: [ObjectID: [String: EstimateCorrection]] { published.withLock { $0 } }

    package var all: [EstimateCorrection] {
        published.withLock { $0.values.flatMap(\.values) }.sorted { ($0.relation, $0.shape) < ($1.relation, $1.shape) }
    }

    /// Whether rows of scans of `relation` are worth reporting even when close to the estimate.
    package func watches(_ relation: ObjectID) -> Bool {
        published.withLock { $0[relation] != nil }
    }

    /// An execution's evidence: a scan with these filters estimated `estimated` rows before any
    /// correction and returned `actual`.
    package func observe(_ key: Key, estimated: Double, actual: Double) {
        // What the selectivity must be multiplied by for the estimate to meet the rows seen (no
        // row at all asks for no more than one row's worth).
        let target = max(actual, min(estimated, 1))
        let ratio = log(max(target, 1e-12) / max(estimated, 1e-12))
        evidence.withLock { evidence in
            var item = evidence[key] ?? Evidence()
            item.logRatios.append(ratio)
            if item.logRatios.count > Self.window { item.logRatios.removeFirst(item.logRatios.count - Self.window) }
            item.estimatedRows = estimated
            item.actualRows = actual
            evidence[key] = item
        }
    }

    // MARK: the autopilot

    /// Corrections the evidence calls for on `relations`, leaving out `excluded` keys.
    package func proposals(relations: Set<ObjectID>, excluded: Set<Key>) -> [Change] {
        let current = snapshot
        let gathered = evidence.withLock { $0 }
        var changes: [Change] = []
        for (key, item) in gathered where relations.contains(key.relation) && !excluded.contains(key) {
            guard item.logRatios.count >= Self.minimumObservations else { continue }
            let learned = item.logRatios.reduce(0, +) / Double(item.logRatios.count)
            // Only a steady error is learned: four in five executions off by 2x the same way (a
            // filter whose selectivity just varies with its values teaches nothing).
            let sameWay = item.logRatios.filter { $0 * learned > 0 && abs($0) >= Self.threshold }.count
            let steady = Double(sameWay) >= 0.8 * Double(item.logRatios.count)
            let existing = current[key.relation]?[key.shape]
            let change = Change(key: key, factor: exp(learned), previous: existing?.factor, observations: item.logRatios.count,
                                estimatedRows: item.estimatedRows, actualRows: item.actualRows)
            if let existing {
                // Hysteresis: a published factor moves only when the evidence is 4x away from it.
                if abs(learned) < Self.threshold && !steady {
                    changes.append(Change(key: key, factor: nil, previous: existing.factor, observations: change.observations,
                                          estimatedRows: item.estimatedRows, actualRows: item.actualRows))
                } else if steady && abs(learned - log(existing.factor)) >= 2 * Self.threshold {
                    changes.append(change)
                }
            } else if steady {
                changes.append(change)
            }
        }
        return changes.sorted { ($0.key.relation, $0.key.shape) < ($1.key.relation, $1.key.shape) }
    }

    /// Publishes `changes` (durably) as of `epoch`; the caller bumps the statistics version.
    package func publish(_ changes: [Change], epoch: Int64, store: Store) throws(DatabaseError) {
        guard !changes.isEmpty else { return }
        let txn = try store.beginWrite()
        do {
            for change in changes {
                let key = Self.encode(key: change.key)
                if let factor = change.factor {
                    let correction = EstimateCorrection(relation: change.key.relation, shape: change.key.shape, factor: factor,
                                                        observations: change.observations, epoch: epoch)
                    _ = try txn.put(key, Self.encode(value: correction), in: tree)
                } else {
                    _ = try txn.delete(key, in: tree)
                }
            }
            try txn.commit()
        } catch {
            txn.rollback()
            throw error
        }
        published.withLock { published in
            for change in changes {
                if let factor = change.factor {
                    published[change.key.relation, default: [:]][change.key.shape] = EstimateCorrection(
                        relation: change.key.relation, shape: change.key.shape, factor: factor,
                        observations: change.observations, epoch: epoch)
                } else {
                    published[change.key.relation]?[change.key.shape] = nil
                    if published[change.key.relation]?.isEmpty == true { published[change.key.relation] = nil }
                }
            }
        }
    }

    /// Removes every correction and the evidence gathered; returns how many corrections went.
    package func reset(store: Store) throws(DatabaseError) -> Int {
        let removed = all
        try publish(removed.map { Change(key: Key(relation: $0.relation, shape: $0.shape), factor: nil, previous: $0.factor,
                                         observations: 0, estimatedRows: 0, actualRows: 0) }, epoch: 0, store: store)
        evidence.withLock { $0 = [:] }
        return removed.count
    }

    /// Forgets the evidence of `key` (its correction was reverted: start learning afresh).
    package func forgetEvidence(_ key: Key) {
        _ = evidence.withLock { $0.removeValue(forKey: key) }
    }

    // MARK: encoding

    private static func encode(key: Key) -> [UInt8] {
        withUnsafeBytes(of: key.relation.rawValue.bigEndian) { Array($0) } + Array(key.shape.utf8)
    }

    private static func encode(value: EstimateCorrection) -> [UInt8] {
        [value.factor.bitPattern, UInt64(value.observations), UInt64(bitPattern: value.epoch)]
            .flatMap { number in withUnsafeBytes(of: number.bigEndian) { Array($0) } }
    }

    private static func decode(key: [UInt8], value: [UInt8]) -> EstimateCorrection? {
        guard key.count >= 4, value.count == 24 else { return nil }
        func number(_ bytes: ArraySlice<UInt8>) -> UInt64 { bytes.reduce(0) { $0 << 8 | UInt64($1) } }
        let relation = ObjectID(UInt32(number(key[0..<4])))
        return EstimateCorrection(relation: relation, shape: String(decoding: key[4...], as: UTF8.self),
                                  factor: Double(bitPattern: number(value[0..<8])), observations: Int(number(value[8..<16])),
                                  epoch: Int64(bitPattern: number(value[16..<24])))
    }
}
