// DDL runs in its transaction like any other statement: catalog rows are versioned, so a CREATE
// rolled back never existed and other sessions see a change once it commits. DDL transactions
// are serialized by the catalog's DDL lock, taken before the statement opens the store's write
// transaction and held until the transaction ends; writers wait for it (see Session+DML), so a
// DDL statement sees every row it must convert or index.
//
// The executor reads the catalog through the write transaction (it must see what earlier
// statements of its own transaction created) and keeps what it changes in memory, never
// re-reading its own writes within one statement.

public import HeliosCore
public import HeliosStorage
public import HeliosValues
public import HeliosSQL

package final class DDLExecutor {
    let session: Session
    let statement: StatementContext
    let catalog: Catalog
    let reader: CatalogReader
    let binding: BindingContext
    /// Notices for the client ("... already exists, skipping").
    var notices: [String] = []
    /// Other relations this statement changed (a parent's referencedBy), written once at the end.
    private var stagedRelations: [ObjectID: RelationDescriptor] = [:]

    init(session: Session, statement: StatementContext) throws(DatabaseError) {
        self.session = session
        self.statement = statement
        catalog = session.database.catalog
        reader = CatalogReader(catalog: catalog, access: try statement.writeAccess, snapshot: statement.snapshot,
                               searchPath: session.settings.searchPath, database: session.database.name)
        binding = BindingContext(catalog: reader, parameters: ParameterTypes(), session: session.sessionFacts)
    }

    var transaction: SQLTransaction { statement.transaction }
    var txn: WriteTransaction { get throws(DatabaseError) { try statement.writeTransaction() } }
    var writer: RowWriter { get throws(DatabaseError) { try statement.rowWriter() } }
    var access: StorageAccess { get throws(DatabaseError) { try statement.writeAccess } }

    func notice(_ message: String) {
        notices.append(message)
    }

    // MARK: catalog writes

    func create(_ relation: RelationDescriptor) throws(DatabaseError) {
        if try catalog.indexOwner(named: relation.name, in: relation.namespace, access: access, snapshot: statement.snapshot) != nil {
            throw DatabaseError(.duplicateTable, "relation \"\(relation.name)\" already exists")
        }
        try catalog.create(relation, in: txn, writer: writer)
        transaction.changedCatalog = true
        try applyLayoutOptions(relation)
    }

    func update(_ relation: RelationDescriptor, previousName: String? = nil) throws(DatabaseError) {
        try catalog.update(relation, previousName: previousName, in: txn, writer: writer)
        transaction.changedCatalog = true
        try applyLayoutOptions(relation)
    }

    /// The page layout a relation's options ask of its trees and its indexes' trees, set when
    /// the transaction commits (with its commit record, so a rollback leaves the trees as they were).
    func applyLayoutOptions(_ relation: RelationDescriptor) throws(DatabaseError) {
        guard relation.kind == .table, let table = relation.tree else { return }
        var wanted = [(table, try TreeOptions(layoutOptions: relation.options))]
        for index in relation.indexes where !index.isPrimary {
            wanted.append((index.tree, try TreeOptions(layoutOptions: index.options)))
        }
        let txn = try self.txn
        for (tree, options) in wanted {
            var current = transaction.treeOptions[tree]
            if current == nil { current = try txn.options(of: tree) }
            if current != options { transaction.treeOptions[tree] = options }
        }
    }

    /// Keeps a changed relation to write at the end of the statement.
    func stage(_ relation: RelationDescriptor) {
        stagedRelations[relation.oid] = relation
    }

    /// The relation as this statement has changed it so far.
    func staged(_ relation: RelationDescriptor) -> RelationDescriptor {
        stagedRelations[relation.oid] ?? relation
    }

    /// Forgets a staged change (the relation was dropped).
    func unstage(_ oid: ObjectID) {
        stagedRelations[oid] = nil
    }

    func flushStaged() throws(DatabaseError) {
        for relation in stagedRelations.values { try update(relation) }
        stagedRelations = [:]
    }

    func relation(oid: ObjectID) throws(DatabaseError) -> RelationDescriptor {
        if let changed = stagedRelations[oid] { return changed }
        guard let found = try catalog.relation(oid: oid, access: access, snapshot: statement.snapshot) else {
            throw DatabaseError.internalError("relation \(oid) vanished")
        }
        return found
    }

    /// A new, empty tree for a table or index (dropped again if the transaction rolls back).
    func createTree(_ name: String) throws(DatabaseError) -> TreeID {
        let tree = try txn.createTree(named: catalog.treePrefix + name)
        transaction.treesCreated.append(tree)
        return tree
    }

    /// Storage to free once the transaction commits.
    func dropTreeAtCommit(_ tree: TreeID) {
        transaction.treesToDrop.append(tree)
    }

    func allocateOID() throws(DatabaseError) -> ObjectID {
        try catalog.allocateOID(in: txn)
    }

    // MARK: names

    /// PostgreSQL's ChooseRelationName: `table_column_suffix`, truncated to 63 bytes, with a
    /// number appended until no relation, index or name in `taken` uses it.
    func chooseName(_ parts: [String], suffix: String, namespace: ObjectID, taken: Set<String> = []) throws(DatabaseError) -> String {
        var attempt = 0
        while true {
            let decoratedSuffix = attempt == 0 ? suffix : suffix + String(attempt)
            let name = Self.makeObjectName(parts, suffix: decoratedSuffix)
            if !taken.contains(name),
               try !catalog.nameIsTaken(name, in: namespace, access: access, snapshot: statement.snapshot) {
                return name
            }
            attempt += 1
        }
    }

    /// `a_b_suffix` within 63 bytes: the longer of the parts is trimmed first, as PostgreSQL does.
    static func makeObjectName(_ parts: [String], suffix: String) -> String {
        var parts = parts.filter { !$0.isEmpty }
        let limit = 63
        func length() -> Int { parts.reduce(0) { $0 + $1.utf8.count } + parts.count - 1 + (suffix.isEmpty ? 0 : suffix.utf8.count + 1) }
        while length() > limit {
            guard let longest = parts.indices.max(by: { parts[$0].utf8.count < parts[$1].utf8.count }) else { break }
            parts[longest] = String(parts[longest].dropLast())
        }
        return (parts + (suffix.isEmpty ? [] : [suffix])).joined(separator: "_")
    }

    // MARK: types

    /// A column type; serial types become their integer type (the caller adds the sequence).
    static func columnType(_ name: TypeName) throws(DatabaseError) -> (type: SQLType, serial: Bool) {
        if !name.isArray, name.modifiers.isEmpty, name.name.parts.count == 1 {
            switch name.baseName {
            case "serial", "serial4": return (.integer, true)
            case "bigserial", "serial8": return (.bigint, true)
            case "smallserial", "serial2": return (.smallint, true)
            default: break
            }
        }
        return (try TypeResolution.resolve(name), false)
    }

    // MARK: sequences

    /// Creates a sequence (for CREATE SEQUENCE, serial and identity columns).
    func createSequence(named name: String, namespace: ObjectID, options: SequenceOptions) throws(DatabaseError) -> RelationDescriptor {
        let sequence = RelationDescriptor(oid: try allocateOID(), name: name, namespace: namespace, kind: .sequence,
                                          owner: .bootstrapSuperuser, sequence: options)
        try create(sequence)
        return sequence
    }

    /// Applies CREATE/ALTER SEQUENCE options to `options` (restart: the value to restart at).
    static func apply(_ items: [SequenceOption], to options: inout SequenceOptions, creating: Bool) throws(DatabaseError) -> (restart: Int64?, ownedBy: QualifiedName??) {
        var restart: Int64?
        var ownedBy: QualifiedName??
        var minimumGiven: Int64??
        var maximumGiven: Int64??
        var startGiven: Int64?
        func integer(_ literal: Literal) throws(DatabaseError) -> Int64 {
            switch literal {
            case .integer(let value): return value
            case .numeric(let text):
                guard let value = Int64(text) else {
                    throw DatabaseError(.numericValueOutOfRange, "value \"\(text)\" is out of range for type bigint")
                }
                return value
            default:
                throw DatabaseError(.syntaxError, "sequence options need integer values")
            }
        }
        for item in items {
            switch item {
            case .type(let name):
                let type = try TypeResolution.resolve(name)
                guard [.smallint, .integer, .bigint].contains(type.kind) else {
                    throw DatabaseError(.invalidParameterValue, "sequence type must be smallint, integer, or bigint")
                }
                options.type = type
            case .incrementBy(let literal):
                options.increment = try integer(literal)
                if options.increment == 0 { throw DatabaseError(.invalidParameterValue, "INCREMENT must not be zero") }
            case .minimumValue(let literal): minimumGiven = try literal.map { (literal) throws(DatabaseError) in try integer(literal) }
            case .maximumValue(let literal): maximumGiven = try literal.map { (literal) throws(DatabaseError) in try integer(literal) }
            case .start(let literal): startGiven = try integer(literal)
            case .restart(let literal): restart = try literal.map { (literal) throws(DatabaseError) in try integer(literal) } ?? options.start
            case .cache(let literal):
                options.cache = try integer(literal)
                if options.cache <= 0 {
                    throw DatabaseError(.invalidParameterValue, "CACHE (\(options.cache)) must be greater than zero")
                }
            case .cycle(let cycle): options.cycle = cycle
            case .ownedBy(let name): ownedBy = .some(name)
            case .sequenceName: break
            }
        }
        let (typeMinimum, typeMaximum): (Int64, Int64) = switch options.type.kind {
        case .smallint: (Int64(Int16.min), Int64(Int16.max))
        case .integer: (Int64(Int32.min), Int64(Int32.max))
        default: (Int64.min, Int64.max)
        }
        let ascending = options.increment > 0
        if let minimumGiven { options.minimum = minimumGiven ?? (ascending ? 1 : typeMinimum) } else if creating {
            options.minimum = ascending ? 1 : typeMinimum
        }
        if let maximumGiven { options.maximum = maximumGiven ?? (ascending ? typeMaximum : -1) } else if creating {
            options.maximum = ascending ? typeMaximum : -1
        }
        if let startGiven { options.start = startGiven } else if creating { options.start = ascending ? options.minimum : options.maximum }
        if options.maximum > typeMaximum || options.minimum < typeMinimum {
            throw DatabaseError(.invalidParameterValue,
                                "MAXVALUE (\(options.maximum)) is out of range for sequence data type \(options.type.formatted)")
        }
        if options.minimum >= options.maximum {
            throw DatabaseError(.invalidParameterValue,
                                "MINVALUE (\(options.minimum)) must be less than MAXVALUE (\(options.maximum))")
        }
        if options.start < options.minimum {
            throw DatabaseError(.invalidParameterValue,
                                "START value (\(options.start)) cannot be less than MINVALUE (\(options.minimum))")
        }
        if options.start > options.maximum {
            throw DatabaseError(.invalidParameterValue,
                                "START value (\(options.start)) cannot be greater than MAXVALUE (\(options.maximum))")
        }
        return (restart, ownedBy)
    }

    // MARK: rows

    /// Calls `body` with every row version's key and decoded data in `relation`'s tree (every
    /// version, not just visible ones: indexes must cover what any snapshot can read).
    func forEachVersion(of relation: RelationDescriptor, _ body: ([UInt8], Row) throws(DatabaseError) -> Void) throws(DatabaseError) {
        guard let tree = relation.tree else { return }
        let types = relation.columns.map(\.type)
        let cursor = try txn.cursor(tree)
        var more = try cursor.first()
        while more {
            let key = cursor.key
            let chain = try cursor.withValue { (raw) throws(DatabaseError) in try VersionChain.decode(raw) }
            for version in chain {
                try body(key, try version.data.withBytes { (raw) throws(DatabaseError) in try RowCodec.decode(raw, types: types) })
            }
            more = try cursor.next()
        }
    }

    /// Every row the statement's snapshot sees, with its key.
    func visibleRows(of relation: RelationDescriptor) throws(DatabaseError) -> [([UInt8], Row)] {
        guard let tree = relation.tree else { return [] }
        let types = relation.columns.map(\.type)
        var rows: [([UInt8], Row)] = []
        try access.scan(tree, snapshot: statement.snapshot) { (key, data) throws(DatabaseError) in
            rows.append((key, try RowCodec.decode(data, types: types)))
            return true
        }
        return rows
    }
}
