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
            return a.id == b.id
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

    private static func same(_ a: [BoundExpression], _ b: [BoundExpression]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.isSame(as: $1) }
    }
}
