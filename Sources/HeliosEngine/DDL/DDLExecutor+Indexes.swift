// Indexes: CREATE INDEX, UNIQUE constraints, and re-keying a table when ALTER TABLE gives it a
// primary key. An index entry is the indexed values (memcomparable, in the index's order)
// followed by the row's key in the table; its value is the key's length, so the key can be cut
// off the entry. An index holds an entry for every version of every row (any snapshot may read
// through it); readers check the version they find against the indexed values.

public import HeliosCore
public import HeliosStorage
public import HeliosValues
public import HeliosSQL

extension IndexDescriptor {
    /// The memcomparable prefix of an entry for `values` (one per key part).
    package func entryPrefix(_ values: [SQLValue]) throws(DatabaseError) -> [UInt8] {
        var encoder = KeyEncoder()
        for (part, value) in zip(keys, values) {
            try KeyCodec.append(value, to: &encoder, order: KeyOrder(part.descending ? .descending : .ascending,
                                                                   nulls: part.nullsFirst ? .first : .last))
        }
        return encoder.bytes
    }

    /// An entry's value: the length of the row key that ends the entry.
    package static func entryValue(rowKeyLength: Int) -> [UInt8] {
        [UInt8(rowKeyLength & 0xFF), UInt8(rowKeyLength >> 8)]
    }
}

/// A validated CREATE INDEX: the table, the index's name and key.
struct IndexRequest {
    var table: RelationDescriptor
    var name: String
    var keys: [IndexKeyPart]
    var included: [Int16]
    var unique: Bool
    var nullsNotDistinct: Bool
    var options: [String: String]
}

extension DDLExecutor {
    func createIndex(_ create: CreateIndexStatement) throws(DatabaseError) {
        guard let request = try indexRequest(create) else { return }
        var definition = TableDefinition(request.table)
        var index = try addIndex(named: request.name, keys: request.keys, unique: request.unique,
                                 nullsNotDistinct: request.nullsNotDistinct, options: request.options, to: &definition, build: true)
        index.included = request.included
        index.origin = session.isAutopilot ? .autopilot : .user
        definition.relation.indexes[definition.relation.indexes.count - 1] = index
        try update(definition.relation)
    }

    /// Checks a CREATE INDEX against the catalog and names the index; nil when IF NOT EXISTS
    /// finds the name taken (with a notice).
    func indexRequest(_ create: CreateIndexStatement) throws(DatabaseError) -> IndexRequest? {
        let table = try reader.requireRelation(create.table)
        guard table.kind == .table else {
            throw DatabaseError(.wrongObjectType, "cannot create index on relation \"\(table.name)\"",
                                detail: "This operation is not supported for \(table.kind == .view ? "views" : "sequences").")
        }
        if let method = create.method, method != "btree" {
            throw DatabaseError(.featureNotSupported, "access method \"\(method)\" is not supported; HeliosDB indexes are B+ trees")
        }
        if create.predicate != nil {
            throw DatabaseError(.featureNotSupported, "partial indexes are not supported yet", position: create.location.errorPosition)
        }
        var keys: [IndexKeyPart] = []
        var columnNames: [String] = []
        for element in create.elements {
            guard case .column(let name) = element.key else {
                throw DatabaseError(.featureNotSupported, "indexes on expressions are not supported yet",
                                    position: element.location.errorPosition)
            }
            guard let column = table.column(named: name) else {
                throw DatabaseError(.undefinedColumn, "column \"\(name)\" does not exist", position: element.location.errorPosition)
            }
            let descending = element.direction == .descending
            let nullsFirst = element.nulls == .first || (element.nulls == .default && descending)
            keys.append(IndexKeyPart(column: column.number, descending: descending, nullsFirst: nullsFirst))
            columnNames.append(name)
        }
        let included = try columnNumbers(create.include, in: table, location: create.location)
        let name: String
        if let given = create.name {
            if try catalog.nameIsTaken(given, in: table.namespace, access: access, snapshot: statement.snapshot) {
                if create.ifNotExists {
                    notice("relation \"\(given)\" already exists, skipping")
                    return nil
                }
                throw DatabaseError(.duplicateTable, "relation \"\(given)\" already exists")
            }
            name = given
        } else {
            name = try chooseName([table.name] + columnNames, suffix: "idx", namespace: table.namespace)
        }
        return IndexRequest(table: table, name: name, keys: keys, included: included, unique: create.unique,
                            nullsNotDistinct: create.nullsNotDistinct, options: Self.storageOptions(create.options))
    }

    /// Creates index `name` on the definition's table, built from its rows when `build`.
    @discardableResult
    func addIndex(named name: String, keys: [IndexKeyPart], unique: Bool, nullsNotDistinct: Bool, options: [String: String] = [:],
                  to definition: inout TableDefinition, build: Bool) throws(DatabaseError) -> IndexDescriptor {
        let relation = definition.relation
        let oid = try allocateOID()
        let tree = try createTree("helios.idx.\(oid.rawValue)")
        let index = IndexDescriptor(oid: oid, name: name, tree: tree, keys: keys, isUnique: unique,
                                    nullsNotDistinct: nullsNotDistinct, options: options)
        if build { try buildIndex(index, on: relation) }
        if let table = relation.tree {
            // A transaction whose catalog predates this one's commit (REPEATABLE READ keeps its
            // snapshot) must still enter its rows in the new index: IndexBuilds makes every writer
            // of the table keep it until no such transaction is left.
            let builds = session.database.indexBuilds
            builds.register(index, onTable: table)
            builds.markPublished(index.tree, onTable: table, by: try transaction.topID(session.database.manager, writer: txn))
        }
        definition.relation.indexes.append(index)
        definition.takenNames.insert(name)
        try catalog.addIndexName(name, in: relation.namespace, table: relation.oid, txn: txn, writer: writer)
        return index
    }

    /// Fills `index` from every row version of `relation`; a unique index first checks that
    /// no two rows the statement sees share a key.
    func buildIndex(_ index: IndexDescriptor, on relation: RelationDescriptor) throws(DatabaseError) {
        let positions = index.keys.map { relation.storagePosition(of: $0.column)! }
        if index.isUnique {
            var seen = Set<[SQLValue]>()
            for (_, row) in try visibleRows(of: relation) {
                let values = positions.map { row[$0] }
                if !index.nullsNotDistinct && values.contains(where: \.isNull) { continue }
                if !seen.insert(values).inserted {
                    throw DatabaseError(.uniqueViolation, "could not create unique index \"\(index.name)\"",
                                        detail: "Key (\(describe(index, relation)))=(\(show(values))) is duplicated.")
                }
            }
        }
        var entries: [[UInt8]] = []
        var lengths: [Int] = []
        try forEachVersion(of: relation) { (key, row) throws(DatabaseError) in
            entries.append(try index.entryPrefix(positions.map { row[$0] }) + key)
            lengths.append(key.count)
        }
        let order = entries.indices.sorted { entries[$0].lexicographicallyPrecedes(entries[$1]) }
        let txn = try self.txn
        var previous: [UInt8]?
        for position in order where entries[position] != previous {
            previous = entries[position]
            try txn.put(entries[position], IndexDescriptor.entryValue(rowKeyLength: lengths[position]), in: index.tree)
        }
    }

    func describe(_ index: IndexDescriptor, _ relation: RelationDescriptor) -> String {
        index.keys.map { relation.column(number: $0.column)?.name ?? "?" }.joined(separator: ", ")
    }

    func show(_ values: [SQLValue]) -> String {
        values.map { $0.isNull ? "null" : TextFormat.format($0, settings: session.settings.valueSettings) }.joined(separator: ", ")
    }

    /// ALTER TABLE ADD PRIMARY KEY: the rows move to a new tree keyed by the primary key, and
    /// every secondary index is rebuilt (their entries end with the row key). Each row's version
    /// chain moves whole, under the key its newest version gives.
    func rekey(_ definition: inout TableDefinition, by columns: [Int16], constraintName: String) throws(DatabaseError) {
        let relation = definition.relation
        guard let oldTree = relation.tree else { return }
        let positions = columns.map { relation.storagePosition(of: $0)! }
        // Rows the statement sees must have distinct, non-null keys.
        var seen = Set<[SQLValue]>()
        for (_, row) in try visibleRows(of: relation) {
            let values = positions.map { row[$0] }
            if let null = positions.first(where: { row[$0].isNull }) {
                throw DatabaseError(.notNullViolation,
                                    "column \"\(relation.columns[null].name)\" of relation \"\(relation.name)\" contains null values")
            }
            if !seen.insert(values).inserted {
                let names = columns.map { relation.column(number: $0)?.name ?? "?" }.joined(separator: ", ")
                throw DatabaseError(.uniqueViolation, "could not create unique index \"\(constraintName)\"",
                                    detail: "Key (\(names))=(\(show(values))) is duplicated.")
            }
        }
        let types = relation.columns.map(\.type)
        var moved: [([UInt8], [UInt8])] = []
        let cursor = try txn.cursor(oldTree)
        var more = try cursor.first()
        while more {
            let chain = try cursor.withValue { (raw) throws(DatabaseError) in Array(raw) }
            let versions = try VersionChain.decode(chain)
            if let newest = versions.last ?? versions.first {
                let row = try newest.data.withBytes { (raw) throws(DatabaseError) in try RowCodec.decode(raw, types: types) }
                if !positions.contains(where: { row[$0].isNull }) {
                    moved.append((try KeyCodec.key(positions.map { row[$0] }), chain))
                }
            }
            more = try cursor.next()
        }
        let newTree = try createTree("helios.table.\(relation.oid.rawValue).\(try allocateOID().rawValue)")
        let txn = try self.txn
        moved.sort { $0.0.lexicographicallyPrecedes($1.0) }
        for (key, chain) in moved {
            // Two chains under one key (a dead row and a live one): the live one wins.
            if let existing = try txn.get(key, in: newTree),
               try existing.withBytes({ (raw) throws(DatabaseError) in try statement.snapshot.visibleVersion(raw) != nil }) {
                continue
            }
            try txn.put(key, chain, in: newTree)
        }
        dropTreeAtCommit(oldTree)
        definition.relation.tree = newTree
        definition.relation.rowKey = columns
        // Secondary indexes end with the old row keys: rebuild them on the new tree.
        var rebuilt: [IndexDescriptor] = []
        for var index in definition.relation.indexes {
            if index.isPrimary {
                index.tree = newTree
            } else {
                dropTreeAtCommit(index.tree)
                index.tree = try createTree("helios.idx.\(index.oid.rawValue).\(try allocateOID().rawValue)")
                try buildIndex(index, on: definition.relation)
            }
            rebuilt.append(index)
        }
        definition.relation.indexes = rebuilt
    }
}
