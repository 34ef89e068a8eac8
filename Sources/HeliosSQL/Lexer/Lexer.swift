// PostgreSQL's lexical rules (src/backend/parser/scan.l, version 15): words folded to lower case,
// numbers with "trailing junk" checks, operators with the rules for trailing `+` and `-`,
// comments (`--` and nested `/* */`), parameters, punctuation. Strings live in Lexer+Strings.swift.

public import HeliosCore

/// Turns SQL text into tokens. Positions count Unicode scalars, as PostgreSQL counts characters.
public struct Lexer {
    /// The longest identifier PostgreSQL keeps, in bytes (NAMEDATALEN - 1); longer ones are cut.
    public static let maximumIdentifierByteCount = 63

    let scalars: [Unicode.Scalar]
    var offset = 0

    public init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    /// All tokens of `text`, ending with one `.endOfInput` token.
    public static func tokenize(_ text: String) throws(DatabaseError) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.nextToken()
            tokens.append(token)
            if token.kind == .endOfInput { return tokens }
        }
    }

    /// The next token, or `.endOfInput` once the text is used up.
    public mutating func nextToken() throws(DatabaseError) -> Token {
        try skipWhitespaceAndComments()
        guard offset < scalars.count else {
            return Token(kind: .endOfInput, text: "", range: scalars.count..<scalars.count)
        }
        let start = offset
        let character = scalars[offset]
        let next = peek(1)
        switch character {
        case "'":
            return try standardString(start: start)
        case "\"":
            return try quotedIdentifier(start: start, contentStart: start + 1, unicode: false)
        case "e", "E", "b", "B", "x", "X", "u", "U", "n", "N":
            if let token = try prefixedQuote(start: start, letter: character, next: next) { return token }
            return identifier(start: start)
        case "$":
            if let next, Lexer.isDigit(next) { return try parameter(start: start) }
            if let token = try dollarQuotedString(start: start) { return token }
            offset += 1
            return Token(kind: .other, text: "$", range: start..<offset)
        case "0"..."9":
            return try number(start: start)
        case ".":
            if let next, Lexer.isDigit(next) { return try number(start: start) }
            if next == "." {
                offset += 2
                return Token(kind: .dotDot, text: "..", range: start..<offset)
            }
            return single(.dot, start)
        case ",": return single(.comma, start)
        case ";": return single(.semicolon, start)
        case "(": return single(.leftParenthesis, start)
        case ")": return single(.rightParenthesis, start)
        case "[": return single(.leftBracket, start)
        case "]": return single(.rightBracket, start)
        case ":":
            if next == ":" {
                offset += 2
                return Token(kind: .typeCast, text: "::", range: start..<offset)
            }
            if next == "=" {
                offset += 2
                return Token(kind: .colonEquals, text: ":=", range: start..<offset)
            }
            return single(.colon, start)
        default:
            if Lexer.isOperatorCharacter(character) { return try operatorToken(start: start) }
            if Lexer.isIdentifierStart(character) { return identifier(start: start) }
            return single(.other, start)
        }
    }

    /// `E'...'`, `B'...'`, `X'...'`, `U&'...'`, `U&"..."`, `N'...'`, or nil for a plain word.
    mutating func prefixedQuote(start: Int, letter: Unicode.Scalar, next: Unicode.Scalar?) throws(DatabaseError) -> Token? {
        let lower = letter.properties.lowercaseMapping
        if next == "'" {
            switch lower {
            case "e": return try escapeString(start: start)
            case "b": return try bitString(start: start, hexadecimal: false)
            case "x": return try bitString(start: start, hexadecimal: true)
            case "n":
                // N'...' is the national character type followed by a string, as in PostgreSQL.
                offset += 1
                return Token(kind: .identifier, text: "nchar", keyword: .nchar, range: start..<start + 1)
            default: return nil
            }
        }
        if lower == "u" && next == "&" && (peek(2) == "'" || peek(2) == "\"") {
            return try unicodeQuoted(start: start)
        }
        return nil
    }

    // MARK: - Characters

    func peek(_ distance: Int) -> Unicode.Scalar? {
        offset + distance < scalars.count ? scalars[offset + distance] : nil
    }

    static func isDigit(_ character: Unicode.Scalar) -> Bool { ("0"..."9").contains(character) }

    static func isIdentifierStart(_ character: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(character) || ("A"..."Z").contains(character) || character == "_"
            || character.value >= 0x80
    }

    static func isIdentifierContinuation(_ character: Unicode.Scalar) -> Bool {
        isIdentifierStart(character) || isDigit(character) || character == "$"
    }

    static func isOperatorCharacter(_ character: Unicode.Scalar) -> Bool {
        "~!@#^&|`?+-*/%<>=".unicodeScalars.contains(character)
    }

    static func isWhitespace(_ character: Unicode.Scalar) -> Bool {
        character == " " || character == "\t" || character == "\n" || character == "\r" || character == "\u{0C}"
    }

    func text(_ range: Range<Int>) -> String {
        Lexer.string(scalars[range.clamped(to: 0..<scalars.count)])
    }

    /// `scalars` as a String, ASCII capitals lower-cased when `folding`. Written as UTF-8 into
    /// the string's own storage: appending scalar by scalar to a String.UnicodeScalarView was
    /// a tenth of a simple-protocol pgbench -S statement's cost.
    static func string(_ scalars: ArraySlice<Unicode.Scalar>, folding: Bool = false) -> String {
        String(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
            var count = 0
            for scalar in scalars {
                if scalar.isASCII {
                    let byte = UInt8(truncatingIfNeeded: scalar.value)
                    buffer[count] = folding && byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte
                    count += 1
                } else {
                    UTF8.encode(scalar) { unit in
                        buffer[count] = unit
                        count += 1
                    }
                }
            }
            return count
        }
    }

    mutating func single(_ kind: Token.Kind, _ start: Int) -> Token {
        offset += 1
        return Token(kind: kind, text: text(start..<offset), range: start..<offset)
    }

    /// A lexical error in PostgreSQL's form: `message at or near "rest of the token"`.
    func error(_ message: String, at start: Int, through end: Int? = nil,
               state: SQLState = .syntaxError) -> DatabaseError {
        let nearText = text(start..<(end ?? scalars.count))
        return DatabaseError(state, "\(message) at or near \"\(nearText)\"", position: start + 1)
    }

    // MARK: - Whitespace and comments

    mutating func skipWhitespaceAndComments() throws(DatabaseError) {
        while offset < scalars.count {
            let character = scalars[offset]
            if Lexer.isWhitespace(character) {
                offset += 1
            } else if character == "-" && peek(1) == "-" {
                while offset < scalars.count && scalars[offset] != "\n" && scalars[offset] != "\r" { offset += 1 }
            } else if character == "/" && peek(1) == "*" {
                try skipBlockComment()
            } else {
                return
            }
        }
    }

    /// Skips a `/* ... */` comment; comments nest, as in PostgreSQL.
    mutating func skipBlockComment() throws(DatabaseError) {
        let start = offset
        var depth = 0
        while offset < scalars.count {
            if scalars[offset] == "/" && peek(1) == "*" {
                depth += 1
                offset += 2
            } else if scalars[offset] == "*" && peek(1) == "/" {
                depth -= 1
                offset += 2
                if depth == 0 { return }
            } else {
                offset += 1
            }
        }
        throw error("unterminated /* comment", at: start)
    }

    // MARK: - Words, numbers, parameters, operators

    mutating func identifier(start: Int) -> Token {
        while offset < scalars.count && Lexer.isIdentifierContinuation(scalars[offset]) { offset += 1 }
        let word = Lexer.string(scalars[start..<offset], folding: true)
        return Token(kind: .identifier, text: Lexer.truncatedIdentifier(word), keyword: Keyword.named(word),
                     range: start..<offset)
    }

    /// An identifier cut to 63 bytes at a character boundary, as PostgreSQL does (with a notice).
    static func truncatedIdentifier(_ name: String) -> String {
        guard name.utf8.count > maximumIdentifierByteCount else { return name }
        var result = String.UnicodeScalarView()
        var byteCount = 0
        for character in name.unicodeScalars {
            let size = String(character).utf8.count
            if byteCount + size > maximumIdentifierByteCount { break }
            byteCount += size
            result.append(character)
        }
        return String(result)
    }

    mutating func number(start: Int) throws(DatabaseError) -> Token {
        var isNumeric = false
        while offset < scalars.count && Lexer.isDigit(scalars[offset]) { offset += 1 }
        if offset < scalars.count && scalars[offset] == "." && peek(1) != "." {
            isNumeric = true
            offset += 1
            while offset < scalars.count && Lexer.isDigit(scalars[offset]) { offset += 1 }
        }
        if offset < scalars.count && (scalars[offset] == "e" || scalars[offset] == "E") {
            var cursor = offset + 1
            if cursor < scalars.count && (scalars[cursor] == "+" || scalars[cursor] == "-") { cursor += 1 }
            if cursor < scalars.count && Lexer.isDigit(scalars[cursor]) {
                isNumeric = true
                offset = cursor
                while offset < scalars.count && Lexer.isDigit(scalars[offset]) { offset += 1 }
            } else {
                throw junk("trailing junk after numeric literal", start: start)
            }
        }
        if offset < scalars.count && Lexer.isIdentifierStart(scalars[offset]) {
            throw junk("trailing junk after numeric literal", start: start)
        }
        return Token(kind: isNumeric ? .numeric : .integer, text: text(start..<offset), range: start..<offset)
    }

    /// The "trailing junk" error: the number and the word glued to it.
    mutating func junk(_ message: String, start: Int) -> DatabaseError {
        while offset < scalars.count && Lexer.isIdentifierContinuation(scalars[offset]) { offset += 1 }
        return error(message, at: start, through: offset)
    }

    mutating func parameter(start: Int) throws(DatabaseError) -> Token {
        offset += 1
        while offset < scalars.count && Lexer.isDigit(scalars[offset]) { offset += 1 }
        if offset < scalars.count && Lexer.isIdentifierStart(scalars[offset]) {
            throw junk("trailing junk after parameter", start: start)
        }
        let digits = text(start + 1..<offset)
        guard let number = Int32(digits), number > 0 else {
            throw DatabaseError(SQLState("42P02"), "there is no parameter $\(digits)", position: start + 1)
        }
        return Token(kind: .parameter, text: String(number), range: start..<offset)
    }

    /// An operator: the longest run of operator characters, cut before a comment start, with
    /// trailing `+`/`-` given back unless the operator holds one of `~!@#^&|`?%` (so `a=-1` works).
    mutating func operatorToken(start: Int) throws(DatabaseError) -> Token {
        var end = start
        while end < scalars.count && Lexer.isOperatorCharacter(scalars[end]) {
            if end > start && ((scalars[end - 1] == "/" && scalars[end] == "*")
                || (scalars[end - 1] == "-" && scalars[end] == "-")) {
                end -= 1
                break
            }
            end += 1
        }
        var length = end - start
        if length > 1 && (scalars[end - 1] == "+" || scalars[end - 1] == "-") {
            let special = scalars[start..<end].contains { "~!@#^&|`?%".unicodeScalars.contains($0) }
            if !special {
                while length > 1 && (scalars[start + length - 1] == "+" || scalars[start + length - 1] == "-") {
                    length -= 1
                }
            }
        }
        offset = start + length
        var spelling = text(start..<offset)
        if length == 2 {
            if spelling == "=>" { return Token(kind: .equalsGreater, text: "=>", range: start..<offset) }
            if spelling == "!=" { spelling = "<>" }
        }
        guard spelling.utf8.count <= Lexer.maximumIdentifierByteCount else {
            throw error("operator too long", at: start, through: offset)
        }
        return Token(kind: .operator, text: spelling, range: start..<offset)
    }
}
