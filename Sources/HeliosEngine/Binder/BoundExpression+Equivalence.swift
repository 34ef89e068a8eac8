// Structural equality of bound expressions: `GROUP BY a + 1` is computed once and `SELECT a + 1`
// reads it; `ORDER BY` reuses a select-list item it repeats. Two expressions are the same when
// they have the same shape, operators, functions, columns and constants.

import HeliosCore
import HeliosValues

extension BoundExpression {
    /// Whether the two compute the same value from the same inputs (volatile functions never do).
    package func isSame(as other: BoundExpression) -> Bool {
        switch (self, other) {
        case (.constant(let a, let typeA), .constant(let b, let typeB)):
            return typeA == typeB && a.isNull == b.isNull && (a.isNull || a == b)
        case (.column(let a, _), .column(let b, _)), (.outerColumn(let a, _), .outerColumn(let b, _)):
            return a == b
        case (.parameter(let a, _), .parameter(let b, _)):
            return a == b
        case (.cast(let a, _, let typeA), .cast(let b, _, let typeB)):
            return typeA == typeB && a.isSame(as: b)
        case (.prefix(let opA, let a), .prefix(let opB, let b)):
            return opA.entry.name == opB.entry.name && opA.resultType == opB.resultType && a.isSame(as: b)
        case (.binary(let opA, let a1, let a2), .binary(let opB, let b1, let b2)):
            return opA.entry.name == opB.entry.name && opA.leftType == opB.leftType && opA.rightType == opB.rightType
                && a1.isSame(as: b1) && a2.isSame(as: b2)
        case (.function(let fa, let a), .function(let fb, let b)):
            return fa.overload.name == fb.overload.name && fa.argumentTypes == fb.argumentTypes
                && fa.overload.volatility != .volatile && Self.same(a, b)
        case (.subquery(let a), .subquery(let b)):
            return a.id == b.id || (a.source != nil && a.source == b.source && a.type == b.type && a.kind.isSame(as: b.kind))
        case (.aggregate(let a, _), .aggregate(let b, _)):
            return a == b
        case (.and, .and), (.or, .or), (.not, .not), (.coalesce, .coalesce), (.array, .array):
            return type == other.type && Self.same(children, other.children)
        case (.isNull(let a, let negatedA), .isNull(let b, let negatedB)):
            return negatedA == negatedB && a.isSame(as: b)
        case (.isDistinct(let a1, let a2, _, let negatedA), .isDistinct(let b1, let b2, _, let negatedB)):
            return negatedA == negatedB && a1.isSame(as: b1) && a2.isSame(as: b2)
        case (.booleanTest(let a, let kindA), .booleanTest(let b, let kindB)):
            return kindA == kindB && a.isSame(as: b)
        case (.caseWhen, .caseWhen), (.nullIf, .nullIf), (.extreme, .extreme), (.quantifiedArray, .quantifiedArray):
            return type == other.type && Self.same(children, other.children) && sameOperators(as: other)
        case (.inList(_, _, let negatedA), .inList(_, _, let negatedB)):
            return negatedA == negatedB && Self.same(children, other.children)
        default:
            return false
        }
    }

    private func sameOperators(as other: BoundExpression) -> Bool {
        switch (self, other) {
        case (.extreme(_, let a, _), .extreme(_, let b, _)): return a.entry.name == b.entry.name
        case (.quantifiedArray(_, let a, _, let allA), .quantifiedArray(_, let b, _, let allB)):
            return a.entry.name == b.entry.name && allA == allB
        default: return true
        }
    }

    static func same(_ a: [BoundExpression], _ b: [BoundExpression]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.isSame(as: $1) }
    }

    static func same(_ a: BoundExpression?, _ b: BoundExpression?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): a.isSame(as: b)
        default: false
        }
    }
}

extension BoundSubquery.Kind {
    func isSame(as other: Self) -> Bool {
        switch (self, other) {
        case (.scalar, .scalar), (.array, .array): true
        case (.exists(let a), .exists(let b)): a == b
        case (.quantified(let leftA, let operatorA, let allA), .quantified(let leftB, let operatorB, let allB)):
            allA == allB && operatorA.entry.name == operatorB.entry.name && leftA.isSame(as: leftB)
        default: false
        }
    }
}

extension SortKey {
    func isSame(as other: SortKey) -> Bool {
        descending == other.descending && nullsFirst == other.nullsFirst && expression.isSame(as: other.expression)
    }

    static func same(_ a: [SortKey], _ b: [SortKey]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.isSame(as: $1) }
    }
}

extension BoundAggregate {
    /// Whether the two calls compute the same value: a query computes such calls once
    /// (`SELECT DISTINCT max(x) ... ORDER BY max(x)` sorts by the select-list item).
    func isSame(as other: BoundAggregate) -> Bool {
        aggregate.signature.name == other.aggregate.signature.name && aggregate.argumentTypes == other.aggregate.argumentTypes
            && distinct == other.distinct && BoundExpression.same(arguments, other.arguments)
            && BoundExpression.same(filter, other.filter) && SortKey.same(orderBy, other.orderBy)
    }
}

extension BoundWindowFunction {
    /// Whether the two calls compute the same value over the same window and frame.
    func isSame(as other: BoundWindowFunction) -> Bool {
        type == other.type && BoundExpression.same(partitionBy, other.partitionBy) && SortKey.same(orderBy, other.orderBy)
            && frame.isSame(as: other.frame) && function.isSame(as: other.function)
    }
}

extension BoundWindowFunction.Function {
    func isSame(as other: Self) -> Bool {
        switch (self, other) {
        case (.rowNumber, .rowNumber), (.rank, .rank), (.denseRank, .denseRank), (.percentRank, .percentRank),
             (.cumeDist, .cumeDist):
            return true
        case (.ntile(let a), .ntile(let b)), (.firstValue(let a), .firstValue(let b)), (.lastValue(let a), .lastValue(let b)):
            return a.isSame(as: b)
        case (.lag(let a, let offsetA, let defaultA), .lag(let b, let offsetB, let defaultB)),
             (.lead(let a, let offsetA, let defaultA), .lead(let b, let offsetB, let defaultB)):
            return a.isSame(as: b) && BoundExpression.same(offsetA, offsetB) && BoundExpression.same(defaultA, defaultB)
        case (.nthValue(let a, let nA), .nthValue(let b, let nB)):
            return a.isSame(as: b) && nA.isSame(as: nB)
        case (.aggregate(let a), .aggregate(let b)):
            return a.isSame(as: b)
        default:
            return false
        }
    }
}

extension BoundWindowFrame {
    func isSame(as other: BoundWindowFrame) -> Bool {
        mode == other.mode && exclusion == other.exclusion && start.isSame(as: other.start) && end.isSame(as: other.end)
    }
}

extension BoundWindowFrame.Bound {
    func isSame(as other: Self) -> Bool {
        switch (self, other) {
        case (.unboundedPreceding, .unboundedPreceding), (.currentRow, .currentRow), (.unboundedFollowing, .unboundedFollowing):
            true
        case (.preceding(let a), .preceding(let b)), (.following(let a), .following(let b)):
            a.isSame(as: b)
        default:
            false
        }
    }
}
