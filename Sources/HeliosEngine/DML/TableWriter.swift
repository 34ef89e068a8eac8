// Writes rows of one table as SQL requires: the row's key (its primary key, or a new hidden row
// ID), NOT NULL and CHECK constraints, the table's own key and its unique indexes (23505),
// entries in every index, and foreign keys (checked when the statement ends, so rows that
// reference each other may arrive in any order). A row held by another transaction in progress
// makes the statement wait for it (READ COMMITTED then follows the row to its newest version).
// Index entries of row versions that pruning removed are removed with them.

public import HeliosCore
public import HeliosStorage
public import HeliosValues

/// What an insert found.
package enum InsertOutcome {
    case inserted(key: [UInt8])
    /// A live row already holds the value of a unique key: which constraint or index, and that
    /// row's key in the table.
    case conflict(constraint: String, existingKey: [UInt8], detail: String)
}

/// What an update or delete found.
package enum ChangeOutcome {
    case done
    /// The row is gone (deleted, or changed by this statement already).
    case skipped
    /// A transaction that committed after the snapshot changed the row: here is its newest
    /// version (READ COMMITTED re-checks the statement's conditions against it).
    case changedConcurrently(Row)
}

package final class TableWriter {
    let statement: StatementContext
    let relation: RelationDescriptor
    let tree: TreeID
    let types: [SQLType]
    let secondaryIndexes: [IndexDescriptor]
    let checks: [(name: String, condition: CompiledExpression)]
    let environment: EvaluationEnvironment
    /// Foreign keys this table's rows must satisfy, checked at the end of the statement.
    private var pendingForeignKeyChecks: [(ForeignKeyCheck, Row)] = []
    let foreignKeys: [ForeignKeyCheck]
    private var manager: TransactionManager { statement.database.manager }

    init(statement: StatementContext, relation: RelationDescriptor, checks: [(name: String, condition: CompiledExpression)],
         foreignKeys: [ForeignKeyCheck], environment: EvaluationEnvironment) throws(DatabaseError) {
        guard let tree = relation.tree else { throw DatabaseError.internalError("table \(relation.name) has no storage") }
        self.statement = statement
        self.relation = relation
        self.tree = tree
        types = relation.columns.map(\.type)
        secondaryIndexes = relation.indexes.filter { !$0.isPrimary }
        self.checks = checks
        self.foreignKeys = foreignKeys
        self.environment = environment
    }

    // MARK: keys

    /// The row's key in the table: its primary key values, or a new hidden row ID.
    func rowKey(for row: Row) throws(DatabaseError) -> [UInt8] {
        if relation.rowKey.isEmpty {
            let rowID = try statement.database.rowIDs.allocate(relation.oid, txn: try statement.writeTransaction())
            return try KeyCodec.key([.int64(Int64(bitPattern: rowID))])
        }
        return try KeyCodec.key(relation.rowKey.map { row[relation.storagePosition(of: $0)!] })
    }

    /// The key values of `index` in `row`.
    func indexValues(_ index: IndexDescriptor, _ row: Row) -> [SQLValue] {
        index.keys.map { row[relation.storagePosition(of: $0.column) ?? 0] }
    }

    func indexPrefix(_ index: IndexDescriptor, values: [SQLValue]) throws(DatabaseError) -> [UInt8] {
        try index.entryPrefix(values)
    }

    // MARK: constraints

    /// "(1, null, abc)": a row as PostgreSQL shows it in constraint errors.
    func describe(_ row: Row) -> String {
        let shown = relation.columns.enumerated().filter { !$0.element.isDropped }.map { index, column in
            row[index].isNull ? "null" : TextFormat.format(row[index], as: column.type, settings: environment.context.settings)
        }
        return "(" + shown.joined(separator: ", ") + ")"
    }

    /// "Key (a, b)=(1, x)".
    func describeKey(_ index: IndexDescriptor, _ values: [SQLValue]) -> String {
        let names = index.keys.map { relation.column(number: $0.column)?.name ?? "?" }
        let shown = values.map { $0.isNull ? "null" : TextFormat.format($0, settings: environment.context.settings) }
        return "Key (\(names.joined(separator: ", ")))=(\(shown.joined(separator: ", ")))"
    }

    /// NOT NULL and CHECK.
    func checkConstraints(_ row: Row) throws(DatabaseError) {
        for (position, column) in relation.columns.enumerated() where column.notNull && !column.isDropped && row[position].isNull {
            throw DatabaseError(.notNullViolation,
                                "null value in column \"\(column.name)\" of relation \"\(relation.name)\" violates not-null constraint",
                                detail: "Failing row contains \(describe(row)).")
        }
        for (name, condition) in checks {
            // A CHECK passes unless it is false (NULL passes).
            if case .bool(false) = try condition.evaluate(row, environment) {
                throw DatabaseError(.checkViolation, "new row for relation \"\(relation.name)\" violates check constraint \"\(name)\"",
                                    detail: "Failing row contains \(describe(row)).")
            }
        }
    }

    // MARK: insert

    /// Inserts `row` (all columns, storage order). Conflicts are returned, not thrown, so that
    /// ON CONFLICT can act on them; `reportConflicts` false throws 23505 instead.
    func insert(_ row: Row, reportConflicts: Bool = false) throws(DatabaseError) -> InsertOutcome {
        try checkConstraints(row)
        let key = try rowKey(for: row)
        let data = RowCodec.encode(row, types: types)
        // Unique secondary indexes first, so a conflict there leaves nothing to undo.
        for index in secondaryIndexes where index.isUnique {
            if let existing = try findUniqueConflict(index, row: row, excluding: nil) {
                let outcome = InsertOutcome.conflict(constraint: index.name, existingKey: existing,
                                                     detail: "\(describeKey(index, indexValues(index, row))) already exists.")
                if reportConflicts { return outcome }
                throw uniqueViolation(outcome)
            }
        }
        while true {
            let txn = try statement.writeTransaction()
            let writer = try statement.rowWriter()
            switch try RowStore.insert(key, data, in: tree, txn, writer, manager: manager) {
            case .done(let pruned, _):
                try addIndexEntries(row, key: key, previous: nil)
                try removeStaleEntries(pruned, key: key)
                queueForeignKeyChecks(row, previous: nil)
                return .inserted(key: key)
            case .mustWait(let xid):
                try statement.wait(for: xid)
            case .duplicate:
                let primary = relation.primaryKeyIndex
                let detail = primary.map { "\(describeKey($0, indexValues($0, row))) already exists." } ?? "Key already exists."
                let outcome = InsertOutcome.conflict(constraint: primary?.name ?? relation.name, existingKey: key, detail: detail)
                if reportConflicts { return outcome }
                throw uniqueViolation(outcome)
            default:
                throw DatabaseError.internalError("unexpected insert outcome")
            }
        }
    }

    func uniqueViolation(_ outcome: InsertOutcome) -> DatabaseError {
        guard case .conflict(let constraint, _, let detail) = outcome else { return DatabaseError.internalError("no conflict") }
        return DatabaseError(.uniqueViolation, "duplicate key value violates unique constraint \"\(constraint)\"", detail: detail)
    }

    /// A live row other than `excluding` with `row`'s values in unique index `index`: its key.
    /// Rows being written by transactions in progress are waited for.
    func findUniqueConflict(_ index: IndexDescriptor, row: Row, excluding: [UInt8]?) throws(DatabaseError) -> [UInt8]? {
        let values = indexValues(index, row)
        if !index.nullsNotDistinct && values.contains(where: \.isNull) { return nil }
        let prefix = try indexPrefix(index, values: values)
        retry: while true {
            let txn = try statement.writeTransaction()
            let writer = try statement.rowWriter()
            let cursor = try txn.cursor(index.tree)
            var more = try cursor.seek(atOrAfter: prefix)
            while more {
                let entry = cursor.key
                guard entry.starts(with: prefix) else { break }
                let suffixLength = try cursor.withValue { (value) throws(DatabaseError) -> Int in
                    value.count >= 2 ? Int(value[0]) | Int(value[1]) << 8 : 0
                }
                let rowKey = Array(entry[(entry.count - suffixLength)...])
                more = try cursor.next()
                if rowKey == excluding { continue }
                switch try RowStore.newest(rowKey, in: tree, txn, writer, manager: manager) {
                case .absent:
                    continue
                case .waitFor(let xid):
                    try statement.wait(for: xid)
                    continue retry
                case .live(let data):
                    let other = try data.withBytes { (raw) throws(DatabaseError) in try RowCodec.decode(raw, types: types) }
                    if indexValues(index, other) == values { return rowKey }
                }
            }
            return nil
        }
    }

    /// The indexes rows are entered in: the table's own, and any being built online (which a
    /// statement must keep even when its catalog does not have them yet).
    func maintainedIndexes() -> [IndexDescriptor] {
        let building = statement.database.indexBuilds.indexes(onTable: tree)
        guard !building.isEmpty else { return secondaryIndexes }
        return secondaryIndexes + building.filter { index in !secondaryIndexes.contains { $0.tree == index.tree } }
    }

    /// Adds `row`'s entries to every index whose values differ from `previous`'s.
    func addIndexEntries(_ row: Row, key: [UInt8], previous: Row?) throws(DatabaseError) {
        let txn = try statement.writeTransaction()  // first: builds register under the store's writer
        let indexes = maintainedIndexes()
        guard !indexes.isEmpty else { return }
        let suffix = IndexDescriptor.entryValue(rowKeyLength: key.count)
        for index in indexes {
            let values = indexValues(index, row)
            if let previous, indexValues(index, previous) == values { continue }
            _ = try txn.put(try indexPrefix(index, values: values) + key, suffix, in: index.tree)
        }
    }

    /// Removes the index entries of pruned versions that no remaining version of the row needs.
    func removeStaleEntries(_ pruned: [[UInt8]], key: [UInt8]) throws(DatabaseError) {
        guard !pruned.isEmpty else { return }
        let txn = try statement.writeTransaction()
        let indexes = maintainedIndexes()
        guard !indexes.isEmpty else { return }
        var remaining: [Row] = []
        if let chain = try txn.get(key, in: tree) {
            for version in try VersionChain.decode(chain) {
                remaining.append(try version.data.withBytes { (raw) throws(DatabaseError) in try RowCodec.decode(raw, types: types) })
            }
        }
        for data in pruned {
            let old = try data.withBytes { (raw) throws(DatabaseError) in try RowCodec.decode(raw, types: types) }
            for index in indexes {
                let values = indexValues(index, old)
                if remaining.contains(where: { indexValues(index, $0) == values }) { continue }
                let entry = try indexPrefix(index, values: values) + key
                _ = try txn.delete(entry, in: index.tree)
                if !secondaryIndexes.contains(where: { $0.tree == index.tree }) {
                    statement.database.indexBuilds.removed(entry, from: index.tree, onTable: tree)
                }
            }
        }
    }

    // MARK: update and delete

    /// Replaces the row under `key` (whose version the statement read was `old`) by `new`.
    func update(key: [UInt8], old: Row, new: Row) throws(DatabaseError) -> ChangeOutcome {
        try checkConstraints(new)
        let newKey = relation.rowKey.isEmpty ? key : try rowKey(for: new)
        if newKey != key {
            // The primary key changed: the row moves to its new key.
            switch try change(key, to: nil, confirmed: old) {
            case .done: break
            case let other: return other
            }
            _ = try insert(new)
            try referencedRowChanged(old, new: new)
            return .done
        }
        for index in secondaryIndexes where index.isUnique && indexValues(index, old) != indexValues(index, new) {
            if try findUniqueConflict(index, row: new, excluding: key) != nil {
                throw uniqueViolation(.conflict(constraint: index.name, existingKey: key,
                                                detail: "\(describeKey(index, indexValues(index, new))) already exists."))
            }
        }
        let outcome = try change(key, to: new, confirmed: old)
        if case .done = outcome {
            try addIndexEntries(new, key: key, previous: old)
            queueForeignKeyChecks(new, previous: old)
            try referencedRowChanged(old, new: new)
        }
        return outcome
    }

    /// Deletes the row under `key` (whose version the statement read was `old`).
    func delete(key: [UInt8], old: Row) throws(DatabaseError) -> ChangeOutcome {
        let outcome = try change(key, to: nil, confirmed: old)
        if case .done = outcome { try referencedRowChanged(old, new: nil) }
        return outcome
    }

    /// Locks the row (SELECT FOR UPDATE/SHARE).
    func lock(key: [UInt8]) throws(DatabaseError) -> ChangeOutcome {
        try change(key, to: nil, lockOnly: true)
    }

    /// `confirmed`: the row as the caller last saw it (see RowStore.change).
    private func change(_ key: [UInt8], to row: Row?, lockOnly: Bool = false, confirmed: Row? = nil) throws(DatabaseError) -> ChangeOutcome {
        let data = row.map { RowCodec.encode($0, types: types) }
        let confirmedData = confirmed.map { RowCodec.encode($0, types: types) }
        while true {
            let txn = try statement.writeTransaction()
            let writer = try statement.rowWriter()
            switch try RowStore.change(key, to: data, lockOnly: lockOnly, confirmed: confirmedData, in: tree, txn, writer,
                                       manager: manager) {
            case .done(let pruned, _):
                try removeStaleEntries(pruned, key: key)
                return .done
            case .mustWait(let xid):
                try statement.wait(for: xid)
            case .notFound, .alreadyChangedByThisCommand:
                return .skipped
            case .changedConcurrently(let newest):
                let decoded = try newest.withBytes { (raw) throws(DatabaseError) in try RowCodec.decode(raw, types: types) }
                return .changedConcurrently(decoded)
            case .duplicate:
                throw DatabaseError.internalError("duplicate on update")
            }
        }
    }

    // MARK: foreign keys

    private func queueForeignKeyChecks(_ row: Row, previous: Row?) {
        for check in foreignKeys where check.isReferencing {
            let values = check.localValues(row, relation: relation)
            if let previous, check.localValues(previous, relation: relation) == values { continue }
            pendingForeignKeyChecks.append((check, row))
        }
    }

    /// A referenced row changed or went: referencing rows restrict it or follow it.
    private func referencedRowChanged(_ old: Row, new: Row?) throws(DatabaseError) {
        for check in foreignKeys where !check.isReferencing {
            let oldValues = check.localValues(old, relation: relation)
            if let new, check.localValues(new, relation: relation) == oldValues { continue }
            if oldValues.contains(where: \.isNull) { continue }
            try check.referencedRowChanged(oldValues, newRow: new, writer: self)
        }
    }

    /// Runs the foreign key checks queued by this statement's rows.
    func finish() throws(DatabaseError) {
        let pending = pendingForeignKeyChecks
        pendingForeignKeyChecks = []
        for (check, row) in pending { try check.verifyReferenced(row, writer: self) }
    }
}
