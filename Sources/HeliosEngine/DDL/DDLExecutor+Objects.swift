// Views, sequences, schemas, TRUNCATE and COMMENT.

public import HeliosCore
public import HeliosStorage
public import HeliosValues
public import HeliosSQL

extension DDLExecutor {
    // MARK: views

    /// A query column that becomes a table or view column: never of a pseudo-type (a record
    /// from _pg_expandarray, say), as PostgreSQL's CheckAttributeType refuses it (42P16).
    static func checkStorable(_ type: SQLType, column: String) throws(DatabaseError) {
        guard type.isPseudo else { return }
        throw DatabaseError(.invalidTableDefinition, "column \"\(column)\" has pseudo-type \(type.nameWithoutModifier)")
    }

    func createView(_ create: CreateViewStatement) throws(DatabaseError) {
        if create.recursive {
            throw DatabaseError(.featureNotSupported, "recursive views are not supported yet")
        }
        let namespace = try reader.creationNamespace(for: create.name)
        let name = create.name.name
        let bound = try QueryBinder(context: binding).bind(create.query, parent: nil)
        if create.columns.count > bound.outputs.count {
            throw DatabaseError(.syntaxError, "CREATE VIEW specifies more column names than columns")
        }
        var columns: [ColumnDescriptor] = []
        for (index, output) in bound.outputs.enumerated() {
            let columnName = index < create.columns.count ? create.columns[index] : output.name
            if columns.contains(where: { $0.name == columnName }) {
                throw DatabaseError(.duplicateColumn, "column \"\(columnName)\" specified more than once")
            }
            try Self.checkStorable(output.type, column: columnName)
            let type = output.type.kind == .unknown ? SQLType.text : output.type
            columns.append(ColumnDescriptor(name: columnName, type: type, number: Int16(index + 1)))
        }
        let definition = SQLPrinter.print(create.query)
        if let existing = try reader.relation(named: name, in: namespace.oid) {
            guard create.orReplace, existing.kind == .view else {
                throw DatabaseError(.duplicateTable, "relation \"\(name)\" already exists")
            }
            // CREATE OR REPLACE VIEW keeps the existing columns and may only add new ones.
            for (old, new) in zip(existing.columns, columns) where old.name != new.name || old.type != new.type {
                throw DatabaseError(.invalidTableDefinition, old.name != new.name
                                    ? "cannot change name of view column \"\(old.name)\" to \"\(new.name)\""
                                    : "cannot change data type of view column \"\(old.name)\" from \(old.type.formatted) to \(new.type.formatted)")
            }
            if columns.count < existing.columns.count {
                throw DatabaseError(.invalidTableDefinition, "cannot drop columns from view")
            }
            var replaced = existing
            replaced.columns = columns
            replaced.viewDefinition = definition
            try update(replaced)
            return
        }
        if try catalog.nameIsTaken(name, in: namespace.oid, access: access, snapshot: statement.snapshot) {
            throw DatabaseError(.duplicateTable, "relation \"\(name)\" already exists")
        }
        let view = RelationDescriptor(oid: try allocateOID(), name: name, namespace: namespace.oid, kind: .view,
                                      columns: columns, viewDefinition: definition)
        try self.create(view)
    }

    // MARK: sequences

    func createSequence(_ create: CreateSequenceStatement) throws(DatabaseError) {
        let namespace = try reader.creationNamespace(for: create.name)
        let name = create.name.name
        if try catalog.nameIsTaken(name, in: namespace.oid, access: access, snapshot: statement.snapshot) {
            if create.ifNotExists {
                notice("relation \"\(name)\" already exists, skipping")
                return
            }
            throw DatabaseError(.duplicateTable, "relation \"\(name)\" already exists")
        }
        var options = SequenceOptions(type: .bigint)
        for option in create.options {
            if case .type(let typeName) = option { options.type = try TypeResolution.resolve(typeName) }
        }
        let (_, ownedBy) = try Self.apply(create.options, to: &options, creating: true)
        if let ownedBy { options.ownedBy = try ownerColumn(ownedBy) }
        _ = try createSequence(named: name, namespace: namespace.oid, options: options)
    }

    func alterSequence(_ alter: AlterSequenceStatement) throws(DatabaseError) {
        guard let sequence = try reader.lookupRelation(alter.name), sequence.kind == .sequence, var options = sequence.sequence else {
            if alter.ifExists {
                notice("relation \"\(alter.name.name)\" does not exist, skipping")
                return
            }
            throw DatabaseError(.undefinedTable, "relation \"\(alter.name)\" does not exist")
        }
        let (restart, ownedBy) = try Self.apply(alter.options, to: &options, creating: false)
        if let ownedBy { options.ownedBy = try ownerColumn(ownedBy) }
        var changed = sequence
        changed.sequence = options
        try update(changed)
        if let restart {
            try session.database.sequences.set(sequence.oid, name: sequence.name, options: options, value: restart, isCalled: false,
                                               txn: txn)
        }
    }

    /// OWNED BY table.column (nil for OWNED BY NONE).
    private func ownerColumn(_ name: QualifiedName?) throws(DatabaseError) -> (table: ObjectID, column: Int16)? {
        guard let name else { return nil }
        guard name.parts.count >= 2 else {
            throw DatabaseError(.invalidParameterValue, "invalid OWNED BY option",
                                hint: "Specify OWNED BY table.column or OWNED BY NONE.")
        }
        let table = try reader.requireRelation(QualifiedName(Array(name.parts.dropLast())))
        guard let column = table.column(named: name.name) else {
            throw DatabaseError(.undefinedColumn, "column \"\(name.name)\" of relation \"\(table.name)\" does not exist")
        }
        return (table.oid, column.number)
    }

    // MARK: schemas

    func createSchema(_ create: CreateSchemaStatement) throws(DatabaseError) {
        guard let name = create.name ?? create.authorization.map({ "\($0)" }) else {
            throw DatabaseError(.syntaxError, "CREATE SCHEMA needs a name")
        }
        if !create.elements.isEmpty {
            throw DatabaseError(.featureNotSupported, "CREATE SCHEMA with schema elements is not supported yet")
        }
        if name.hasPrefix("pg_") {
            throw DatabaseError(.reservedName, "unacceptable schema name \"\(name)\"",
                                detail: "The prefix \"pg_\" is reserved for system schemas.")
        }
        if try reader.namespace(named: name) != nil {
            if create.ifNotExists {
                notice("schema \"\(name)\" already exists, skipping")
                return
            }
            throw DatabaseError(.duplicateSchema, "schema \"\(name)\" already exists")
        }
        try catalog.create(NamespaceDescriptor(oid: try allocateOID(), name: name, owner: .bootstrapSuperuser), in: txn, writer: writer)
        transaction.changedCatalog = true
    }

    // MARK: TRUNCATE

    /// TRUNCATE gives each table (and its indexes) new, empty storage; the old goes at commit.
    func truncate(_ truncate: TruncateStatement) throws(DatabaseError) {
        var tables: [RelationDescriptor] = []
        for name in truncate.tables {
            let relation = try reader.requireRelation(name.name)
            guard relation.kind == .table else {
                throw DatabaseError(.wrongObjectType, "\"\(relation.name)\" is not a table")
            }
            if !tables.contains(where: { $0.oid == relation.oid }) { tables.append(relation) }
        }
        // Tables referencing a truncated table must be truncated with it.
        var index = 0
        while index < tables.count {
            for childOID in tables[index].referencedBy where !tables.contains(where: { $0.oid == childOID }) {
                let child = try relation(oid: childOID)
                guard truncate.behavior == .cascade else {
                    throw DatabaseError(.featureNotSupported, "cannot truncate a table referenced in a foreign key constraint",
                                        detail: "Table \"\(child.name)\" references \"\(tables[index].name)\".",
                                        hint: "Truncate table \"\(child.name)\" at the same time, or use TRUNCATE ... CASCADE.")
                }
                notice("truncate cascades to table \"\(child.name)\"")
                tables.append(child)
            }
            index += 1
        }
        for var table in tables {
            if let tree = table.tree { dropTreeAtCommit(tree) }
            let newTree = try createTree("helios.table.\(table.oid.rawValue).\(try allocateOID().rawValue)")
            table.tree = newTree
            for position in table.indexes.indices {
                if table.indexes[position].isPrimary {
                    table.indexes[position].tree = newTree
                } else {
                    dropTreeAtCommit(table.indexes[position].tree)
                    table.indexes[position].tree = try createTree("helios.idx.\(table.indexes[position].oid.rawValue).\(try allocateOID().rawValue)")
                }
            }
            try update(table)
            if truncate.restartIdentity {
                for sequence in try catalog.allRelations(access: access, snapshot: statement.snapshot)
                where sequence.kind == .sequence && sequence.sequence?.ownedBy?.table == table.oid {
                    let options = sequence.sequence!
                    try session.database.sequences.set(sequence.oid, name: sequence.name, options: options, value: options.start,
                                                       isCalled: false, txn: txn)
                }
            }
        }
    }

    // MARK: COMMENT

    func comment(_ comment: CommentStatement) throws(DatabaseError) {
        switch comment.kind {
        case .table, .view, .sequence:
            var relation = try reader.requireRelation(comment.name)
            relation.comment = comment.comment
            try update(relation)
        case .column:
            let parts = comment.name.parts
            guard parts.count >= 2 else {
                throw DatabaseError(.syntaxError, "column name must be qualified", position: comment.location.errorPosition)
            }
            var relation = try reader.requireRelation(QualifiedName(Array(parts.dropLast())))
            guard let column = relation.column(named: parts[parts.count - 1]) else {
                throw DatabaseError(.undefinedColumn, "column \"\(parts[parts.count - 1])\" of relation \"\(relation.name)\" does not exist")
            }
            relation.columnComments[column.number] = comment.comment
            try update(relation)
        default:
            throw DatabaseError(.featureNotSupported, "COMMENT ON \(comment.kind.rawValue) is not supported yet")
        }
    }
}
