// Array building blocks shared by operators and functions: concatenation, append and prepend
// (which accept NULL arrays, as PostgreSQL's array_cat / array_append / array_prepend do),
// positions, removal and replacement of elements, and conversion to and from delimited text.

public import HeliosCore

/// Operations on array values.
public enum ArrayOperations {
    static func elementType(of value: SQLValue) -> SQLType {
        if case .array(let array) = value { return array.elementType }
        return value.naturalType
    }

    /// array_cat: NULL arrays are ignored.
    public static func concatenate(_ left: SQLValue, _ right: SQLValue) throws(DatabaseError) -> SQLValue {
        switch (left, right) {
        case (.null, .null): return .null
        case (.null, _): return right
        case (_, .null): return left
        case let (.array(a), .array(b)):
            if a.elements.isEmpty { return right }
            if b.elements.isEmpty { return left }
            return .array(SQLArray(elementType: a.elementType, elements: a.elements + b.elements, lowerBound: a.lowerBound))
        default:
            throw DatabaseError(.datatypeMismatch, "cannot concatenate incompatible arrays")
        }
    }

    /// array_append: a NULL array becomes a one-element array.
    public static func append(_ array: SQLValue, _ element: SQLValue) throws(DatabaseError) -> SQLValue {
        switch array {
        case .null:
            return .array(SQLArray(elementType: element.naturalType, elements: [element]))
        case .array(var value):
            value.elements.append(element)
            return .array(value)
        default:
            throw DatabaseError(.datatypeMismatch, "argument must be an array")
        }
    }

    /// array_prepend.
    public static func prepend(_ element: SQLValue, _ array: SQLValue) throws(DatabaseError) -> SQLValue {
        switch array {
        case .null:
            return .array(SQLArray(elementType: element.naturalType, elements: [element]))
        case .array(var value):
            value.elements.insert(element, at: 0)
            return .array(value)
        default:
            throw DatabaseError(.datatypeMismatch, "argument must be an array")
        }
    }

    /// Element equality for array_position / array_remove: NULL matches NULL (IS NOT DISTINCT FROM).
    static func isNotDistinct(_ left: SQLValue, _ right: SQLValue) -> Bool {
        if left.isNull || right.isNull { return left.isNull && right.isNull }
        return SQLValue.compare(left, right) == 0
    }

    /// array_to_string: elements printed with the delimiter; NULLs skipped or replaced.
    public static func joined(_ array: SQLArray, delimiter: String, nullString: String?, settings: SessionSettings) -> String {
        var parts: [String] = []
        for element in array.elements {
            if element.isNull {
                if let nullString { parts.append(nullString) }
            } else {
                parts.append(TextFormat.format(element, as: array.elementType, settings: settings))
            }
        }
        return parts.joined(separator: delimiter)
    }

    /// string_to_array: NULL delimiter splits into characters, empty delimiter gives one element,
    /// elements equal to `nullString` become NULL.
    public static func split(_ text: String, delimiter: String?, nullString: String?) -> SQLArray {
        var pieces: [String]
        if text.isEmpty {
            pieces = []
        } else if let delimiter {
            if delimiter.isEmpty {
                pieces = [text]
            } else {
                pieces = text.splitBytes(on: delimiter)
            }
        } else {
            pieces = text.map { String($0) }
        }
        let elements = pieces.map { piece -> SQLValue in
            if let nullString, piece == nullString { return .null }
            return .text(piece)
        }
        return SQLArray(elementType: .text, elements: elements)
    }
}

extension String {
    /// Splits on every occurrence of `separator`, comparing UTF-8 bytes.
    func splitBytes(on separator: String) -> [String] {
        let bytes = Array(utf8), separatorBytes = Array(separator.utf8)
        guard !separatorBytes.isEmpty else { return [self] }
        var pieces: [String] = []
        var start = 0, index = 0
        while index + separatorBytes.count <= bytes.count {
            if bytes[index] == separatorBytes[0] && bytes[index..<(index + separatorBytes.count)].elementsEqual(separatorBytes) {
                pieces.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += separatorBytes.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(String(decoding: bytes[start...], as: UTF8.self))
        return pieces
    }
}
