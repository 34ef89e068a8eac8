// What the catalog records: namespaces (schemas) and relations (tables, views, sequences) with
// their columns, indexes and constraints. These are plain values; Catalog.swift stores them as
// versioned rows, so DDL is transactional exactly like data, and CatalogCodec.swift encodes them.

public import HeliosCore
public import HeliosStorage
public import HeliosValues

/// An object identifier, as PostgreSQL's: below 16384 for built-in objects, from 16384 on for
/// objects users create.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    public static let invalid = ObjectID(0)
    public static let pgCatalogNamespace = ObjectID(11)
    public static let publicNamespace = ObjectID(2200)
    public static let informationSchemaNamespace = ObjectID(13_000)
    /// helios_ai: the autopilot's views (Autopilot/AutopilotRelations.swift). Not a pg_namespace
    /// row: clients listing schemas see what they would see on PostgreSQL.
    public static let heliosAINamespace = ObjectID(12_900)
    public static let bootstrapSuperuser = ObjectID(10)
    public static let firstUserObject = ObjectID(16_384)

    public var description: String { String(rawValue) }
    public static func < (a: ObjectID, b: ObjectID) -> Bool { a.rawValue < b.rawValue }
}

/// A schema.
public struct NamespaceDescriptor: Equatable, Sendable {
    public var oid: ObjectID
    public var name: String
    public var owner: ObjectID
}

/// One column of a table (or of a view's result).
public struct ColumnDescriptor: Equatable, Sendable {
    public enum Identity: UInt8, Sendable {
        case always = 1
        case byDefault = 2
    }

    public var name: String
    public var type: SQLType
    /// PostgreSQL's attnum: 1, 2, 3 ..., stable for the column's life (dropped columns keep theirs).
    public var number: Int16
    public var notNull: Bool
    /// The DEFAULT expression, as SQL text.
    public var defaultExpression: String?
    public var identity: Identity?
    /// GENERATED ALWAYS AS (expression) STORED, as SQL text.
    public var generatedExpression: String?
    public var isDropped: Bool = false

    public init(name: String, type: SQLType, number: Int16, notNull: Bool = false, defaultExpression: String? = nil,
                identity: Identity? = nil, generatedExpression: String? = nil, isDropped: Bool = false) {
        self.name = name
        self.type = type
        self.number = number
        self.notNull = notNull
        self.defaultExpression = defaultExpression
        self.identity = identity
        self.generatedExpression = generatedExpression
        self.isDropped = isDropped
    }
}

/// One key part of an index: a column or an expression, with its order.
public struct IndexKeyPart: Equatable, Sendable {
    /// The column's number, or 0 for an expression.
    public var column: Int16
    /// The expression (SQL text) when `column` is 0.
    public var expression: String?
    public var descending: Bool
    public var nullsFirst: Bool

    public init(column: Int16, expression: String? = nil, descending: Bool = false, nullsFirst: Bool = false) {
        self.column = column
        self.expression = expression
        self.descending = descending
        self.nullsFirst = nullsFirst
    }
}

/// Who made an index: users, or the autopilot (which may drop only its own).
public enum IndexOrigin: UInt8, Sendable {
    case user = 0
    case autopilot = 1
    /// What-if: an index the optimizer costs as if it existed, never built nor stored.
    case hypothetical = 2
}

/// A B+ tree index on a table. Its entries are keys only: the indexed values followed by the
/// row's key in the table, so every entry is unique even when values repeat.
public struct IndexDescriptor: Equatable, Sendable {
    public var oid: ObjectID
    public var name: String
    public var tree: TreeID
    public var keys: [IndexKeyPart]
    /// INCLUDE columns (stored in the index for index-only scans; not part of the ordering).
    public var included: [Int16]
    public var isUnique: Bool
    public var isPrimary: Bool
    public var nullsNotDistinct: Bool
    /// Partial index predicate, as SQL text.
    public var predicate: String?
    /// False while an online build is in progress.
    public var isValid: Bool
    public var origin: IndexOrigin
    public var options: [String: String]

    public init(oid: ObjectID, name: String, tree: TreeID, keys: [IndexKeyPart], included: [Int16] = [], isUnique: Bool = false,
                isPrimary: Bool = false, nullsNotDistinct: Bool = false, predicate: String? = nil, isValid: Bool = true,
                origin: IndexOrigin = .user, options: [String: String] = [:]) {
        self.oid = oid
        self.name = name
        self.tree = tree
        self.keys = keys
        self.included = included
        self.isUnique = isUnique
        self.isPrimary = isPrimary
        self.nullsNotDistinct = nullsNotDistinct
        self.predicate = predicate
        self.isValid = isValid
        self.origin = origin
        self.options = options
    }
}

/// What a foreign key does when the referenced row goes or changes.
public enum ReferentialAction: UInt8, Sendable {
    case noAction = 0
    case restrict = 1
    case cascade = 2
    case setNull = 3
    case setDefault = 4
}

/// A table constraint.
public struct ConstraintDescriptor: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// Backed by the index with this oid (the table's rows are keyed by these columns).
        case primaryKey(index: ObjectID)
        case unique(index: ObjectID)
        /// The condition, as SQL text.
        case check(expression: String)
        case foreignKey(ForeignKey)
    }

    public struct ForeignKey: Equatable, Sendable {
        public var columns: [Int16]
        public var referencedTable: ObjectID
        public var referencedColumns: [Int16]
        public var onDelete: ReferentialAction
        public var onUpdate: ReferentialAction
        public var matchFull: Bool

        public init(columns: [Int16], referencedTable: ObjectID, referencedColumns: [Int16],
                    onDelete: ReferentialAction = .noAction, onUpdate: ReferentialAction = .noAction, matchFull: Bool = false) {
            self.columns = columns
            self.referencedTable = referencedTable
            self.referencedColumns = referencedColumns
            self.onDelete = onDelete
            self.onUpdate = onUpdate
            self.matchFull = matchFull
        }
    }

    public var oid: ObjectID
    public var name: String
    public var kind: Kind
    /// The columns it constrains (primary key, unique, check's columns, foreign key's).
    public var columns: [Int16]

    public init(oid: ObjectID, name: String, kind: Kind, columns: [Int16]) {
        self.oid = oid
        self.name = name
        self.kind = kind
        self.columns = columns
    }
}

/// A sequence's settings (its current value lives outside the catalog: it is not transactional).
public struct SequenceOptions: Equatable, Sendable {
    public var type: SQLType
    public var start: Int64
    public var increment: Int64
    public var minimum: Int64
    public var maximum: Int64
    public var cache: Int64
    public var cycle: Bool
    /// OWNED BY table.column: dropped with it.
    public var ownedBy: (table: ObjectID, column: Int16)?

    public init(type: SQLType = .bigint, start: Int64? = nil, increment: Int64 = 1, minimum: Int64? = nil,
                maximum: Int64? = nil, cache: Int64 = 1, cycle: Bool = false, ownedBy: (table: ObjectID, column: Int16)? = nil) {
        self.type = type
        self.increment = increment
        let typeMaximum: Int64 = type.kind == .smallint ? Int64(Int16.max) : type.kind == .integer ? Int64(Int32.max) : Int64.max
        let typeMinimum: Int64 = type.kind == .smallint ? Int64(Int16.min) : type.kind == .integer ? Int64(Int32.min) : Int64.min
        self.minimum = minimum ?? (increment > 0 ? 1 : typeMinimum)
        self.maximum = maximum ?? (increment > 0 ? typeMaximum : -1)
        self.start = start ?? (increment > 0 ? self.minimum : self.maximum)
        self.cache = cache
        self.cycle = cycle
        self.ownedBy = ownedBy
    }

    public static func == (a: SequenceOptions, b: SequenceOptions) -> Bool {
        a.type == b.type && a.start == b.start && a.increment == b.increment && a.minimum == b.minimum
            && a.maximum == b.maximum && a.cache == b.cache && a.cycle == b.cycle
            && a.ownedBy?.table == b.ownedBy?.table && a.ownedBy?.column == b.ownedBy?.column
    }
}

/// What kind of relation.
public enum RelationKind: UInt8, Sendable {
    case table = 1
    case view = 2
    case sequence = 3

    /// pg_class.relkind.
    public var code: String {
        switch self {
        case .table: "r"
        case .view: "v"
        case .sequence: "S"
        }
    }
}

/// A table, view or sequence.
public struct RelationDescriptor: Equatable, Sendable {
    public var oid: ObjectID
    public var name: String
    public var namespace: ObjectID
    public var kind: RelationKind
    public var owner: ObjectID
    /// All columns, dropped ones included (their numbers stay taken).
    public var columns: [ColumnDescriptor]
    /// The tree holding the table's rows.
    public var tree: TreeID?
    /// The columns the rows are keyed by (the primary key), or empty: rows keyed by a hidden row ID.
    public var rowKey: [Int16]
    public var indexes: [IndexDescriptor]
    public var constraints: [ConstraintDescriptor]
    /// Storage parameters (WITH (fillfactor = 90)).
    public var options: [String: String]
    /// A view's query, as SQL text.
    public var viewDefinition: String?
    public var sequence: SequenceOptions?
    public var isTemporary: Bool
    public var comment: String?
    /// Tables with foreign keys referencing this one (their constraints say how).
    public var referencedBy: [ObjectID] = []
    /// COMMENT ON COLUMN, by column number.
    public var columnComments: [Int16: String] = [:]

    public init(oid: ObjectID, name: String, namespace: ObjectID, kind: RelationKind, owner: ObjectID = .bootstrapSuperuser,
                columns: [ColumnDescriptor] = [], tree: TreeID? = nil, rowKey: [Int16] = [], indexes: [IndexDescriptor] = [],
                constraints: [ConstraintDescriptor] = [], options: [String: String] = [:], viewDefinition: String? = nil,
                sequence: SequenceOptions? = nil, isTemporary: Bool = false, comment: String? = nil) {
        self.oid = oid
        self.name = name
        self.namespace = namespace
        self.kind = kind
        self.owner = owner
        self.columns = columns
        self.tree = tree
        self.rowKey = rowKey
        self.indexes = indexes
        self.constraints = constraints
        self.options = options
        self.viewDefinition = viewDefinition
        self.sequence = sequence
        self.isTemporary = isTemporary
        self.comment = comment
    }

    /// The columns a query sees, in order.
    public var visibleColumns: [ColumnDescriptor] { columns.filter { !$0.isDropped } }

    /// The column called `name`, if any.
    public func column(named name: String) -> ColumnDescriptor? {
        columns.first { !$0.isDropped && $0.name == name }
    }

    /// The column with this number.
    public func column(number: Int16) -> ColumnDescriptor? {
        columns.first { $0.number == number }
    }

    /// The position of a column in a stored row (rows store every column, dropped ones as NULL).
    public func storagePosition(of number: Int16) -> Int? {
        columns.firstIndex { $0.number == number }
    }

    public var primaryKeyIndex: IndexDescriptor? { indexes.first { $0.isPrimary } }
}
