// Array constructors and subscripts. ARRAY[a, b] has the common type of its elements (ARRAY[]
// needs a cast to give it one); HeliosDB's arrays have one dimension, so nested constructors are
// rejected. `x[i]` and `x[i:j]` on an array become intrinsic subscript and slice operations
// (subscripts converted to int4 in the assignment context, as in PostgreSQL); on jsonb they are
// the -> operator, as PostgreSQL 14's jsonb subscripting. Field selection needs composite types,
// which HeliosDB does not have.

import HeliosCore
import HeliosValues
import HeliosSQL

extension ExpressionBinder {
    /// ARRAY[elements]; with `elementType` (from an enclosing `::t[]`), the elements are cast
    /// to it explicitly, otherwise converted to their common type.
    func bindArray(_ elements: [Expression], elementType: SQLType?, location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        if let nested = elements.first(where: { if case .array = $0.kind { true } else { false } }) {
            throw DatabaseError(.featureNotSupported, "multidimensional arrays are not supported", position: nested.location.errorPosition)
        }
        var bound: [BoundExpression] = []
        for element in elements { bound.append(try bindNode(element)) }
        let locations = elements.map(\.location)
        var converted: [BoundExpression] = []
        let type: SQLType
        if let elementType {
            type = elementType
            for (index, element) in bound.enumerated() {
                converted.append(try explicitCast(element, to: type, operandLocation: locations[index], castLocation: locations[index]))
            }
        } else {
            guard !bound.isEmpty else {
                throw DatabaseError(.indeterminateDatatype, "cannot determine type of empty array",
                                    hint: "Explicitly cast to the desired type, for example ARRAY[]::integer[].",
                                    position: location.errorPosition)
            }
            type = try commonType(of: bound, context: "ARRAY", locations: locations)
            for (index, element) in bound.enumerated() {
                converted.append(try coerceToCommon(element, type, context: "ARRAY", location: locations[index]))
            }
        }
        guard let arrayType = type.arrayType else {
            if type.isArray {
                throw DatabaseError(.featureNotSupported, "multidimensional arrays are not supported", position: location.errorPosition)
            }
            throw DatabaseError(.undefinedObject, "could not find array type for data type \(type)", position: location.errorPosition)
        }
        return .array(converted, arrayType)
    }

    func bindIndirection(_ base: Expression, _ steps: [IndirectionStep]) throws(DatabaseError) -> BoundExpression {
        var current = try bindNode(base)
        var pending: [IndirectionStep] = []
        func flush() throws(DatabaseError) {
            guard !pending.isEmpty else { return }
            current = try subscripted(current, pending, location: base.location)
            pending = []
        }
        for step in steps {
            switch step {
            case .subscript, .slice:
                pending.append(step)
            case .field(let name):
                try flush()
                if current.type.kind == .record && !current.type.isArray {
                    // (f(x)).n, (t.keys).x: a field of a record whose type names its fields.
                    guard let fields = RecordType.fields(of: current.type),
                          let index = fields.firstIndex(where: { $0.name == name }) else {
                        throw DatabaseError(.undefinedColumn, "could not identify column \"\(name)\" in record data type",
                                            position: base.location.errorPosition)
                    }
                    current = .intrinsic(.recordField(index), [current], fields[index].type)
                    continue
                }
                throw DatabaseError(.wrongObjectType,
                                    "column notation .\(name) applied to type \(current.type.nameWithoutModifier), which is not a composite type",
                                    position: base.location.errorPosition)
            case .star:
                try flush()
                throw DatabaseError(.featureNotSupported, "row expansion via \"*\" is not supported here", position: base.location.errorPosition)
            }
        }
        try flush()
        return current
    }

    /// One run of brackets applied to `value`.
    private func subscripted(_ value: BoundExpression, _ steps: [IndirectionStep],
                             location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        let type = value.type
        if type.kind == .jsonb && !type.isArray { return try jsonbSubscripted(value, steps, location: location) }
        guard let elementType = type.elementType else {
            throw DatabaseError(.datatypeMismatch, "cannot subscript type \(type.nameWithoutModifier) because it does not support subscripting",
                                position: location.errorPosition)
        }
        let isSlice = steps.contains { if case .slice = $0 { true } else { false } }
        var arguments = [value]
        var bounds: [IntrinsicFunction.SliceBounds] = []
        for step in steps {
            switch step {
            case .subscript(let index):
                arguments.append(try arraySubscript(index))
                bounds.append(.index)
            case .slice(let lower, let upper):
                if let lower { arguments.append(try arraySubscript(lower)) }
                if let upper { arguments.append(try arraySubscript(upper)) }
                bounds.append(lower != nil ? (upper != nil ? .both : .lowerOnly) : (upper != nil ? .upperOnly : .neither))
            default:
                break
            }
        }
        if isSlice { return .intrinsic(.arraySlice(bounds: bounds), arguments, type.withoutModifier) }
        return .intrinsic(.arrayElement, arguments, elementType)
    }

    /// A subscript converted to int4 in the assignment context.
    private func arraySubscript(_ expression: Expression) throws(DatabaseError) -> BoundExpression {
        let bound = try bindNode(expression)
        guard let converted = try coercion(bound, to: .integer, context: .assignment, location: expression.location) else {
            throw DatabaseError(.datatypeMismatch, "array subscript must have type integer", position: expression.location.errorPosition)
        }
        return converted
    }

    /// `j['key']`, `j[0]`: the -> operator with a text or integer subscript.
    private func jsonbSubscripted(_ value: BoundExpression, _ steps: [IndirectionStep],
                                  location: SourceLocation) throws(DatabaseError) -> BoundExpression {
        var current = value
        for step in steps {
            guard case .subscript(let index) = step else {
                throw DatabaseError(.datatypeMismatch, "jsonb subscript does not support slices", position: location.errorPosition)
            }
            let bound = try bindNode(index)
            let key: BoundExpression
            if bound.type.kind == .unknown && !bound.type.isArray {
                key = try coercedOperand(bound, to: .text, location: index.location)
            } else {
                let targets = [SQLType.integer, .text].filter { CastCatalog.canCast(from: bound.type, to: $0, in: .implicit) }
                guard targets.count == 1 else {
                    let hint = targets.isEmpty ? "jsonb subscript must be coercible to either integer or text."
                        : "jsonb subscript must be coercible to only one type, integer or text."
                    throw DatabaseError(.datatypeMismatch, "subscript type \(bound.type.nameWithoutModifier) is not supported", hint: hint,
                                        position: index.location.errorPosition)
                }
                key = try coercedOperand(bound, to: targets[0], location: index.location)
            }
            current = try makeOperator("->", current, key, leftLocation: location, rightLocation: index.location, location: location)
        }
        return current
    }
}
