// Statements that create, drop and describe schema objects other than tables: indexes, views,
// sequences, schemas, extensions; DROP of any of them; TRUNCATE; COMMENT ON.

/// `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table [USING method] (...)`.
public struct CreateIndexStatement: Sendable, Hashable {
    public var name: String?
    public var unique: Bool
    public var concurrently: Bool
    public var ifNotExists: Bool
    public var table: QualifiedName
    /// False for `ON ONLY table`.
    public var includesDescendants: Bool
    /// `USING btree | hash | gin | ...`; nil for the default.
    public var method: String?
    public var elements: [IndexElement]
    public var include: [String]
    public var nullsNotDistinct: Bool
    public var options: [DefinitionOption]
    public var tablespace: String?
    /// `WHERE predicate`: a partial index.
    public var predicate: Expression?
    public var location: SourceLocation

    public init(name: String? = nil, unique: Bool = false, concurrently: Bool = false, ifNotExists: Bool = false,
                table: QualifiedName, includesDescendants: Bool = true, method: String? = nil,
                elements: [IndexElement], include: [String] = [], nullsNotDistinct: Bool = false,
                options: [DefinitionOption] = [], tablespace: String? = nil, predicate: Expression? = nil,
                location: SourceLocation = .unknown) {
        self.name = name
        self.unique = unique
        self.concurrently = concurrently
        self.ifNotExists = ifNotExists
        self.table = table
        self.includesDescendants = includesDescendants
        self.method = method
        self.elements = elements
        self.include = include
        self.nullsNotDistinct = nullsNotDistinct
        self.options = options
        self.tablespace = tablespace
        self.predicate = predicate
        self.location = location
    }
}

/// One key of an index: a column or `(expression)`, with collation, operator class and order.
public struct IndexElement: Sendable, Hashable {
    public enum Key: Sendable, Hashable {
        case column(String)
        /// `(expression)`, or a bare function call such as `lower(name)`.
        case expression(Expression)
    }

    public var key: Key
    public var collation: QualifiedName?
    public var operatorClass: QualifiedName?
    public var direction: SortItem.Direction
    public var nulls: SortItem.NullsOrder
    public var location: SourceLocation

    public init(key: Key, collation: QualifiedName? = nil, operatorClass: QualifiedName? = nil,
                direction: SortItem.Direction = .default, nulls: SortItem.NullsOrder = .default,
                location: SourceLocation = .unknown) {
        self.key = key
        self.collation = collation
        self.operatorClass = operatorClass
        self.direction = direction
        self.nulls = nulls
        self.location = location
    }
}

/// `CREATE [OR REPLACE] [TEMP] [RECURSIVE] VIEW name [(columns)] [WITH (options)] AS query
/// [WITH [CASCADED | LOCAL] CHECK OPTION]`.
public struct CreateViewStatement: Sendable, Hashable {
    public enum CheckOption: Sendable, Hashable {
        case none, local, cascaded
    }

    public var name: QualifiedName
    public var orReplace: Bool
    public var persistence: TablePersistence
    public var recursive: Bool
    public var columns: [String]
    public var options: [DefinitionOption]
    public var query: Query
    public var checkOption: CheckOption
    public var location: SourceLocation

    public init(name: QualifiedName, orReplace: Bool = false, persistence: TablePersistence = .permanent,
                recursive: Bool = false, columns: [String] = [], options: [DefinitionOption] = [], query: Query,
                checkOption: CheckOption = .none, location: SourceLocation = .unknown) {
        self.name = name
        self.orReplace = orReplace
        self.persistence = persistence
        self.recursive = recursive
        self.columns = columns
        self.options = options
        self.query = query
        self.checkOption = checkOption
        self.location = location
    }
}

/// `CREATE [TEMP | UNLOGGED] SEQUENCE [IF NOT EXISTS] name [options]`.
public struct CreateSequenceStatement: Sendable, Hashable {
    public var name: QualifiedName
    public var persistence: TablePersistence
    public var ifNotExists: Bool
    public var options: [SequenceOption]
    public var location: SourceLocation

    public init(name: QualifiedName, persistence: TablePersistence = .permanent, ifNotExists: Bool = false,
                options: [SequenceOption] = [], location: SourceLocation = .unknown) {
        self.name = name
        self.persistence = persistence
        self.ifNotExists = ifNotExists
        self.options = options
        self.location = location
    }
}

/// `ALTER SEQUENCE [IF EXISTS] name options`.
public struct AlterSequenceStatement: Sendable, Hashable {
    public var name: QualifiedName
    public var ifExists: Bool
    public var options: [SequenceOption]
    public var location: SourceLocation

    public init(name: QualifiedName, ifExists: Bool = false, options: [SequenceOption], location: SourceLocation = .unknown) {
        self.name = name
        self.ifExists = ifExists
        self.options = options
        self.location = location
    }
}

/// `CREATE SCHEMA [IF NOT EXISTS] [name] [AUTHORIZATION role] [schema elements]`.
public struct CreateSchemaStatement: Sendable, Hashable {
    /// Nil when only AUTHORIZATION is given: the schema is named after the role.
    public var name: String?
    public var ifNotExists: Bool
    public var authorization: RoleSpecification?
    /// CREATE TABLE, VIEW, INDEX, SEQUENCE and GRANT statements made inside the new schema.
    public var elements: [Statement]
    public var location: SourceLocation

    public init(name: String?, ifNotExists: Bool = false, authorization: RoleSpecification? = nil,
                elements: [Statement] = [], location: SourceLocation = .unknown) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.authorization = authorization
        self.elements = elements
        self.location = location
    }
}

/// The kinds of objects DROP, COMMENT ON and ALTER ... know.
public enum ObjectKind: String, Sendable, Hashable {
    case table = "TABLE"
    case index = "INDEX"
    case view = "VIEW"
    case materializedView = "MATERIALIZED VIEW"
    case sequence = "SEQUENCE"
    case schema = "SCHEMA"
    case database = "DATABASE"
    case role = "ROLE"
    case `extension` = "EXTENSION"
    case type = "TYPE"
    case function = "FUNCTION"
    case column = "COLUMN"
    case constraint = "CONSTRAINT"
}

/// `DROP kind [CONCURRENTLY] [IF EXISTS] names [CASCADE | RESTRICT]`.
public struct DropStatement: Sendable, Hashable {
    public var kind: ObjectKind
    public var ifExists: Bool
    public var names: [QualifiedName]
    public var behavior: DropBehavior?
    /// DROP INDEX CONCURRENTLY.
    public var concurrently: Bool
    /// DROP DATABASE ... WITH (FORCE).
    public var force: Bool
    /// How it was spelled, for the command tag: ROLE, USER or GROUP.
    public var roleKeyword: RoleKeyword
    public var location: SourceLocation

    public init(kind: ObjectKind, ifExists: Bool = false, names: [QualifiedName], behavior: DropBehavior? = nil,
                concurrently: Bool = false, force: Bool = false, roleKeyword: RoleKeyword = .role,
                location: SourceLocation = .unknown) {
        self.kind = kind
        self.ifExists = ifExists
        self.names = names
        self.behavior = behavior
        self.concurrently = concurrently
        self.force = force
        self.roleKeyword = roleKeyword
        self.location = location
    }
}

/// `TRUNCATE [TABLE] [ONLY] names [RESTART | CONTINUE IDENTITY] [CASCADE | RESTRICT]`.
public struct TruncateStatement: Sendable, Hashable {
    public var tables: [TableName]
    public var restartIdentity: Bool
    public var behavior: DropBehavior?
    public var location: SourceLocation

    public init(tables: [TableName], restartIdentity: Bool = false, behavior: DropBehavior? = nil,
                location: SourceLocation = .unknown) {
        self.tables = tables
        self.restartIdentity = restartIdentity
        self.behavior = behavior
        self.location = location
    }
}

/// `COMMENT ON kind name IS 'text' | NULL`; for a column the name is `table.column`, for a
/// constraint `name` plus `table`.
public struct CommentStatement: Sendable, Hashable {
    public var kind: ObjectKind
    public var name: QualifiedName
    /// `COMMENT ON CONSTRAINT name ON table`.
    public var table: QualifiedName?
    /// Nil removes the comment.
    public var comment: String?
    public var location: SourceLocation

    public init(kind: ObjectKind, name: QualifiedName, table: QualifiedName? = nil, comment: String?,
                location: SourceLocation = .unknown) {
        self.kind = kind
        self.name = name
        self.table = table
        self.comment = comment
        self.location = location
    }
}

/// `CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE]`.
public struct CreateExtensionStatement: Sendable, Hashable {
    public var name: String
    public var ifNotExists: Bool
    public var schema: String?
    public var version: String?
    public var cascade: Bool
    public var location: SourceLocation

    public init(name: String, ifNotExists: Bool = false, schema: String? = nil, version: String? = nil,
                cascade: Bool = false, location: SourceLocation = .unknown) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.schema = schema
        self.version = version
        self.cascade = cascade
        self.location = location
    }
}
