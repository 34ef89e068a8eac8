// Boolean connectives and tests: AND and OR (flattened, every operand coerced to boolean),
// IS [NOT] NULL (of a row: of all its fields), IS [NOT] TRUE | FALSE | UNKNOWN, and
// IS [NOT] DISTINCT FROM, which is bound through the operands' `=` operator.

import HeliosCore
import HeliosValues
import HeliosSQL

extension ExpressionBinder {
    /// `a AND b AND c` (or OR) as one flat list, as PostgreSQL's parser and planner keep it.
    func bindLogical(_ expression: Expression) throws(DatabaseError) -> BoundExpression {
        let isAnd: Bool
        switch expression.kind {
        case .and: isAnd = true
        default: isAnd = false
        }
        var operands: [Expression] = []
        func collect(_ node: Expression) {
            switch node.kind {
            case .and(let left, let right) where isAnd:
                collect(left)
                collect(right)
            case .or(let left, let right) where !isAnd:
                collect(left)
                collect(right)
            default:
                operands.append(node)
            }
        }
        collect(expression)
        var items: [BoundExpression] = []
        for operand in operands {
            let bound = try bindBoolean(operand, construct: isAnd ? "AND" : "OR")
            switch bound {
            case .and(let nested) where isAnd: items += nested
            case .or(let nested) where !isAnd: items += nested
            default: items.append(bound)
            }
        }
        return isAnd ? .and(items) : .or(items)
    }

    func bindIsNull(_ operand: Expression, negated: Bool) throws(DatabaseError) -> BoundExpression {
        // A row is NULL when all its fields are, NOT NULL when none is.
        if case .row(let fields) = operand.kind {
            var tests: [BoundExpression] = []
            for field in fields { tests.append(.isNull(try bindNode(field), negated: negated)) }
            return tests.count == 1 ? tests[0] : .and(tests)
        }
        return .isNull(try bindNode(operand), negated: negated)
    }

    func bindBooleanTest(_ operand: Expression, _ test: BooleanTest) throws(DatabaseError) -> BoundExpression {
        let (kind, construct): (BooleanTestKind, String) = switch test {
        case .isTrue: (.isTrue, "IS TRUE")
        case .isNotTrue: (.isNotTrue, "IS NOT TRUE")
        case .isFalse: (.isFalse, "IS FALSE")
        case .isNotFalse: (.isNotFalse, "IS NOT FALSE")
        case .isUnknown: (.isUnknown, "IS UNKNOWN")
        case .isNotUnknown: (.isNotUnknown, "IS NOT UNKNOWN")
        }
        return .booleanTest(try bindBoolean(operand, construct: construct), kind)
    }

    func bindIsDistinct(_ left: Expression, _ right: Expression, negated: Bool,
                        location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        if case .row(let leftFields) = left.kind, case .row(let rightFields) = right.kind {
            guard leftFields.count == rightFields.count else {
                throw DatabaseError(.syntaxError, "unequal number of entries in row expressions", position: location.errorPosition)
            }
            // Rows are distinct when any pair of fields is.
            var tests: [BoundExpression] = []
            for (l, r) in zip(leftFields, rightFields) {
                tests.append(try bindIsDistinct(l, r, negated: false, location: location))
            }
            let distinct: BoundExpression = tests.count == 1 ? tests[0] : .or(tests)
            return negated ? .not(distinct) : distinct
        }
        let boundLeft = try bindNode(left)
        let boundRight = try bindNode(right)
        let (equals, coercedLeft, coercedRight) = try equality(boundLeft, boundRight, leftLocation: left.location,
                                                               rightLocation: right.location, location: location,
                                                               construct: "IS DISTINCT FROM")
        return .isDistinct(coercedLeft, coercedRight, equals: equals, negated: negated)
    }

    /// The `=` operator for two operands and the operands coerced to it; 42804 unless it
    /// yields boolean ("IS DISTINCT FROM requires = operator to yield boolean").
    func equality(_ left: BoundExpression, _ right: BoundExpression, leftLocation: SourceLocation,
                  rightLocation: SourceLocation, location: SourceLocation,
                  construct: String) throws(DatabaseError) -> (ResolvedOperator, BoundExpression, BoundExpression) {
        let comparison = try makeOperator("=", left, right, leftLocation: leftLocation, rightLocation: rightLocation,
                                          location: location)
        guard case .binary(let equals, let coercedLeft, let coercedRight) = comparison, equals.resultType == .boolean else {
            throw DatabaseError(.datatypeMismatch, "\(construct) requires = operator to yield boolean", position: location.errorPosition)
        }
        return (equals, coercedLeft, coercedRight)
    }
}
