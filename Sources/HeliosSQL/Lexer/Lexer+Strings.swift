// Quoted forms of PostgreSQL's lexer: standard strings with `''`, E'' strings with backslash
// escapes, U&'' and U&"" with Unicode escapes, dollar quoting, B'' and X'' bit strings, quoted
// identifiers. Adjacent string constants separated by whitespace holding a newline are joined.

import HeliosCore

extension SQLState {
    static let invalidEscapeSequence = SQLState("22025")
}

extension Lexer {
    /// `'...'` with `''` for a quote; backslashes are ordinary (standard_conforming_strings = on).
    mutating func standardString(start: Int) throws(DatabaseError) -> Token {
        var value = String.UnicodeScalarView()
        offset = start
        try readQuotedSegments(start: start, message: "unterminated quoted string") { character, _ in
            value.append(character)
            return true
        }
        return Token(kind: .string, text: String(value), range: start..<offset)
    }

    /// `E'...'`: backslash escapes `\b \f \n \r \t`, octal `\ooo`, `\xHH`, `\uXXXX`, `\UXXXXXXXX`.
    mutating func escapeString(start: Int) throws(DatabaseError) -> Token {
        var bytes: [UInt8] = []
        var pendingHighSurrogate: UInt32?
        offset = start + 1
        var escapeError: DatabaseError?
        try readQuotedSegments(start: start, message: "unterminated quoted string", backslashEscapes: true) {
            character, lexer in
            if pendingHighSurrogate != nil && character != "\\" {
                escapeError = lexer.unicodeEscapeError(at: lexer.offset - 1)
                return false
            }
            guard character == "\\" else {
                bytes.append(contentsOf: Array(String(character).utf8))
                return true
            }
            guard lexer.offset < lexer.scalars.count else { return true }
            let escaped = lexer.scalars[lexer.offset]
            let escapeStart = lexer.offset - 1
            lexer.offset += 1
            if pendingHighSurrogate != nil && escaped != "u" && escaped != "U" {
                escapeError = lexer.unicodeEscapeError(at: escapeStart)
                return false
            }
            switch escaped {
            case "b": bytes.append(8)
            case "f": bytes.append(12)
            case "n": bytes.append(10)
            case "r": bytes.append(13)
            case "t": bytes.append(9)
            case "0"..."7":
                var value = escaped.value - 48
                for _ in 0..<2 {
                    guard lexer.offset < lexer.scalars.count, ("0"..."7").contains(lexer.scalars[lexer.offset]) else { break }
                    value = value * 8 + lexer.scalars[lexer.offset].value - 48
                    lexer.offset += 1
                }
                bytes.append(UInt8(truncatingIfNeeded: value))
            case "x":
                var value: UInt32 = 0
                var digitCount = 0
                while digitCount < 2, lexer.offset < lexer.scalars.count,
                      let digit = Lexer.hexadecimalValue(lexer.scalars[lexer.offset]) {
                    value = value * 16 + digit
                    digitCount += 1
                    lexer.offset += 1
                }
                if digitCount == 0 { bytes.append(UInt8(ascii: "x")) } else { bytes.append(UInt8(value)) }
            case "u", "U":
                let digitCount = escaped == "u" ? 4 : 8
                var value: UInt32 = 0
                for _ in 0..<digitCount {
                    guard lexer.offset < lexer.scalars.count,
                          let digit = Lexer.hexadecimalValue(lexer.scalars[lexer.offset]) else {
                        escapeError = lexer.unicodeEscapeError(at: escapeStart)
                        return false
                    }
                    value = value &* 16 &+ digit
                    lexer.offset += 1
                }
                if let high = pendingHighSurrogate {
                    guard (0xDC00...0xDFFF).contains(value) else {
                        escapeError = lexer.unicodeEscapeError(at: escapeStart)
                        return false
                    }
                    value = 0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)
                    pendingHighSurrogate = nil
                } else if (0xD800...0xDBFF).contains(value) {
                    pendingHighSurrogate = value
                    return true
                } else if (0xDC00...0xDFFF).contains(value) {
                    escapeError = lexer.unicodeEscapeError(at: escapeStart)
                    return false
                }
                guard let scalar = Unicode.Scalar(value), value != 0 else {
                    escapeError = DatabaseError(.invalidEscapeSequence, "invalid Unicode escape value",
                                                position: escapeStart + 1)
                    return false
                }
                bytes.append(contentsOf: Array(String(scalar).utf8))
            default:
                bytes.append(contentsOf: Array(String(escaped).utf8))
            }
            return true
        }
        if let escapeError { throw escapeError }
        if pendingHighSurrogate != nil { throw unicodeEscapeError(at: offset - 1) }
        if let invalid = Lexer.firstInvalidByte(bytes) {
            throw DatabaseError(.characterNotInRepertoire,
                                "invalid byte sequence for encoding \"UTF8\": 0x" + Lexer.hex(invalid))
        }
        return Token(kind: .string, text: String(decoding: bytes, as: UTF8.self), range: start..<offset)
    }

    func unicodeEscapeError(at position: Int) -> DatabaseError {
        DatabaseError(.invalidEscapeSequence, "invalid Unicode escape",
                      hint: "Unicode escapes must be \\uXXXX or \\UXXXXXXXX.", position: position + 1)
    }

    /// Reads `'...'` segments from `offset` (at the opening quote, after any prefix letter),
    /// joining segments parted by whitespace with a newline; calls `accept` for each character,
    /// a `''` pair reaching it as one `'`. Leaves `offset` after the last closing quote.
    mutating func readQuotedSegments(
        start: Int, message: String, backslashEscapes: Bool = false,
        accept: (Unicode.Scalar, inout Lexer) -> Bool
    ) throws(DatabaseError) {
        precondition(scalars[offset] == "'", "a quoted segment starts at a quote")
        offset += 1
        while true {
            guard offset < scalars.count else { throw error(message, at: start) }
            let character = scalars[offset]
            offset += 1
            if character == "'" {
                if offset < scalars.count && scalars[offset] == "'" {
                    offset += 1
                    if !accept("'", &self) { return }
                    continue
                }
                guard let next = continuationQuote() else { return }
                offset = next + 1
                continue
            }
            if backslashEscapes && character == "\\" {
                if !accept(character, &self) { return }
                continue
            }
            if !accept(character, &self) { return }
        }
    }

    /// The offset of a quote that continues the string just closed, if whitespace with a newline
    /// (and perhaps `--` comments) is all that stands between them.
    func continuationQuote() -> Int? {
        var cursor = offset
        var sawNewline = false
        while cursor < scalars.count {
            let character = scalars[cursor]
            if character == "\n" || character == "\r" {
                sawNewline = true
                cursor += 1
            } else if Lexer.isWhitespace(character) {
                cursor += 1
            } else if character == "-" && cursor + 1 < scalars.count && scalars[cursor + 1] == "-" {
                while cursor < scalars.count && scalars[cursor] != "\n" && scalars[cursor] != "\r" { cursor += 1 }
            } else if character == "'" && sawNewline {
                return cursor
            } else {
                return nil
            }
        }
        return nil
    }

    /// `B'...'` or `X'...'`.
    mutating func bitString(start: Int, hexadecimal: Bool) throws(DatabaseError) -> Token {
        var value = String.UnicodeScalarView()
        offset = start + 1
        let message = hexadecimal ? "unterminated hexadecimal string literal" : "unterminated bit string literal"
        try readQuotedSegments(start: start, message: message) { character, _ in
            value.append(character)
            return true
        }
        return Token(kind: hexadecimal ? .hexString : .bitString, text: String(value), range: start..<offset)
    }

    /// `"..."` with `""` for a quote; empty names are rejected.
    mutating func quotedIdentifier(start: Int, contentStart: Int, unicode: Bool) throws(DatabaseError) -> Token {
        var value = String.UnicodeScalarView()
        offset = contentStart
        while true {
            guard offset < scalars.count else { throw error("unterminated quoted identifier", at: start) }
            let character = scalars[offset]
            offset += 1
            if character == "\"" {
                if offset < scalars.count && scalars[offset] == "\"" {
                    value.append("\"")
                    offset += 1
                    continue
                }
                break
            }
            value.append(character)
        }
        guard !value.isEmpty else { throw error("zero-length delimited identifier", at: start, through: offset) }
        var name = String(value)
        if unicode { name = try decodeUnicodeEscapes(name, start: start, end: offset) }
        return Token(kind: .quotedIdentifier, text: Lexer.truncatedIdentifier(name), range: start..<offset)
    }

    /// `U&'...'` or `U&"..."`, with an optional `UESCAPE 'c'` after it.
    mutating func unicodeQuoted(start: Int) throws(DatabaseError) -> Token {
        var token: Token
        if scalars[start + 2] == "\"" {
            token = try quotedIdentifier(start: start, contentStart: start + 3, unicode: false)
            token.kind = .quotedIdentifier
        } else {
            offset = start + 2
            var value = String.UnicodeScalarView()
            try readQuotedSegments(start: start, message: "unterminated quoted string") { character, _ in
                value.append(character)
                return true
            }
            token = Token(kind: .string, text: String(value), range: start..<offset)
        }
        let escapeCharacter = try unicodeEscapeClause()
        token.text = try decodeUnicodeEscapes(token.text, start: start, end: offset, escape: escapeCharacter)
        token.range = start..<offset
        if token.kind == .quotedIdentifier { token.text = Lexer.truncatedIdentifier(token.text) }
        return token
    }

    /// Reads `UESCAPE 'c'` if it follows; returns the escape character (default backslash).
    mutating func unicodeEscapeClause() throws(DatabaseError) -> Unicode.Scalar {
        let saved = offset
        try skipWhitespaceAndComments()
        let word = "uescape".unicodeScalars
        guard offset + word.count <= scalars.count,
              zip(scalars[offset..<offset + word.count], word).allSatisfy({ $0.properties.lowercaseMapping == String($1) })
        else {
            offset = saved
            return "\\"
        }
        let clauseStart = offset
        offset += word.count
        try skipWhitespaceAndComments()
        guard offset + 2 < scalars.count, scalars[offset] == "'", scalars[offset + 2] == "'" else {
            throw error("invalid Unicode escape character", at: clauseStart)
        }
        let escape = scalars[offset + 1]
        if Lexer.hexadecimalValue(escape) != nil || escape == "+" || escape == "'" || escape == "\""
            || Lexer.isWhitespace(escape) {
            throw error("invalid Unicode escape character", at: offset)
        }
        offset += 3
        return escape
    }

    /// Replaces `\XXXX` and `\+XXXXXX` (with `escape` for the backslash) by the characters named.
    func decodeUnicodeEscapes(_ text: String, start: Int, end: Int, escape: Unicode.Scalar = "\\") throws(DatabaseError) -> String {
        let characters = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        var pendingHighSurrogate: UInt32?
        while index < characters.count {
            let character = characters[index]
            guard character == escape else {
                if pendingHighSurrogate != nil { throw surrogateError(start) }
                result.append(character)
                index += 1
                continue
            }
            if index + 1 < characters.count && characters[index + 1] == escape {
                result.append(escape)
                index += 2
                continue
            }
            var digitCount = 4
            var cursor = index + 1
            if cursor < characters.count && characters[cursor] == "+" {
                digitCount = 6
                cursor += 1
            }
            var value: UInt32 = 0
            for _ in 0..<digitCount {
                guard cursor < characters.count, let digit = Lexer.hexadecimalValue(characters[cursor]) else {
                    throw DatabaseError(.syntaxError, "invalid Unicode escape",
                                        hint: "Unicode escapes must be \\XXXX or \\+XXXXXX.", position: start + 1)
                }
                value = value * 16 + digit
                cursor += 1
            }
            index = cursor
            if let high = pendingHighSurrogate {
                guard (0xDC00...0xDFFF).contains(value) else { throw surrogateError(start) }
                value = 0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)
                pendingHighSurrogate = nil
            } else if (0xD800...0xDBFF).contains(value) {
                pendingHighSurrogate = value
                continue
            } else if (0xDC00...0xDFFF).contains(value) {
                throw surrogateError(start)
            }
            guard value != 0, let scalar = Unicode.Scalar(value) else {
                throw DatabaseError(.syntaxError, "invalid Unicode escape value", position: start + 1)
            }
            result.append(scalar)
        }
        // A high surrogate left without its pair is reported at the closing quote, as PostgreSQL does.
        if pendingHighSurrogate != nil { throw surrogateError(end - 1) }
        return String(result)
    }

    func surrogateError(_ start: Int) -> DatabaseError {
        DatabaseError(.syntaxError, "invalid Unicode surrogate pair", position: start + 1)
    }

    /// `$tag$...$tag$`, or nil when the `$` does not open a dollar quote.
    mutating func dollarQuotedString(start: Int) throws(DatabaseError) -> Token? {
        var cursor = start + 1
        if cursor < scalars.count && Lexer.isIdentifierStart(scalars[cursor]) {
            cursor += 1
            while cursor < scalars.count && (Lexer.isIdentifierStart(scalars[cursor]) || Lexer.isDigit(scalars[cursor])) {
                cursor += 1
            }
        }
        guard cursor < scalars.count && scalars[cursor] == "$" else { return nil }
        let delimiter = Array(scalars[start...cursor])
        let contentStart = cursor + 1
        var search = contentStart
        while search + delimiter.count <= scalars.count {
            if scalars[search] == "$" && Array(scalars[search..<search + delimiter.count]) == delimiter {
                offset = search + delimiter.count
                return Token(kind: .string, text: text(contentStart..<search), range: start..<offset)
            }
            search += 1
        }
        throw error("unterminated dollar-quoted string", at: start)
    }

    static func hexadecimalValue(_ character: Unicode.Scalar) -> UInt32? {
        switch character {
        case "0"..."9": return character.value - 48
        case "a"..."f": return character.value - 87
        case "A"..."F": return character.value - 55
        default: return nil
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    /// The first byte of `bytes` that does not begin valid UTF-8 (NUL counts as invalid, as in PostgreSQL).
    static func firstInvalidByte(_ bytes: [UInt8]) -> UInt8? {
        if let zero = bytes.firstIndex(of: 0) { return bytes[zero] }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var index = 0
        var consumed = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += String(scalar).utf8.count
                index = consumed
            case .emptyInput:
                return nil
            case .error:
                return bytes[min(index, bytes.count - 1)]
            }
        }
    }
}
