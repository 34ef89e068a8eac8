// LIKE and ILIKE, implemented by hand after PostgreSQL's like_match.c: `%` matches any run of
// characters, `_` one character (one byte for bytea), and the escape character (backslash
// unless ESCAPE says otherwise, none for ESCAPE '') makes the next character literal. Matching
// walks UTF-8 bytes, stepping whole characters after wildcards, and gives up early when the
// rest of the text cannot match (the LIKE_ABORT shortcut), so it is linear in practice.

public import HeliosCore

/// LIKE pattern matching.
public enum LikeMatcher {
    private enum Outcome { case matched, failed, abort }

    static let escapeAtEnd = DatabaseError(.invalidEscapeSequence, "LIKE pattern must not end with escape character")

    /// `text LIKE pattern ESCAPE escape`; `escape` nil means the default backslash.
    public static func matches(_ text: String, pattern: String, escape: String? = nil, caseInsensitive: Bool = false)
        throws(DatabaseError) -> Bool
    {
        var pattern = pattern
        if let escape { pattern = try convertEscape(pattern, escape: escape) }
        var text = text
        if caseInsensitive {
            text = StringCase.lower(text)
            pattern = StringCase.lower(pattern)
        }
        let outcome = try match(Array(text.utf8)[...], Array(pattern.utf8)[...], byCharacter: true)
        return outcome == .matched
    }

    /// `bytea LIKE bytea`: one byte per `_`.
    public static func matches(bytes: [UInt8], pattern: [UInt8]) throws(DatabaseError) -> Bool {
        try match(bytes[...], pattern[...], byCharacter: false) == .matched
    }

    /// like_escape: rewrites a pattern with a custom escape character to use backslash.
    public static func convertEscape(_ pattern: String, escape: String) throws(DatabaseError) -> String {
        let escapeScalars = Array(escape.unicodeScalars)
        if escapeScalars.isEmpty {
            return pattern.replacingBackslashes(with: "\\\\")
        }
        guard escapeScalars.count == 1 else {
            throw DatabaseError(.invalidEscapeSequence, "invalid escape string",
                                hint: "Escape string must be empty or one character.")
        }
        let escapeCharacter = escapeScalars[0]
        if escapeCharacter == "\\" { return pattern }
        var result = String.UnicodeScalarView()
        var afterEscape = false
        for scalar in pattern.unicodeScalars {
            if scalar == escapeCharacter && !afterEscape {
                result.append("\\")
                afterEscape = true
            } else if scalar == "\\" {
                result.append("\\")
                if !afterEscape { result.append("\\") }
                afterEscape = false
            } else {
                result.append(scalar)
                afterEscape = false
            }
        }
        return String(result)
    }

    private static func nextCharacter(_ bytes: inout ArraySlice<UInt8>, byCharacter: Bool) {
        bytes = bytes.dropFirst()
        if byCharacter {
            while let first = bytes.first, first & 0xC0 == 0x80 { bytes = bytes.dropFirst() }
        }
    }

    private static func match(_ text: ArraySlice<UInt8>, _ pattern: ArraySlice<UInt8>, byCharacter: Bool)
        throws(DatabaseError) -> Outcome
    {
        var text = text, pattern = pattern
        if pattern.count == 1 && pattern.first == UInt8(ascii: "%") { return .matched }
        while let textByte = text.first, let patternByte = pattern.first {
            if patternByte == UInt8(ascii: "\\") {
                pattern = pattern.dropFirst()
                guard let literal = pattern.first else { throw escapeAtEnd }
                if literal != textByte { return .failed }
            } else if patternByte == UInt8(ascii: "%") {
                pattern = pattern.dropFirst()
                while let next = pattern.first {
                    if next == UInt8(ascii: "%") {
                        pattern = pattern.dropFirst()
                    } else if next == UInt8(ascii: "_") {
                        if text.isEmpty { return .abort }
                        nextCharacter(&text, byCharacter: byCharacter)
                        pattern = pattern.dropFirst()
                    } else {
                        break
                    }
                }
                guard let first = pattern.first else { return .matched }
                var firstLiteral = first
                if first == UInt8(ascii: "\\") {
                    guard pattern.count >= 2 else { throw escapeAtEnd }
                    firstLiteral = pattern[pattern.startIndex + 1]
                }
                while let candidate = text.first {
                    if candidate == firstLiteral {
                        let outcome = try match(text, pattern, byCharacter: byCharacter)
                        if outcome != .failed { return outcome }
                    }
                    nextCharacter(&text, byCharacter: byCharacter)
                }
                return .abort
            } else if patternByte == UInt8(ascii: "_") {
                nextCharacter(&text, byCharacter: byCharacter)
                pattern = pattern.dropFirst()
                continue
            } else if patternByte != textByte {
                return .failed
            }
            text = text.dropFirst()
            pattern = pattern.dropFirst()
        }
        if !text.isEmpty { return .failed }
        while pattern.first == UInt8(ascii: "%") { pattern = pattern.dropFirst() }
        return pattern.isEmpty ? .matched : .abort
    }
}

extension String {
    /// Every backslash replaced by `replacement`.
    func replacingBackslashes(with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == "\\" { result += replacement } else { result.append(character) }
        }
        return result
    }
}

/// Case mapping per character as PostgreSQL's lower()/upper() do with a libc UTF-8 locale:
/// one character maps to one character (so "ß" stays "ß" in upper case).
public enum StringCase {
    public static func lower(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(lower(scalar)) }
        return String(result)
    }

    public static func upper(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { $0 >= 97 && $0 <= 122 ? $0 & ~0x20 : $0 }, as: UTF8.self)
        }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(upper(scalar)) }
        return String(result)
    }

    static func lower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let mapped = scalar.properties.lowercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first! : scalar
    }

    static func upper(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let mapped = scalar.properties.uppercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first! : scalar
    }

    /// initcap: upper case after a non-alphanumeric character, lower case elsewhere.
    public static func initialCapitals(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var previousAlphanumeric = false
        for scalar in text.unicodeScalars {
            result.append(previousAlphanumeric ? lower(scalar) : upper(scalar))
            previousAlphanumeric = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        }
        return String(result)
    }
}
