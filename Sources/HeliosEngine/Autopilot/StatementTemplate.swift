// A statement reduced to its template: the same statement with other constants is the same
// template. As pg_stat_statements does, constants become `$n` (numbered after the statement's own
// parameters) and the id comes from the tokens, so spacing, comments and the case of unquoted
// words do not matter; the text is the first occurrence's, constants replaced. Lists of
// constants after IN count as one (`IN ($1, ...)`), so an ORM's IN lists of varying length
// share a template. Reserved words keep their spelling; TRUE, FALSE and NULL stay, as they
// select different plans (and partial indexes).

import HeliosSQL

package struct StatementTemplate: Sendable, Hashable {
    /// Stable across runs and servers: a 64-bit FNV-1a hash of the normalized tokens.
    package let id: Int64
    /// The statement text with constants replaced by `$n`.
    package let text: String

    /// The template of `sql` (one statement); nil when it does not lex (it would not have run).
    package static func of(_ sql: String) -> StatementTemplate? {
        guard let tokens = try? Lexer.tokenize(sql) else { return nil }
        var hash = FNV1a()
        var firstFreeParameter = 1
        for token in tokens where token.kind == .parameter {
            firstFreeParameter = max(firstFreeParameter, (Int(token.text) ?? 0) + 1)
        }
        // Constant stretches of the text (token index ranges), each becoming one `$n`.
        var constants: [(first: Int, last: Int, isList: Bool)] = []
        var index = 0
        while index < tokens.count, tokens[index].kind != .endOfInput {
            if let end = constantList(in: tokens, at: index) {
                constants.append((index + 1, end - 1, true))
                hash.add("(?...)")
                index = end + 1
                continue
            }
            if let end = constant(in: tokens, at: index) {
                constants.append((index, end, false))
                hash.add("?")
                index = end + 1
                continue
            }
            let token = tokens[index]
            hash.add(token.kind == .quotedIdentifier ? "\"" + token.text : token.text)
            index += 1
        }
        let scalars = Array(sql.unicodeScalars)
        var text = String.UnicodeScalarView()
        var copied = tokens.first?.range.lowerBound ?? 0
        var number = firstFreeParameter
        for (first, last, isList) in constants {
            text.append(contentsOf: scalars[copied..<tokens[first].range.lowerBound])
            text.append(contentsOf: (isList ? "$\(number), ..." : "$\(number)").unicodeScalars)
            number += 1
            copied = tokens[last].range.upperBound
        }
        let end = tokens.last(where: { $0.kind != .endOfInput && $0.kind != .semicolon })?.range.upperBound ?? copied
        if copied < end { text.append(contentsOf: scalars[copied..<end]) }
        return StatementTemplate(id: Int64(bitPattern: hash.value), text: String(text))
    }

    /// A literal starting at `index` (with a sign folded in, as PostgreSQL's parser folds
    /// `-1`): the index of its last token.
    private static func constant(in tokens: [Token], at index: Int) -> Int? {
        switch tokens[index].kind {
        case .string, .bitString, .hexString, .integer, .numeric:
            return index
        case .operator where (tokens[index].text == "-" || tokens[index].text == "+") && index + 1 < tokens.count:
            let next = tokens[index + 1].kind
            guard next == .integer || next == .numeric else { return nil }
            // A sign, not a subtraction: nothing that ends an operand stands before it.
            if index > 0 {
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

    /// `IN (c, c, ...)`, constants only: the index of the `)` when `index` is the
    /// `(` after IN.
    private static func constantList(in tokens: [Token], at index: Int) -> Int? {
        guard tokens[index].kind == .leftParenthesis, index > 0, tokens[index - 1].keyword == .in else { return nil }
        var position = index + 1
        var count = 0
        while position < tokens.count {
            guard let end = constant(in: tokens, at: position) else { return nil }
            count += 1
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
