// Function calls with everything PostgreSQL allows around them: DISTINCT and ORDER BY inside an
// aggregate, WITHIN GROUP, FILTER, OVER with a window specification and frame, named and
// VARIADIC arguments, and the marker for functions written in SQL's own syntax.

/// A call of a function, aggregate or window function.
public struct FunctionCall: Sendable, Hashable {
    /// How the call was written; the printer writes it back the same way. Calls written in SQL
    /// syntax are named `pg_catalog.<function>` with PostgreSQL's argument order.
    public enum Syntax: Sendable, Hashable {
        /// `name(arguments)`.
        case regular
        /// `EXTRACT(field FROM x)`: `pg_catalog.extract('field', x)`.
        case extract
        /// `SUBSTRING(x FROM a FOR b)`: `pg_catalog.substring(x, a[, b])`.
        case substring
        /// `POSITION(a IN b)`: `pg_catalog.position(b, a)`.
        case position
        /// `TRIM([BOTH|LEADING|TRAILING] [chars] FROM x)`: `pg_catalog.btrim|ltrim|rtrim(x[, chars])`.
        case trim
        /// `OVERLAY(x PLACING y FROM a [FOR b])`: `pg_catalog.overlay(x, y, a[, b])`.
        case overlay
        /// `x AT TIME ZONE zone`: `pg_catalog.timezone(zone, x)`.
        case atTimeZone
        /// `COLLATION FOR (x)`: `pg_catalog.pg_collation_for(x)`.
        case collationFor
        /// `NORMALIZE(x [, form])`: `pg_catalog.normalize(x[, 'form'])`.
        case normalize
    }

    public var name: QualifiedName
    public var arguments: [FunctionArgument]
    /// `count(*)`.
    public var isStar: Bool
    /// `agg(DISTINCT x)`.
    public var isDistinct: Bool
    /// `f(VARIADIC array)`: the last argument is passed as the variadic array.
    public var isVariadic: Bool
    /// `agg(x ORDER BY y)`.
    public var orderBy: [SortItem]
    /// `agg(x) WITHIN GROUP (ORDER BY y)`: an ordered-set aggregate.
    public var withinGroup: [SortItem]?
    /// `agg(x) FILTER (WHERE condition)`.
    public var filter: Expression?
    /// `f(x) OVER ...`: a window function call.
    public var over: WindowSpecification?
    public var syntax: Syntax

    public init(name: QualifiedName, arguments: [FunctionArgument] = [], isStar: Bool = false,
                isDistinct: Bool = false, isVariadic: Bool = false, orderBy: [SortItem] = [],
                withinGroup: [SortItem]? = nil, filter: Expression? = nil, over: WindowSpecification? = nil,
                syntax: Syntax = .regular) {
        self.name = name
        self.arguments = arguments
        self.isStar = isStar
        self.isDistinct = isDistinct
        self.isVariadic = isVariadic
        self.orderBy = orderBy
        self.withinGroup = withinGroup
        self.filter = filter
        self.over = over
        self.syntax = syntax
    }

    /// The argument values in order, names dropped.
    public var argumentValues: [Expression] { arguments.map(\.value) }
}

/// An argument, possibly named: `f(a => 1)` or `f(a := 1)`.
public struct FunctionArgument: Sendable, Hashable {
    public var name: String?
    public var value: Expression

    public init(_ value: Expression, name: String? = nil) {
        self.value = value
        self.name = name
    }
}

/// `OVER w` or `OVER ([w] [PARTITION BY ...] [ORDER BY ...] [frame])`, also the body of
/// `WINDOW w AS (...)`.
public struct WindowSpecification: Sendable, Hashable {
    /// `OVER w` names a window and nothing else; inside parentheses, the window it refines.
    public var existingName: String?
    public var partitionBy: [Expression]
    public var orderBy: [SortItem]
    public var frame: WindowFrame?
    /// True for `OVER w` without parentheses.
    public var isReference: Bool
    public var location: SourceLocation

    public init(existingName: String? = nil, partitionBy: [Expression] = [], orderBy: [SortItem] = [],
                frame: WindowFrame? = nil, isReference: Bool = false, location: SourceLocation = .unknown) {
        self.existingName = existingName
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
        self.isReference = isReference
        self.location = location
    }
}

/// `ROWS | RANGE | GROUPS BETWEEN start AND end [EXCLUDE ...]`.
public struct WindowFrame: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        case rows, range, groups
    }

    public enum Bound: Sendable, Hashable {
        case unboundedPreceding
        case preceding(Expression)
        case currentRow
        case following(Expression)
        case unboundedFollowing
    }

    public enum Exclusion: Sendable, Hashable {
        case currentRow, group, ties, noOthers
    }

    public var mode: Mode
    public var start: Bound
    /// Nil when written without BETWEEN (the end is then CURRENT ROW).
    public var end: Bound?
    public var exclusion: Exclusion?

    public init(mode: Mode, start: Bound, end: Bound? = nil, exclusion: Exclusion? = nil) {
        self.mode = mode
        self.start = start
        self.end = end
        self.exclusion = exclusion
    }
}

/// One `ORDER BY` item.
public struct SortItem: Sendable, Hashable {
    public enum Direction: Sendable, Hashable {
        case `default`
        case ascending
        case descending
        /// `USING <` and the like.
        case using(OperatorName)
    }

    public enum NullsOrder: Sendable, Hashable {
        case `default`, first, last
    }

    public var expression: Expression
    public var direction: Direction
    public var nulls: NullsOrder

    public init(_ expression: Expression, direction: Direction = .default, nulls: NullsOrder = .default) {
        self.expression = expression
        self.direction = direction
        self.nulls = nulls
    }
}
