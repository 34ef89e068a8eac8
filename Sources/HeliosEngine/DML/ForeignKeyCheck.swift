// Foreign keys, from both ends. A referencing (child) row needs a live referenced (parent) row
// with its key values — unless one of them is NULL (MATCH SIMPLE). A parent row whose key
// changes or goes takes its children with it (CASCADE), nulls or defaults their keys (SET NULL,
// SET DEFAULT), or is refused while children exist (NO ACTION, RESTRICT). "Live" means the
// newest committed version or this transaction's own, as PostgreSQL's referential checks see
// rows; rows other transactions are still writing are waited for.

public import HeliosCore
public import HeliosStorage
public import HeliosValues

final class ForeignKeyCheck {
    let name: String
    let key: ConstraintDescriptor.ForeignKey
    let child: RelationDescriptor
    let parent: RelationDescriptor
    /// True on the child's writer (checks its rows' references), false on the parent's.
    let isReferencing: Bool
    unowned let writers: TableWriters

    init(name: String, key: ConstraintDescriptor.ForeignKey, child: RelationDescriptor, parent: RelationDescriptor,
         isReferencing: Bool, writers: TableWriters) {
        self.name = name
        self.key = key
        self.child = child
        self.parent = parent
        self.isReferencing = isReferencing
        self.writers = writers
    }

    /// The constrained values in a row of the writer's own table.
    func localValues(_ row: Row, relation: RelationDescriptor) -> [SQLValue] {
        let columns = isReferencing ? key.columns : key.referencedColumns
        return columns.map { row[relation.storagePosition(of: $0) ?? 0] }
    }

    private func names(_ relation: RelationDescriptor, _ columns: [Int16]) -> String {
        columns.map { relation.column(number: $0)?.name ?? "?" }.joined(separator: ", ")
    }

    private func shown(_ values: [SQLValue]) -> String {
        values.map { $0.isNull ? "null" : TextFormat.format($0) }.joined(separator: ", ")
    }

    // MARK: the child's side

    /// A child row was written: its parent must exist.
    func verifyReferenced(_ row: Row, writer: TableWriter) throws(DatabaseError) {
        let values = localValues(row, relation: child)
        if values.allSatisfy(\.isNull) { return }
        if values.contains(where: \.isNull) {
            if !key.matchFull { return }
            throw DatabaseError(.foreignKeyViolation,
                                "insert or update on table \"\(child.name)\" violates foreign key constraint \"\(name)\"",
                                detail: "MATCH FULL does not allow mixing of null and nonnull key values.")
        }
        let parentWriter = try writers.writer(for: parent)
        if try !parentHasRow(values, parentWriter: parentWriter) {
            throw DatabaseError(.foreignKeyViolation,
                                "insert or update on table \"\(child.name)\" violates foreign key constraint \"\(name)\"",
                                detail: "Key (\(names(child, key.columns)))=(\(shown(values))) is not present in table \"\(parent.name)\".")
        }
    }

    private func parentHasRow(_ values: [SQLValue], parentWriter: TableWriter) throws(DatabaseError) -> Bool {
        if parent.rowKey == key.referencedColumns {
            let rowKey = try KeyCodec.key(values)
            while true {
                let statement = parentWriter.statement
                let txn = try statement.writeTransaction()
                switch try RowStore.newest(rowKey, in: parentWriter.tree, txn, try statement.rowWriter(),
                                           manager: statement.database.manager) {
                case .absent: return false
                case .live: return true
                case .waitFor(let xid): try statement.wait(for: xid)
                }
            }
        }
        guard let index = parent.indexes.first(where: { $0.isUnique && $0.keys.map(\.column) == key.referencedColumns }) else {
            throw DatabaseError.internalError("foreign key \(name) has no unique index on \(parent.name)")
        }
        var probe = Array(repeating: SQLValue.null, count: parent.columns.count)
        for (column, value) in zip(key.referencedColumns, values) { probe[parent.storagePosition(of: column) ?? 0] = value }
        return try parentWriter.findUniqueConflict(index, row: probe, excluding: nil) != nil
    }

    // MARK: the parent's side

    /// A parent row with key `values` changed to `newRow` (nil: deleted).
    func referencedRowChanged(_ values: [SQLValue], newRow: Row?, writer: TableWriter) throws(DatabaseError) {
        let action = newRow == nil ? key.onDelete : key.onUpdate
        let childWriter = try writers.writer(for: child)
        for (rowKey, row) in try liveChildren(values, childWriter: childWriter) {
            switch action {
            case .noAction, .restrict:
                throw DatabaseError(.foreignKeyViolation,
                                    "update or delete on table \"\(parent.name)\" violates foreign key constraint \"\(name)\" on table \"\(child.name)\"",
                                    detail: "Key (\(names(parent, key.referencedColumns)))=(\(shown(values))) is still referenced from table \"\(child.name)\".")
            case .cascade:
                if let newRow {
                    var updated = row
                    for (childColumn, parentColumn) in zip(key.columns, key.referencedColumns) {
                        updated[child.storagePosition(of: childColumn) ?? 0] = newRow[parent.storagePosition(of: parentColumn) ?? 0]
                    }
                    _ = try childWriter.update(key: rowKey, old: row, new: updated)
                } else {
                    _ = try childWriter.delete(key: rowKey, old: row)
                }
            case .setNull, .setDefault:
                var updated = row
                for childColumn in key.columns {
                    let position = child.storagePosition(of: childColumn) ?? 0
                    updated[position] = action == .setNull ? .null : try writers.defaultValue(of: child, position: position)
                }
                _ = try childWriter.update(key: rowKey, old: row, new: updated)
            }
        }
    }

    /// The live child rows referencing `values`: through an index on the child's key columns
    /// when there is one, else by reading the whole child table.
    private func liveChildren(_ values: [SQLValue], childWriter: TableWriter) throws(DatabaseError) -> [([UInt8], Row)] {
        let statement = childWriter.statement
        let manager = statement.database.manager
        var result: [([UInt8], Row)] = []
        retry: while true {
            result = []
            let txn = try statement.writeTransaction()
            let rowWriter = try statement.rowWriter()
            var candidates: [[UInt8]] = []
            if let index = child.indexes.first(where: { !$0.isPrimary && Array($0.keys.map(\.column).prefix(key.columns.count)) == key.columns }) {
                var encoder = KeyEncoder()
                for (part, value) in zip(index.keys, values) {
                    try KeyCodec.append(value, to: &encoder, order: KeyOrder(part.descending ? .descending : .ascending,
                                                                           nulls: part.nullsFirst ? .first : .last))
                }
                let prefix = encoder.bytes
                let cursor = try txn.cursor(index.tree)
                var more = try cursor.seek(atOrAfter: prefix)
                while more {
                    let entry = cursor.key
                    guard entry.starts(with: prefix) else { break }
                    let length = try cursor.withValue { (value) throws(DatabaseError) -> Int in
                        value.count >= 2 ? Int(value[0]) | Int(value[1]) << 8 : 0
                    }
                    candidates.append(Array(entry[(entry.count - length)...]))
                    more = try cursor.next()
                }
            } else {
                let cursor = try txn.cursor(childWriter.tree)
                var more = try cursor.first()
                while more {
                    candidates.append(cursor.key)
                    more = try cursor.next()
                }
            }
            for rowKey in candidates {
                switch try RowStore.newest(rowKey, in: childWriter.tree, txn, rowWriter, manager: manager) {
                case .absent: continue
                case .waitFor(let xid):
                    try statement.wait(for: xid)
                    continue retry
                case .live(let data):
                    let row = try data.withBytes { (raw) throws(DatabaseError) in try RowCodec.decode(raw, types: childWriter.types) }
                    if localChildValues(row) == values { result.append((rowKey, row)) }
                }
            }
            return result
        }
    }

    private func localChildValues(_ row: Row) -> [SQLValue] {
        key.columns.map { row[child.storagePosition(of: $0) ?? 0] }
    }
}
