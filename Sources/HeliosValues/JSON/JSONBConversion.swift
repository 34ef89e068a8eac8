// Casts from jsonb scalars to SQL types (jsonb::numeric, ::integer, ::boolean ...): the value must
// be a number (or a boolean for ::boolean), else 22023 "cannot cast jsonb string to type numeric".

import HeliosCore

/// jsonb -> scalar casts.
enum JSONBConversion {
    private static func typeWord(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "numeric"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    static func scalar(_ text: String, to target: SQLType.Kind) throws(DatabaseError) -> SQLValue {
        let value = try JSONParser.parse(text)
        let targetName = SQLType(target).formatted
        func failure() -> DatabaseError {
            DatabaseError(.invalidParameterValue, "cannot cast jsonb \(typeWord(value)) to type \(targetName)")
        }
        if target == .boolean {
            guard case .bool(let flag) = value else { throw failure() }
            return .bool(flag)
        }
        guard case .number(let number) = value else { throw failure() }
        switch target {
        case .numeric: return .numeric(number)
        case .smallint: return .int16(try number.smallintValue())
        case .integer: return .int32(try number.integerValue())
        case .bigint: return .int64(try number.bigintValue())
        case .real: return .float32(try number.floatValue())
        case .doublePrecision: return .float64(try number.doubleValue())
        default: throw failure()
        }
    }
}
