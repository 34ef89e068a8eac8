// The operators of the string types and bytea: comparisons (UTF-8 byte order; character(n)
// ignores trailing spaces), concatenation || (with a non-string operand printed by its output
// function, as anytextcat does), LIKE / ILIKE (~~ ~~* !~~ !~~*), POSIX regular expressions
// (~ ~* !~ !~*), ^@ (starts with) and the pattern-order operators ~<~ ~<=~ ~>~ ~>=~.

import HeliosCore

/// String and bytea operators.
enum TextOperatorEntries {
    static func string(_ value: SQLValue) -> String {
        switch value {
        case .text(let text), .json(let text), .jsonb(let text): text
        case .character(let text): CharacterText.trimTrailingSpaces(text)
        default: ""
        }
    }

    /// Text of any value for `||` with a non-string operand: the value cast to text, which
    /// differs from its output function only for boolean ('true') and character (trimmed).
    static func display(_ value: SQLValue, _ context: EvaluationContext) -> String {
        switch value {
        case .bool(let flag): flag ? "true" : "false"
        case .text(let text): text
        case .character(let text): CharacterText.trimTrailingSpaces(text)
        default: TextFormat.format(value, settings: context.settings)
        }
    }

    static func bytes(_ value: SQLValue) -> [UInt8] {
        if case .bytes(let bytes) = value { return bytes }
        return []
    }

    private static func like(caseInsensitive: Bool, negated: Bool) -> BinaryOperation {
        { text, pattern, _ throws(DatabaseError) in
            let matched = try LikeMatcher.matches(string(text), pattern: string(pattern), caseInsensitive: caseInsensitive)
            return .bool(matched != negated)
        }
    }

    private static func regex(caseInsensitive: Bool, negated: Bool) -> BinaryOperation {
        { text, pattern, _ throws(DatabaseError) in
            let matched = try RegularExpression.matches(string(text), pattern: string(pattern), caseInsensitive: caseInsensitive)
            return .bool(matched != negated)
        }
    }

    static let entries: [OperatorEntry] = {
        var list: [OperatorEntry] = []
        let pairs: [(SQLType, SQLType, String)] = [
            (.text, .text, "text"), (.name, .name, "name"), (.name, .text, "nametext"), (.text, .name, "textname"),
            (.character, .character, "bpchar"), (.bytea, .bytea, "bytea"), (.uuid, .uuid, "uuid_"),
        ]
        for (left, right, prefix) in pairs {
            list += NumericOperatorEntries.comparisons(left, right, prefix: prefix, compare: NumericOperatorEntries.valueOrder)
        }
        let patternTests: [(String, @Sendable (Int) -> Bool)] = [("~<~", { $0 < 0 }), ("~<=~", { $0 <= 0 }), ("~>~", { $0 > 0 }), ("~>=~", { $0 >= 0 })]
        for (name, test) in patternTests {
            for (type, prefix) in [(SQLType.text, "text_pattern"), (SQLType.character, "bpchar_pattern")] {
                list.append(OperatorEntry(name, type, type, .boolean, prefix, binary: { a, b, _ throws(DatabaseError) in
                    .bool(test(SQLValue.compareBytes(string(a), string(b))))
                }))
            }
        }
        list.append(OperatorEntry("||", .text, .text, .text, "textcat", binary: { a, b, _ throws(DatabaseError) in
            .text(string(a) + string(b))
        }))
        list.append(OperatorEntry("||", .anyNonArray, .text, .text, "anytextcat", binary: { a, b, context throws(DatabaseError) in
            .text(display(a, context) + string(b))
        }))
        list.append(OperatorEntry("||", .text, .anyNonArray, .text, "textanycat", binary: { a, b, context throws(DatabaseError) in
            .text(string(a) + display(b, context))
        }))
        list.append(OperatorEntry("||", .bytea, .bytea, .bytea, "byteacat", binary: { a, b, _ throws(DatabaseError) in
            .bytes(bytes(a) + bytes(b))
        }))
        for left in [SQLType.text, .character, .name] {
            list.append(OperatorEntry("~~", left, .text, .boolean, "textlike", binary: like(caseInsensitive: false, negated: false)))
            list.append(OperatorEntry("!~~", left, .text, .boolean, "textnlike", binary: like(caseInsensitive: false, negated: true)))
            list.append(OperatorEntry("~~*", left, .text, .boolean, "texticlike", binary: like(caseInsensitive: true, negated: false)))
            list.append(OperatorEntry("!~~*", left, .text, .boolean, "texticnlike", binary: like(caseInsensitive: true, negated: true)))
            list.append(OperatorEntry("~", left, .text, .boolean, "textregexeq", binary: regex(caseInsensitive: false, negated: false)))
            list.append(OperatorEntry("!~", left, .text, .boolean, "textregexne", binary: regex(caseInsensitive: false, negated: true)))
            list.append(OperatorEntry("~*", left, .text, .boolean, "texticregexeq", binary: regex(caseInsensitive: true, negated: false)))
            list.append(OperatorEntry("!~*", left, .text, .boolean, "texticregexne", binary: regex(caseInsensitive: true, negated: true)))
        }
        list.append(OperatorEntry("~~", .bytea, .bytea, .boolean, "bytealike", binary: { a, b, _ throws(DatabaseError) in
            .bool(try LikeMatcher.matches(bytes: bytes(a), pattern: bytes(b)))
        }))
        list.append(OperatorEntry("!~~", .bytea, .bytea, .boolean, "byteanlike", binary: { a, b, _ throws(DatabaseError) in
            .bool(!(try LikeMatcher.matches(bytes: bytes(a), pattern: bytes(b))))
        }))
        list.append(OperatorEntry("^@", .text, .text, .boolean, "starts_with", binary: { a, b, _ throws(DatabaseError) in
            .bool(string(a).utf8.starts(with: string(b).utf8))
        }))
        return list
    }()
}
