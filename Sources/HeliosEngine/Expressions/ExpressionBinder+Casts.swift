// Explicit casts (CAST(x AS t), x::t, typed literals such as DATE '2024-01-02') and COLLATE.
// A cast is explicit: any pg_cast path applies, varchar(n) and character(n) truncate, numeric(p,s)
// rounds and fails with 22003 when the value does not fit. ARRAY[...]::t[] converts each element
// to t (so ARRAY[]::int[] has a type). Only the C-equivalent collations exist, since HeliosDB
// compares strings bytewise; others are reported as missing (42704), as PostgreSQL reports a
// collation it does not have.

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
            // A cast to a polymorphic type leaves a value that fits it alone (coerce_type).
            let fits = switch target.kind {
            case .any, .anyElement, .anyCompatible: true
            case .anyNonArray: !expression.type.isArray
            case .anyArray, .anyCompatibleArray: expression.type.isArray
            default: false
            }
            guard fits else { throw ExpressionBinder.cannotCast(expression.type, to: target, location: castLocation) }
            return expression
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
            throw DatabaseError(.undefinedObject,
                                "collation \"\(parts.joined(separator: "."))\" for encoding \"UTF8\" does not exist",
                                hint: "HeliosDB compares strings bytewise: only the collations \"C\", \"POSIX\" and \"default\" are available.",
                                position: location.errorPosition)
        }
        return bound
    }

    /// The collations that compare strings bytewise, as HeliosDB always does.
    static let bytewiseCollations: Set<String> = ["C", "POSIX", "default", "ucs_basic"]
}
