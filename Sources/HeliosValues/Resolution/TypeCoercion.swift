// The type rules of PostgreSQL's parse_coerce.c that overload resolution and the binder need:
// can_coerce_type (may these argument types be implicitly converted to those parameter types,
// including the consistency of polymorphic parameters), enforce_generic_type_consistency (what
// concrete types do anyelement / anyarray / anycompatible... stand for in one call), and
// select_common_type (the type of CASE, UNION, COALESCE, ARRAY[...], VALUES columns).

public import HeliosCore

/// Coercion and common-type rules.
public enum TypeCoercion {
    /// can_coerce_type in the implicit context: every input can become its parameter type.
    public static func canCoerce(_ inputs: [SQLType], to parameters: [SQLType], context: CastContext = .implicit) -> Bool {
        guard inputs.count == parameters.count else { return false }
        if parameters.contains(where: \.isPolymorphic) && !polymorphicTypesAreConsistent(inputs, parameters) {
            return false
        }
        for (input, parameter) in zip(inputs, parameters) {
            if input == parameter || input.withoutModifier == parameter.withoutModifier { continue }
            if parameter.kind == .any && !parameter.isArray { continue }
            if parameter.isPolymorphic { continue }
            if input.kind == .unknown && !input.isArray { continue }
            if parameter.kind == .record && !parameter.isArray {
                // record takes row values only (any blessed record type), as PostgreSQL's
                // composite types; not arrays or scalars.
                if input.kind == .record && !input.isArray { continue }
                return false
            }
            if !CastCatalog.canCast(from: input, to: parameter, in: context) { return false }
        }
        return true
    }

    /// check_generic_type_consistency.
    static func polymorphicTypesAreConsistent(_ inputs: [SQLType], _ parameters: [SQLType]) -> Bool {
        var element: SQLType?
        var array: SQLType?
        var hasNonArray = false
        var compatible: [SQLType] = []
        for (input, parameter) in zip(inputs, parameters) {
            let actual = input.withoutModifier
            switch parameter.kind {
            case .anyElement, .anyNonArray:
                if parameter.kind == .anyNonArray { hasNonArray = true }
                if actual.kind == .unknown { continue }
                if let element, element != actual { return false }
                element = actual
            case .anyArray:
                if actual.kind == .unknown { continue }
                if let array, array != actual { return false }
                array = actual
            case .anyCompatible:
                if actual.kind == .unknown { continue }
                compatible.append(actual)
            case .anyCompatibleArray:
                if actual.kind == .unknown { continue }
                guard let elementType = actual.elementType else { return false }
                compatible.append(elementType)
            default:
                continue
            }
        }
        if let array {
            guard let arrayElement = array.elementType else { return false }
            if let element, element != arrayElement { return false }
            element = arrayElement
        }
        if hasNonArray, let element, element.isArray { return false }
        if !compatible.isEmpty {
            guard let common = try? commonType(compatible, context: nil) else { return false }
            if !compatible.allSatisfy({ CastCatalog.canCast(from: $0, to: common, in: .implicit) }) { return false }
        }
        return true
    }

    /// enforce_generic_type_consistency: the concrete parameter types of a call and its result type.
    public static func resolvePolymorphic(_ inputs: [SQLType], parameters: [SQLType], result: SQLType)
        throws(DatabaseError) -> (parameters: [SQLType], result: SQLType)
    {
        guard parameters.contains(where: \.isPolymorphic) || result.isPolymorphic else { return (parameters, result) }
        var element: SQLType?
        var compatible: [SQLType] = []
        var sawCompatible = false
        for (input, parameter) in zip(inputs, parameters) {
            let actual = input.withoutModifier
            switch parameter.kind {
            case .anyElement, .anyNonArray:
                if actual.kind != .unknown { element = element ?? actual }
            case .anyArray:
                if actual.kind != .unknown, let arrayElement = actual.elementType { element = element ?? arrayElement }
            case .anyCompatible:
                sawCompatible = true
                if actual.kind != .unknown { compatible.append(actual) }
            case .anyCompatibleArray:
                sawCompatible = true
                if actual.kind != .unknown, let arrayElement = actual.elementType { compatible.append(arrayElement) }
            default:
                break
            }
        }
        let needsElement = parameters.contains { [.anyElement, .anyNonArray, .anyArray].contains($0.kind) }
            || [.anyElement, .anyNonArray, .anyArray].contains(result.kind)
        if needsElement && element == nil {
            throw DatabaseError(.datatypeMismatch, "could not determine polymorphic type because input has type unknown")
        }
        var common: SQLType?
        if sawCompatible || [.anyCompatible, .anyCompatibleArray].contains(result.kind) {
            common = compatible.isEmpty ? .text : try commonType(compatible, context: nil)
        }
        func concrete(_ type: SQLType) throws(DatabaseError) -> SQLType {
            switch type.kind {
            case .anyElement, .anyNonArray: return element!
            case .anyArray:
                guard let arrayType = element!.arrayType else {
                    throw DatabaseError(.undefinedObject, "could not find array type for data type \(element!.formatted)")
                }
                return arrayType
            case .anyCompatible: return common ?? .text
            case .anyCompatibleArray:
                let base = common ?? .text
                guard let arrayType = base.arrayType else {
                    throw DatabaseError(.undefinedObject, "could not find array type for data type \(base.formatted)")
                }
                return arrayType
            default: return type
            }
        }
        var resolved: [SQLType] = []
        for parameter in parameters { resolved.append(try concrete(parameter)) }
        return (resolved, try concrete(result))
    }

    /// select_common_type: the type all `types` are converted to. `context` names the construct
    /// ("CASE", "UNION", "COALESCE", "ARRAY") in the 42804 error; nil returns an error without it.
    public static func commonType(_ types: [SQLType], context: String?) throws(DatabaseError) -> SQLType {
        guard var chosen = types.first else { return .text }
        if types.allSatisfy({ $0 == chosen }) { return chosen.kind == .unknown ? .text : chosen }
        if types.allSatisfy({ $0.withoutModifier == chosen.withoutModifier }) { return chosen.withoutModifier }
        chosen = chosen.withoutModifier
        var category = chosen.category
        var isPreferred = chosen.isPreferred
        for next in types.dropFirst() {
            let candidate = next.withoutModifier
            if candidate.kind == .unknown && !candidate.isArray { continue }
            if candidate == chosen { continue }
            if chosen.kind == .unknown && !chosen.isArray {
                chosen = candidate
                category = candidate.category
                isPreferred = candidate.isPreferred
            } else if candidate.category != category {
                let construct = context ?? "argument"
                throw DatabaseError(.datatypeMismatch,
                                    "\(construct) types \(chosen.nameWithoutModifier) and \(candidate.nameWithoutModifier) cannot be matched")
            } else if !isPreferred && CastCatalog.canCast(from: chosen, to: candidate, in: .implicit)
                        && !CastCatalog.canCast(from: candidate, to: chosen, in: .implicit) {
                chosen = candidate
                category = candidate.category
                isPreferred = candidate.isPreferred
            }
        }
        return chosen.kind == .unknown && !chosen.isArray ? .text : chosen
    }

    /// select_common_typmod: the typmod shared by all inputs of the common type, else -1.
    public static func commonModifier(_ types: [SQLType], commonType: SQLType) -> Int32 {
        guard let first = types.first, first.withoutModifier == commonType.withoutModifier else { return -1 }
        for type in types where type.withoutModifier != commonType.withoutModifier || type.modifier != first.modifier {
            return -1
        }
        return first.modifier
    }
}
