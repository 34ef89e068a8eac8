// CREATE TABLE and CREATE TABLE AS: column definitions with their constraints, table constraints,
// LIKE, storage options. Column and table constraints share `ConstraintAttributes` for the
// DEFERRABLE / INITIALLY / NOT VALID / NO INHERIT flags PostgreSQL accepts after them.

/// `CREATE [TEMP | UNLOGGED] TABLE [IF NOT EXISTS] name (elements) [options]`.
public struct CreateTableStatement: Sendable, Hashable {
    public enum OnCommit: Sendable, Hashable {
        case preserveRows, deleteRows, drop
    }

    public var name: QualifiedName
    public var persistence: TablePersistence
    public var ifNotExists: Bool
    public var elements: [TableElement]
    /// `INHERITS (parents)`.
    public var inherits: [QualifiedName]
    /// `WITH (storage_parameter = value, ...)`.
    public var options: [DefinitionOption]
    public var onCommit: OnCommit?
    public var tablespace: String?
    /// `USING access_method`.
    public var accessMethod: String?
    public var location: SourceLocation

    public init(name: QualifiedName, persistence: TablePersistence = .permanent, ifNotExists: Bool = false,
                elements: [TableElement] = [], inherits: [QualifiedName] = [], options: [DefinitionOption] = [],
                onCommit: OnCommit? = nil, tablespace: String? = nil, accessMethod: String? = nil,
                location: SourceLocation = .unknown) {
        self.name = name
        self.persistence = persistence
        self.ifNotExists = ifNotExists
        self.elements = elements
        self.inherits = inherits
        self.options = options
        self.onCommit = onCommit
        self.tablespace = tablespace
        self.accessMethod = accessMethod
        self.location = location
    }

    /// The column definitions, in order.
    public var columns: [ColumnDefinition] {
        elements.compactMap { if case .column(let column) = $0 { return column } else { return nil } }
    }

    /// The table constraints, in order.
    public var constraints: [TableConstraint] {
        elements.compactMap { if case .constraint(let constraint) = $0 { return constraint } else { return nil } }
    }
}

/// An item inside CREATE TABLE's parentheses.
public enum TableElement: Sendable, Hashable {
    case column(ColumnDefinition)
    case constraint(TableConstraint)
    /// `LIKE source [INCLUDING ... | EXCLUDING ...]`.
    case like(LikeClause)
}

/// `LIKE table {INCLUDING | EXCLUDING} {DEFAULTS | CONSTRAINTS | INDEXES | ... | ALL}`.
public struct LikeClause: Sendable, Hashable {
    public enum Option: String, Sendable, Hashable {
        case comments, compression, constraints, defaults, generated, identity, indexes, statistics, storage, all
    }

    public var table: QualifiedName
    /// In order: `(option, including)`.
    public var options: [LikeOption]

    public struct LikeOption: Sendable, Hashable {
        public var option: Option
        public var including: Bool

        public init(option: Option, including: Bool) {
            self.option = option
            self.including = including
        }
    }

    public init(table: QualifiedName, options: [LikeOption] = []) {
        self.table = table
        self.options = options
    }
}

/// `name type [COLLATE c] [constraints]`.
public struct ColumnDefinition: Sendable, Hashable {
    public var name: String
    public var type: TypeName
    public var collation: QualifiedName?
    public var constraints: [ColumnConstraint]
    public var location: SourceLocation

    public init(name: String, type: TypeName, collation: QualifiedName? = nil, constraints: [ColumnConstraint] = [],
                location: SourceLocation = .unknown) {
        self.name = name
        self.type = type
        self.collation = collation
        self.constraints = constraints
        self.location = location
    }
}

/// `[CONSTRAINT name] kind [attributes]` after a column's type.
public struct ColumnConstraint: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case notNull
        case null
        case check(Expression)
        case `default`(Expression)
        case unique(nullsNotDistinct: Bool, index: IndexParameters)
        case primaryKey(index: IndexParameters)
        case references(ForeignKeyReference)
        /// `GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(sequence options)]`.
        case identity(always: Bool, options: [SequenceOption])
        /// `GENERATED ALWAYS AS (expression) STORED`.
        case generated(Expression)
    }

    public var name: String?
    public var kind: Kind
    public var attributes: ConstraintAttributes
    public var location: SourceLocation

    public init(name: String? = nil, kind: Kind, attributes: ConstraintAttributes = ConstraintAttributes(),
                location: SourceLocation = .unknown) {
        self.name = name
        self.kind = kind
        self.attributes = attributes
        self.location = location
    }
}

/// `[CONSTRAINT name] kind [attributes]` as an element of CREATE TABLE or ALTER TABLE ADD.
public struct TableConstraint: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case primaryKey(columns: [String], include: [String], index: IndexParameters)
        case unique(columns: [String], include: [String], nullsNotDistinct: Bool, index: IndexParameters)
        case check(Expression)
        case foreignKey(columns: [String], reference: ForeignKeyReference)
    }

    public var name: String?
    public var kind: Kind
    public var attributes: ConstraintAttributes
    public var location: SourceLocation

    public init(name: String? = nil, kind: Kind, attributes: ConstraintAttributes = ConstraintAttributes(),
                location: SourceLocation = .unknown) {
        self.name = name
        self.kind = kind
        self.attributes = attributes
        self.location = location
    }
}

/// The flags written after a constraint; nil means "not written" (PostgreSQL's defaults apply).
public struct ConstraintAttributes: Sendable, Hashable {
    /// DEFERRABLE (true) or NOT DEFERRABLE (false).
    public var deferrable: Bool?
    /// INITIALLY DEFERRED (true) or INITIALLY IMMEDIATE (false).
    public var initiallyDeferred: Bool?
    /// NOT VALID (table constraints added by ALTER TABLE).
    public var notValid: Bool
    /// NO INHERIT (CHECK constraints).
    public var noInherit: Bool

    public init(deferrable: Bool? = nil, initiallyDeferred: Bool? = nil, notValid: Bool = false, noInherit: Bool = false) {
        self.deferrable = deferrable
        self.initiallyDeferred = initiallyDeferred
        self.notValid = notValid
        self.noInherit = noInherit
    }
}

/// `WITH (options)` and `USING INDEX TABLESPACE t` of a UNIQUE or PRIMARY KEY constraint.
public struct IndexParameters: Sendable, Hashable {
    public var options: [DefinitionOption]
    public var tablespace: String?

    public init(options: [DefinitionOption] = [], tablespace: String? = nil) {
        self.options = options
        self.tablespace = tablespace
    }
}

/// `REFERENCES table [(columns)] [MATCH ...] [ON DELETE action] [ON UPDATE action]`.
public struct ForeignKeyReference: Sendable, Hashable {
    public enum Match: Sendable, Hashable {
        case simple, full, partial
    }

    public enum Action: Sendable, Hashable {
        case noAction
        case restrict
        case cascade
        /// `SET NULL [(columns)]`.
        case setNull([String])
        /// `SET DEFAULT [(columns)]`.
        case setDefault([String])
    }

    public var table: QualifiedName
    public var columns: [String]
    public var match: Match?
    public var onDelete: Action?
    public var onUpdate: Action?

    public init(table: QualifiedName, columns: [String] = [], match: Match? = nil, onDelete: Action? = nil,
                onUpdate: Action? = nil) {
        self.table = table
        self.columns = columns
        self.match = match
        self.onDelete = onDelete
        self.onUpdate = onUpdate
    }
}

/// An option of CREATE/ALTER SEQUENCE and of identity columns.
public enum SequenceOption: Sendable, Hashable {
    case type(TypeName)
    case incrementBy(Literal)
    /// `MINVALUE n`, or `NO MINVALUE` (nil).
    case minimumValue(Literal?)
    /// `MAXVALUE n`, or `NO MAXVALUE` (nil).
    case maximumValue(Literal?)
    case start(Literal)
    /// `RESTART [WITH n]` (ALTER only); nil restarts at the start value.
    case restart(Literal?)
    case cache(Literal)
    case cycle(Bool)
    /// `OWNED BY table.column`, or `OWNED BY NONE` (nil).
    case ownedBy(QualifiedName?)
    /// `SEQUENCE NAME name` (identity columns only).
    case sequenceName(QualifiedName)
}

/// `CREATE [TEMP | UNLOGGED] TABLE [IF NOT EXISTS] name [(columns)] AS query [WITH [NO] DATA]`.
public struct CreateTableAsStatement: Sendable, Hashable {
    public var name: QualifiedName
    public var persistence: TablePersistence
    public var ifNotExists: Bool
    public var columns: [String]
    public var options: [DefinitionOption]
    public var onCommit: CreateTableStatement.OnCommit?
    public var tablespace: String?
    public var query: Query
    public var withData: Bool
    public var location: SourceLocation

    public init(name: QualifiedName, persistence: TablePersistence = .permanent, ifNotExists: Bool = false,
                columns: [String] = [], options: [DefinitionOption] = [], onCommit: CreateTableStatement.OnCommit? = nil,
                tablespace: String? = nil, query: Query, withData: Bool = true, location: SourceLocation = .unknown) {
        self.name = name
        self.persistence = persistence
        self.ifNotExists = ifNotExists
        self.columns = columns
        self.options = options
        self.onCommit = onCommit
        self.tablespace = tablespace
        self.query = query
        self.withData = withData
        self.location = location
    }
}
