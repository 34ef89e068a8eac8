// Text input of boolean as PostgreSQL's boolin: surrounding whitespace is ignored and any
// case-insensitive prefix of true, false, yes, no is accepted, as are on, off (at least two
// letters) and 1, 0. Output is "t" or "f".

public import HeliosCore

/// Parsing of boolean input text.
public enum BooleanText {
    /// boolin.
    public static func parse(_ text: String) throws(DatabaseError) -> Bool {
        if let value = parseOrNil(text) { return value }
        throw DatabaseError(.invalidTextRepresentation, "invalid input syntax for type boolean: \"\(text)\"")
    }

    /// parse_bool: the value, or nil when the text is not a boolean.
    public static func parseOrNil(_ text: String) -> Bool? {
        var bytes = Array(text.utf8)[...]
        while let first = bytes.first, FloatText.isSpace(first) { bytes = bytes.dropFirst() }
        while let last = bytes.last, FloatText.isSpace(last) { bytes = bytes.dropLast() }
        guard let first = bytes.first else { return nil }
        let lower = String(decoding: bytes.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
        func isPrefix(of word: String, minimum: Int = 1) -> Bool {
            lower.utf8.count >= minimum && word.hasPrefix(lower)
        }
        switch first | 0x20 {
        case UInt8(ascii: "t"): return isPrefix(of: "true") ? true : nil
        case UInt8(ascii: "f"): return isPrefix(of: "false") ? false : nil
        case UInt8(ascii: "y"): return isPrefix(of: "yes") ? true : nil
        case UInt8(ascii: "n"): return isPrefix(of: "no") ? false : nil
        case UInt8(ascii: "o"):
            if isPrefix(of: "on", minimum: 2) { return true }
            if isPrefix(of: "off", minimum: 2) { return false }
            return nil
        default:
            if lower == "1" { return true }
            if lower == "0" { return false }
            return nil
        }
    }

    /// boolout.
    public static func format(_ value: Bool) -> String { value ? "t" : "f" }
}
