// Page layout per table (issue 6, Autopilot II). A table whose rows are appended and then
// rewritten — an order inserted as 'new', later updated to 'paid' — grows in place: a rewrite
// adds a version to the chain its key holds, and the chain keeps about two versions until a
// later rewrite prunes the old one. Appended pages are filled to the tree's fill factor; at
// 100 the growth splits each full page into two half-empty ones, and those stay half empty.
//
// The advisor reads each table tree's insert pattern (HeliosStorage's InsertPattern, since the
// store opened). When most new keys land at a leaf's end (appends) and rows are rewritten, it
// proposes the fill factor that leaves room for the growth: 100 / (1 + rewrites per new row,
// counted up to 1), in steps of 5, not below 50. Random inserts split leaves in the middle,
// which leaves room already; index entries are never rewritten: neither is tuned. Measured on
// 20,000 orders of which half are rewritten once: fillfactor 100 → 4.9 MB, 85 → 5.6 MB (the
// room is too small, pages split anyway), 70 → 3.6 MB; the rule picks 65.
//
// Guardrails: a table's own fillfactor set by a user is never changed, nor a table opted out
// (`autopilot = off`); a change must move the fill factor by at least 10; a change reverted in
// the last day is not proposed again. The change is an ALTER TABLE ... SET (fillfactor = n),
// logged and revertable as every decision; it shapes future pages only, never a result.

import HeliosCore
package import HeliosStorage
import HeliosValues

package struct LayoutAdvisor {
    /// New keys a table must have taken since the store opened before its pattern counts.
    static let minimumNewKeys: UInt64 = 5_000
    /// Share of new keys that must land at a leaf's end for the table to count as appended.
    static let appendShare = 0.8

    /// The fill factor a tree with `pattern` should have; nil when its pattern says nothing.
    package static func fillFactor(for pattern: InsertPattern) -> Int? {
        let inserts = pattern.sequentialInserts + pattern.otherInserts
        guard inserts > pattern.replacements else { return nil }
        let newKeys = inserts - pattern.replacements
        guard newKeys >= minimumNewKeys, Double(pattern.leafEndInserts) >= appendShare * Double(newKeys) else { return nil }
        let growth = min(Double(pattern.replacements) / Double(newKeys), 1)
        let fill = Int(100 / (1 + growth) / 5) * 5
        return max(50, min(100, fill))
    }

    let store: Store
    let decisions: [AutopilotDecision]
    /// Tables whose layout change was reverted in the last day.
    let reverted: Set<String>

    /// Proposals for the tables of `catalog` (one per table at most).
    func proposals(_ catalog: CatalogReader, database: ObjectID) throws(DatabaseError) -> [Recommendation] {
        var proposals: [Recommendation] = []
        for relation in try catalog.allTables() where !IndexAdvisor.optedOut(relation) {
            guard let tree = relation.tree, let wanted = Self.fillFactor(for: store.insertPattern(of: tree)) else { continue }
            guard !reverted.contains(relation.name) else { continue }
            let mine = decisions.filter { $0.database == database && $0.action == .setLayout && $0.table == relation.name }
            let current: Int
            if let set = relation.options[TreeOptions.fillFactorOption] {
                // Only a fill factor the autopilot itself set may change again.
                guard let last = mine.last(where: { $0.status == .applied || $0.status == .validated }),
                      last.columns == [Self.option(set)], let value = Int(set) else { continue }
                current = value
            } else {
                current = TreeOptions.default.fillFactor
            }
            guard abs(wanted - current) >= 10 else { continue }
            let schema = try catalog.namespaceName(relation.namespace)
            let table = StringFunctions.quoteIdentifier(schema) + "." + StringFunctions.quoteIdentifier(relation.name)
            let pattern = store.insertPattern(of: tree)
            let newKeys = pattern.sequentialInserts + pattern.otherInserts - pattern.replacements
            let undo = relation.options[TreeOptions.fillFactorOption] == nil
                ? "ALTER TABLE \(table) RESET (fillfactor)" : "ALTER TABLE \(table) SET (fillfactor = \(current))"
            proposals.append(Recommendation(
                action: .setLayout, relation: relation.oid, schema: schema, table: relation.name, indexName: "",
                columns: [Self.option(String(wanted))], statement: "ALTER TABLE \(table) SET (fillfactor = \(wanted))",
                estimatedBenefit: 0, estimatedImprovement: 0, estimatedBytes: 0, templates: [],
                reason: "appended rows are rewritten: \(pattern.replacements) rewrites of \(newKeys) new rows, "
                    + "\(Int(100 * Double(pattern.leafEndInserts) / Double(newKeys)))% appended; "
                    + "fillfactor \(current) → \(wanted) leaves room for their new versions",
                undoStatement: undo))
        }
        return proposals
    }

    static func option(_ value: String) -> String { "fillfactor=\(value)" }
}
