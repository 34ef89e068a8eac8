// The cost units plans are compared in, PostgreSQL's: reading a page in sequence costs 1,
// a page at random `randomPageCost`, handling a row, an index entry and an operator a small
// fraction of that. Costs only rank plans; they are not times. The enable_* settings price a
// disabled method out (as PostgreSQL does) rather than forbid it, so a query always has a plan.

public import HeliosValues
import Foundation

package struct CostModel: Sendable {
    package var sequentialPageCost = 1.0
    package var randomPageCost = 4.0
    package var tupleCost = 0.01
    package var indexTupleCost = 0.005
    package var operatorCost = 0.0025
    package var workMemory = 4.0 * 1024 * 1024
    package var enableSequentialScan = true
    package var enableIndexScan = true
    package var enableHashJoin = true
    package var enableNestedLoop = true
    package var enableMergeJoin = true
    package var enableSort = true

    /// What a disabled method costs on top (PostgreSQL's disable_cost).
    static let disabledCost = 1.0e10

    package init() {}

    /// The model with the session's planner settings (random_page_cost, enable_seqscan, ...).
    package init(settings: (String) -> String?) {
        func number(_ name: String) -> Double? { settings(name).flatMap { Double($0) } }
        func flag(_ name: String) -> Bool { settings(name).map { !["off", "false", "0", "no"].contains($0.lowercased()) } ?? true }
        if let value = number("seq_page_cost"), value >= 0 { sequentialPageCost = value }
        if let value = number("random_page_cost"), value >= 0 { randomPageCost = value }
        if let value = number("cpu_tuple_cost"), value >= 0 { tupleCost = value }
        if let value = number("cpu_index_tuple_cost"), value >= 0 { indexTupleCost = value }
        if let value = number("cpu_operator_cost"), value >= 0 { operatorCost = value }
        enableSequentialScan = flag("enable_seqscan")
        enableIndexScan = flag("enable_indexscan")
        enableHashJoin = flag("enable_hashjoin")
        enableNestedLoop = flag("enable_nestloop")
        enableMergeJoin = flag("enable_mergejoin")
        enableSort = flag("enable_sort")
    }

    /// Sorting `rows` rows (a top-N heap when only `limit` of them are kept).
    func sort(rows: Double, width: Int, limit: Double? = nil) -> Double {
        let n = max(rows, 2)
        let comparison = 2 * operatorCost
        var cost: Double
        if let limit, limit * 2 < n {
            cost = comparison * n * log2(max(2 * limit, 2))
        } else {
            cost = comparison * n * log2(n)
            let bytes = rows * Double(width + 24)
            if bytes > workMemory {
                // Runs written and merged once: every page written and read again.
                cost += 2 * (bytes / 8192) * sequentialPageCost
            }
        }
        return cost + (enableSort ? 0 : Self.disabledCost)
    }

    /// The average width PostgreSQL assumes for a type it has no statistics for.
    static func defaultWidth(of type: SQLType) -> Int {
        if type.isArray { return 32 }
        switch type.kind {
        case .boolean: return 1
        case .smallint: return 2
        case .integer, .real, .date, .oid: return 4
        case .bigint, .doublePrecision, .time, .timestamp, .timestampWithTimeZone: return 8
        case .interval, .uuid: return 16
        case .numeric: return 8
        case .character, .varchar:
            return type.modifier > 4 ? min(Int(type.modifier) - 4, 32) : 32
        default: return 32
        }
    }
}
