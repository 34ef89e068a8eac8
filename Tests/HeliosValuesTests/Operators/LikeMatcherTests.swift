// LIKE against a naive reference matcher on random strings and patterns (seeded), and the
// escape rules PostgreSQL applies.

import HeliosCore
import HeliosTesting
import HeliosValues
import Testing

@Suite struct LikeMatcherTests {
    /// Exponential but obviously correct: % any run, _ one character, \ escapes.
    static func reference(_ text: [Character], _ pattern: [Character]) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        switch first {
        case "%":
            for split in 0...text.count where reference(Array(text[split...]), Array(pattern.dropFirst())) { return true }
            return false
        case "_":
            return !text.isEmpty && reference(Array(text.dropFirst()), Array(pattern.dropFirst()))
        case "\\":
            guard pattern.count > 1 else { return false }
            return text.first == pattern[1] && reference(Array(text.dropFirst()), Array(pattern.dropFirst(2)))
        default:
            return text.first == first && reference(Array(text.dropFirst()), Array(pattern.dropFirst()))
        }
    }

    /// True when the last backslash escapes nothing (an odd run of backslashes at the end).
    static func endsWithDanglingEscape(_ pattern: [Character]) -> Bool {
        var index = 0
        while index < pattern.count {
            if pattern[index] == "\\" {
                if index == pattern.count - 1 { return true }
                index += 2
            } else {
                index += 1
            }
        }
        return false
    }

    @Test func likeMatchesNaiveMatcher() throws {
        var random = SeededRandom(seed: TestSeed.current)
        let alphabet: [Character] = ["a", "b", "é", "%", "_", "\\"]
        for _ in 0..<3000 {
            let text = (0..<random.below(7)).map { _ in alphabet[random.below(3)] }
            var pattern = (0..<random.below(7)).map { _ in alphabet[random.below(alphabet.count)] }
            if Self.endsWithDanglingEscape(pattern) { pattern.append("a") }
            let expected = Self.reference(text, pattern)
            let actual = try LikeMatcher.matches(String(text), pattern: String(pattern))
            #expect(actual == expected, "\(String(text)) LIKE \(String(pattern)) (seed \(random.seed))")
            if actual != expected { return }
        }
    }

    @Test func escapeRules() throws {
        #expect(try LikeMatcher.matches("a%c", pattern: "a#%c", escape: "#"))
        #expect(try !LikeMatcher.matches("abc", pattern: "a#%c", escape: "#"))
        #expect(try LikeMatcher.matches("a\\c", pattern: "a\\c", escape: ""))
        #expect(throws: DatabaseError(.invalidEscapeSequence, "LIKE pattern must not end with escape character")) {
            try LikeMatcher.matches("abcd", pattern: "abc\\")
        }
        // PostgreSQL only notices the dangling escape when matching reaches it.
        #expect(try !LikeMatcher.matches("abc", pattern: "abc\\"))
        #expect(throws: DatabaseError.self) { try LikeMatcher.matches("abc", pattern: "a%\\") }
        #expect(throws: DatabaseError.self) { try LikeMatcher.matches("abc", pattern: "a", escape: "xy") }
        #expect(try LikeMatcher.matches("ÉCOLE", pattern: "é%", caseInsensitive: true))
        #expect(try LikeMatcher.matches(bytes: [1, 2, 3], pattern: [1, UInt8(ascii: "%")]))
    }
}
