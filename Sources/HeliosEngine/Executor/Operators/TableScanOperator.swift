// Reads a table's rows in key order: the version of each row the statement's snapshot sees,
// decoded, filtered by the conditions pushed into the scan.

public import HeliosCore
public import HeliosStorage
public import HeliosValues

final class TableScanOperator: PhysicalOperator {
    let context: ExecutionContext
    let tree: TreeID
    let types: [SQLType]
    let filter: CompiledExpression?
    /// Appends the row's key (bytea) after the columns, for UPDATE and DELETE.
    let includesRowKey: Bool
    private var cursor: TreeCursor?
    private var more = false

    init(context: ExecutionContext, tree: TreeID, types: [SQLType], filter: CompiledExpression?, includesRowKey: Bool) {
        self.context = context
        self.tree = tree
        self.types = types
        self.filter = filter
        self.includesRowKey = includesRowKey
    }

    override func open() throws(DatabaseError) {
        try super.open()
        let cursor = try context.access.cursor(tree)
        more = try cursor.first()
        self.cursor = cursor
    }

    override func next() throws(DatabaseError) -> Row? {
        guard let cursor else { completed = true; return nil }
        let snapshot = context.snapshot
        while more {
            try context.checkInterrupt()
            let types = self.types
            var row: Row? = try cursor.withValue { (chain) throws(DatabaseError) -> Row? in
                guard let data = try snapshot.visibleVersion(chain) else { return nil }
                return try RowCodec.decode(data, types: types)
            }
            if row != nil && includesRowKey { row!.append(.bytes(cursor.key)) }
            more = try cursor.next()
            guard let found = row else { continue }
            if let filter, try !filter.isTrue(found, context.environment) { continue }
            rowsProduced += 1
            return found
        }
        completed = true
        return nil
    }

    override func close() {
        cursor = nil
        super.close()
    }
}

extension CompiledExpression {
    /// Whether the condition is true for `row` (NULL and false are not).
    @inline(__always)
    func isTrue(_ row: Row, _ environment: EvaluationEnvironment) throws(DatabaseError) -> Bool {
        if case .bool(true) = try evaluate(row, environment) { return true }
        return false
    }
}
