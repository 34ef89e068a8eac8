// jsonb's canonical form and order, as PostgreSQL stores and compares jsonb:
//   canonical text  object keys sorted by length, then bytes; the last of duplicate keys wins;
//                   numbers printed as numerics; ", " and ": " separators (jsonb_out)
//   order           compareJsonbContainers: values walked in storage order, token by token;
//                   null < string < number < boolean < array < object; containers with more
//                   elements or pairs are greater; a top-level scalar is a one-element "raw
//                   scalar" array, which sorts below a real array of the same length.

/// Canonical jsonb text and the jsonb total order.
public enum JSONBOrdering {
    /// The value with objects in jsonb's key order and without duplicate keys.
    public static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let elements):
            return .array(elements.map(canonical))
        case .object(let members):
            var latest: [String: Int] = [:]
            for (position, member) in members.enumerated() { latest[member.key] = position }
            let kept = members.enumerated().filter { latest[$0.element.key] == $0.offset }.map { $0.element }
            let sorted = kept.sorted { compareKeys($0.key, $1.key) < 0 }
            return .object(sorted.map { ($0.key, canonical($0.value)) })
        default:
            return value
        }
    }

    /// jsonb key order: shorter first, then bytewise.
    static func compareKeys(_ left: String, _ right: String) -> Int {
        let leftCount = left.utf8.count, rightCount = right.utf8.count
        if leftCount != rightCount { return leftCount < rightCount ? -1 : 1 }
        return compareBytes(left, right)
    }

    static func compareBytes(_ left: String, _ right: String) -> Int {
        var leftIterator = left.utf8.makeIterator(), rightIterator = right.utf8.makeIterator()
        while true {
            switch (leftIterator.next(), rightIterator.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (a?, b?): if a != b { return a < b ? -1 : 1 }
            }
        }
    }

    /// jsonb_out of a canonical value.
    public static func text(_ value: JSONValue) -> String {
        var output = ""
        write(value, into: &output)
        return output
    }

    private static func write(_ value: JSONValue, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let number): output += number.description
        case .string(let string): writeString(string, into: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += ", " }
                write(element, into: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += ", " }
                writeString(member.key, into: &output)
                output += ": "
                write(member.value, into: &output)
            }
            output += "}"
        }
    }

    /// escape_json.
    static func writeString(_ string: String, into output: inout String) {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        for byte in string.utf8 {
            switch byte {
            case 8: bytes.append(contentsOf: Array("\\b".utf8))
            case 12: bytes.append(contentsOf: Array("\\f".utf8))
            case 10: bytes.append(contentsOf: Array("\\n".utf8))
            case 13: bytes.append(contentsOf: Array("\\r".utf8))
            case 9: bytes.append(contentsOf: Array("\\t".utf8))
            case UInt8(ascii: "\""): bytes.append(contentsOf: Array("\\\"".utf8))
            case UInt8(ascii: "\\"): bytes.append(contentsOf: Array("\\\\".utf8))
            default:
                if byte < 0x20 {
                    let hex = String(byte, radix: 16)
                    bytes.append(contentsOf: Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8))
                } else {
                    bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
        output += String(decoding: bytes, as: UTF8.self)
    }

    /// A step of PostgreSQL's jsonb iterator.
    private enum Token {
        case beginArray(count: Int, rawScalar: Bool)
        case beginObject(count: Int)
        case key(String)
        case value(JSONValue)
        case element(JSONValue)
        case endArray
        case endObject

        var kind: Int {
            switch self {
            case .beginArray: 0
            case .beginObject: 1
            case .key: 2
            case .value: 3
            case .element: 4
            case .endArray: 5
            case .endObject: 6
            }
        }
    }

    /// jbvType order: null, string, numeric, bool, array, object.
    private static func typeRank(_ value: JSONValue) -> Int {
        switch value {
        case .null: 0
        case .string: 1
        case .number: 2
        case .bool: 3
        case .array: 16
        case .object: 17
        }
    }

    private static func tokens(_ value: JSONValue, topLevel: Bool, into list: inout [Token]) {
        switch value {
        case .array(let elements):
            list.append(.beginArray(count: elements.count, rawScalar: false))
            for element in elements {
                switch element {
                case .array, .object: tokens(element, topLevel: false, into: &list)
                default: list.append(.element(element))
                }
            }
            list.append(.endArray)
        case .object(let members):
            list.append(.beginObject(count: members.count))
            for member in members {
                list.append(.key(member.key))
                switch member.value {
                case .array, .object: tokens(member.value, topLevel: false, into: &list)
                default: list.append(.value(member.value))
                }
            }
            list.append(.endObject)
        default:
            list.append(.beginArray(count: 1, rawScalar: true))
            list.append(.element(value))
            list.append(.endArray)
        }
    }

    private static func tokenType(_ token: Token) -> Int {
        switch token {
        case .beginArray, .endArray: 16
        case .beginObject, .endObject: 17
        case .key: 1
        case .value(let value), .element(let value): typeRank(value)
        }
    }

    private static func compareScalars(_ left: JSONValue, _ right: JSONValue) -> Int {
        switch (left, right) {
        case (.null, .null): return 0
        case let (.string(a), .string(b)): return compareBytes(a, b)
        case let (.number(a), .number(b)): return Numeric.compare(a, b)
        case let (.bool(a), .bool(b)): return a == b ? 0 : (a ? 1 : -1)
        default: return 0
        }
    }

    /// compareJsonbContainers on canonical values.
    public static func compare(_ left: JSONValue, _ right: JSONValue) -> Int {
        var leftTokens: [Token] = [], rightTokens: [Token] = []
        tokens(canonical(left), topLevel: true, into: &leftTokens)
        tokens(canonical(right), topLevel: true, into: &rightTokens)
        var index = 0
        while index < leftTokens.count && index < rightTokens.count {
            let a = leftTokens[index], b = rightTokens[index]
            index += 1
            var result = 0
            if a.kind == b.kind {
                switch (a, b) {
                case (.endArray, _), (.endObject, _):
                    continue
                case let (.beginArray(countA, rawA), .beginArray(countB, rawB)):
                    if rawA != rawB { result = rawA ? -1 : 1 }
                    if countA != countB { result = countA > countB ? 1 : -1 }
                case let (.beginObject(countA), .beginObject(countB)):
                    if countA != countB { result = countA > countB ? 1 : -1 }
                case let (.key(keyA), .key(keyB)):
                    result = compareBytes(keyA, keyB)
                case let (.value(valueA), .value(valueB)), let (.element(valueA), .element(valueB)):
                    let rankA = typeRank(valueA), rankB = typeRank(valueB)
                    result = rankA == rankB ? compareScalars(valueA, valueB) : (rankA > rankB ? 1 : -1)
                default:
                    break
                }
            } else {
                let rankA = tokenType(a), rankB = tokenType(b)
                result = rankA == rankB ? 0 : (rankA > rankB ? 1 : -1)
            }
            if result != 0 { return result }
        }
        return 0
    }

    /// Feeds a hash consistent with `compare(...) == 0`.
    public static func hash(_ value: JSONValue, into hasher: inout Hasher) {
        switch canonical(value) {
        case .null: hasher.combine(0 as UInt8)
        case .bool(let flag): hasher.combine(flag)
        case .number(let number): hasher.combine(number)
        case .string(let string): hasher.combine(string)
        case .array(let elements):
            hasher.combine(elements.count)
            for element in elements { hash(element, into: &hasher) }
        case .object(let members):
            hasher.combine(members.count)
            for member in members {
                hasher.combine(member.key)
                hash(member.value, into: &hasher)
            }
        }
    }
}
