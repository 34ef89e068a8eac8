// A statement reduced to its template: the same statement with other constants is the same
// template. As pg_stat_statements does, constants become `$n` (numbered after the statement's own
// parameters) and the id comes from the tokens, so spacing, comments and the case of unquoted
// words do not matter; the text is the first occurrence's, constants replaced. Lists of
// constants after IN count as one (`IN ($1, ...)`), so an ORM's IN lists of varying length
// share a template. TRUE, FALSE and NULL stay, as they select different plans.
//
// The query path only hashes the tokens the parser already made; the text is built when a
// template is new to a session's buffer.

package import HeliosSQL

package struct StatementTemplate: Sendable {
    /// Stable across runs and servers: a 64-bit FNV-1a hash of the normalized tokens.
    package let id: Int64
    private let tokens: ArraySlice<Token>
    private let source: String
    /// Where `source` starts in the text the tokens' ranges count in.
    private let offset: Int

    /// The template of a statement as the parser delivered it.
    package static func of(_ parsed: ParsedStatement) -> StatementTemplate? {
        if parsed.tokens.isEmpty { return of(parsed.text) }
        return StatementTemplate(tokens: parsed.tokens, source: parsed.text, offset: parsed.sourceRange.lowerBound)
    }

    /// The template of `sql` (one statement); nil when it does not lex (it would not have run).
    package static func of(_ sql: String) -> StatementTemplate? {
        guard let tokens = try? Lexer.tokenize(sql) else { return nil }
        return StatementTemplate(tokens: tokens[...].prefix { $0.kind != .endOfInput }, source: sql, offset: 0)
    }

    private init(tokens: ArraySlice<Token>, source: String, offset: Int) {
        self.tokens = tokens.last?.kind == .semicolon ? tokens.dropLast() : tokens
        self.source = source
        self.offset = offset
        var hash = FNV1a()
        Self.walk(self.tokens) { token, constant in
            if let constant { hash.add(constant.isList ? "(?...)" : "?") } else if let token {
                hash.add(token.kind == .quotedIdentifier ? "\"" + token.text : token.text)
            }
        }
        id = Int64(bitPattern: hash.value)
    }

    /// The statement text with constants replaced by `$n`.
    package var text: String {
        var firstFreeParameter = 1
        for token in tokens where token.kind == .parameter {
            firstFreeParameter = max(firstFreeParameter, (Int(token.text) ?? 0) + 1)
        }
        let scalars = Array(source.unicodeScalars)
        var text = String.UnicodeScalarView()
        var copied = tokens.first.map { $0.range.lowerBound - offset } ?? 0
        var number = firstFreeParameter
        Self.walk(tokens) { _, constant in
            guard let constant else { return }
            let start = min(max(constant.start - offset, copied), scalars.count)
            text.append(contentsOf: scalars[copied..<start])
            text.append(contentsOf: (constant.isList ? "$\(number), ..." : "$\(number)").unicodeScalars)
            number += 1
            copied = min(constant.end - offset, scalars.count)
        }
        let end = min((tokens.last?.range.upperBound ?? 0) - offset, scalars.count)
        if copied < end { text.append(contentsOf: scalars[copied..<end]) }
        return String(text)
    }

    /// A constant stretch of the text: one literal, or the constants of an IN list.
    private struct Constant {
        var start: Int
        var end: Int
        var isList: Bool
    }

    /// Calls `visit` with each token that is not part of a constant, and once per constant.
    private static func walk(_ tokens: ArraySlice<Token>, _ visit: (Token?, Constant?) -> Void) {
        var index = tokens.startIndex
        while index < tokens.endIndex {
            if let end = constantList(in: tokens, at: index) {
                visit(tokens[index], nil)  // the `(`
                visit(nil, Constant(start: tokens[index + 1].range.lowerBound, end: tokens[end - 1].range.upperBound, isList: true))
                visit(tokens[end], nil)  // the `)`
                index = end + 1
            } else if let end = constant(in: tokens, at: index) {
                visit(nil, Constant(start: tokens[index].range.lowerBound, end: tokens[end].range.upperBound, isList: false))
                index = end + 1
            } else {
                visit(tokens[index], nil)
                index += 1
            }
        }
    }

    /// A literal starting at `index` (with a sign folded in, as PostgreSQL's parser folds
    /// `-1`): the index of its last token.
    private static func constant(in tokens: ArraySlice<Token>, at index: Int) -> Int? {
        switch tokens[index].kind {
        case .string, .bitString, .hexString, .integer, .numeric:
            return index
        case .operator where (tokens[index].text == "-" || tokens[index].text == "+") && index + 1 < tokens.endIndex:
            let next = tokens[index + 1].kind
            guard next == .integer || next == .numeric else { return nil }
            // A sign, not a subtraction: nothing that ends an operand stands before it.
            if index > tokens.startIndex {
                let previous = tokens[index - 1]
                switch previous.kind {
                case .identifier where previous.keyword == nil || previous.keyword?.category != .reserved: return nil
                case .quotedIdentifier, .string, .integer, .numeric, .parameter, .rightParenthesis, .rightBracket: return nil
                default: break
                }
            }
            return index + 1
        default:
            return nil
        }
    }

    /// `IN (c, c, ...)`, constants only: the index of the `)` when `index` is the `(` after IN.
    private static func constantList(in tokens: ArraySlice<Token>, at index: Int) -> Int? {
        guard tokens[index].kind == .leftParenthesis, index > tokens.startIndex, tokens[index - 1].keyword == .in else { return nil }
        var position = index + 1
        while position < tokens.endIndex {
            guard let end = constant(in: tokens, at: position), end + 1 < tokens.endIndex else { return nil }
            position = end + 1
            if tokens[position].kind == .rightParenthesis { return position }
            guard tokens[position].kind == .comma else { return nil }
            position += 1
        }
        return nil
    }
}

/// 64-bit FNV-1a over the UTF-8 of what is added, with a separator between additions.
private struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 { mix(byte) }
        mix(0x1f)
    }

    private mutating func mix(_ byte: UInt8) {
        value ^= UInt64(byte)
        value &*= 0x100_0000_01b3
    }
}
