// Operators of arrays (comparison element by element, @> <@ && with NULL elements matching
// nothing, || for concatenation, append and prepend, which unlike other operators accept NULL
// operands) and of json / jsonb (-> ->> ? @> <@ || - and jsonb comparison).

import HeliosCore

/// Array and JSON operators.
enum OtherOperatorEntries {
    static func array(_ value: SQLValue) -> SQLArray? {
        if case .array(let array) = value { return array }
        return nil
    }

    static func json(_ value: SQLValue) throws(DatabaseError) -> JSONValue {
        switch value {
        case .json(let text): return try JSONParser.parse(text)
        case .jsonb(let text): return try JSONParser.parse(text)
        default: return .null
        }
    }

    static func jsonb(_ value: JSONValue) -> SQLValue { .jsonb(JSONBOrdering.text(JSONBOrdering.canonical(value))) }

    /// The non-NULL elements two arrays share under `=`, for @> <@ &&.
    private static func containsAll(_ container: SQLArray, _ wanted: SQLArray) -> Bool {
        wanted.elements.allSatisfy { want in
            !want.isNull && container.elements.contains { !$0.isNull && SQLValue.compare($0, want) == 0 }
        }
    }

    /// json's -> and ->>, which return the members' input text.
    static func jsonOperators() -> [OperatorEntry] {
        @Sendable func member(_ document: SQLValue, key: String?, index: Int64?) throws(DatabaseError) -> String? {
            guard case .json(let text) = document, let members = try JSONParser.rawMembers(text) else { return nil }
            if let key { return members.first { $0.key == key }?.text }
            guard let index else { return nil }
            let position = index < 0 ? Int64(members.count) + index : index
            guard position >= 0 && position < Int64(members.count), members[Int(position)].key == nil else { return nil }
            return members[Int(position)].text
        }
        @Sendable func unquoted(_ raw: String) throws(DatabaseError) -> SQLValue {
            let value = try JSONParser.parse(raw)
            guard let text = JSONOperations.text(value) else { return .null }
            if case .string = value { return .text(text) }
            return .text(raw)
        }
        return [
            OperatorEntry("->", .json, .text, .json, "json_object_field", binary: { a, b, _ throws(DatabaseError) in
                try member(a, key: TextOperatorEntries.string(b), index: nil).map { .json($0) } ?? .null
            }),
            OperatorEntry("->", .json, .integer, .json, "json_array_element", binary: { a, b, _ throws(DatabaseError) in
                try member(a, key: nil, index: b.integerValue).map { .json($0) } ?? .null
            }),
            OperatorEntry("->>", .json, .text, .text, "json_object_field_text", binary: { a, b, _ throws(DatabaseError) in
                guard let raw = try member(a, key: TextOperatorEntries.string(b), index: nil) else { return .null }
                return try unquoted(raw)
            }),
            OperatorEntry("->>", .json, .integer, .text, "json_array_element_text", binary: { a, b, _ throws(DatabaseError) in
                guard let raw = try member(a, key: nil, index: b.integerValue) else { return .null }
                return try unquoted(raw)
            }),
        ]
    }

    static let entries: [OperatorEntry] = {
        var list: [OperatorEntry] = []
        list += NumericOperatorEntries.comparisons(.anyArray, .anyArray, prefix: "array_", compare: NumericOperatorEntries.valueOrder)
        // record_eq and kin: field by field, two NULLs equal and NULL above a value (rowtypes.c).
        list += NumericOperatorEntries.comparisons(.record, .record, prefix: "record_", compare: NumericOperatorEntries.valueOrder)
        list.append(OperatorEntry("@>", .anyArray, .anyArray, .boolean, "arraycontains", binary: { a, b, _ throws(DatabaseError) in
            .bool(containsAll(array(a)!, array(b)!))
        }))
        list.append(OperatorEntry("<@", .anyArray, .anyArray, .boolean, "arraycontained", binary: { a, b, _ throws(DatabaseError) in
            .bool(containsAll(array(b)!, array(a)!))
        }))
        list.append(OperatorEntry("&&", .anyArray, .anyArray, .boolean, "arrayoverlap", binary: { a, b, _ throws(DatabaseError) in
            let (left, right) = (array(a)!, array(b)!)
            return .bool(left.elements.contains { element in
                !element.isNull && right.elements.contains { !$0.isNull && SQLValue.compare($0, element) == 0 }
            })
        }))
        list.append(OperatorEntry("||", .anyCompatibleArray, .anyCompatibleArray, .anyCompatibleArray, "array_cat",
                                  isStrict: false, binary: { a, b, _ throws(DatabaseError) in
            try ArrayOperations.concatenate(a, b)
        }))
        list.append(OperatorEntry("||", .anyCompatibleArray, .anyCompatible, .anyCompatibleArray, "array_append",
                                  isStrict: false, binary: { a, b, _ throws(DatabaseError) in
            try ArrayOperations.append(a, b)
        }))
        list.append(OperatorEntry("||", .anyCompatible, .anyCompatibleArray, .anyCompatibleArray, "array_prepend",
                                  isStrict: false, binary: { a, b, _ throws(DatabaseError) in
            try ArrayOperations.prepend(a, b)
        }))
        // jsonb.
        list += NumericOperatorEntries.comparisons(.jsonb, .jsonb, prefix: "jsonb_", compare: NumericOperatorEntries.valueOrder)
        list += jsonOperators()
        for (type, code) in [(SQLType.jsonb, "jsonb")] {
            list.append(OperatorEntry("->", type, .text, type, code + "_object_field", binary: { a, b, _ throws(DatabaseError) in
                guard let field = JSONOperations.field(try json(a), key: TextOperatorEntries.string(b)) else { return .null }
                return type.kind == .jsonb ? jsonb(field) : .json(JSONBOrdering.text(field))
            }))
            list.append(OperatorEntry("->", type, .integer, type, code + "_array_element", binary: { a, b, _ throws(DatabaseError) in
                guard let element = JSONOperations.element(try json(a), index: b.integerValue ?? 0) else { return .null }
                return type.kind == .jsonb ? jsonb(element) : .json(JSONBOrdering.text(element))
            }))
            list.append(OperatorEntry("->>", type, .text, .text, code + "_object_field_text", binary: { a, b, _ throws(DatabaseError) in
                guard let field = JSONOperations.field(try json(a), key: TextOperatorEntries.string(b)),
                      let text = JSONOperations.text(field) else { return .null }
                return .text(text)
            }))
            list.append(OperatorEntry("->>", type, .integer, .text, code + "_array_element_text", binary: { a, b, _ throws(DatabaseError) in
                guard let element = JSONOperations.element(try json(a), index: b.integerValue ?? 0),
                      let text = JSONOperations.text(element) else { return .null }
                return .text(text)
            }))
        }
        list.append(OperatorEntry("?", .jsonb, .text, .boolean, "jsonb_exists", binary: { a, b, _ throws(DatabaseError) in
            .bool(JSONOperations.exists(try json(a), key: TextOperatorEntries.string(b)))
        }))
        list.append(OperatorEntry("@>", .jsonb, .jsonb, .boolean, "jsonb_contains", binary: { a, b, _ throws(DatabaseError) in
            .bool(JSONOperations.contains(try json(a), try json(b)))
        }))
        list.append(OperatorEntry("<@", .jsonb, .jsonb, .boolean, "jsonb_contained", binary: { a, b, _ throws(DatabaseError) in
            .bool(JSONOperations.contains(try json(b), try json(a)))
        }))
        list.append(OperatorEntry("||", .jsonb, .jsonb, .jsonb, "jsonb_concat", binary: { a, b, _ throws(DatabaseError) in
            jsonb(JSONOperations.concatenate(try json(a), try json(b)))
        }))
        list.append(OperatorEntry("-", .jsonb, .text, .jsonb, "jsonb_delete", binary: { a, b, _ throws(DatabaseError) in
            jsonb(try JSONOperations.deleting(try json(a), key: TextOperatorEntries.string(b)))
        }))
        list.append(OperatorEntry("-", .jsonb, .integer, .jsonb, "jsonb_delete", binary: { a, b, _ throws(DatabaseError) in
            jsonb(try JSONOperations.deleting(try json(a), index: b.integerValue ?? 0))
        }))
        return list
    }()
}
