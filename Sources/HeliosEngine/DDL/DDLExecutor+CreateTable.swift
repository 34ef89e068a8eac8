// CREATE TABLE: columns (serial and identity columns get their own sequence, as PostgreSQL
// does), and constraints named as PostgreSQL names them (t_pkey, t_a_key, t_a_check, t_a_fkey).
// The primary key is the table's own key: rows are stored in its order, so it needs no separate
// index tree. A table without one keys its rows by a hidden row ID. ALTER TABLE ADD COLUMN and
// ADD CONSTRAINT reuse the same steps.

public import HeliosCore
public import HeliosStorage
public import HeliosValues
public import HeliosSQL

/// A table being defined or altered: its descriptor plus what must be created with it.
struct TableDefinition {
    var relation: RelationDescriptor
    /// Constraint and index names already used in this table.
    var takenNames: Set<String> = []
    /// Indexes to build (and create trees for), in order.
    var newIndexes: [IndexDescriptor] = []

    init(_ relation: RelationDescriptor) {
        self.relation = relation
        takenNames = Set(relation.constraints.map(\.name) + relation.indexes.map(\.name))
    }
}

extension DDLExecutor {
    func createTable(_ create: CreateTableStatement) throws(DatabaseError) {
        let namespace = try reader.creationNamespace(for: create.name)
        let name = create.name.name
        if try catalog.nameIsTaken(name, in: namespace.oid, access: access, snapshot: statement.snapshot) {
            if create.ifNotExists {
                notice("relation \"\(name)\" already exists, skipping")
                return
            }
            throw DatabaseError(.duplicateTable, "relation \"\(name)\" already exists", position: create.name.location.errorPosition)
        }
        if !create.inherits.isEmpty {
            throw DatabaseError(.featureNotSupported, "table inheritance is not supported", position: create.location.errorPosition)
        }
        let oid = try allocateOID()
        var relation = RelationDescriptor(oid: oid, name: name, namespace: namespace.oid, kind: .table)
        relation.isTemporary = create.persistence == .temporary
        relation.options = Self.storageOptions(create.options)
        relation.tree = try createTree("helios.table.\(oid.rawValue)")
        var definition = TableDefinition(relation)
        var pendingConstraints: [TableConstraint] = []
        for element in create.elements {
            switch element {
            case .column(let column):
                pendingConstraints += try addColumn(column, to: &definition)
            case .constraint(let constraint):
                pendingConstraints.append(constraint)
            case .like(let like):
                try addLikeColumns(like, to: &definition)
            }
        }
        var seen = Set<String>()
        for column in definition.relation.columns where !seen.insert(column.name).inserted {
            throw DatabaseError(.duplicateColumn, "column \"\(column.name)\" specified more than once")
        }
        // Primary keys first: they decide the row key, which other constraints don't depend on
        // but PostgreSQL's naming order does.
        let sorted = pendingConstraints.filter { if case .primaryKey = $0.kind { true } else { false } }
            + pendingConstraints.filter { if case .primaryKey = $0.kind { false } else { true } }
        try validateGeneratedColumns(definition.relation)
        for constraint in sorted {
            try addConstraint(constraint, to: &definition, isNewTable: true)
        }
        // One catalog write per relation per statement: a row changed twice by one command
        // would keep only the first change.
        try self.create(definition.relation)
        try flushStaged()
    }

    /// A table with just these columns (CREATE TABLE AS).
    func createTable(named name: String, in namespace: ObjectID, columns: [(String, SQLType)],
                     options: [String: String]) throws(DatabaseError) -> RelationDescriptor {
        let oid = try allocateOID()
        var relation = RelationDescriptor(oid: oid, name: name, namespace: namespace, kind: .table, options: options)
        for (index, (columnName, type)) in columns.enumerated() {
            if relation.columns.contains(where: { $0.name == columnName }) {
                throw DatabaseError(.duplicateColumn, "column \"\(columnName)\" specified more than once")
            }
            relation.columns.append(ColumnDescriptor(name: columnName, type: type, number: Int16(index + 1)))
        }
        relation.tree = try createTree("helios.table.\(oid.rawValue)")
        try create(relation)
        return relation
    }

    static func storageOptions(_ options: [DefinitionOption]) -> [String: String] {
        var result: [String: String] = [:]
        for option in options {
            switch option.value {
            case .string(let text), .number(let text), .word(let text): result[option.name] = text
            case nil: result[option.name] = "true"
            }
        }
        return result
    }

    // MARK: columns

    /// Adds a column; returns its constraints that act on the table (keys, checks, references).
    func addColumn(_ column: ColumnDefinition, to definition: inout TableDefinition) throws(DatabaseError) -> [TableConstraint] {
        let relation = definition.relation
        if relation.columns.count >= 1600 {
            throw DatabaseError(.tooManyColumns, "tables can have at most 1600 columns")
        }
        let (type, serial) = try Self.columnType(column.type)
        try Self.checkStorable(type, column: column.name)
        let number = Int16((relation.columns.map(\.number).max() ?? 0) + 1)
        var descriptor = ColumnDescriptor(name: column.name, type: type, number: number)
        var tableConstraints: [TableConstraint] = []
        var sequenceOptions: [SequenceOption]?
        for constraint in column.constraints {
            switch constraint.kind {
            case .notNull:
                descriptor.notNull = true
            case .null:
                break
            case .default(let expression):
                if serial {
                    throw DatabaseError(.syntaxError,
                                        "multiple default values specified for column \"\(column.name)\" of table \"\(relation.name)\"")
                }
                try validateDefault(expression, type: type)
                descriptor.defaultExpression = SQLPrinter.print(expression)
            case .check(let expression):
                tableConstraints.append(TableConstraint(name: constraint.name, kind: .check(expression), location: constraint.location))
            case .unique(let nullsNotDistinct, let index):
                tableConstraints.append(TableConstraint(name: constraint.name,
                                                        kind: .unique(columns: [column.name], include: [], nullsNotDistinct: nullsNotDistinct,
                                                                      index: index),
                                                        location: constraint.location))
            case .primaryKey(let index):
                tableConstraints.append(TableConstraint(name: constraint.name, kind: .primaryKey(columns: [column.name], include: [], index: index),
                                                        location: constraint.location))
            case .references(let reference):
                tableConstraints.append(TableConstraint(name: constraint.name, kind: .foreignKey(columns: [column.name], reference: reference),
                                                        location: constraint.location))
            case .identity(let always, let options):
                guard [.smallint, .integer, .bigint].contains(type.kind) else {
                    throw DatabaseError(.invalidParameterValue,
                                        "identity column type must be smallint, integer, or bigint")
                }
                descriptor.identity = always ? .always : .byDefault
                descriptor.notNull = true
                sequenceOptions = options
            case .generated(let expression):
                descriptor.generatedExpression = SQLPrinter.print(expression)
            }
        }
        if serial { sequenceOptions = [] }
        if let sequenceOptions {
            var options = SequenceOptions(type: type)
            _ = try Self.apply(sequenceOptions.filter { if case .type = $0 { false } else { true } }, to: &options, creating: true)
            options.ownedBy = (relation.oid, number)
            var sequenceName = try chooseName([relation.name, column.name], suffix: "seq", namespace: relation.namespace)
            for option in sequenceOptions { if case .sequenceName(let given) = option { sequenceName = given.name } }
            let sequence = try createSequence(named: sequenceName, namespace: relation.namespace, options: options)
            descriptor.defaultExpression = "nextval('\(try qualifiedForDefault(sequence.name, namespace: relation.namespace))'::regclass)"
            descriptor.notNull = true
        }
        definition.relation.columns.append(descriptor)
        return tableConstraints
    }

    /// A sequence's name as a default expression spells it: qualified unless its schema comes
    /// first in the search path.
    func qualifiedForDefault(_ name: String, namespace: ObjectID) throws(DatabaseError) -> String {
        let schema = try reader.namespaceName(namespace)
        let quoted = SQLPrinter.identifier(name)
        return session.settings.searchPath.first == schema ? quoted : "\(SQLPrinter.identifier(schema)).\(quoted)"
    }

    /// A DEFAULT must convert to the column's type and not read columns.
    func validateDefault(_ expression: Expression, type: SQLType) throws(DatabaseError) {
        let scope = QueryScope(context: binding, parent: nil)
        scope.clause = .defaultValue
        do {
            _ = try ExpressionBinder(scope: scope).bindAssigned(expression, to: type, column: "default")
        } catch {
            if error.state == .undefinedColumn {
                throw DatabaseError(.featureNotSupported, "cannot use column reference in DEFAULT expression",
                                    position: error.position)
            }
            throw error
        }
    }

    func validateGeneratedColumns(_ relation: RelationDescriptor) throws(DatabaseError) {
        for column in relation.columns where column.generatedExpression != nil {
            let table = TableScope(relation: relation, context: binding)
            let bound = try table.bind(column.generatedExpression!, clause: .defaultValue)
            _ = try ExpressionBinder(scope: table.scope).coerce(bound, to: column.type, context: .assignment, location: .unknown)
        }
    }

    private func addLikeColumns(_ like: LikeClause, to definition: inout TableDefinition) throws(DatabaseError) {
        let source = try reader.requireRelation(like.table)
        let including = Set(like.options.filter(\.including).map(\.option))
        let all = including.contains(.all)
        for column in source.visibleColumns {
            var copy = ColumnDescriptor(name: column.name, type: column.type,
                                        number: Int16((definition.relation.columns.map(\.number).max() ?? 0) + 1),
                                        notNull: column.notNull)
            if all || including.contains(.defaults) { copy.defaultExpression = column.defaultExpression }
            if all || including.contains(.generated) { copy.generatedExpression = column.generatedExpression }
            definition.relation.columns.append(copy)
        }
    }

    // MARK: constraints

    func columnNumbers(_ names: [String], in relation: RelationDescriptor, location: SourceLocation) throws(DatabaseError) -> [Int16] {
        var numbers: [Int16] = []
        for name in names {
            guard let column = relation.column(named: name) else {
                throw DatabaseError(.undefinedColumn, "column \"\(name)\" named in key does not exist", position: location.errorPosition)
            }
            numbers.append(column.number)
        }
        return numbers
    }

    /// Adds a table constraint. On an existing table (`isNewTable` false) existing rows are
    /// checked against it and indexes are built.
    func addConstraint(_ constraint: TableConstraint, to definition: inout TableDefinition, isNewTable: Bool) throws(DatabaseError) {
        let relation = definition.relation
        switch constraint.kind {
        case .primaryKey(let names, _, _):
            if relation.primaryKeyIndex != nil {
                throw DatabaseError(.invalidTableDefinition, "multiple primary keys for table \"\(relation.name)\" are not allowed",
                                    position: constraint.location.errorPosition)
            }
            let numbers = try columnNumbers(names, in: relation, location: constraint.location)
            let name = if let given = constraint.name { given } else { try chooseName([relation.name], suffix: "pkey", namespace: relation.namespace,
                                                         taken: definition.takenNames) }
            for number in numbers {
                let position = relation.storagePosition(of: number)!
                definition.relation.columns[position].notNull = true
            }
            if !isNewTable {
                try rekey(&definition, by: numbers, constraintName: name)
            }
            let index = IndexDescriptor(oid: try allocateOID(), name: name, tree: definition.relation.tree!,
                                        keys: numbers.map { IndexKeyPart(column: $0) }, isUnique: true, isPrimary: true)
            definition.relation.rowKey = numbers
            definition.relation.indexes.insert(index, at: 0)
            definition.relation.constraints.append(ConstraintDescriptor(oid: index.oid, name: name, kind: .primaryKey(index: index.oid),
                                                                        columns: numbers))
            definition.takenNames.insert(name)
            try catalog.addIndexName(name, in: relation.namespace, table: relation.oid, txn: txn, writer: writer)
        case .unique(let names, _, let nullsNotDistinct, _):
            let numbers = try columnNumbers(names, in: relation, location: constraint.location)
            let name = if let given = constraint.name { given } else { try chooseName([relation.name] + names, suffix: "key", namespace: relation.namespace,
                                                         taken: definition.takenNames) }
            let index = try addIndex(named: name, keys: numbers.map { IndexKeyPart(column: $0) }, unique: true,
                                     nullsNotDistinct: nullsNotDistinct, to: &definition, build: !isNewTable)
            definition.relation.constraints.append(ConstraintDescriptor(oid: index.oid, name: name, kind: .unique(index: index.oid),
                                                                        columns: numbers))
        case .check(let expression):
            let firstColumn = Self.firstColumnName(in: expression, relation: relation)
            let name = if let given = constraint.name { given } else { try chooseName([relation.name] + (firstColumn.map { [$0] } ?? []), suffix: "check",
                                                         namespace: relation.namespace, taken: definition.takenNames) }
            let text = SQLPrinter.print(expression)
            let table = TableScope(relation: relation, context: binding)
            let compiled = try table.compileCheck(text)
            if !isNewTable {
                let environment = EvaluationEnvironment(context: session.evaluationContext(transaction))
                for (_, row) in try visibleRows(of: relation) {
                    if case .bool(false) = try compiled.evaluate(row, environment) {
                        throw DatabaseError(.checkViolation, "check constraint \"\(name)\" of relation \"\(relation.name)\" is violated by some row")
                    }
                }
            }
            definition.relation.constraints.append(ConstraintDescriptor(oid: try allocateOID(), name: name, kind: .check(expression: text),
                                                                        columns: Self.columnNumbers(in: text, relation: definition.relation)))
            definition.takenNames.insert(name)
        case .foreignKey(let names, let reference):
            try addForeignKey(names, reference: reference, constraint: constraint, to: &definition, isNewTable: isNewTable)
        }
    }

    /// The first column a CHECK expression names (PostgreSQL names the constraint after it).
    static func firstColumnName(in expression: Expression, relation: RelationDescriptor) -> String? {
        let printed = SQLPrinter.print(expression)
        // The earliest-appearing column name in the printed expression.
        var best: (offset: Int, name: String)?
        for column in relation.visibleColumns {
            if let range = Self.wordRange(column.name, in: printed) {
                let offset = printed.distance(from: printed.startIndex, to: range.lowerBound)
                if best == nil || offset < best!.offset { best = (offset, column.name) }
            }
        }
        return best?.name
    }

    /// The columns a CHECK expression's text names, in column order (pg_constraint.conkey).
    static func columnNumbers(in text: String, relation: RelationDescriptor) -> [Int16] {
        relation.visibleColumns.filter { wordRange($0.name, in: text) != nil }.map(\.number)
    }

    private static func wordRange(_ word: String, in text: String) -> Range<String.Index>? {
        var searchStart = text.startIndex
        while let range = text.range(of: word, range: searchStart..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            func isWordCharacter(_ character: Character?) -> Bool {
                guard let character else { return false }
                return character.isLetter || character.isNumber || character == "_" || character == "\"" || character == "'"
            }
            if !isWordCharacter(before) && !isWordCharacter(after) { return range }
            searchStart = range.upperBound
        }
        return nil
    }

    private func addForeignKey(_ names: [String], reference: ForeignKeyReference, constraint: TableConstraint,
                               to definition: inout TableDefinition, isNewTable: Bool) throws(DatabaseError) {
        let relation = definition.relation
        let numbers = try columnNumbers(names, in: relation, location: constraint.location)
        let isSelf = reference.table.name == relation.name
            && (reference.table.schema == nil || (try? reader.namespace(named: reference.table.schema!))??.oid == relation.namespace)
        let parent = isSelf ? relation : staged(try reader.requireRelation(reference.table))
        guard parent.kind == .table else {
            throw DatabaseError(.wrongObjectType, "referenced relation \"\(parent.name)\" is not a table")
        }
        let referenced: [Int16]
        if reference.columns.isEmpty {
            guard let primary = parent.primaryKeyIndex else {
                throw DatabaseError(.invalidForeignKey, "there is no primary key for referenced table \"\(parent.name)\"")
            }
            referenced = primary.keys.map(\.column)
        } else {
            referenced = try columnNumbers(reference.columns, in: parent, location: constraint.location)
        }
        guard referenced.count == numbers.count else {
            throw DatabaseError(.invalidForeignKey, "number of referencing and referenced columns for foreign key disagree")
        }
        guard parent.indexes.contains(where: { $0.isUnique && Set($0.keys.map(\.column)) == Set(referenced) }) else {
            throw DatabaseError(.invalidForeignKey,
                                "there is no unique constraint matching given keys for referenced table \"\(parent.name)\"")
        }
        let name = if let given = constraint.name { given } else { try chooseName([relation.name] + names, suffix: "fkey", namespace: relation.namespace,
                                                     taken: definition.takenNames) }
        func action(_ given: ForeignKeyReference.Action?) throws(DatabaseError) -> ReferentialAction {
            switch given {
            case nil, .noAction?: return .noAction
            case .restrict?: return .restrict
            case .cascade?: return .cascade
            case .setNull(let columns)?:
                if !columns.isEmpty { throw DatabaseError(.featureNotSupported, "SET NULL with a column list is not supported") }
                return .setNull
            case .setDefault(let columns)?:
                if !columns.isEmpty { throw DatabaseError(.featureNotSupported, "SET DEFAULT with a column list is not supported") }
                return .setDefault
            }
        }
        if reference.match == .partial {
            throw DatabaseError(.featureNotSupported, "MATCH PARTIAL not yet implemented")
        }
        let key = ConstraintDescriptor.ForeignKey(columns: numbers, referencedTable: parent.oid, referencedColumns: referenced,
                                                  onDelete: try action(reference.onDelete), onUpdate: try action(reference.onUpdate),
                                                  matchFull: reference.match == .full)
        if !isNewTable {
            try verifyExistingRows(of: relation, reference: key, parent: parent, name: name)
        }
        definition.relation.constraints.append(ConstraintDescriptor(oid: try allocateOID(), name: name, kind: .foreignKey(key),
                                                                    columns: numbers))
        definition.takenNames.insert(name)
        if isSelf {
            if !definition.relation.referencedBy.contains(relation.oid) { definition.relation.referencedBy.append(relation.oid) }
        } else if !parent.referencedBy.contains(relation.oid) {
            var changed = parent
            changed.referencedBy.append(relation.oid)
            stage(changed)
        }
    }

    /// ADD FOREIGN KEY on a table with rows: every row's key must exist in the parent.
    private func verifyExistingRows(of relation: RelationDescriptor, reference: ConstraintDescriptor.ForeignKey,
                                    parent: RelationDescriptor, name: String) throws(DatabaseError) {
        let childPositions = reference.columns.map { relation.storagePosition(of: $0)! }
        let parentPositions = reference.referencedColumns.map { parent.storagePosition(of: $0)! }
        var parentKeys = Set<[SQLValue]>()
        for (_, row) in try visibleRows(of: parent) { parentKeys.insert(parentPositions.map { row[$0] }) }
        for (_, row) in try visibleRows(of: relation) {
            let values = childPositions.map { row[$0] }
            if values.contains(where: \.isNull) { continue }
            if !parentKeys.contains(values) {
                let columns = reference.columns.map { relation.column(number: $0)?.name ?? "?" }.joined(separator: ", ")
                let shown = values.map { TextFormat.format($0, settings: session.settings.valueSettings) }.joined(separator: ", ")
                throw DatabaseError(.foreignKeyViolation,
                                    "insert or update on table \"\(relation.name)\" violates foreign key constraint \"\(name)\"",
                                    detail: "Key (\(columns))=(\(shown)) is not present in table \"\(parent.name)\".")
            }
        }
    }
}
