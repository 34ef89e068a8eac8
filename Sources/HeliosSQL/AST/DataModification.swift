// INSERT, UPDATE and DELETE, with ON CONFLICT, RETURNING and WITH. The EXCLUDED row of
// ON CONFLICT DO UPDATE is an ordinary column qualifier here; the binder gives it meaning.

/// `[WITH ...] INSERT INTO table [AS alias] [(columns)] source [ON CONFLICT ...] [RETURNING ...]`.
public struct InsertStatement: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// VALUES lists and SELECTs alike are queries.
        case query(Query)
        case defaultValues
    }

    /// `OVERRIDING SYSTEM | USER VALUE`.
    public enum Overriding: Sendable, Hashable {
        case systemValue, userValue
    }

    public var with: WithClause?
    public var table: QualifiedName
    public var alias: String?
    /// Target columns; each may have a field or subscript path (`INSERT INTO t (a[1], b.c)`).
    public var columns: [AssignmentTarget]
    public var overriding: Overriding?
    public var source: Source
    public var onConflict: OnConflictClause?
    public var returning: [SelectTarget]
    public var location: SourceLocation

    public init(with: WithClause? = nil, table: QualifiedName, alias: String? = nil, columns: [AssignmentTarget] = [],
                overriding: Overriding? = nil, source: Source, onConflict: OnConflictClause? = nil,
                returning: [SelectTarget] = [], location: SourceLocation = .unknown) {
        self.with = with
        self.table = table
        self.alias = alias
        self.columns = columns
        self.overriding = overriding
        self.source = source
        self.onConflict = onConflict
        self.returning = returning
        self.location = location
    }
}

/// A column being assigned, perhaps through fields or subscripts: `a`, `a[2]`, `a.b`.
public struct AssignmentTarget: Sendable, Hashable {
    public var column: String
    public var path: [IndirectionStep]
    public var location: SourceLocation

    public init(_ column: String, path: [IndirectionStep] = [], location: SourceLocation = .unknown) {
        self.column = column
        self.path = path
        self.location = location
    }
}

/// `ON CONFLICT [target] DO NOTHING | DO UPDATE SET ... [WHERE ...]`.
public struct OnConflictClause: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        /// `(column or expression [COLLATE] [opclass], ...) [WHERE predicate]`.
        case columns([IndexElement], predicate: Expression?)
        /// `ON CONSTRAINT name`.
        case constraint(String)
    }

    public enum Action: Sendable, Hashable {
        case doNothing
        case doUpdate([Assignment], whereCondition: Expression?)
    }

    public var target: Target?
    public var action: Action

    public init(target: Target? = nil, action: Action) {
        self.target = target
        self.action = action
    }
}

/// One item of `SET`: `column = value` or `(a, b) = (x, y)` / `(a, b) = (subquery)`.
public enum Assignment: Sendable, Hashable {
    case single(AssignmentTarget, Expression)
    /// The source is a ROW expression or a sub-select (`.row` or `.subquery`).
    case multiple([AssignmentTarget], Expression)
}

/// `[WITH ...] UPDATE [ONLY] table [[AS] alias] SET ... [FROM ...] [WHERE ...] [RETURNING ...]`.
public struct UpdateStatement: Sendable, Hashable {
    public var with: WithClause?
    public var table: TableName
    public var assignments: [Assignment]
    public var from: [TableReference]
    public var whereClause: WhereClause?
    public var returning: [SelectTarget]
    public var location: SourceLocation

    public init(with: WithClause? = nil, table: TableName, assignments: [Assignment], from: [TableReference] = [],
                whereClause: WhereClause? = nil, returning: [SelectTarget] = [], location: SourceLocation = .unknown) {
        self.with = with
        self.table = table
        self.assignments = assignments
        self.from = from
        self.whereClause = whereClause
        self.returning = returning
        self.location = location
    }
}

/// `[WITH ...] DELETE FROM [ONLY] table [[AS] alias] [USING ...] [WHERE ...] [RETURNING ...]`.
public struct DeleteStatement: Sendable, Hashable {
    public var with: WithClause?
    public var table: TableName
    public var using: [TableReference]
    public var whereClause: WhereClause?
    public var returning: [SelectTarget]
    public var location: SourceLocation

    public init(with: WithClause? = nil, table: TableName, using: [TableReference] = [],
                whereClause: WhereClause? = nil, returning: [SelectTarget] = [], location: SourceLocation = .unknown) {
        self.with = with
        self.table = table
        self.using = using
        self.whereClause = whereClause
        self.returning = returning
        self.location = location
    }
}

/// The WHERE of UPDATE and DELETE: a condition, or `CURRENT OF cursor`.
public enum WhereClause: Sendable, Hashable {
    case condition(Expression)
    case currentOf(cursor: String)
}
