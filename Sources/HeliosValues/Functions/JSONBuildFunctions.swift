// json_build_object, json_build_array and their jsonb twins: JSON made from SQL values, as
// PostgreSQL's datum_to_json converts them (numbers and booleans bare, NULL as null, json and
// jsonb as they are, arrays as JSON arrays, date/time values in ISO 8601 with a "T", everything
// else as a string). The json forms keep PostgreSQL's spacing: {"a" : 1, "b" : 2} and [1, 2].

import HeliosCore

enum JSONBuildFunctions {
    /// datum_to_json: the JSON text of one value.
    static func json(_ value: SQLValue, _ context: EvaluationContext) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int16, .int32, .int64, .oid: return TextFormat.format(value, settings: context.settings)
        case .float32, .float64, .numeric:
            let text = TextFormat.format(value, settings: context.settings)
            return text.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" || $0 == "e" || $0 == "+" } ? text : quoted(text)
        case .json(let text), .jsonb(let text): return text
        case .array(let array): return "[" + array.elements.map { json($0, context) }.joined(separator: ",") + "]"
        case .timestamp, .timestampWithTimeZone:
            var settings = context.settings
            settings.dateStyle = .iso
            return quoted(TextFormat.format(value, settings: settings).replacingFirstSpace(with: "T"))
        default: return quoted(TextFormat.format(value, settings: context.settings))
        }
    }

    static func quoted(_ text: String) -> String {
        var output = ""
        JSONBOrdering.writeString(text, into: &output)
        return output
    }

    static func object(_ arguments: [SQLValue], _ context: EvaluationContext, name: String) throws(DatabaseError) -> String {
        guard arguments.count % 2 == 0 else {
            throw DatabaseError(.invalidParameterValue, "argument list must have even number of elements",
                                hint: "The arguments of \(name)() must consist of alternating keys and values.")
        }
        var pairs: [String] = []
        var index = 0
        while index < arguments.count {
            guard !arguments[index].isNull else {
                throw DatabaseError(.nullValueNotAllowed, "null value not allowed for object key")
            }
            pairs.append(quoted(TextFormat.format(arguments[index], settings: context.settings)) + " : " + json(arguments[index + 1], context))
            index += 2
        }
        return "{" + pairs.joined(separator: ", ") + "}"
    }

    static let overloads: [FunctionOverload] = [
        FunctionOverload("json_build_object", [], .json, variadic: .any, volatility: .stable, isStrict: false) {
            arguments, context throws(DatabaseError) in .json(try object(arguments, context, name: "json_build_object"))
        },
        FunctionOverload("json_build_object", [], .json, volatility: .stable, isStrict: false) { _, _ throws(DatabaseError) in .json("{}") },
        FunctionOverload("jsonb_build_object", [], .jsonb, variadic: .any, volatility: .stable, isStrict: false) {
            arguments, context throws(DatabaseError) in
            try TextFormat.parse(try object(arguments, context, name: "jsonb_build_object"), as: .jsonb)
        },
        FunctionOverload("jsonb_build_object", [], .jsonb, volatility: .stable, isStrict: false) { _, _ throws(DatabaseError) in .jsonb("{}") },
        FunctionOverload("json_build_array", [], .json, variadic: .any, volatility: .stable, isStrict: false) {
            arguments, context throws(DatabaseError) in .json("[" + arguments.map { json($0, context) }.joined(separator: ", ") + "]")
        },
        FunctionOverload("json_build_array", [], .json, volatility: .stable, isStrict: false) { _, _ throws(DatabaseError) in .json("[]") },
        FunctionOverload("jsonb_build_array", [], .jsonb, variadic: .any, volatility: .stable, isStrict: false) {
            arguments, context throws(DatabaseError) in
            try TextFormat.parse("[" + arguments.map { json($0, context) }.joined(separator: ", ") + "]", as: .jsonb)
        },
        FunctionOverload("jsonb_build_array", [], .jsonb, volatility: .stable, isStrict: false) { _, _ throws(DatabaseError) in .jsonb("[]") },
    ]
}

private extension String {
    func replacingFirstSpace(with replacement: Character) -> String {
        guard let index = firstIndex(of: " ") else { return self }
        var copy = self
        copy.replaceSubrange(index...index, with: String(replacement))
        return copy
    }
}
