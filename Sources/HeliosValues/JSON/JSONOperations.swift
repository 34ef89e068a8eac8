// The jsonb and json operators' semantics: field and element access (-> ->>, negative indexes
// count from the end), key existence (?), containment (@> <@, with PostgreSQL's rule that a
// top-level array contains a scalar it has as an element), concatenation (||: objects merge
// with the right side winning, arrays concatenate, scalars become one-element arrays) and
// deletion (- key, - index).

public import HeliosCore

/// Operations on parsed JSON values.
public enum JSONOperations {
    /// -> with a text key: the member's value (the last one for duplicate json keys is not
    /// PostgreSQL's rule; json returns the first, jsonb has no duplicates).
    public static func field(_ value: JSONValue, key: String) -> JSONValue? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// -> with an integer: the element; negative counts from the end.
    public static func element(_ value: JSONValue, index: Int64) -> JSONValue? {
        guard case .array(let elements) = value else { return nil }
        let position = index < 0 ? Int64(elements.count) + index : index
        guard position >= 0 && position < Int64(elements.count) else { return nil }
        return elements[Int(position)]
    }

    /// ->>: the text of a value (strings unquoted, null as SQL NULL).
    public static func text(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let string): return string
        default: return JSONBOrdering.text(value)
        }
    }

    /// `?`: a top-level key, array string element or equal string scalar.
    public static func exists(_ value: JSONValue, key: String) -> Bool {
        switch value {
        case .object(let members): return members.contains { $0.key == key }
        case .array(let elements): return elements.contains { if case .string(key) = $0 { true } else { false } }
        case .string(let string): return string == key
        default: return false
        }
    }

    /// `@>`: JsonbDeepContains.
    public static func contains(_ container: JSONValue, _ contained: JSONValue, topLevel: Bool = true) -> Bool {
        switch (container, contained) {
        case let (.object(members), .object(wanted)):
            for want in wanted {
                guard let have = members.last(where: { $0.key == want.key })?.value else { return false }
                switch (have, want.value) {
                case (.object, .object), (.array, .array):
                    if !contains(have, want.value, topLevel: false) { return false }
                default:
                    if JSONBOrdering.compare(have, want.value) != 0 { return false }
                }
            }
            return true
        case let (.array(elements), .array(wanted)):
            for want in wanted {
                let found = elements.contains { have in
                    switch (have, want) {
                    case (.object, .object), (.array, .array): return contains(have, want, topLevel: false)
                    case (.object, _), (.array, _), (_, .object), (_, .array): return false
                    default: return JSONBOrdering.compare(have, want) == 0
                    }
                }
                if !found { return false }
            }
            return true
        case let (.array(elements), _) where topLevel:
            switch contained {
            case .object: return false
            default: return elements.contains { JSONBOrdering.compare($0, contained) == 0 }
            }
        case (.object, _), (.array, _), (_, .object), (_, .array):
            return false
        default:
            return JSONBOrdering.compare(container, contained) == 0
        }
    }

    /// jsonb `||`.
    public static func concatenate(_ left: JSONValue, _ right: JSONValue) -> JSONValue {
        switch (left, right) {
        case let (.object(a), .object(b)):
            return JSONBOrdering.canonical(.object(a + b))
        case let (.array(a), .array(b)):
            return .array(a + b)
        case let (.array(a), _):
            return .array(a + [right])
        case let (_, .array(b)):
            return .array([left] + b)
        default:
            return .array([left, right])
        }
    }

    /// jsonb `- text`.
    public static func deleting(_ value: JSONValue, key: String) throws(DatabaseError) -> JSONValue {
        switch value {
        case .object(let members): return .object(members.filter { $0.key != key })
        case .array(let elements): return .array(elements.filter { if case .string(key) = $0 { false } else { true } })
        default: throw DatabaseError(.invalidParameterValue, "cannot delete from scalar")
        }
    }

    /// jsonb `- integer`.
    public static func deleting(_ value: JSONValue, index: Int64) throws(DatabaseError) -> JSONValue {
        switch value {
        case .array(var elements):
            let position = index < 0 ? Int64(elements.count) + index : index
            if position >= 0 && position < Int64(elements.count) { elements.remove(at: Int(position)) }
            return .array(elements)
        case .object: throw DatabaseError(.invalidParameterValue, "cannot delete from object using integer index")
        default: throw DatabaseError(.invalidParameterValue, "cannot delete from scalar")
        }
    }
}
