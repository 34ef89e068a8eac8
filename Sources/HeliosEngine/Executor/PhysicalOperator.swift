// The executor's operators: each produces rows one at a time (the iterator model). `open`
// (re)starts an operator — a nested loop's inner side is opened again for every outer row —
// `next` returns the next row or nil at the end, `close` releases what it holds.

public import HeliosCore
public import HeliosValues

package typealias Row = [SQLValue]

/// A row producer. Subclasses override `open`, `next` and, if they hold resources, `close`.
package class PhysicalOperator {
    /// The operator's inputs (for EXPLAIN and for closing).
    package var children: [PhysicalOperator] = []
    /// Rows produced since the last open, and opens (for EXPLAIN ANALYZE).
    package var rowsProduced = 0
    package var loops = 0
    /// What EXPLAIN calls the operator ("Seq Scan on t"); empty for operators it leaves out.
    package var label = ""
    /// What the optimizer expected of it (set when planning for EXPLAIN).
    package var estimate: PlanEstimate?
    /// A scan whose rows are compared with the estimate afterwards (LearnedEstimates).
    package var feedback: ScanFeedback?
    /// A scan returned its last row (its row count is a cardinality, not cut short by a LIMIT).
    package var completed = false

    package init() {}

    package func open() throws(DatabaseError) {
        loops += 1
        for child in children { try child.open() }
    }

    package func next() throws(DatabaseError) -> Row? { nil }

    package func close() {
        for child in children { child.close() }
    }

    /// Every remaining row.
    package func drain() throws(DatabaseError) -> [Row] {
        var rows: [Row] = []
        while let row = try next() { rows.append(row) }
        return rows
    }
}

/// What a scan's rows are compared with once it has run: the optimizer's estimate before any
/// learned correction, for its table and filters.
package struct ScanFeedback {
    package var relation: ObjectID
    package var filters: [BoundExpression]
    package var columns: [PlanColumn]
    package var expectedRows: Double
}
