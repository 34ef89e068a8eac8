// Text input and output of one-dimensional arrays in PostgreSQL's format: "{1,2,NULL}",
// optionally preceded by bounds as in "[0:1]={1,2}". Elements are read with the element type's
// input function; an element is quoted on output when it is empty, equals NULL in any case, or
// contains a brace, comma, quote, backslash or white space, with quotes and backslashes escaped.

public import HeliosCore

/// Parsing and printing of array values.
public enum ArrayText {
    /// array_out.
    public static func format(_ array: SQLArray, settings: SessionSettings = .standard) -> String {
        var text = ""
        if array.lowerBound != 1 && !array.elements.isEmpty {
            text += "[\(array.lowerBound):\(array.upperBound)]="
        }
        text += "{"
        for (index, element) in array.elements.enumerated() {
            if index > 0 { text += "," }
            if element.isNull {
                text += "NULL"
                continue
            }
            let item = TextFormat.format(element, as: array.elementType, settings: settings)
            text += needsQuotes(item) ? quoted(item) : item
        }
        return text + "}"
    }

    /// int2vectorout and oidvectorout: the elements separated by spaces.
    public static func formatVector(_ array: SQLArray, settings: SessionSettings = .standard) -> String {
        array.elements.map { TextFormat.format($0, as: array.elementType, settings: settings) }.joined(separator: " ")
    }

    /// int2vectorin and oidvectorin: numbers separated by spaces, subscripted from 0.
    public static func parseVector(_ text: String, elementType: SQLType) throws(DatabaseError) -> SQLArray {
        var elements: [SQLValue] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            elements.append(try TextFormat.parse(String(word), as: elementType))
        }
        return SQLArray(elementType: elementType, elements: elements, lowerBound: 0)
    }

    private static func needsQuotes(_ item: String) -> Bool {
        if item.isEmpty || item.lowercased() == "null" { return true }
        return item.utf8.contains { byte in
            byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"")
                || byte == UInt8(ascii: "\\") || FloatText.isSpace(byte)
        }
    }

    private static func quoted(_ item: String) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        for byte in item.utf8 {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// array_in for an array of `elementType`.
    public static func parse(_ text: String, elementType: SQLType, settings: SessionSettings = .standard)
        throws(DatabaseError) -> SQLArray
    {
        let bytes = Array(text.utf8)
        func malformed(_ detail: String) -> DatabaseError {
            DatabaseError(.invalidTextRepresentation, "malformed array literal: \"\(text)\"", detail: detail)
        }
        var index = 0
        func skipSpace() { while index < bytes.count && FloatText.isSpace(bytes[index]) { index += 1 } }
        skipSpace()
        var declaredBounds: (lower: Int32, upper: Int32)?
        if index < bytes.count && bytes[index] == UInt8(ascii: "[") {
            index += 1
            func integer() -> Int32? {
                let start = index
                if index < bytes.count && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) { index += 1 }
                while index < bytes.count && bytes[index] >= 48 && bytes[index] <= 57 { index += 1 }
                return Int32(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            guard var first = integer() else { throw malformed("\"[\" must introduce explicitly-specified array dimensions.") }
            var lower: Int32 = 1
            if index < bytes.count && bytes[index] == UInt8(ascii: ":") {
                index += 1
                lower = first
                guard let upper = integer() else { throw malformed("Missing array dimension value.") }
                first = upper
            }
            guard index < bytes.count && bytes[index] == UInt8(ascii: "]") else {
                throw malformed("Missing \"]\" after array dimensions.")
            }
            index += 1
            if first < lower {
                throw DatabaseError(.arraySubscriptError, "upper bound cannot be less than lower bound")
            }
            declaredBounds = (lower, first)
            skipSpace()
            guard index < bytes.count && bytes[index] == UInt8(ascii: "=") else {
                throw malformed("Missing \"=\" after array dimensions.")
            }
            index += 1
            skipSpace()
        }
        guard index < bytes.count && bytes[index] == UInt8(ascii: "{") else {
            throw malformed("Array value must start with \"{\" or dimension information.")
        }
        index += 1
        var items: [String?] = []
        var expectElement = true
        var sawDelimiter = false
        while true {
            skipSpace()
            guard index < bytes.count else { throw malformed("Unexpected end of input.") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "}") {
                if sawDelimiter && expectElement { throw malformed("Unexpected \"}\" character.") }
                index += 1
                break
            }
            if byte == UInt8(ascii: ",") {
                if expectElement { throw malformed("Unexpected \",\" character.") }
                expectElement = true
                sawDelimiter = true
                index += 1
                continue
            }
            if !expectElement { throw malformed("Unexpected array element.") }
            if byte == UInt8(ascii: "{") {
                if items.isEmpty && !sawDelimiter {
                    throw DatabaseError(.featureNotSupported, "multidimensional arrays are not supported")
                }
                throw malformed("Unexpected \"{\" character.")
            }
            if byte == UInt8(ascii: "\"") {
                index += 1
                var element: [UInt8] = []
                var closed = false
                while index < bytes.count {
                    let current = bytes[index]
                    if current == UInt8(ascii: "\\") {
                        index += 1
                        guard index < bytes.count else { break }
                        element.append(bytes[index])
                    } else if current == UInt8(ascii: "\"") {
                        closed = true
                        index += 1
                        break
                    } else {
                        element.append(current)
                    }
                    index += 1
                }
                if !closed { throw malformed("Unexpected end of input.") }
                items.append(String(decoding: element, as: UTF8.self))
            } else {
                var element: [UInt8] = []
                var escaped = false
                var lastSignificant = 0
                while index < bytes.count {
                    let current = bytes[index]
                    if current == UInt8(ascii: "\\") {
                        index += 1
                        guard index < bytes.count else { throw malformed("Unexpected end of input.") }
                        element.append(bytes[index])
                        escaped = true
                        lastSignificant = element.count
                        index += 1
                        continue
                    }
                    if current == UInt8(ascii: ",") || current == UInt8(ascii: "}") { break }
                    if current == UInt8(ascii: "\"") || current == UInt8(ascii: "{") {
                        throw malformed("Unexpected \"\(Character(UnicodeScalar(current)))\" character.")
                    }
                    element.append(current)
                    if !FloatText.isSpace(current) { lastSignificant = element.count }
                    index += 1
                }
                element.removeSubrange(lastSignificant...)
                let value = String(decoding: element, as: UTF8.self)
                items.append(!escaped && value.lowercased() == "null" ? nil : value)
            }
            expectElement = false
        }
        skipSpace()
        if index < bytes.count { throw malformed("Junk after closing right brace.") }
        var lowerBound: Int32 = 1
        if let declaredBounds {
            if Int(declaredBounds.upper) - Int(declaredBounds.lower) + 1 != items.count {
                throw malformed("Specified array dimensions do not match array contents.")
            }
            lowerBound = declaredBounds.lower
        }
        var elements: [SQLValue] = []
        elements.reserveCapacity(items.count)
        for item in items {
            if let item {
                elements.append(try TextFormat.parse(item, as: elementType, settings: settings))
            } else {
                elements.append(.null)
            }
        }
        return SQLArray(elementType: elementType, elements: elements, lowerBound: items.isEmpty ? 1 : lowerBound)
    }
}
