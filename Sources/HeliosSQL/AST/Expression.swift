// Value expressions (PostgreSQL's a_expr): every node carries where it starts, so the binder can
// point its errors at it; infix and postfix forms also carry where their operator or keyword
// stands, which is where PostgreSQL points errors about the operator itself. Operators keep their spelling; the binder resolves them. Constructs with
// their own syntax (BETWEEN, LIKE, IS DISTINCT FROM, CASE, ...) get their own cases rather than
// being rewritten into operators, so that the binder sees what the user wrote.

/// A value expression and where it starts.
public struct Expression: Sendable, Hashable {
    public var kind: Kind
    public var location: SourceLocation
    /// For infix and postfix forms, the operator or first keyword: `+` in `a + b`, `::`, IN,
    /// NOT in `a NOT LIKE b`, IS, BETWEEN, COLLATE, AT (PostgreSQL's A_Expr location); `.unknown`
    /// for other nodes. `errorLocation` is what the binder reads.
    public var operatorLocation: SourceLocation

    public init(_ kind: Kind, location: SourceLocation = .unknown, operatorLocation: SourceLocation = .unknown) {
        self.kind = kind
        self.location = location
        self.operatorLocation = operatorLocation
    }

    /// Where errors about the node itself point: its operator if it has one, else its start.
    public var errorLocation: SourceLocation { operatorLocation.offset >= 0 ? operatorLocation : location }

    /// The forms an expression takes.
    public indirect enum Kind: Sendable, Hashable {
        case literal(Literal)
        /// `a`, `t.a`, `s.t.a`, `c.s.t.a` (and deeper composite field paths), folded.
        case columnReference([String])
        /// `*` (empty qualifier) or `t.*`, `s.t.*` in a target list or row expression.
        case star(qualifier: [String])
        /// `$n`, 1-based.
        case parameter(Int)
        /// Fields, `*` and subscripts after an expression: `(x).f`, `a[1]`, `$1[2:3]`, `(t).*`.
        case indirection(Expression, [IndirectionStep])
        /// A prefix operator: `-x`, `+x`, `~x`, `@x`, `OPERATOR(s.op) x`.
        case prefixOperator(OperatorName, Expression)
        /// A binary operator: arithmetic, comparison, `||`, `~`, any user operator.
        case binaryOperator(OperatorName, Expression, Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        case not(Expression)
        /// `x IS NULL`, `x ISNULL`; negated for `IS NOT NULL`, `NOTNULL`.
        case isNull(Expression, negated: Bool)
        /// `x IS [NOT] TRUE | FALSE | UNKNOWN`.
        case booleanTest(Expression, BooleanTest)
        /// `x IS [NOT] DISTINCT FROM y`.
        case isDistinctFrom(Expression, Expression, negated: Bool)
        /// `x [NOT] BETWEEN [SYMMETRIC] low AND high`.
        case between(Between)
        /// `x [NOT] IN (a, b, ...)`.
        case inList(Expression, [Expression], negated: Bool)
        /// `x [NOT] IN (subquery)`.
        case inSubquery(Expression, Query, negated: Bool)
        /// `x [NOT] LIKE | ILIKE | SIMILAR TO pattern [ESCAPE e]`.
        case patternMatch(PatternMatch)
        /// `x op ANY | SOME | ALL (subquery or array)`.
        case quantifiedComparison(QuantifiedComparison)
        /// `EXISTS (subquery)`.
        case exists(Query)
        /// `(subquery)` used as a value: at most one row of one column.
        case subquery(Query)
        /// `ARRAY(subquery)`.
        case arraySubquery(Query)
        /// `ARRAY[a, b]`; nested `[...]` inside it are arrays too.
        case array([Expression])
        /// `ROW(a, b)` or `(a, b)`.
        case row([Expression])
        /// `CAST(x AS type)`, `x::type`, and typed literals like `DATE '2024-01-01'`.
        case typeCast(Expression, TypeName)
        /// `x COLLATE name`.
        case collate(Expression, QualifiedName)
        /// A function call, aggregate or window function, including the SQL-syntax functions
        /// (EXTRACT, SUBSTRING, POSITION, TRIM, OVERLAY, AT TIME ZONE; see `FunctionCall.Syntax`).
        case functionCall(FunctionCall)
        case caseExpression(CaseExpression)
        case coalesce([Expression])
        case nullIf(Expression, Expression)
        case greatest([Expression])
        case least([Expression])
        /// CURRENT_DATE, CURRENT_USER and the other niladic SQL functions.
        case sqlValueFunction(SQLValueFunction)
        /// `GROUPING(a, b)` in a grouped query.
        case grouping([Expression])
        /// `DEFAULT` in an INSERT or UPDATE value list (the binder rejects it elsewhere).
        case `default`
    }
}

/// One step of an indirection: `.field`, `.*`, `[i]`, `[lower:upper]`.
public enum IndirectionStep: Sendable, Hashable {
    case field(String)
    case star
    case `subscript`(Expression)
    /// A slice; a missing bound means "from the start" or "to the end".
    case slice(lower: Expression?, upper: Expression?)
}

/// The tests of `IS [NOT] TRUE | FALSE | UNKNOWN`.
public enum BooleanTest: Sendable, Hashable {
    case isTrue, isNotTrue, isFalse, isNotFalse, isUnknown, isNotUnknown
}

/// `x [NOT] BETWEEN [SYMMETRIC] low AND high`.
public struct Between: Sendable, Hashable {
    public var value: Expression
    public var low: Expression
    public var high: Expression
    public var negated: Bool
    /// BETWEEN SYMMETRIC: the bounds may come in either order.
    public var symmetric: Bool

    public init(value: Expression, low: Expression, high: Expression, negated: Bool = false, symmetric: Bool = false) {
        self.value = value
        self.low = low
        self.high = high
        self.negated = negated
        self.symmetric = symmetric
    }
}

/// `x [NOT] LIKE | ILIKE | SIMILAR TO pattern [ESCAPE escape]`.
public struct PatternMatch: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case like
        case ilike
        case similarTo
    }

    public var kind: Kind
    public var value: Expression
    public var pattern: Expression
    public var escape: Expression?
    public var negated: Bool

    public init(kind: Kind, value: Expression, pattern: Expression, escape: Expression? = nil, negated: Bool = false) {
        self.kind = kind
        self.value = value
        self.pattern = pattern
        self.escape = escape
        self.negated = negated
    }
}

/// `x op ANY | ALL (subquery)` or `x op ANY | ALL (array)`. `LIKE ANY` is spelled `~~`,
/// `NOT LIKE` `!~~`, `ILIKE` `~~*`, `NOT ILIKE` `!~~*`, as in PostgreSQL.
public struct QuantifiedComparison: Sendable, Hashable {
    public enum Quantifier: Sendable, Hashable {
        /// ANY or SOME.
        case any
        case all
    }

    public enum Source: Sendable, Hashable {
        case subquery(Query)
        case array(Expression)
    }

    public var left: Expression
    public var operatorName: OperatorName
    public var quantifier: Quantifier
    public var right: Source

    public init(left: Expression, operatorName: OperatorName, quantifier: Quantifier, right: Source) {
        self.left = left
        self.operatorName = operatorName
        self.quantifier = quantifier
        self.right = right
    }
}

/// `CASE [operand] WHEN ... THEN ... [ELSE ...] END`.
public struct CaseExpression: Sendable, Hashable {
    public struct Branch: Sendable, Hashable {
        /// A condition (searched CASE) or a value compared with the operand (simple CASE).
        public var condition: Expression
        public var result: Expression

        public init(condition: Expression, result: Expression) {
            self.condition = condition
            self.result = result
        }
    }

    /// The value compared in a simple CASE; nil for a searched CASE.
    public var operand: Expression?
    public var branches: [Branch]
    public var elseResult: Expression?

    public init(operand: Expression? = nil, branches: [Branch], elseResult: Expression? = nil) {
        self.operand = operand
        self.branches = branches
        self.elseResult = elseResult
    }
}

/// The niladic SQL functions written without parentheses.
public enum SQLValueFunction: Sendable, Hashable {
    case currentDate
    case currentTime(precision: Int?)
    case currentTimestamp(precision: Int?)
    case localTime(precision: Int?)
    case localTimestamp(precision: Int?)
    case currentRole
    case currentUser
    case sessionUser
    case user
    case currentCatalog
    case currentSchema
}
