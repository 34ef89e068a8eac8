// Length rules of the character types, as PostgreSQL's varchar_input, bpchar_input, varchar()
// and bpchar() apply them. Lengths count characters (Unicode scalars), not bytes.
//   varchar(n) input or assignment: too long is 22001 "value too long for type character
//     varying(n)" unless every extra character is a space, which is clipped; an explicit cast
//     truncates silently.
//   character(n): the same, and shorter values are padded with spaces to n characters.
//   name: silently truncated to 63 bytes at a character boundary.

public import HeliosCore

/// Length coercion of varchar, character and name values.
public enum CharacterText {
    /// NAMEDATALEN - 1.
    public static let maximumNameBytes = 63

    /// The value of `text` as varchar(typmod); `isExplicit` truncates instead of failing.
    public static func coerceVarchar(_ text: String, modifier: Int32, isExplicit: Bool) throws(DatabaseError) -> String {
        guard let length = TypeModifier.characterLength(of: modifier) else { return text }
        return try clip(text, to: length, isExplicit: isExplicit) { "character varying(\(length))" }
    }

    /// The value of `text` as character(typmod): clipped like varchar, then blank-padded.
    public static func coerceCharacter(_ text: String, modifier: Int32, isExplicit: Bool) throws(DatabaseError) -> String {
        guard let length = TypeModifier.characterLength(of: modifier) else { return text }
        let clipped = try clip(text, to: length, isExplicit: isExplicit) { "character(\(length))" }
        let count = clipped.unicodeScalars.count
        if count >= length { return clipped }
        return clipped + String(repeating: " ", count: length - count)
    }

    private static func clip(_ text: String, to length: Int, isExplicit: Bool, typeName: () -> String)
        throws(DatabaseError) -> String
    {
        // Fast path: a string with at most `length` bytes has at most `length` characters.
        if text.utf8.count <= length { return text }
        let scalars = text.unicodeScalars
        guard let cut = scalars.index(scalars.startIndex, offsetBy: length, limitedBy: scalars.endIndex),
              cut != scalars.endIndex else { return text }
        if !isExplicit {
            for scalar in scalars[cut...] where scalar != " " {
                throw DatabaseError(.stringDataRightTruncation, "value too long for type \(typeName())")
            }
        }
        return String(scalars[..<cut])
    }

    /// namein: truncated to 63 bytes without splitting a character.
    public static func coerceName(_ text: String) -> String {
        if text.utf8.count <= maximumNameBytes { return text }
        var result = String.UnicodeScalarView()
        var byteCount = 0
        for scalar in text.unicodeScalars {
            let width = String(scalar).utf8.count
            if byteCount + width > maximumNameBytes { break }
            byteCount += width
            result.append(scalar)
        }
        return String(result)
    }

    /// The value of a character(n) without its trailing spaces, as bpchar -> text (rtrim1) yields.
    public static func trimTrailingSpaces(_ text: String) -> String {
        var utf8 = text.utf8[...]
        guard utf8.last == UInt8(ascii: " ") else { return text }
        while utf8.last == UInt8(ascii: " ") { utf8 = utf8.dropLast() }
        return String(Substring(utf8))
    }

    /// charin: the "char" type keeps one byte; "\ooo" gives the byte with that octal value.
    public static func coerceSingleCharacter(_ text: String) -> String {
        let bytes = Array(text.utf8)
        if bytes.count == 4 && bytes[0] == UInt8(ascii: "\\"),
           bytes[1...].allSatisfy({ $0 >= 48 && $0 <= 55 }) {
            let value = Int(bytes[1] - 48) << 6 | Int(bytes[2] - 48) << 3 | Int(bytes[3] - 48)
            return singleCharacterText(UInt8(truncatingIfNeeded: value))
        }
        guard let first = bytes.first else { return "" }
        return singleCharacterText(first)
    }

    /// The byte a "char" value holds (0 for the empty value).
    static func singleCharacterByte(_ text: String) -> UInt8 {
        let bytes = Array(text.utf8)
        if bytes.count == 4 && bytes[0] == UInt8(ascii: "\\"), bytes[1...].allSatisfy({ $0 >= 48 && $0 <= 55 }) {
            return UInt8(truncatingIfNeeded: Int(bytes[1] - 48) << 6 | Int(bytes[2] - 48) << 3 | Int(bytes[3] - 48))
        }
        return bytes.first ?? 0
    }

    /// charout for one byte: itself when ASCII, "\ooo" otherwise, empty for zero.
    static func singleCharacterText(_ byte: UInt8) -> String {
        if byte == 0 { return "" }
        if byte < 0x80 { return String(decoding: [byte], as: UTF8.self) }
        return "\\" + String(byte >> 6) + String((byte >> 3) & 7) + String(byte & 7)
    }
}
