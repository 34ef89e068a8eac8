// ALTER TABLE (and ALTER INDEX / VIEW / SEQUENCE forms that rename, set options or change owner):
// a list of actions applied in order. RENAME and SET SCHEMA stand alone, as in PostgreSQL.

/// `ALTER {TABLE | INDEX | VIEW | SEQUENCE} [IF EXISTS] [ONLY] name action [, ...]`.
public struct AlterTableStatement: Sendable, Hashable {
    /// TABLE, INDEX, VIEW, SEQUENCE or MATERIALIZED VIEW.
    public var kind: ObjectKind
    public var ifExists: Bool
    public var includesDescendants: Bool
    public var name: QualifiedName
    public var actions: [AlterTableAction]
    public var location: SourceLocation

    public init(kind: ObjectKind = .table, ifExists: Bool = false, includesDescendants: Bool = true,
                name: QualifiedName, actions: [AlterTableAction], location: SourceLocation = .unknown) {
        self.kind = kind
        self.ifExists = ifExists
        self.includesDescendants = includesDescendants
        self.name = name
        self.actions = actions
        self.location = location
    }
}

/// One action of ALTER TABLE.
public enum AlterTableAction: Sendable, Hashable {
    case addColumn(ColumnDefinition, ifNotExists: Bool)
    case dropColumn(String, ifExists: Bool, behavior: DropBehavior?)
    case alterColumn(String, AlterColumnAction)
    case addConstraint(TableConstraint)
    /// `ADD [CONSTRAINT name] {UNIQUE | PRIMARY KEY} USING INDEX index`.
    case addConstraintUsingIndex(name: String?, primaryKey: Bool, index: String, attributes: ConstraintAttributes)
    case dropConstraint(String, ifExists: Bool, behavior: DropBehavior?)
    case validateConstraint(String)
    case renameColumn(from: String, to: String)
    case renameConstraint(from: String, to: String)
    case rename(to: String)
    case setSchema(String)
    case ownerTo(RoleSpecification)
    /// `SET (fillfactor = 70, ...)`.
    case setOptions([DefinitionOption])
    /// `RESET (fillfactor, ...)`.
    case resetOptions([String])
    case setTablespace(String)
    case setLogged
    case setUnlogged
}

/// What `ALTER [COLUMN] c ...` does.
public enum AlterColumnAction: Sendable, Hashable {
    case setDefault(Expression)
    case dropDefault
    case setNotNull
    case dropNotNull
    /// `[SET DATA] TYPE t [COLLATE c] [USING expression]`.
    case setType(TypeName, collation: QualifiedName?, using: Expression?)
    case addIdentity(always: Bool, options: [SequenceOption])
    /// `SET GENERATED {ALWAYS | BY DEFAULT}` and identity sequence options, in order.
    case setIdentity(always: Bool?, options: [SequenceOption])
    case dropIdentity(ifExists: Bool)
    case dropExpression(ifExists: Bool)
    case setStatistics(Int)
    case setOptions([DefinitionOption])
    case resetOptions([String])
    case setStorage(String)
    case setCompression(String)
}
