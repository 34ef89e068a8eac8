// Coercion, after PostgreSQL's parse_coerce.c: converting a bound expression to a type in a cast
// context (coerce_to_target_type), to boolean for conditions (coerce_to_boolean), to a column's
// type for INSERT and UPDATE (assignment), and to the common type of several expressions (CASE,
// COALESCE, UNION, VALUES: select_common_type). An untyped literal is parsed as the target type
// on the spot, with the error pointing at the literal; a `$n` of undetermined type takes the
// target type, which is recorded for the statement.

package import HeliosCore
package import HeliosValues
package import HeliosSQL

extension ExpressionBinder {
    /// `expression` converted to `type` in `context`, folded. Throws 42846 when no conversion
    /// exists ("cannot cast type integer to date"), 22P02 and the like for an untyped literal
    /// that does not read as `type`, both pointing at `location`.
    package func coerce(_ expression: BoundExpression, to type: SQLType, context: CastContext,
                        location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        guard let converted = try coercion(expression, to: type, context: context, location: location) else {
            throw ExpressionBinder.cannotCast(expression.type, to: type, location: location)
        }
        return try finished(converted)
    }

    /// The type expressions of a CASE, COALESCE, UNION or VALUES column are converted to
    /// (select_common_type, with the common typmod when all agree). `context` names the construct
    /// in the 42804 error ("UNION types integer and text cannot be matched"), which points at
    /// the first expression that does not fit when `locations` are given.
    package func commonType(of expressions: [BoundExpression], context: String,
                            locations: [SourceLocation] = []) throws(DatabaseError) -> SQLType {
        let types = expressions.map(\.type)
        do {
            var common = try TypeCoercion.commonType(types, context: context)
            common.modifier = TypeCoercion.commonModifier(types, commonType: common)
            return common
        } catch {
            var failing = types.count - 1
            for end in 1..<max(types.count, 1) {
                if (try? TypeCoercion.commonType(Array(types[...end]), context: context)) == nil {
                    failing = end
                    break
                }
            }
            throw error.positioned(at: failing < locations.count ? locations[failing] : .unknown)
        }
    }

    /// `expression` converted to the common type of its construct (coerce_to_common_type).
    package func coerceToCommon(_ expression: BoundExpression, _ type: SQLType, context: String,
                                location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        guard let converted = try coercion(expression, to: type, context: .implicit, location: location) else {
            throw DatabaseError(.cannotCoerce, "\(context) could not convert type \(expression.type.nameWithoutModifier) to \(type.nameWithoutModifier)",
                                position: location.errorPosition)
        }
        return converted
    }

    /// A WHERE, HAVING, JOIN ON, CHECK ... condition: bound, coerced to boolean and folded.
    /// Throws 42804 "argument of WHERE must be type boolean, not type integer".
    package func bindCondition(_ expression: Expression, clause: String) throws(DatabaseError) -> BoundExpression {
        try finished(try bindBoolean(expression, construct: clause))
    }

    /// A value stored into `column` of type `type` (INSERT, UPDATE SET): assignment-context
    /// coercion with the type's length and precision enforced (22001 "value too long for type
    /// character varying(3)", 22003 numeric field overflow). Throws 42804 "column "x" is of type
    /// integer but expression is of type text" when no assignment cast exists.
    package func bindAssigned(_ expression: Expression, to type: SQLType, column: String) throws(DatabaseError) -> BoundExpression {
        let bound = try bindNode(expression)
        return try finished(try assigned(bound, to: type, column: column, location: expression.location))
    }

    /// An already bound value converted for storing into `column` (for VALUES lists and
    /// INSERT ... SELECT, whose expressions the query binder binds itself).
    package func assigned(_ expression: BoundExpression, to type: SQLType, column: String,
                          location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        guard let converted = try coercion(expression, to: type, context: .assignment, location: location) else {
            throw DatabaseError(.datatypeMismatch,
                                "column \"\(column)\" is of type \(type.nameWithoutModifier) but expression is of type \(expression.type.nameWithoutModifier)",
                                hint: "You will need to rewrite or cast the expression.", position: location.errorPosition)
        }
        return try finished(converted)
    }

    /// An output column's expression with `unknown` resolved to text, as PostgreSQL does for
    /// `SELECT 'abc'` and `SELECT $1` (whose type becomes text unless something else decided it).
    package func resolvingUnknown(_ expression: BoundExpression) throws(DatabaseError) -> BoundExpression {
        guard expression.type.kind == .unknown && !expression.type.isArray else { return expression }
        return try coerce(expression, to: .text, context: .implicit, location: .unknown)
    }

    /// A condition operand bound and coerced to boolean (coerce_to_boolean): `construct` names
    /// the place in the 42804 error ("argument of AND must be type boolean, not type integer").
    func bindBoolean(_ expression: Expression, construct: String) throws(DatabaseError) -> BoundExpression {
        try booleanOperand(try bindNode(expression), construct: construct, location: expression.location)
    }

    func booleanOperand(_ bound: BoundExpression, construct: String, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        if bound.type == .boolean { return bound }
        if let converted = try coercion(bound, to: .boolean, context: .implicit, location: location) { return converted }
        throw DatabaseError(.datatypeMismatch,
                            "argument of \(construct) must be type boolean, not type \(bound.type.nameWithoutModifier)",
                            position: location.errorPosition)
    }

    /// coerce_type and coerce_type_typmod: the conversion of `expression` to `target` allowed in
    /// `context`, or nil when there is none. Not folded.
    func coercion(_ expression: BoundExpression, to target: SQLType, context: CastContext,
                  location: SourceLocation) throws(DatabaseError) -> BoundExpression? {
        let source = expression.type
        if source == target { return expression }
        // Polymorphic and "any" parameters take the value as it is; resolution checked it fits.
        if target.isPseudo { return expression }
        switch expression {
        case .constant(let value, let type) where type.kind == .unknown && !type.isArray:
            return try parsedLiteral(value, as: target, context: context, location: location)
        case .parameter(let index, let type) where type.kind == .unknown && !type.isArray:
            let base = target.withoutModifier
            scope.parameters.setType(base, of: index)
            return lengthCoerced(.parameter(index, base), to: target, context: context)
        default:
            break
        }
        if source.withoutModifier == target.withoutModifier {
            // Only the typmod differs: relabel, or apply the target's length coercion.
            if target.modifier < 0 { return .cast(expression, .identity, target) }
            return lengthCoerced(expression, to: target, context: context)
        }
        guard let plan = CastCatalog.find(from: source, to: target, context: context) else { return nil }
        if target.modifier < 0 && ExpressionBinder.sharesRepresentation(source, target) {
            return .cast(expression, .identity, target)
        }
        return .cast(expression, .plan(plan), target)
    }

    /// An untyped literal read as `target`: the type's input function without the typmod (but
    /// with it for interval, whose input needs it), at bind time and pointing at the literal,
    /// then the typmod's length coercion, which like PostgreSQL's runs when folded.
    private func parsedLiteral(_ value: SQLValue, as target: SQLType, context: CastContext,
                               location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let inputType = target.kind == .interval && !target.isArray ? target : target.withoutModifier
        guard case .text(let text) = value else { return lengthCoerced(.constant(.null, inputType), to: target, context: context) }
        if [.regclass, .regproc, .regnamespace, .regrole].contains(target.kind) && !target.isArray,
           let oid = try scope.objectOID(named: text, kind: target.kind, location: location) {
            return .constant(.oid(oid), target)
        }
        let settings = self.settings
        let parsed = try positioned(at: location) { () throws(DatabaseError) -> SQLValue in
            try TextFormat.parse(text, as: inputType, settings: settings)
        }
        return lengthCoerced(.constant(parsed, inputType), to: target, context: context)
    }

    /// `expression` (of `target`'s base type) with `target`'s typmod applied, if it has one.
    private func lengthCoerced(_ expression: BoundExpression, to target: SQLType, context: CastContext) -> BoundExpression {
        if expression.type == target || target.modifier < 0 { return expression }
        let plan = CastPlan(source: expression.type, target: target, isExplicit: context == .explicit)
        return .cast(expression, .plan(plan), target)
    }

    /// True when values of both types have the same in-memory form, so converting one to the
    /// other (without a typmod) changes nothing: varchar and text.
    static func sharesRepresentation(_ source: SQLType, _ target: SQLType) -> Bool {
        guard source.isArray == target.isArray else { return false }
        let plain: Set<SQLType.Kind> = [.text, .varchar]
        return plain.contains(source.kind) && plain.contains(target.kind)
    }

    /// 42846 "cannot cast type integer to date".
    static func cannotCast(_ source: SQLType, to target: SQLType, location: SourceLocation) -> DatabaseError {
        DatabaseError(.cannotCoerce, "cannot cast type \(source.nameWithoutModifier) to \(target.nameWithoutModifier)",
                      position: location.errorPosition)
    }
}
