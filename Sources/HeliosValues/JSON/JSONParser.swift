// A JSON parser with PostgreSQL's rules and messages (json_lex / parse_json): strict RFC 8259
// numbers and literals, any value at the top level, control characters in strings must be
// escaped, \u escapes with surrogate pairs. Errors are 22P02 "invalid input syntax for type
// json" with PostgreSQL's detail ("Token "x" is invalid.", "The input string ended
// unexpectedly.", "Expected ":", but found "x"." ...).

public import HeliosCore

/// A parsed JSON value; object members keep input order and duplicates (json semantics).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Numeric)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (left: JSONValue, right: JSONValue) -> Bool {
        JSONBOrdering.compare(left, right) == 0
    }
}

/// Parsing JSON text.
public enum JSONParser {
    /// Parses `text`; `forJSONB` rejects \u0000 as PostgreSQL's jsonb does.
    public static func parse(_ text: String, forJSONB: Bool = false) throws(DatabaseError) -> JSONValue {
        var parser = Parser(bytes: Array(text.utf8), forJSONB: forJSONB)
        return try parser.document()
    }

    /// Checks `text` as json_in does, without building a value (escapes are checked for
    /// syntax only, so a lone surrogate passes as in PostgreSQL's json type).
    public static func validate(_ text: String) throws(DatabaseError) {
        var parser = Parser(bytes: Array(text.utf8), forJSONB: false)
        parser.validateOnly = true
        _ = try parser.document()
    }

    /// The members of a json object or array, each value as its exact input text (json's -> keeps
    /// the input's spacing); nil when the top level is a scalar.
    public static func rawMembers(_ text: String) throws(DatabaseError) -> [(key: String?, text: String)]? {
        var parser = Parser(bytes: Array(text.utf8), forJSONB: false)
        parser.validateOnly = true
        return try parser.rawMembers()
    }

    private struct Parser {
        let bytes: [UInt8]
        let forJSONB: Bool
        var index = 0
        var depth = 0
        var validateOnly = false

        init(bytes: [UInt8], forJSONB: Bool) {
            self.bytes = bytes
            self.forJSONB = forJSONB
        }

        func failure(_ detail: String) -> DatabaseError {
            DatabaseError(.invalidTextRepresentation, "invalid input syntax for type json", detail: detail)
        }

        mutating func skipSpace() {
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 32 || byte == 9 || byte == 10 || byte == 13 { index += 1 } else { break }
            }
        }

        /// The text of the token starting at `start` as PostgreSQL reports it.
        func tokenText(from start: Int) -> String {
            guard start < bytes.count else { return "" }
            var end = start
            if isWordByte(bytes[end]) {
                while end < bytes.count && isWordByte(bytes[end]) { end += 1 }
            } else {
                end += 1
                while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
            }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }

        func isWordByte(_ byte: UInt8) -> Bool {
            !(byte == 32 || byte == 9 || byte == 10 || byte == 13 || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
              || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: ",")
              || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "\""))
        }

        /// The next token's text for "but found" messages, or end of input.
        mutating func foundText() throws(DatabaseError) -> String {
            skipSpace()
            guard index < bytes.count else { throw failure("The input string ended unexpectedly.") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let start = index
                _ = try string()
                return String(decoding: bytes[start..<index], as: UTF8.self)
            }
            if "{}[],:".utf8.contains(byte) { return String(decoding: [byte], as: UTF8.self) }
            let start = index
            if let invalid = try lexScalarError(from: start) { throw invalid }
            return tokenText(from: start)
        }

        /// The error for an invalid word or number token at `start`, nil if the token is valid.
        func lexScalarError(from start: Int) throws(DatabaseError) -> DatabaseError? {
            let token = tokenText(from: start)
            if token == "true" || token == "false" || token == "null" { return nil }
            if isValidNumber(Array(token.utf8)) { return nil }
            // PostgreSQL reports a bad token up to the end of its alphanumeric run.
            var end = start
            while end < bytes.count && (isAlphanumeric(bytes[end]) || bytes[end] >= 0x80) { end += 1 }
            if bytes[start] == UInt8(ascii: "-") || (bytes[start] >= 48 && bytes[start] <= 57) {
                end = start
                while end < bytes.count && isWordByte(bytes[end]) { end += 1 }
                let word = String(decoding: bytes[start..<end], as: UTF8.self)
                return failure("Token \"\(word)\" is invalid.")
            }
            if end == start { end = start + 1 }
            return failure("Token \"\(String(decoding: bytes[start..<end], as: UTF8.self))\" is invalid.")
        }

        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= 48 && byte <= 57) || ((byte | 0x20) >= 97 && (byte | 0x20) <= 122) || byte == UInt8(ascii: "_")
        }

        func isValidNumber(_ token: [UInt8]) -> Bool {
            var position = 0
            func digit() -> Bool { position < token.count && token[position] >= 48 && token[position] <= 57 }
            if position < token.count && token[position] == UInt8(ascii: "-") { position += 1 }
            guard digit() else { return false }
            if token[position] == 48 {
                position += 1
            } else {
                while digit() { position += 1 }
            }
            if position < token.count && token[position] == UInt8(ascii: ".") {
                position += 1
                guard digit() else { return false }
                while digit() { position += 1 }
            }
            if position < token.count && (token[position] | 0x20) == UInt8(ascii: "e") {
                position += 1
                if position < token.count && (token[position] == UInt8(ascii: "+") || token[position] == UInt8(ascii: "-")) {
                    position += 1
                }
                guard digit() else { return false }
                while digit() { position += 1 }
            }
            return position == token.count
        }

        mutating func rawMembers() throws(DatabaseError) -> [(key: String?, text: String)]? {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[") else {
                _ = try document()
                return nil
            }
            let isObject = bytes[index] == UInt8(ascii: "{")
            let closing = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            index += 1
            var members: [(key: String?, text: String)] = []
            skipSpace()
            if index < bytes.count && bytes[index] == closing {
                index += 1
                skipSpace()
                guard index == bytes.count else { throw failure("Expected end of input, but found \"\(try foundText())\".") }
                return members
            }
            while true {
                var key: String?
                skipSpace()
                if isObject {
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                        throw failure("Expected string, but found \"\(try foundText())\".")
                    }
                    key = try string()
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                        throw failure("Expected \":\", but found \"\(try foundText())\".")
                    }
                    index += 1
                    skipSpace()
                }
                let start = index
                _ = try value()
                members.append((key, String(decoding: bytes[start..<index], as: UTF8.self)))
                skipSpace()
                guard index < bytes.count else { throw failure("The input string ended unexpectedly.") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == closing {
                    index += 1
                    break
                }
                throw failure("Expected \",\" or \"\(isObject ? "}" : "]")\", but found \"\(try foundText())\".")
            }
            skipSpace()
            guard index == bytes.count else { throw failure("Expected end of input, but found \"\(try foundText())\".") }
            return members
        }

        mutating func document() throws(DatabaseError) -> JSONValue {
            let value = try self.value()
            skipSpace()
            if index < bytes.count {
                let start = index
                let byte = bytes[index]
                if !"{}[],:\"".utf8.contains(byte), let invalid = try lexScalarError(from: start) { throw invalid }
                throw failure("Expected end of input, but found \"\(try foundText())\".")
            }
            return value
        }

        mutating func value() throws(DatabaseError) -> JSONValue {
            skipSpace()
            guard index < bytes.count else { throw failure("The input string ended unexpectedly.") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"): return try object()
            case UInt8(ascii: "["): return try array()
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: ":"):
                throw failure("Expected JSON value, but found \"\(String(decoding: [byte], as: UTF8.self))\".")
            default:
                let start = index
                if let invalid = try lexScalarError(from: start) { throw invalid }
                let token = tokenText(from: start)
                index = start + token.utf8.count
                switch token {
                case "true": return .bool(true)
                case "false": return .bool(false)
                case "null": return .null
                default:
                    do {
                        return .number(try Numeric(parsing: token))
                    } catch {
                        throw error
                    }
                }
            }
        }

        mutating func enter() throws(DatabaseError) {
            depth += 1
            if depth > 6400 {
                throw DatabaseError(.programLimitExceeded, "stack depth limit exceeded")
            }
        }

        mutating func array() throws(DatabaseError) -> JSONValue {
            try enter()
            defer { depth -= 1 }
            index += 1
            var elements: [JSONValue] = []
            skipSpace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                elements.append(try value())
                skipSpace()
                guard index < bytes.count else { throw failure("The input string ended unexpectedly.") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(elements)
                }
                throw failure("Expected \",\" or \"]\", but found \"\(try foundText())\".")
            }
        }

        mutating func object() throws(DatabaseError) -> JSONValue {
            try enter()
            defer { depth -= 1 }
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            skipSpace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipSpace()
                guard index < bytes.count else { throw failure("The input string ended unexpectedly.") }
                guard bytes[index] == UInt8(ascii: "\"") else {
                    throw failure("Expected string, but found \"\(try foundText())\".")
                }
                let key = try string()
                skipSpace()
                guard index < bytes.count else { throw failure("The input string ended unexpectedly.") }
                guard bytes[index] == UInt8(ascii: ":") else {
                    throw failure("Expected \":\", but found \"\(try foundText())\".")
                }
                index += 1
                members.append((key, try value()))
                skipSpace()
                guard index < bytes.count else { throw failure("The input string ended unexpectedly.") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(members)
                }
                throw failure("Expected \",\" or \"}\", but found \"\(try foundText())\".")
            }
        }

        mutating func hexValue(at position: Int) -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for offset in 0..<4 {
                guard let digit = ByteaText.hexValue(bytes[position + offset]) else { return nil }
                value = value << 4 | UInt32(digit)
            }
            return value
        }

        mutating func string() throws(DatabaseError) -> String {
            index += 1
            var result: [UInt8] = []
            var pendingHigh: UInt32?
            while true {
                guard index < bytes.count else { throw failure("The input string ended unexpectedly.") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    if pendingHigh != nil { throw failure("Unicode low surrogate must follow a high surrogate.") }
                    index += 1
                    return String(decoding: result, as: UTF8.self)
                }
                if byte < 0x20 {
                    let hex = String(byte, radix: 16)
                    throw failure("Character with value 0x\(hex.count < 2 ? "0" + hex : hex) must be escaped.")
                }
                if byte != UInt8(ascii: "\\") {
                    if pendingHigh != nil { throw failure("Unicode low surrogate must follow a high surrogate.") }
                    result.append(byte)
                    index += 1
                    continue
                }
                index += 1
                guard index < bytes.count else { throw failure("The input string ended unexpectedly.") }
                let escape = bytes[index]
                if escape == UInt8(ascii: "u") {
                    guard let code = hexValue(at: index + 1) else {
                        throw failure("\"\\u\" must be followed by four hexadecimal digits.")
                    }
                    index += 5
                    if validateOnly { continue }
                    if code >= 0xD800 && code <= 0xDBFF {
                        if pendingHigh != nil { throw failure("Unicode high surrogate must not follow a high surrogate.") }
                        pendingHigh = code
                        continue
                    }
                    var scalar = code
                    if code >= 0xDC00 && code <= 0xDFFF {
                        guard let high = pendingHigh else {
                            throw failure("Unicode low surrogate must follow a high surrogate.")
                        }
                        scalar = ((high - 0xD800) << 10) + (code - 0xDC00) + 0x10000
                        pendingHigh = nil
                    } else if pendingHigh != nil {
                        throw failure("Unicode low surrogate must follow a high surrogate.")
                    }
                    if scalar == 0 && forJSONB {
                        throw DatabaseError(.untranslatableCharacter, "unsupported Unicode escape sequence",
                                            detail: "\\u0000 cannot be converted to text.")
                    }
                    if let unicode = Unicode.Scalar(scalar) {
                        result.append(contentsOf: Array(String(Character(unicode)).utf8))
                    }
                    continue
                }
                if pendingHigh != nil { throw failure("Unicode low surrogate must follow a high surrogate.") }
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): result.append(escape)
                case UInt8(ascii: "b"): result.append(8)
                case UInt8(ascii: "f"): result.append(12)
                case UInt8(ascii: "n"): result.append(10)
                case UInt8(ascii: "r"): result.append(13)
                case UInt8(ascii: "t"): result.append(9)
                default:
                    var end = index + 1
                    while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
                    let text = String(decoding: bytes[index..<end], as: UTF8.self)
                    throw failure("Escape sequence \"\\\(text)\" is invalid.")
                }
                index += 1
            }
        }
    }
}
