// Queries: SELECT, VALUES and set operations, with WITH, ORDER BY, LIMIT/OFFSET/FETCH and row
// locking around them. A parenthesized query in a set operation keeps its own ORDER BY and LIMIT;
// `TABLE t` is read as `SELECT * FROM t`, as PostgreSQL does.

/// A complete query: what SELECT, VALUES, a subquery or a CTE body is.
public struct Query: Sendable, Hashable {
    public var with: WithClause?
    public var body: QueryBody
    public var orderBy: [SortItem]
    /// LIMIT or FETCH FIRST count; nil for none or LIMIT ALL.
    public var limit: Expression?
    /// FETCH FIRST ... WITH TIES.
    public var limitWithTies: Bool
    public var offset: Expression?
    /// FOR UPDATE / FOR SHARE clauses, in order.
    public var locking: [LockingClause]
    public var location: SourceLocation

    public init(with: WithClause? = nil, body: QueryBody, orderBy: [SortItem] = [], limit: Expression? = nil,
                limitWithTies: Bool = false, offset: Expression? = nil, locking: [LockingClause] = [],
                location: SourceLocation = .unknown) {
        self.with = with
        self.body = body
        self.orderBy = orderBy
        self.limit = limit
        self.limitWithTies = limitWithTies
        self.offset = offset
        self.locking = locking
        self.location = location
    }

    /// Whether the query is its body alone, with no clause around it.
    public var isBare: Bool {
        with == nil && orderBy.isEmpty && limit == nil && offset == nil && locking.isEmpty && !limitWithTies
    }
}

/// The part of a query that produces rows.
public indirect enum QueryBody: Sendable, Hashable {
    case select(SelectClause)
    /// `VALUES (...), (...)`: rows of expressions, all of one length.
    case values([[Expression]])
    case setOperation(SetOperation)
}

/// `left UNION | INTERSECT | EXCEPT [ALL] right`.
public struct SetOperation: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case union, intersect, except
    }

    public var kind: Kind
    /// ALL keeps duplicates; DISTINCT (the default) removes them.
    public var all: Bool
    public var left: Query
    public var right: Query

    public init(kind: Kind, all: Bool, left: Query, right: Query) {
        self.kind = kind
        self.all = all
        self.left = left
        self.right = right
    }
}

/// `SELECT [DISTINCT] targets [INTO] [FROM] [WHERE] [GROUP BY] [HAVING] [WINDOW]`.
public struct SelectClause: Sendable, Hashable {
    public enum Distinct: Sendable, Hashable {
        /// Neither DISTINCT nor DISTINCT ON (SELECT ALL is the same).
        case none
        case distinct
        case distinctOn([Expression])
    }

    public var distinct: Distinct
    public var targets: [SelectTarget]
    /// `SELECT ... INTO new_table`.
    public var into: IntoClause?
    public var from: [TableReference]
    public var whereCondition: Expression?
    public var groupBy: GroupByClause?
    public var having: Expression?
    public var windows: [WindowDefinition]

    public init(distinct: Distinct = .none, targets: [SelectTarget] = [], into: IntoClause? = nil,
                from: [TableReference] = [], whereCondition: Expression? = nil, groupBy: GroupByClause? = nil,
                having: Expression? = nil, windows: [WindowDefinition] = []) {
        self.distinct = distinct
        self.targets = targets
        self.into = into
        self.from = from
        self.whereCondition = whereCondition
        self.groupBy = groupBy
        self.having = having
        self.windows = windows
    }
}

/// One item of a SELECT list or RETURNING list: `expression [AS alias]`, `*`, `t.*`.
public struct SelectTarget: Sendable, Hashable {
    public var expression: Expression
    public var alias: String?

    public init(_ expression: Expression, alias: String? = nil) {
        self.expression = expression
        self.alias = alias
    }
}

/// `SELECT ... INTO [TEMPORARY | UNLOGGED] [TABLE] name`.
public struct IntoClause: Sendable, Hashable {
    public var table: QualifiedName
    public var persistence: TablePersistence

    public init(table: QualifiedName, persistence: TablePersistence = .permanent) {
        self.table = table
        self.persistence = persistence
    }
}

/// `GROUP BY [DISTINCT] elements`.
public struct GroupByClause: Sendable, Hashable {
    /// GROUP BY DISTINCT removes duplicate grouping sets.
    public var distinct: Bool
    public var elements: [GroupingElement]

    public init(distinct: Bool = false, elements: [GroupingElement]) {
        self.distinct = distinct
        self.elements = elements
    }
}

/// An element of GROUP BY: an expression (or output column position), `()`, ROLLUP, CUBE,
/// GROUPING SETS.
public indirect enum GroupingElement: Sendable, Hashable {
    case expression(Expression)
    case empty
    case rollup([Expression])
    case cube([Expression])
    case groupingSets([GroupingElement])
}

/// `WINDOW name AS (specification)`.
public struct WindowDefinition: Sendable, Hashable {
    public var name: String
    public var specification: WindowSpecification

    public init(name: String, specification: WindowSpecification) {
        self.name = name
        self.specification = specification
    }
}

/// `WITH [RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] (query), ...`.
public struct WithClause: Sendable, Hashable {
    public var recursive: Bool
    public var expressions: [CommonTableExpression]

    public init(recursive: Bool = false, expressions: [CommonTableExpression]) {
        self.recursive = recursive
        self.expressions = expressions
    }
}

/// One named query of a WITH clause; its body may also be INSERT, UPDATE or DELETE ... RETURNING.
public struct CommonTableExpression: Sendable, Hashable {
    public enum Materialization: Sendable, Hashable {
        case `default`, materialized, notMaterialized
    }

    public var name: String
    public var columns: [String]
    public var materialization: Materialization
    public var statement: Statement
    public var location: SourceLocation

    public init(name: String, columns: [String] = [], materialization: Materialization = .default,
                statement: Statement, location: SourceLocation = .unknown) {
        self.name = name
        self.columns = columns
        self.materialization = materialization
        self.statement = statement
        self.location = location
    }
}

/// `FOR UPDATE | NO KEY UPDATE | SHARE | KEY SHARE [OF tables] [NOWAIT | SKIP LOCKED]`.
public struct LockingClause: Sendable, Hashable {
    public enum Strength: Sendable, Hashable {
        case update, noKeyUpdate, share, keyShare
    }

    public enum WaitPolicy: Sendable, Hashable {
        case wait, noWait, skipLocked
    }

    public var strength: Strength
    public var tables: [QualifiedName]
    public var waitPolicy: WaitPolicy

    public init(strength: Strength, tables: [QualifiedName] = [], waitPolicy: WaitPolicy = .wait) {
        self.strength = strength
        self.tables = tables
        self.waitPolicy = waitPolicy
    }
}

/// Whether a table is permanent, temporary or unlogged.
public enum TablePersistence: Sendable, Hashable {
    case permanent, temporary, unlogged
}
