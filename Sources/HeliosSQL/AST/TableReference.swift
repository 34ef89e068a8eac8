// Items of a FROM clause (and of UPDATE ... FROM, DELETE ... USING): tables, subqueries, table
// functions and joins, each with its alias and source position.

/// Something rows come from in FROM.
public indirect enum TableReference: Sendable, Hashable {
    case table(TableName)
    case subquery(SubqueryReference)
    case function(FunctionReference)
    case join(Join)

    /// Where the item starts in the text.
    public var location: SourceLocation {
        switch self {
        case .table(let table): return table.location
        case .subquery(let subquery): return subquery.location
        case .function(let function): return function.location
        case .join(let join): return join.location
        }
    }
}

/// A table or view by name: `[ONLY] name [*] [[AS] alias [(columns)]]`.
public struct TableName: Sendable, Hashable {
    public var name: QualifiedName
    /// False for `ONLY name`: leave out tables that inherit from it.
    public var includesDescendants: Bool
    public var alias: TableAlias?
    public var location: SourceLocation

    public init(name: QualifiedName, includesDescendants: Bool = true, alias: TableAlias? = nil,
                location: SourceLocation = .unknown) {
        self.name = name
        self.includesDescendants = includesDescendants
        self.alias = alias
        self.location = location
    }
}

/// `[LATERAL] (query) [AS] alias [(columns)]`; also `(VALUES ...) AS t(a, b)`.
public struct SubqueryReference: Sendable, Hashable {
    public var query: Query
    public var alias: TableAlias?
    public var lateral: Bool
    public var location: SourceLocation

    public init(query: Query, alias: TableAlias? = nil, lateral: Bool = false, location: SourceLocation = .unknown) {
        self.query = query
        self.alias = alias
        self.lateral = lateral
        self.location = location
    }
}

/// `[LATERAL] f(args) [WITH ORDINALITY] [AS] alias [(columns)]`, or `ROWS FROM (f(), g())`.
public struct FunctionReference: Sendable, Hashable {
    public var functions: [FunctionCall]
    /// True for `ROWS FROM (...)`, even with one function.
    public var isRowsFrom: Bool
    public var withOrdinality: Bool
    public var alias: TableAlias?
    public var lateral: Bool
    public var location: SourceLocation

    public init(functions: [FunctionCall], isRowsFrom: Bool = false, withOrdinality: Bool = false,
                alias: TableAlias? = nil, lateral: Bool = false, location: SourceLocation = .unknown) {
        self.functions = functions
        self.isRowsFrom = isRowsFrom
        self.withOrdinality = withOrdinality
        self.alias = alias
        self.lateral = lateral
        self.location = location
    }
}

/// `left [NATURAL] {INNER | LEFT | RIGHT | FULL | CROSS} JOIN right [ON ... | USING (...)]`.
public struct Join: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case inner, left, right, full, cross
    }

    public enum Condition: Sendable, Hashable {
        /// CROSS JOIN has none.
        case none
        case on(Expression)
        /// `USING (a, b) [AS alias]`.
        case using([String], alias: String?)
        case natural
    }

    public var kind: Kind
    public var left: TableReference
    public var right: TableReference
    public var condition: Condition
    /// `(a JOIN b ON ...) AS j`.
    public var alias: TableAlias?
    public var location: SourceLocation

    public init(kind: Kind, left: TableReference, right: TableReference, condition: Condition,
                alias: TableAlias? = nil, location: SourceLocation = .unknown) {
        self.kind = kind
        self.left = left
        self.right = right
        self.condition = condition
        self.alias = alias
        self.location = location
    }
}
