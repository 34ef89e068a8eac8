// POSIX regular expressions (~, ~*, !~, !~*, regexp_*, substring ... from) and SIMILAR TO,
// evaluated with the standard library's Regex after translating PostgreSQL's syntax:
//   - PostgreSQL's ARE lets "." match newline and anchors ^ $ only at the string's ends, so
//     patterns get (?s) and an unescaped $ becomes \z; \y \m \M and [[:<:]] [[:>:]] become \b forms;
//   - flags: i (case-insensitive), c, n (newline-sensitive), x (expanded), q (literal), g (global);
//   - SIMILAR TO is rewritten to a regex as PostgreSQL's similar_to_escape does (% -> .*, _ -> .,
//     ^(?: ... )$ around it, escape-double-quotes marking the part substring() returns).
// Compiled expressions are cached. The engine is backtracking and leftmost-first, where
// PostgreSQL's is leftmost-longest: alternations can pick a different match (see README).

public import HeliosCore
import Synchronization

/// A compiled pattern; immutable after compilation.
// @unchecked: the Regex is never mutated after it is built, so sharing it across threads is safe.
struct CompiledRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
    let isGlobal: Bool
}

/// Translation and evaluation of PostgreSQL regular expressions.
public enum RegularExpression {
    private static let cache = Mutex<[String: CompiledRegex]>([:])
    private static let cacheLimit = 256

    /// Compiles `pattern` with PostgreSQL flag letters.
    static func compile(_ pattern: String, flags: String = "") throws(DatabaseError) -> CompiledRegex {
        let key = flags + "\u{0}" + pattern
        if let cached = cache.withLock({ $0[key] }) { return cached }
        var caseInsensitive = false
        var newlineSensitive = false
        var expanded = false
        var literal = false
        var global = false
        for flag in flags {
            switch flag {
            case "i": caseInsensitive = true
            case "c": caseInsensitive = false
            case "n", "m": newlineSensitive = true
            case "p", "w": newlineSensitive = true
            case "s": newlineSensitive = false
            case "x": expanded = true
            case "t": expanded = false
            case "q": literal = true
            case "g": global = true
            default:
                throw DatabaseError(.invalidParameterValue, "invalid regular expression option: \"\(flag)\"")
            }
        }
        if !literal { try checkBalance(pattern) }
        var source = literal ? escapeLiteral(pattern) : translate(pattern)
        var prefix = newlineSensitive ? "(?m)" : "(?s)"
        if caseInsensitive { prefix += "(?i)" }
        if expanded { prefix += "(?x)" }
        source = prefix + source
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(source)
        } catch {
            throw DatabaseError(.invalidRegularExpression, "invalid regular expression: \(error)")
        }
        let compiled = CompiledRegex(regex: regex, isGlobal: global)
        cache.withLock { table in
            if table.count >= cacheLimit { table.removeAll(keepingCapacity: true) }
            table[key] = compiled
        }
        return compiled
    }

    /// PostgreSQL's messages for the most common malformed patterns.
    static func checkBalance(_ pattern: String) throws(DatabaseError) {
        var depth = 0
        var characters = Array(pattern)[...]
        func failure(_ text: String) -> DatabaseError {
            DatabaseError(.invalidRegularExpression, "invalid regular expression: \(text)")
        }
        while let character = characters.first {
            characters = characters.dropFirst()
            switch character {
            case "\\":
                if characters.isEmpty { throw failure("invalid escape \\ sequence") }
                characters = characters.dropFirst()
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth < 0 { throw failure("parentheses () not balanced") }
            case "[":
                if characters.first == "^" { characters = characters.dropFirst() }
                if characters.first == "]" { characters = characters.dropFirst() }
                var closed = false
                while let next = characters.first {
                    characters = characters.dropFirst()
                    if next == "[", let kind = characters.first, kind == ":" || kind == "=" || kind == "." {
                        while let inner = characters.first {
                            characters = characters.dropFirst()
                            if inner == "]" { break }
                        }
                    } else if next == "]" {
                        closed = true
                        break
                    }
                }
                if !closed { throw failure("brackets [] not balanced") }
            default:
                break
            }
        }
        if depth != 0 { throw failure("parentheses () not balanced") }
    }

    private static func escapeLiteral(_ pattern: String) -> String {
        var result = ""
        for character in pattern {
            if "\\^$.|?*+()[]{}".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// Rewrites ARE-only syntax to the standard library's dialect.
    static func translate(_ pattern: String) -> String {
        var result = ""
        var characters = Array(pattern)[...]
        var inBracket = false
        while let character = characters.first {
            characters = characters.dropFirst()
            if inBracket {
                result.append(character)
                if character == "\\", let next = characters.first {
                    result.append(next)
                    characters = characters.dropFirst()
                } else if character == "[" && (characters.first == ":" || characters.first == "=" || characters.first == ".") {
                    let terminator = characters.first!
                    while let next = characters.first {
                        result.append(next)
                        characters = characters.dropFirst()
                        if next == "]", result.dropLast().last == terminator { break }
                    }
                } else if character == "]" {
                    inBracket = false
                }
                continue
            }
            switch character {
            case "\\":
                guard let next = characters.first else {
                    result.append("\\\\")
                    continue
                }
                characters = characters.dropFirst()
                switch next {
                case "y": result += "\\b"
                case "m": result += "\\b(?=\\w)"
                case "M": result += "\\b(?<=\\w)"
                case "Z": result += "\\z"
                default: result += "\\" + String(next)
                }
            case "$":
                result += "\\z"
            case "[":
                if characters.starts(with: Array("[:<:]]")) {
                    result += "\\b(?=\\w)"
                    characters = characters.dropFirst(6)
                } else if characters.starts(with: Array("[:>:]]")) {
                    result += "\\b(?<=\\w)"
                    characters = characters.dropFirst(6)
                } else {
                    result.append("[")
                    inBracket = true
                    if characters.first == "^" {
                        result.append("^")
                        characters = characters.dropFirst()
                    }
                    if characters.first == "]" {
                        result += "\\]"
                        characters = characters.dropFirst()
                    }
                }
            default:
                result.append(character)
            }
        }
        return result
    }

    /// similar_to_escape: a SIMILAR TO pattern as a regular expression.
    public static func similarToPattern(_ pattern: String, escape: String? = "\\") throws(DatabaseError) -> String {
        let escapeCharacter: Character?
        if let escape {
            let characters = Array(escape)
            if characters.count > 1 {
                throw DatabaseError(.invalidEscapeSequence, "invalid escape string",
                                    hint: "Escape string must be empty or one character.")
            }
            escapeCharacter = characters.first
        } else {
            escapeCharacter = nil
        }
        var result = "^(?:"
        var afterEscape = false
        var inCharacterClass = false
        var quoteCount = 0
        for character in pattern {
            if afterEscape {
                if character == "\"" && !inCharacterClass {
                    if quoteCount == 0 {
                        result += "){1,1}?("
                    } else if quoteCount == 1 {
                        result += "){1,1}(?:"
                    } else {
                        throw DatabaseError(.invalidEscapeSequence,
                                            "SQL regular expression may not contain more than two escape-double-quote separators")
                    }
                    quoteCount += 1
                } else {
                    result += "\\" + String(character)
                }
                afterEscape = false
            } else if let escapeCharacter, character == escapeCharacter {
                afterEscape = true
            } else if inCharacterClass {
                if character == "\\" { result += "\\" }
                result.append(character)
                if character == "]" { inCharacterClass = false }
            } else if character == "[" {
                result.append(character)
                inCharacterClass = true
            } else if character == "%" {
                result += ".*"
            } else if character == "_" {
                result += "."
            } else if character == "(" {
                result += "(?:"
            } else if character == "\\" || character == "." || character == "^" || character == "$" {
                result += "\\" + String(character)
            } else {
                result.append(character)
            }
        }
        return result + ")$"
    }

    /// `text ~ pattern` (and ~* with `caseInsensitive`).
    public static func matches(_ text: String, pattern: String, caseInsensitive: Bool = false) throws(DatabaseError) -> Bool {
        let compiled = try compile(pattern, flags: caseInsensitive ? "i" : "")
        return (try? compiled.regex.firstMatch(in: text)) != nil
    }

    /// `text SIMILAR TO pattern [ESCAPE escape]`.
    public static func similarTo(_ text: String, pattern: String, escape: String? = "\\") throws(DatabaseError) -> Bool {
        let translated = try similarToPattern(pattern, escape: escape)
        let compiled = try compile(translated)
        return (try? compiled.regex.wholeMatch(in: text)) != nil
    }

    /// The first match and its capture groups (nil captures for groups that did not take part).
    static func firstMatch(_ text: some StringProtocol, _ compiled: CompiledRegex) -> (range: Range<String.Index>, groups: [Substring?])? {
        let text = Substring(text)
        guard let match = try? compiled.regex.firstMatch(in: text) else { return nil }
        let groups = (1..<match.output.count).map { match.output[$0].substring }
        return (match.range, groups)
    }

    /// All non-overlapping matches.
    static func allMatches(_ text: some StringProtocol, _ compiled: CompiledRegex) -> [(range: Range<String.Index>, groups: [Substring?])] {
        Substring(text).matches(of: compiled.regex).map { match in
            (match.range, (1..<match.output.count).map { match.output[$0].substring })
        }
    }
}
