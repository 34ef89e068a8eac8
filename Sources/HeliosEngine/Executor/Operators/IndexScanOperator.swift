// Reads a table through a key range: of the table's own tree (its primary key) or of a
// secondary index, whose entries are the indexed values followed by the row's key (the entry's
// value holds the row key's length). Index entries may be stale — a row updated or deleted
// since — so every row fetched is re-checked against the scan's conditions, and a secondary
// index entry counts only if it holds the fetched version's own values: an entry left by an
// update (committed or rolled back) points to the same row as the current one, which would
// otherwise return the row twice.

public import HeliosCore
public import HeliosStorage
public import HeliosValues

/// A key range over an index, computed from values known when the scan opens.
struct IndexRange {
    /// Equality values for the leading key parts.
    var equalities: [CompiledExpression]
    var lower: (CompiledExpression, inclusive: Bool)?
    var upper: (CompiledExpression, inclusive: Bool)?
    /// The key parts' orders (for descending index columns).
    var orders: [KeyOrder]
}

final class IndexScanOperator: PhysicalOperator {
    let context: ExecutionContext
    let tableTree: TreeID
    /// nil: the range is over the table's own tree.
    let indexTree: TreeID?
    let range: IndexRange
    let reverse: Bool
    let types: [SQLType]
    let filter: CompiledExpression?
    let includesRowKey: Bool
    /// For a secondary index: the index and the row positions of its key columns.
    let entryOwner: (index: IndexDescriptor, positions: [Int])?
    private var cursor: TreeCursor?
    private var more = false
    private var lowerKey: [UInt8]?
    private var upperLimit: [UInt8]?

    init(context: ExecutionContext, tableTree: TreeID, indexTree: TreeID?, range: IndexRange, reverse: Bool, types: [SQLType],
         filter: CompiledExpression?, includesRowKey: Bool, entryOwner: (index: IndexDescriptor, positions: [Int])? = nil) {
        self.context = context
        self.tableTree = tableTree
        self.indexTree = indexTree
        self.range = range
        self.reverse = reverse
        self.types = types
        self.filter = filter
        self.includesRowKey = includesRowKey
        self.entryOwner = entryOwner
    }

    override func open() throws(DatabaseError) {
        try super.open()
        cursor = nil
        more = false
        let environment = context.environment
        var encoder = KeyEncoder()
        var part = 0
        for equality in range.equalities {
            let value = try equality.evaluate([], environment)
            if value.isNull { return }  // `= NULL` matches nothing
            try KeyCodec.append(value, to: &encoder, order: range.orders[part])
            part += 1
        }
        let prefix = encoder.bytes
        lowerKey = prefix
        upperLimit = IndexScanOperator.successor(of: prefix)
        if part < range.orders.count, range.lower != nil || range.upper != nil {
            // A range on the next key part covers its values only (tag 0x02): NULLs, tagged
            // 0x01 or 0x03 whatever the direction, never satisfy a comparison.
            let order = range.orders[part]
            lowerKey = prefix + [0x02]
            upperLimit = prefix + [0x03]
            // A descending key part stores larger values first: the SQL bounds swap ends.
            var low = range.lower
            var high = range.upper
            if order.isDescending { swap(&low, &high) }
            if let (expression, inclusive) = low {
                let value = try expression.evaluate([], environment)
                if value.isNull { return }
                var bound = KeyEncoder()
                try KeyCodec.append(value, to: &bound, order: order)
                let key = prefix + bound.bytes
                lowerKey = inclusive ? key : IndexScanOperator.successor(of: key)
            }
            if let (expression, inclusive) = high {
                let value = try expression.evaluate([], environment)
                if value.isNull { return }
                var bound = KeyEncoder()
                try KeyCodec.append(value, to: &bound, order: order)
                let key = prefix + bound.bytes
                upperLimit = inclusive ? IndexScanOperator.successor(of: key) : key
            }
        }
        let cursor = try context.access.cursor(indexTree ?? tableTree)
        if reverse {
            if let upperLimit {
                more = try cursor.seek(atOrBefore: upperLimit)
                if more && cursor.key == upperLimit { more = try cursor.previous() }
            } else {
                more = try cursor.last()
            }
        } else {
            more = try cursor.seek(atOrAfter: lowerKey ?? [])
        }
        self.cursor = cursor
    }

    override func next() throws(DatabaseError) -> Row? {
        guard let cursor else { completed = true; return nil }
        while more {
            try context.checkInterrupt()
            let key = cursor.key
            if reverse {
                if let lowerKey, key.lexicographicallyPrecedes(lowerKey) { more = false; completed = true; return nil }
            } else if let upperLimit, !key.lexicographicallyPrecedes(upperLimit) {
                more = false
                completed = true
                return nil
            }
            var row: Row?
            var rowKey = key
            if indexTree == nil {
                let snapshot = context.snapshot
                let types = self.types
                row = try cursor.withValue { (chain) throws(DatabaseError) -> Row? in
                    guard let data = try snapshot.visibleVersion(chain) else { return nil }
                    return try RowCodec.decode(data, types: types)
                }
            } else {
                let suffixLength = try cursor.withValue { (value) throws(DatabaseError) -> Int in
                    guard value.count >= 2 else { throw DatabaseError(.dataCorrupted, "index entry has no row key length") }
                    return Int(value[0]) | Int(value[1]) << 8
                }
                guard suffixLength <= key.count else { throw DatabaseError(.dataCorrupted, "index entry row key is too long") }
                rowKey = Array(key[(key.count - suffixLength)...])
                if let data = try context.access.fetch(rowKey, in: tableTree, snapshot: context.snapshot) {
                    row = try data.withBytes { (raw) throws(DatabaseError) in try RowCodec.decode(raw, types: types) }
                }
                if let fetched = row, let (index, positions) = entryOwner,
                   try index.entryPrefix(positions.map { fetched[$0] }) != Array(key[..<(key.count - suffixLength)]) {
                    row = nil  // a stale entry: the version it was made for is gone
                }
            }
            more = reverse ? try cursor.previous() : try cursor.next()
            guard var found = row else { continue }
            if let filter, try !filter.isTrue(found, context.environment) { continue }
            if includesRowKey { found.append(.bytes(rowKey)) }
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

    /// The smallest key greater than every key starting with `prefix` (nil: there is none).
    static func successor(of prefix: [UInt8]) -> [UInt8]? {
        var bytes = prefix
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }
}
