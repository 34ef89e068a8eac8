// What operators of one statement execution share: where they read rows (a storage snapshot and
// the statement's MVCC snapshot), the expression environment (parameters, outer values,
// subquery cache), materialized CTE results, and the memory budget of sorts and hash tables.

public import HeliosCore
public import HeliosStorage
public import HeliosValues

/// Per-execution state shared by a statement's operators. Used by one thread.
package final class ExecutionContext {
    package let access: StorageAccess
    package let snapshot: Snapshot
    package let environment: EvaluationEnvironment
    package let catalog: Catalog
    /// Each common table expression's rows, computed on demand and kept, by id.
    package var commonTableMaterializers: [Int: CommonTableMaterializer] = [:]
    /// The rows of a WITH RECURSIVE working table, by CTE id, while its recursive term runs.
    package var workingTables: [Int: [[SQLValue]]] = [:]
    /// Rows of each system relation read (by qualified name), computed once per execution.
    package var systemTableRows: [String: [[SQLValue]]] = [:]
    /// Bytes a sort or hash table may hold in memory before it spills to disk (work_mem).
    package var workMemory: Int = 4 << 20
    /// Checked between rows: a cancel request or statement timeout sets it.
    package var interruption: (() -> DatabaseError?)?
    /// Counts rows each operator produced, for EXPLAIN ANALYZE.
    package var instrument = false

    package init(access: StorageAccess, snapshot: Snapshot, environment: EvaluationEnvironment, catalog: Catalog) {
        self.access = access
        self.snapshot = snapshot
        self.environment = environment
        self.catalog = catalog
    }

    @inline(__always)
    package func checkInterrupt() throws(DatabaseError) {
        if let interruption, let error = interruption() { throw error }
    }
}
