// Common table expressions at run time. A CTE's rows are computed once per execution of its
// WITH (again when a correlated subquery reopens it) and shared by every reference. They are
// computed lazily, as PostgreSQL's CTE scans do: a reference asks for its next row and the
// materializer produces just enough, so `WITH RECURSIVE r AS (... UNION ALL ... FROM r) SELECT
// ... FROM r LIMIT 3` runs three rounds and stops, where computing everything would never end.
// The base term is read whole; the recursive term runs one round at a time, each round over
// the previous round's rows (the working table); UNION drops rows seen before; no new row ends it.

public import HeliosCore
public import HeliosValues

/// Produces a common table expression's rows on demand, keeping those produced so far.
package final class CommonTableMaterializer {
    let id: Int
    let base: PhysicalOperator
    let recursive: PhysicalOperator?
    let distinct: Bool
    unowned let context: ExecutionContext
    private var rows: [Row] = []
    private var working: [Row] = []
    private var seen = Set<Row>()
    private var started = false
    private var finished = false

    init(id: Int, base: PhysicalOperator, recursive: PhysicalOperator?, distinct: Bool, context: ExecutionContext) {
        self.id = id
        self.base = base
        self.recursive = recursive
        self.distinct = distinct
        self.context = context
    }

    /// Forgets the rows: the next read computes them afresh.
    func reset() {
        rows = []
        working = []
        seen = []
        started = false
        finished = false
    }

    /// The row at `index`, computing more as needed; nil past the last row.
    func row(at index: Int) throws(DatabaseError) -> Row? {
        while index >= rows.count {
            guard try advance() else { return nil }
        }
        return rows[index]
    }

    /// Computes the base term's rows, or one more round of the recursive term; false when no
    /// row can come any more.
    private func advance() throws(DatabaseError) -> Bool {
        if finished { return false }
        if !started {
            started = true
            try base.open()
            var produced = try base.drain()
            base.close()
            if distinct { produced = produced.filter { seen.insert($0).inserted } }
            rows = produced
            working = produced
            if recursive == nil { finished = true }
            return !produced.isEmpty
        }
        guard let recursive, !working.isEmpty else {
            finished = true
            return false
        }
        try context.checkInterrupt()
        context.workingTables[id] = working
        defer { context.workingTables[id] = nil }
        try recursive.open()
        var produced = try recursive.drain()
        recursive.close()
        if distinct { produced = produced.filter { seen.insert($0).inserted } }
        rows += produced
        working = produced
        if produced.isEmpty { finished = true }
        return !produced.isEmpty
    }
}

/// A reference to a common table expression: reads its rows in order from the materializer.
final class CommonTableScanOperator: PhysicalOperator {
    let id: Int
    let context: ExecutionContext
    private var position = 0

    init(id: Int, context: ExecutionContext) {
        self.id = id
        self.context = context
    }

    override func open() throws(DatabaseError) {
        try super.open()
        position = 0
    }

    override func next() throws(DatabaseError) -> Row? {
        guard let materializer = context.commonTableMaterializers[id] else {
            throw DatabaseError.internalError("common table expression \(id) is not defined")
        }
        guard let row = try materializer.row(at: position) else { return nil }
        position += 1
        rowsProduced += 1
        return row
    }
}

/// Runs a query body after forgetting its common table expressions' rows, so that each
/// execution (a correlated subquery's, for instance) computes them afresh.
final class WithOperator: PhysicalOperator {
    let ids: [Int]
    let context: ExecutionContext

    init(_ body: PhysicalOperator, ids: [Int], context: ExecutionContext) {
        self.ids = ids
        self.context = context
        super.init()
        children = [body]
    }

    override func open() throws(DatabaseError) {
        for id in ids { context.commonTableMaterializers[id]?.reset() }
        try super.open()
    }

    override func next() throws(DatabaseError) -> Row? {
        guard let row = try children[0].next() else { return nil }
        rowsProduced += 1
        return row
    }
}
