// Explicit casts (CAST(x AS t), x::t, typed literals such as DATE '2024-01-02') and COLLATE.
// A cast is explicit: any pg_cast path applies, varchar(n) and character(n) truncate, numeric(p,s)
// rounds and fails with 22003 when the value does not fit. ARRAY[...]::t[] converts each element
// to t (so ARRAY[]::int[] has a type). Only the C-equivalent collations are accepted, since
// HeliosDB compares strings bytewise.

import HeliosCore
import HeliosValues
import HeliosSQL

extension ExpressionBinder {
    func bindTypeCast(_ operand: Expression, _ typeName: TypeName, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let target = try TypeResolution.resolve(typeName)
        if case .array(let elements) = operand.kind, let elementType = target.elementType {
            return try bindArray(elements, elementType: elementType, location: operand.location)
        }
        let bound = try bindNode(operand)
        // `location` is the `::` of `x::t`, else the start of CAST(x AS t) or of a typed literal.
        return try explicitCast(bound, to: target, operandLocation: operand.location, castLocation: location)
    }

    /// `expression` cast to `target` in the explicit context, not folded.
    func explicitCast(_ expression: BoundExpression, to target: SQLType, operandLocation: SourceLocation,
                      castLocation: SourceLocation) throws(DatabaseError) -> BoundExpression {
        if target.isPseudo {
            throw ExpressionBinder.cannotCast(expression.type, to: target, location: castLocation)
        }
        guard let converted = try coercion(expression, to: target, context: .explicit, location: operandLocation) else {
            throw ExpressionBinder.cannotCast(expression.type, to: target, location: castLocation)
        }
        return converted
    }

    func bindCollate(_ operand: Expression, _ collation: QualifiedName, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        var bound = try bindNode(operand)
        if bound.type.kind == .unknown && !bound.type.isArray {
            bound = try coercedOperand(bound, to: .text, location: operand.location)
        }
        guard bound.type.kind.isString else {
            throw DatabaseError(.datatypeMismatch, "collations are not supported by type \(bound.type.nameWithoutModifier)",
                                position: location.errorPosition)
        }
        let parts = collation.parts
        let qualified = parts.count == 1 || (parts.count == 2 && parts[0] == "pg_catalog")
        guard qualified, ExpressionBinder.bytewiseCollations.contains(collation.name) else {
            throw DatabaseError(.featureNotSupported,
                                "collation \"\(collation.description)\" is not supported",
                                hint: "HeliosDB compares strings bytewise: only the collations \"C\", \"POSIX\" and \"default\" are available.",
                                position: location.errorPosition)
        }
        return bound
    }

    /// The collations that compare strings bytewise, as HeliosDB always does.
    static let bytewiseCollations: Set<String> = ["C", "POSIX", "default", "ucs_basic"]
}
