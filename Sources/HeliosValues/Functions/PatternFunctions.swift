// Regular-expression functions: regexp_replace (replacement with \1...\9, \& and \\; flag g for
// all matches; PostgreSQL 15's start and N forms), regexp_match, regexp_matches (set-returning),
// regexp_split_to_array / _to_table, regexp_count, regexp_like, and substring(x from pattern)
// in both the POSIX and the SIMILAR TO ("escape-double-quote") forms.

import HeliosCore

/// Regular-expression functions.
enum PatternFunctions {
    static func text(_ value: SQLValue) -> String { TextOperatorEntries.string(value) }

    /// The text[] regexp_match returns for one match.
    static func matchArray(_ text: String, _ match: (range: Range<String.Index>, groups: [Substring?])) -> SQLValue {
        let elements: [SQLValue] = match.groups.isEmpty
            ? [.text(String(text[match.range]))]
            : match.groups.map { $0.map { .text(String($0)) } ?? .null }
        return .array(SQLArray(elementType: .text, elements: elements))
    }

    /// Expands \1...\9, \& and \\ in a replacement string.
    static func expand(_ replacement: String, in text: String, _ match: (range: Range<String.Index>, groups: [Substring?])) -> String {
        var result = ""
        var characters = replacement[...]
        while let character = characters.first {
            characters = characters.dropFirst()
            guard character == "\\", let next = characters.first else {
                result.append(character)
                continue
            }
            if let digit = next.wholeNumberValue, digit >= 1 && digit <= 9 {
                characters = characters.dropFirst()
                if digit <= match.groups.count, let group = match.groups[digit - 1] { result += group }
            } else if next == "&" {
                characters = characters.dropFirst()
                result += text[match.range]
            } else if next == "\\" {
                characters = characters.dropFirst()
                result.append("\\")
            } else {
                result.append("\\")
            }
        }
        return result
    }

    /// regexp_replace(source, pattern, replacement, start, occurrence, flags).
    static func replace(_ source: String, pattern: String, replacement: String, start: Int64 = 1, occurrence: Int64? = nil,
                        flags: String = "") throws(DatabaseError) -> String {
        if start <= 0 { throw DatabaseError(.invalidParameterValue, "invalid value for parameter \"start\": \(start)") }
        if let occurrence, occurrence < 0 {
            throw DatabaseError(.invalidParameterValue, "invalid value for parameter \"n\": \(occurrence)")
        }
        let compiled = try RegularExpression.compile(pattern, flags: flags)
        let global = occurrence == 0 || (occurrence == nil && compiled.isGlobal)
        let wanted = occurrence ?? 1
        let skipped = Int(min(start - 1, Int64(source.unicodeScalars.count)))
        let offsetIndex = source.unicodeScalars.index(source.startIndex, offsetBy: skipped)
        var result = ""
        var cursor = source.startIndex
        var count: Int64 = 0
        for match in RegularExpression.allMatches(source[offsetIndex...], compiled) {
            count += 1
            if !global && count != wanted { continue }
            result += source[cursor..<match.range.lowerBound]
            result += expand(replacement, in: source, match)
            cursor = match.range.upperBound
            if !global { break }
        }
        result += source[cursor...]
        return result
    }

    /// regexp_split_to_array's pieces: zero-length matches at either end or right after a match are skipped.
    static func split(_ source: String, pattern: String, flags: String) throws(DatabaseError) -> [String] {
        if flags.contains("g") {
            throw DatabaseError(.invalidParameterValue, "regexp_split_to_array() does not support the \"global\" option")
        }
        let compiled = try RegularExpression.compile(pattern, flags: flags)
        var pieces: [String] = []
        var start = source.startIndex
        for match in RegularExpression.allMatches(source, compiled) {
            if match.range.isEmpty && (match.range.lowerBound == source.startIndex || match.range.lowerBound == source.endIndex
                                       || match.range.lowerBound == start) {
                continue
            }
            pieces.append(String(source[start..<match.range.lowerBound]))
            start = match.range.upperBound
        }
        pieces.append(String(source[start...]))
        return pieces
    }

    static let overloads: [FunctionOverload] = {
        var list: [FunctionOverload] = []
        list.append(FunctionOverload("regexp_replace", [.text, .text, .text], .text) { arguments, _ throws(DatabaseError) in
            .text(try replace(text(arguments[0]), pattern: text(arguments[1]), replacement: text(arguments[2])))
        })
        list.append(FunctionOverload("regexp_replace", [.text, .text, .text, .text], .text) { arguments, _ throws(DatabaseError) in
            .text(try replace(text(arguments[0]), pattern: text(arguments[1]), replacement: text(arguments[2]), flags: text(arguments[3])))
        })
        list.append(FunctionOverload("regexp_replace", [.text, .text, .text, .integer], .text) { arguments, _ throws(DatabaseError) in
            .text(try replace(text(arguments[0]), pattern: text(arguments[1]), replacement: text(arguments[2]),
                              start: arguments[3].integerValue!))
        })
        list.append(FunctionOverload("regexp_replace", [.text, .text, .text, .integer, .integer], .text) { arguments, _ throws(DatabaseError) in
            .text(try replace(text(arguments[0]), pattern: text(arguments[1]), replacement: text(arguments[2]),
                              start: arguments[3].integerValue!, occurrence: arguments[4].integerValue!))
        })
        list.append(FunctionOverload("regexp_replace", [.text, .text, .text, .integer, .integer, .text], .text) {
            arguments, _ throws(DatabaseError) in
            .text(try replace(text(arguments[0]), pattern: text(arguments[1]), replacement: text(arguments[2]),
                              start: arguments[3].integerValue!, occurrence: arguments[4].integerValue!, flags: text(arguments[5])))
        })
        for parameters in [[SQLType.text, .text], [.text, .text, .text]] {
            list.append(FunctionOverload("regexp_match", parameters, .array(of: .text)) { arguments, _ throws(DatabaseError) in
                let flags = arguments.count > 2 ? text(arguments[2]) : ""
                if flags.contains("g") {
                    throw DatabaseError(.invalidParameterValue, "regexp_match() does not support the \"global\" option",
                                        hint: "Use the regexp_matches function instead.")
                }
                let source = text(arguments[0])
                let compiled = try RegularExpression.compile(text(arguments[1]), flags: flags)
                guard let match = RegularExpression.firstMatch(source, compiled) else { return .null }
                return matchArray(source, match)
            })
            list.append(FunctionOverload("regexp_matches", parameters, .array(of: .text), set: { arguments, _ throws(DatabaseError) in
                let source = text(arguments[0])
                let compiled = try RegularExpression.compile(text(arguments[1]), flags: arguments.count > 2 ? text(arguments[2]) : "")
                let matches = compiled.isGlobal ? RegularExpression.allMatches(source, compiled)
                    : RegularExpression.firstMatch(source, compiled).map { [$0] } ?? []
                return matches.map { matchArray(source, $0) }
            }))
            list.append(FunctionOverload("regexp_split_to_array", parameters, .array(of: .text)) { arguments, _ throws(DatabaseError) in
                let pieces = try split(text(arguments[0]), pattern: text(arguments[1]), flags: arguments.count > 2 ? text(arguments[2]) : "")
                return .array(SQLArray(elementType: .text, elements: pieces.map { .text($0) }))
            })
            list.append(FunctionOverload("regexp_split_to_table", parameters, .text, set: { arguments, _ throws(DatabaseError) in
                try split(text(arguments[0]), pattern: text(arguments[1]), flags: arguments.count > 2 ? text(arguments[2]) : "")
                    .map { .text($0) }
            }))
            list.append(FunctionOverload("regexp_like", parameters, .boolean) { arguments, _ throws(DatabaseError) in
                let compiled = try RegularExpression.compile(text(arguments[1]), flags: arguments.count > 2 ? text(arguments[2]) : "")
                return .bool(RegularExpression.firstMatch(text(arguments[0]), compiled) != nil)
            })
        }
        list.append(FunctionOverload("regexp_count", [.text, .text], .integer) { arguments, _ throws(DatabaseError) in
            let compiled = try RegularExpression.compile(text(arguments[1]))
            return .int32(Int32(RegularExpression.allMatches(text(arguments[0]), compiled).count))
        })
        list.append(FunctionOverload("substring", [.text, .text], .text) { arguments, _ throws(DatabaseError) in
            let source = text(arguments[0])
            let compiled = try RegularExpression.compile(text(arguments[1]))
            guard let match = RegularExpression.firstMatch(source, compiled) else { return .null }
            if let first = match.groups.first {
                return first.map { .text(String($0)) } ?? .null
            }
            return .text(String(source[match.range]))
        })
        list.append(FunctionOverload("substring", [.text, .text, .text], .text) { arguments, _ throws(DatabaseError) in
            let source = text(arguments[0])
            let pattern = try RegularExpression.similarToPattern(text(arguments[1]), escape: text(arguments[2]))
            let compiled = try RegularExpression.compile(pattern)
            guard let match = RegularExpression.firstMatch(source, compiled) else { return .null }
            if let first = match.groups.first {
                return first.map { .text(String($0)) } ?? .null
            }
            return .text(String(source[match.range]))
        })
        list.append(FunctionOverload("like_escape", [.text, .text], .text) { arguments, _ throws(DatabaseError) in
            .text(try LikeMatcher.convertEscape(text(arguments[0]), escape: text(arguments[1])))
        })
        list.append(FunctionOverload("similar_to_escape", [.text, .text], .text) { arguments, _ throws(DatabaseError) in
            .text(try RegularExpression.similarToPattern(text(arguments[0]), escape: text(arguments[1])))
        })
        list.append(FunctionOverload("similar_to_escape", [.text], .text) { arguments, _ throws(DatabaseError) in
            .text(try RegularExpression.similarToPattern(text(arguments[0])))
        })
        return list
    }()
}
