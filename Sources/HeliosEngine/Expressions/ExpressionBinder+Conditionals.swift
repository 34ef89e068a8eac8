// Conditional expressions: CASE (searched, and simple, which is bound into `operand = value`
// conditions), COALESCE, NULLIF and GREATEST / LEAST. Their result type is the common type of
// the alternatives (select_common_type with the construct's name), and every alternative is
// coerced to it; NULLIF has the type of its first argument.

import HeliosCore
import HeliosValues
import HeliosSQL

extension ExpressionBinder {
    func bindCase(_ caseExpression: CaseExpression, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        var operand: BoundExpression?
        if let operandExpression = caseExpression.operand {
            var bound = try bindNode(operandExpression)
            // An untyped operand is read as text before the comparisons, as in PostgreSQL.
            if bound.type.kind == .unknown && !bound.type.isArray {
                bound = try coerceToCommon(bound, .text, context: "CASE", location: operandExpression.location)
            }
            operand = bound
        }
        var conditions: [BoundExpression] = []
        var results: [BoundExpression] = []
        var resultLocations: [SourceLocation] = []
        for branch in caseExpression.branches {
            var condition = try bindNode(branch.condition)
            if let operand, let operandExpression = caseExpression.operand {
                condition = try makeOperator("=", operand, condition, leftLocation: operandExpression.location,
                                             rightLocation: branch.condition.location, location: branch.condition.location)
            }
            conditions.append(try booleanOperand(condition, construct: "CASE/WHEN", location: branch.condition.location))
            results.append(try bindNode(branch.result))
            resultLocations.append(branch.result.location)
        }
        // PostgreSQL puts ELSE first when choosing the common type, so that it wins ties and
        // errors name it first; it also converts ELSE before the branches.
        let otherwise = try caseExpression.elseResult.map { (expression) throws(DatabaseError) in
            (value: try bindNode(expression), location: expression.location)
        }
        let type = try commonType(of: (otherwise.map { [$0.value] } ?? []) + results, context: "CASE",
                                  locations: (otherwise.map { [$0.location] } ?? []) + resultLocations)
        let defaultResult = try otherwise.map { (item) throws(DatabaseError) -> BoundExpression in
            try coerceToCommon(item.value, type, context: "CASE", location: item.location)
        } ?? .constant(.null, type)
        var branches: [(condition: BoundExpression, result: BoundExpression)] = []
        for (index, condition) in conditions.enumerated() {
            branches.append((condition, try coerceToCommon(results[index], type, context: "CASE", location: resultLocations[index])))
        }
        return .caseWhen(branches, otherwise: defaultResult, type)
    }

    func bindCoalesce(_ items: [Expression], location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let (converted, type) = try boundToCommonType(items, context: "COALESCE")
        return .coalesce(converted, type)
    }

    func bindNullIf(_ left: Expression, _ right: Expression, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let (equals, coercedLeft, coercedRight) = try equality(try bindNode(left), try bindNode(right), leftLocation: left.location,
                                                               rightLocation: right.location, location: location,
                                                               construct: "NULLIF")
        return .nullIf(coercedLeft, coercedRight, equals: equals, coercedLeft.type)
    }

    /// GREATEST (with `>`) or LEAST (with `<`) of the items converted to their common type.
    func bindExtreme(_ items: [Expression], greatest: Bool, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let construct = greatest ? "GREATEST" : "LEAST"
        let (converted, type) = try boundToCommonType(items, context: construct)
        let symbol = greatest ? ">" : "<"
        guard let better = try? OperatorCatalog.resolve(symbol, left: type, right: type), better.resultType == .boolean else {
            throw DatabaseError(.undefinedFunction, "could not identify a comparison function for type \(type.nameWithoutModifier)",
                                position: location.errorPosition)
        }
        return .extreme(converted, better: better, type)
    }

    /// The items bound and converted to their common type (named `context` in errors).
    func boundToCommonType(_ items: [Expression], context: String) throws(DatabaseError) -> ([BoundExpression], SQLType) {
        var bound: [BoundExpression] = []
        for item in items { bound.append(try bindNode(item)) }
        let locations = items.map(\.location)
        let type = try commonType(of: bound, context: context, locations: locations)
        var converted: [BoundExpression] = []
        for (index, item) in bound.enumerated() {
            converted.append(try coerceToCommon(item, type, context: context, location: locations[index]))
        }
        return (converted, type)
    }
}
