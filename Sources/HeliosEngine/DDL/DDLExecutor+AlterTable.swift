// ALTER TABLE: actions apply in order to the table's descriptor in memory, which is written
// once at the end. Adding a column with a default rewrites every stored row version in place
// (all versions of a row get the same value, so every snapshot sees one value per row); a
// column without one needs no rewrite (rows shorter than the descriptor read NULL). Dropped
// columns keep their number and storage position, as in PostgreSQL.

public import HeliosCore
public import HeliosStorage
public import HeliosValues
public import HeliosSQL

extension DDLExecutor {
    func alterTable(_ alter: AlterTableStatement) throws(DatabaseError) {
        guard let found = try reader.lookupRelation(alter.name) else {
            if case .index = alter.kind { return try alterIndex(alter) }
            if alter.ifExists {
                notice("relation \"\(alter.name.name)\" does not exist, skipping")
                return
            }
            throw DatabaseError(.undefinedTable, "relation \"\(alter.name)\" does not exist", position: alter.name.location.errorPosition)
        }
        var definition = TableDefinition(staged(found))
        let originalName = found.name
        for action in alter.actions {
            try apply(action, to: &definition)
        }
        if definition.relation.kind == .table { try validateGeneratedColumns(definition.relation) }
        unstage(found.oid)
        try update(definition.relation, previousName: originalName)
        try flushStaged()
    }

    private func requireTable(_ relation: RelationDescriptor, for action: String) throws(DatabaseError) {
        guard relation.kind == .table else {
            throw DatabaseError(.wrongObjectType, "\"\(relation.name)\" is not a table")
        }
    }

    private func apply(_ action: AlterTableAction, to definition: inout TableDefinition) throws(DatabaseError) {
        let relation = definition.relation
        switch action {
        case .addColumn(let column, let ifNotExists):
            try requireTable(relation, for: "ADD COLUMN")
            if relation.column(named: column.name) != nil {
                if ifNotExists {
                    notice("column \"\(column.name)\" of relation \"\(relation.name)\" already exists, skipping")
                    return
                }
                throw DatabaseError(.duplicateColumn, "column \"\(column.name)\" of relation \"\(relation.name)\" already exists")
            }
            let constraints = try addColumn(column, to: &definition)
            try fillNewColumn(&definition)
            for constraint in constraints { try addConstraint(constraint, to: &definition, isNewTable: false) }
        case .dropColumn(let name, let ifExists, let behavior):
            try requireTable(relation, for: "DROP COLUMN")
            guard relation.column(named: name) != nil else {
                if ifExists {
                    notice("column \"\(name)\" of relation \"\(relation.name)\" does not exist, skipping")
                    return
                }
                throw DatabaseError(.undefinedColumn, "column \"\(name)\" of relation \"\(relation.name)\" does not exist")
            }
            try dropColumn(name, from: &definition, cascade: behavior == .cascade)
        case .alterColumn(let name, let change):
            try alterColumn(name, change, in: &definition)
        case .addConstraint(let constraint):
            try requireTable(relation, for: "ADD CONSTRAINT")
            if let name = constraint.name, definition.takenNames.contains(name) {
                throw DatabaseError(.duplicateObject, "constraint \"\(name)\" for relation \"\(relation.name)\" already exists")
            }
            try addConstraint(constraint, to: &definition, isNewTable: false)
        case .addConstraintUsingIndex:
            throw DatabaseError(.featureNotSupported, "ADD CONSTRAINT ... USING INDEX is not supported yet")
        case .dropConstraint(let name, let ifExists, _):
            guard let constraint = relation.constraints.first(where: { $0.name == name }) else {
                if ifExists {
                    notice("constraint \"\(name)\" of relation \"\(relation.name)\" does not exist, skipping")
                    return
                }
                throw DatabaseError(.undefinedObject, "constraint \"\(name)\" of relation \"\(relation.name)\" does not exist")
            }
            try dropConstraint(constraint, from: &definition)
        case .validateConstraint:
            break  // constraints are validated when added
        case .renameColumn(let from, let to):
            guard let column = relation.column(named: from) else {
                throw DatabaseError(.undefinedColumn, "column \"\(from)\" does not exist")
            }
            if relation.column(named: to) != nil {
                throw DatabaseError(.duplicateColumn, "column \"\(to)\" of relation \"\(relation.name)\" already exists")
            }
            let position = relation.storagePosition(of: column.number)!
            definition.relation.columns[position].name = to
            try renameInStoredExpressions(from: from, to: to, in: &definition)
        case .renameConstraint(let from, let to):
            guard let index = relation.constraints.firstIndex(where: { $0.name == from }) else {
                throw DatabaseError(.undefinedObject, "constraint \"\(from)\" for table \"\(relation.name)\" does not exist")
            }
            if definition.takenNames.contains(to) {
                throw DatabaseError(.duplicateObject, "constraint \"\(to)\" for relation \"\(relation.name)\" already exists")
            }
            definition.relation.constraints[index].name = to
            if let backing = definition.relation.indexes.firstIndex(where: { Self.usesIndex(relation.constraints[index], $0.oid) }) {
                try renameIndex(at: backing, to: to, in: &definition)
            }
            definition.takenNames.insert(to)
        case .rename(let to):
            if to != relation.name, try catalog.nameIsTaken(to, in: relation.namespace, access: access, snapshot: statement.snapshot) {
                throw DatabaseError(.duplicateTable, "relation \"\(to)\" already exists")
            }
            definition.relation.name = to
        case .setSchema:
            throw DatabaseError(.featureNotSupported, "ALTER ... SET SCHEMA is not supported yet")
        case .ownerTo, .setTablespace, .setLogged, .setUnlogged:
            break  // one owner, one tablespace, every table logged: nothing to change
        case .setOptions(let options):
            for (name, value) in Self.storageOptions(options) { definition.relation.options[name] = value }
        case .resetOptions(let names):
            for name in names { definition.relation.options[name] = nil }
        }
    }

    /// ALTER INDEX ... RENAME TO / SET (...).
    private func alterIndex(_ alter: AlterTableStatement) throws(DatabaseError) {
        var namespaces: [NamespaceDescriptor]
        if let schema = alter.name.schema {
            namespaces = try reader.namespace(named: schema).map { [$0] } ?? []
        } else {
            namespaces = try reader.lookupNamespaces()
        }
        for namespace in namespaces {
            guard let tableOID = try catalog.indexOwner(named: alter.name.name, in: namespace.oid, access: access,
                                                        snapshot: statement.snapshot) else { continue }
            var definition = TableDefinition(try relation(oid: tableOID))
            guard let position = definition.relation.indexes.firstIndex(where: { $0.name == alter.name.name }) else { continue }
            for action in alter.actions {
                switch action {
                case .rename(let to):
                    if try catalog.nameIsTaken(to, in: namespace.oid, access: access, snapshot: statement.snapshot) {
                        throw DatabaseError(.duplicateTable, "relation \"\(to)\" already exists")
                    }
                    let oid = definition.relation.indexes[position].oid
                    if let constraint = definition.relation.constraints.firstIndex(where: { Self.usesIndex($0, oid) }) {
                        definition.relation.constraints[constraint].name = to
                    }
                    try renameIndex(at: position, to: to, in: &definition)
                case .setOptions(let options):
                    for (name, value) in Self.storageOptions(options) { definition.relation.indexes[position].options[name] = value }
                case .resetOptions(let names):
                    for name in names { definition.relation.indexes[position].options[name] = nil }
                case .ownerTo, .setTablespace:
                    break
                default:
                    throw DatabaseError(.wrongObjectType, "\"\(alter.name.name)\" is an index")
                }
            }
            unstage(tableOID)
            try update(definition.relation)
            return
        }
        if alter.ifExists {
            notice("relation \"\(alter.name.name)\" does not exist, skipping")
            return
        }
        throw DatabaseError(.undefinedTable, "relation \"\(alter.name)\" does not exist")
    }

    private func renameIndex(at position: Int, to name: String, in definition: inout TableDefinition) throws(DatabaseError) {
        let old = definition.relation.indexes[position].name
        try catalog.removeIndexName(old, in: definition.relation.namespace, txn: txn, writer: writer)
        try catalog.addIndexName(name, in: definition.relation.namespace, table: definition.relation.oid, txn: txn, writer: writer)
        definition.relation.indexes[position].name = name
    }

    // MARK: columns

    /// Gives existing rows the new (last) column's default, or checks NOT NULL holds.
    private func fillNewColumn(_ definition: inout TableDefinition) throws(DatabaseError) {
        let relation = definition.relation
        let position = relation.columns.count - 1
        let column = relation.columns[position]
        guard column.defaultExpression != nil || column.generatedExpression != nil else {
            if column.notNull, try !visibleRows(of: relation).isEmpty {
                throw DatabaseError(.notNullViolation, "column \"\(column.name)\" of relation \"\(relation.name)\" contains null values")
            }
            return
        }
        let environment = EvaluationEnvironment(context: session.evaluationContext(transaction))
        environment.attach(EngineServices(session: session, statement: statement))
        let writers = TableWriters(statement: statement, binding: binding, environment: environment)
        try rewriteRows(of: relation, oldTypes: Array(relation.columns.dropLast().map(\.type))) { (row) throws(DatabaseError) -> Row in
            var extended = row + [SQLValue.null]
            if column.generatedExpression != nil {
                try writers.computeGenerated(relation, &extended)
            } else {
                extended[position] = try writers.defaultValue(of: relation, position: position)
            }
            if column.notNull && extended[position].isNull {
                throw DatabaseError(.notNullViolation, "column \"\(column.name)\" of relation \"\(relation.name)\" contains null values")
            }
            return extended
        }
    }

    /// Rewrites every stored version of every row: `transform` runs once per row (on its newest
    /// version) and its result's appended or changed values apply to all the row's versions.
    func rewriteRows(of relation: RelationDescriptor, oldTypes: [SQLType], _ transform: (Row) throws(DatabaseError) -> Row) throws(DatabaseError) {
        guard let tree = relation.tree else { return }
        let newTypes = relation.columns.map(\.type)
        var chains: [([UInt8], [RowVersion])] = []
        let cursor = try txn.cursor(tree)
        var more = try cursor.first()
        while more {
            chains.append((cursor.key, try cursor.withValue { (raw) throws(DatabaseError) in try VersionChain.decode(raw) }))
            more = try cursor.next()
        }
        let txn = try self.txn
        for (key, var versions) in chains where !versions.isEmpty {
            let newest = try versions[versions.count - 1].data.withBytes { (raw) throws(DatabaseError) in try RowCodec.decode(raw, types: oldTypes) }
            let transformed = try transform(newest)
            for index in versions.indices {
                var row = try versions[index].data.withBytes { (raw) throws(DatabaseError) in try RowCodec.decode(raw, types: oldTypes) }
                row += Array(repeating: SQLValue.null, count: max(0, transformed.count - row.count))
                for position in oldTypes.count..<transformed.count { row[position] = transformed[position] }
                versions[index].data = RowCodec.encode(row, types: newTypes)
            }
            try txn.put(key, VersionChain.encode(versions), in: tree)
        }
    }

    private func dropColumn(_ name: String, from definition: inout TableDefinition, cascade: Bool) throws(DatabaseError) {
        let relation = definition.relation
        let column = relation.column(named: name)!
        if relation.rowKey.contains(column.number) {
            throw DatabaseError(.featureNotSupported, "cannot drop column \(name) of table \(relation.name): it is part of the primary key")
        }
        // Foreign keys of other tables that reference the column.
        for childOID in relation.referencedBy where childOID != relation.oid {
            var child = try self.relation(oid: childOID)
            let dependent = child.constraints.filter {
                if case .foreignKey(let key) = $0.kind { key.referencedTable == relation.oid && key.referencedColumns.contains(column.number) }
                else { false }
            }
            guard !dependent.isEmpty else { continue }
            guard cascade else {
                throw DatabaseError(.dependentObjectsStillExist,
                                    "cannot drop column \(name) of table \(relation.name) because other objects depend on it",
                                    detail: "constraint \(dependent[0].name) on table \(child.name) depends on column \(name) of table \(relation.name)",
                                    hint: "Use DROP ... CASCADE to drop the dependent objects too.")
            }
            child.constraints.removeAll { dependent.contains($0) }
            stage(child)
        }
        // Indexes and constraints on the column go with it.
        for index in relation.indexes where index.keys.contains(where: { $0.column == column.number }) || index.included.contains(column.number) {
            definition.relation.indexes.removeAll { $0.oid == index.oid }
            definition.relation.constraints.removeAll { Self.usesIndex($0, index.oid) }
            try catalog.removeIndexName(index.name, in: relation.namespace, txn: txn, writer: writer)
            dropTreeAtCommit(index.tree)
        }
        definition.relation.constraints.removeAll { constraint in
            switch constraint.kind {
            case .foreignKey(let key): return key.columns.contains(column.number)
            case .check(let text): return Self.firstColumnName(in: (try? Parser.parseExpression(text)) ?? Expression(.literal(.null)),
                                                               relation: Self.only(column, of: relation)) != nil
            default: return false
            }
        }
        let position = relation.storagePosition(of: column.number)!
        definition.relation.columns[position] = ColumnDescriptor(name: "........pg.dropped.\(column.number)........", type: column.type,
                                                                 number: column.number, isDropped: true)
    }

    /// `relation` with only `column` visible (to ask whether an expression names it).
    static func only(_ column: ColumnDescriptor, of relation: RelationDescriptor) -> RelationDescriptor {
        var copy = relation
        copy.columns = [column]
        return copy
    }

    private func alterColumn(_ name: String, _ change: AlterColumnAction, in definition: inout TableDefinition) throws(DatabaseError) {
        let relation = definition.relation
        guard let column = relation.column(named: name), let position = relation.storagePosition(of: column.number) else {
            throw DatabaseError(.undefinedColumn, "column \"\(name)\" of relation \"\(relation.name)\" does not exist")
        }
        switch change {
        case .setDefault(let expression):
            try validateDefault(expression, type: column.type)
            definition.relation.columns[position].defaultExpression = SQLPrinter.print(expression)
        case .dropDefault:
            definition.relation.columns[position].defaultExpression = nil
        case .setNotNull:
            if try visibleRows(of: relation).contains(where: { $0.1[position].isNull }) {
                throw DatabaseError(.notNullViolation, "column \"\(name)\" of relation \"\(relation.name)\" contains null values")
            }
            definition.relation.columns[position].notNull = true
        case .dropNotNull:
            if relation.rowKey.contains(column.number) {
                throw DatabaseError(.invalidTableDefinition, "column \"\(name)\" is in a primary key")
            }
            if column.identity != nil {
                throw DatabaseError(.invalidTableDefinition, "column \"\(name)\" of relation \"\(relation.name)\" is an identity column")
            }
            definition.relation.columns[position].notNull = false
        case .setType(let typeName, _, let using):
            try changeType(of: column, at: position, to: typeName, using: using, in: &definition)
        case .dropIdentity(let ifExists):
            guard column.identity != nil else {
                if ifExists { return }
                throw DatabaseError(.objectNotInPrerequisiteState,
                                    "column \"\(name)\" of relation \"\(relation.name)\" is not an identity column")
            }
            definition.relation.columns[position].identity = nil
            definition.relation.columns[position].defaultExpression = nil
        case .dropExpression:
            definition.relation.columns[position].generatedExpression = nil
        case .addIdentity, .setIdentity:
            throw DatabaseError(.featureNotSupported, "changing identity columns is not supported yet")
        case .setStatistics, .setOptions, .resetOptions, .setStorage, .setCompression:
            break  // storage and statistics knobs PostgreSQL has; nothing to change here
        }
    }

    /// SET DATA TYPE: every stored version converted (by assignment cast, or USING).
    private func changeType(of column: ColumnDescriptor, at position: Int, to typeName: TypeName, using: Expression?,
                            in definition: inout TableDefinition) throws(DatabaseError) {
        let relation = definition.relation
        let (type, serial) = try Self.columnType(typeName)
        try Self.checkStorable(type, column: column.name)
        if serial { throw DatabaseError(.undefinedObject, "type \"\(typeName.baseName)\" does not exist") }
        if relation.indexes.contains(where: { $0.keys.contains { $0.column == column.number } }) && type != column.type {
            throw DatabaseError(.featureNotSupported, "changing the type of an indexed column is not supported yet")
        }
        let table = TableScope(relation: relation, context: binding)
        let source = try using.map { (expression) throws(DatabaseError) in
            try ExpressionBinder(scope: table.scope).bind(expression)
        } ?? BoundExpression.column(table.columns[position].binding, column.type)
        let converted: BoundExpression
        do {
            converted = try ExpressionBinder(scope: table.scope).coerce(source, to: type, context: .assignment, location: .unknown)
        } catch {
            throw DatabaseError(.datatypeMismatch, "column \"\(column.name)\" cannot be cast automatically to type \(type.formatted)",
                                hint: "You might need to specify \"USING \(column.name)::\(type.formatted)\".")
        }
        let compiled = try ExpressionCompiler.compile(converted, layout: table.layout)
        let environment = EvaluationEnvironment(context: session.evaluationContext(transaction))
        definition.relation.columns[position].type = type
        guard let tree = relation.tree else { return }
        let oldTypes = relation.columns.map(\.type)
        let newTypes = definition.relation.columns.map(\.type)
        var chains: [([UInt8], [RowVersion])] = []
        let cursor = try txn.cursor(tree)
        var more = try cursor.first()
        while more {
            chains.append((cursor.key, try cursor.withValue { (raw) throws(DatabaseError) in try VersionChain.decode(raw) }))
            more = try cursor.next()
        }
        let txn = try self.txn
        for (key, var versions) in chains {
            for index in versions.indices {
                var row = try versions[index].data.withBytes { (raw) throws(DatabaseError) in try RowCodec.decode(raw, types: oldTypes) }
                row[position] = try compiled.evaluate(row, environment)
                versions[index].data = RowCodec.encode(row, types: newTypes)
            }
            try txn.put(key, VersionChain.encode(versions), in: tree)
        }
    }

    private func dropConstraint(_ constraint: ConstraintDescriptor, from definition: inout TableDefinition) throws(DatabaseError) {
        let relation = definition.relation
        switch constraint.kind {
        case .primaryKey:
            throw DatabaseError(.featureNotSupported, "dropping a primary key is not supported yet (rows are stored by it)")
        case .unique(let indexOID):
            if let index = relation.indexes.first(where: { $0.oid == indexOID }) {
                definition.relation.indexes.removeAll { $0.oid == indexOID }
                try catalog.removeIndexName(index.name, in: relation.namespace, txn: txn, writer: writer)
                dropTreeAtCommit(index.tree)
            }
        case .check:
            break
        case .foreignKey(let key):
            let stillReferences = relation.constraints.contains {
                guard $0.oid != constraint.oid, case .foreignKey(let other) = $0.kind else { return false }
                return other.referencedTable == key.referencedTable
            }
            if !stillReferences && key.referencedTable != relation.oid {
                var parent = try self.relation(oid: key.referencedTable)
                parent.referencedBy.removeAll { $0 == relation.oid }
                stage(parent)
            }
        }
        definition.relation.constraints.removeAll { $0.oid == constraint.oid }
    }

    /// RENAME COLUMN: stored expressions (defaults, checks, generated columns) name the column
    /// by the new name.
    private func renameInStoredExpressions(from old: String, to new: String, in definition: inout TableDefinition) throws(DatabaseError) {
        for index in definition.relation.columns.indices {
            if let text = definition.relation.columns[index].defaultExpression {
                definition.relation.columns[index].defaultExpression = try Self.renamingIdentifier(old, to: new, in: text)
            }
            if let text = definition.relation.columns[index].generatedExpression {
                definition.relation.columns[index].generatedExpression = try Self.renamingIdentifier(old, to: new, in: text)
            }
        }
        for index in definition.relation.constraints.indices {
            if case .check(let text) = definition.relation.constraints[index].kind {
                definition.relation.constraints[index].kind = .check(expression: try Self.renamingIdentifier(old, to: new, in: text))
            }
        }
    }

    /// `text` with every identifier token `old` that names a column (not a function or a
    /// qualifier) spelled `new`.
    static func renamingIdentifier(_ old: String, to new: String, in text: String) throws(DatabaseError) -> String {
        let tokens = try Lexer.tokenize(text)
        var scalars = Array(text.unicodeScalars)
        for (position, token) in tokens.enumerated().reversed() {
            guard token.kind == .identifier || token.kind == .quotedIdentifier, token.text == old else { continue }
            let next = position + 1 < tokens.count ? tokens[position + 1].kind : .endOfInput
            if next == .leftParenthesis || next == .dot { continue }
            scalars.replaceSubrange(token.range, with: SQLPrinter.identifier(new).unicodeScalars)
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }
}
