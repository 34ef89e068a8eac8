// Expressions after binding: every name resolved to a column of a plan node, every operator and
// function to its implementation, every value typed. Columns are named by `ColumnBinding`
// (which plan node produces them, and which of its columns), not by position, so the optimizer
// can move and reorder plan nodes without rewriting the expressions above them.

public import HeliosCore
public import HeliosValues

/// A column produced by a plan node: the node's binding number and the column's index in it.
package struct ColumnBinding: Hashable, Sendable, CustomStringConvertible {
    package var table: Int
    package var column: Int

    package init(_ table: Int, _ column: Int) {
        self.table = table
        self.column = column
    }

    package var description: String { "#\(table).\(column)" }
}

/// A typed, resolved expression.
package indirect enum BoundExpression: Sendable {
    case constant(SQLValue, SQLType)
    case column(ColumnBinding, SQLType)
    /// A column of an enclosing query, seen from a correlated subquery.
    case outerColumn(ColumnBinding, SQLType)
    /// $n (1-based) of a prepared statement.
    case parameter(Int, SQLType)
    case cast(BoundExpression, CastStep, SQLType)
    case prefix(ResolvedOperator, BoundExpression)
    case binary(ResolvedOperator, BoundExpression, BoundExpression)
    case and([BoundExpression])
    case or([BoundExpression])
    case not(BoundExpression)
    case isNull(BoundExpression, negated: Bool)
    /// `a IS [NOT] DISTINCT FROM b`, with the `=` operator for the operand types.
    case isDistinct(BoundExpression, BoundExpression, equals: ResolvedOperator, negated: Bool)
    case booleanTest(BoundExpression, BooleanTestKind)
    case function(ResolvedFunction, [BoundExpression])
    /// Searched CASE (simple CASE is bound into comparisons).
    case caseWhen([(condition: BoundExpression, result: BoundExpression)], otherwise: BoundExpression, SQLType)
    case coalesce([BoundExpression], SQLType)
    case nullIf(BoundExpression, BoundExpression, equals: ResolvedOperator, SQLType)
    /// GREATEST (with `>`) or LEAST (with `<`).
    case extreme([BoundExpression], better: ResolvedOperator, SQLType)
    /// `value [NOT] IN (items)`, each comparison with its own `=`.
    case inList(BoundExpression, [(BoundExpression, ResolvedOperator)], negated: Bool)
    case subquery(BoundSubquery)
    /// The result of aggregate `index` of the query's aggregation.
    case aggregate(Int, SQLType)
    /// ARRAY[...] of one element type.
    case array([BoundExpression], SQLType)
    /// `x op ANY | ALL (array)`.
    case quantifiedArray(BoundExpression, ResolvedOperator, BoundExpression, all: Bool)
    /// An operation HeliosValues has no function for (array subscripts, like_escape); see
    /// Expressions/IntrinsicFunction.swift.
    case intrinsic(IntrinsicFunction, [BoundExpression], SQLType)
    /// A function that reads or changes the database (nextval, current_setting); volatile.
    case engine(EngineFunction, [BoundExpression], SQLType)

    package var type: SQLType {
        switch self {
        case .constant(_, let type), .column(_, let type), .outerColumn(_, let type), .parameter(_, let type),
             .cast(_, _, let type), .caseWhen(_, _, let type), .coalesce(_, let type), .nullIf(_, _, _, let type),
             .extreme(_, _, let type), .aggregate(_, let type), .array(_, let type), .intrinsic(_, _, let type),
             .engine(_, _, let type):
            return type
        case .prefix(let op, _), .binary(let op, _, _): return op.resultType
        case .and, .or, .not, .isNull, .isDistinct, .booleanTest, .inList, .quantifiedArray: return .boolean
        case .function(let function, _): return function.resultType
        case .subquery(let subquery): return subquery.type
        }
    }

    /// Whether the expression reads no column, parameter, aggregate or volatile function: it can
    /// be evaluated once, at plan time.
    package var isConstant: Bool {
        switch self {
        case .constant: return true
        case .column, .outerColumn, .parameter, .aggregate, .subquery: return false
        case .function(let function, let arguments):
            return function.overload.volatility == .immutable && arguments.allSatisfy(\.isConstant)
        default:
            return children.allSatisfy(\.isConstant)
        }
    }

    /// The direct sub-expressions (not inside subqueries; the left operand of `x IN (subquery)`
    /// is evaluated outside it, so it is one).
    package var children: [BoundExpression] {
        switch self {
        case .subquery(let subquery):
            if case .quantified(let left, _, _) = subquery.kind { return [left] }
            return []
        case .constant, .column, .outerColumn, .parameter, .aggregate: return []
        case .cast(let inner, _, _), .prefix(_, let inner), .not(let inner), .isNull(let inner, _), .booleanTest(let inner, _):
            return [inner]
        case .binary(_, let left, let right), .isDistinct(let left, let right, _, _), .nullIf(let left, let right, _, _):
            return [left, right]
        case .and(let items), .or(let items), .coalesce(let items, _), .extreme(let items, _, _), .array(let items, _):
            return items
        case .function(_, let arguments), .intrinsic(_, let arguments, _), .engine(_, let arguments, _): return arguments
        case .caseWhen(let branches, let otherwise, _):
            return branches.flatMap { [$0.condition, $0.result] } + [otherwise]
        case .inList(let value, let items, _): return [value] + items.map(\.0)
        case .quantifiedArray(let left, _, let right, _): return [left, right]
        }
    }

    /// Every column binding the expression reads (not inside subqueries, except their
    /// correlated references to this level, which appear as `.outerColumn` inside them).
    package var columns: Set<ColumnBinding> {
        var result = Set<ColumnBinding>()
        visit { expression in
            if case .column(let binding, _) = expression { result.insert(binding) }
        }
        return result
    }

    /// Calls `body` on this expression and every sub-expression (not inside subqueries).
    package func visit(_ body: (BoundExpression) -> Void) {
        body(self)
        for child in children { child.visit(body) }
    }

    /// Rebuilds the expression bottom-up, replacing nodes for which `transform` returns a value.
    package func rewritten(_ transform: (BoundExpression) throws(DatabaseError) -> BoundExpression?) throws(DatabaseError) -> BoundExpression {
        if let replaced = try transform(self) { return replaced }
        func map(_ items: [BoundExpression]) throws(DatabaseError) -> [BoundExpression] {
            var result: [BoundExpression] = []
            for item in items { result.append(try item.rewritten(transform)) }
            return result
        }
        switch self {
        case .constant, .column, .outerColumn, .parameter, .aggregate: return self
        case .subquery(var subquery):
            if case .quantified(let left, let op, let all) = subquery.kind {
                subquery.kind = .quantified(try left.rewritten(transform), op, all: all)
            }
            return .subquery(subquery)
        case .cast(let inner, let step, let type): return .cast(try inner.rewritten(transform), step, type)
        case .prefix(let op, let inner): return .prefix(op, try inner.rewritten(transform))
        case .binary(let op, let left, let right): return .binary(op, try left.rewritten(transform), try right.rewritten(transform))
        case .and(let items): return .and(try map(items))
        case .or(let items): return .or(try map(items))
        case .not(let inner): return .not(try inner.rewritten(transform))
        case .isNull(let inner, let negated): return .isNull(try inner.rewritten(transform), negated: negated)
        case .isDistinct(let left, let right, let equals, let negated):
            return .isDistinct(try left.rewritten(transform), try right.rewritten(transform), equals: equals, negated: negated)
        case .booleanTest(let inner, let kind): return .booleanTest(try inner.rewritten(transform), kind)
        case .function(let function, let arguments): return .function(function, try map(arguments))
        case .caseWhen(let branches, let otherwise, let type):
            var rebuilt: [(condition: BoundExpression, result: BoundExpression)] = []
            for branch in branches {
                rebuilt.append((try branch.condition.rewritten(transform), try branch.result.rewritten(transform)))
            }
            return .caseWhen(rebuilt, otherwise: try otherwise.rewritten(transform), type)
        case .coalesce(let items, let type): return .coalesce(try map(items), type)
        case .nullIf(let left, let right, let equals, let type):
            return .nullIf(try left.rewritten(transform), try right.rewritten(transform), equals: equals, type)
        case .extreme(let items, let better, let type): return .extreme(try map(items), better: better, type)
        case .inList(let value, let items, let negated):
            var rebuilt: [(BoundExpression, ResolvedOperator)] = []
            for (item, op) in items { rebuilt.append((try item.rewritten(transform), op)) }
            return .inList(try value.rewritten(transform), rebuilt, negated: negated)
        case .array(let items, let type): return .array(try map(items), type)
        case .quantifiedArray(let left, let op, let right, let all):
            return .quantifiedArray(try left.rewritten(transform), op, try right.rewritten(transform), all: all)
        case .intrinsic(let function, let arguments, let type): return .intrinsic(function, try map(arguments), type)
        case .engine(let function, let arguments, let type): return .engine(function, try map(arguments), type)
        }
    }
}

/// `IS [NOT] TRUE | FALSE | UNKNOWN`.
package enum BooleanTestKind: Sendable {
    case isTrue, isNotTrue, isFalse, isNotFalse, isUnknown, isNotUnknown
}

/// How a value becomes another type.
package enum CastStep: Sendable {
    /// Same representation (varchar to text, a domain of the same type).
    case identity
    case plan(CastPlan)
    /// A literal's text parsed as the target type.
    case parseUnknown
}

/// A subquery used as a value.
package struct BoundSubquery: Sendable {
    package enum Kind: Sendable {
        /// At most one row of one column.
        case scalar
        case exists(negated: Bool)
        /// `left op ANY|ALL (subquery)` (IN is `= ANY`).
        case quantified(BoundExpression, ResolvedOperator, all: Bool)
        /// ARRAY(subquery).
        case array
    }

    /// Unique within the statement: the executor caches an uncorrelated subquery's result by it.
    package var id: Int
    package var kind: Kind
    package var plan: LogicalPlan
    package var type: SQLType
    /// The columns of enclosing queries the subquery reads (empty: evaluated once per execution).
    package var outerReferences: Set<ColumnBinding>
    /// The subquery as written (printed from its syntax tree): two subqueries written alike at
    /// one query level compute the same, so `DISTINCT ON ((SELECT ...))` matches an ORDER BY
    /// that repeats it, as PostgreSQL's equal() on SubLinks does.
    package var source: String? = nil
    package var isCorrelated: Bool { !outerReferences.isEmpty }
}
