// The `options` startup parameter: command-line switches for the session, as PostgreSQL's
// pg_split_opts and process_postgres_switches read them. Words are split at white space; a
// backslash makes the next character part of the word ("-c search_path=a\ b"). HeliosDB
// honours the switches that set a configuration parameter:
//
//   -c name=value     -cname=value     --name=value
//
// Dashes in the name become underscores, as in ParseLongOption. Other switches (-B, -d, -F,
// ...) tune a PostgreSQL server process and are rejected like unknown ones.

public import HeliosCore

/// Parsing of the `options` startup parameter.
public enum StartupOptions {
    /// The settings the switches in `text` ask for, in order.
    public static func settings(from text: String) throws(DatabaseError) -> [StartupParameter] {
        let words = split(text)
        var settings: [StartupParameter] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word.hasPrefix("--") {
                settings.append(try assignment(String(word.dropFirst(2)), switchName: word, prefix: "--"))
            } else if word == "-c" {
                guard index < words.count else { throw invalidArgument(word) }
                settings.append(try assignment(words[index], switchName: words[index], prefix: "-c "))
                index += 1
            } else if word.hasPrefix("-c") {
                settings.append(try assignment(String(word.dropFirst(2)), switchName: word, prefix: "-c "))
            } else {
                throw invalidArgument(word)
            }
        }
        return settings
    }

    /// pg_split_opts: white-space separated words, backslash escaping the next character.
    public static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    private static func assignment(_ text: String, switchName: String, prefix: String) throws(DatabaseError) -> StartupParameter {
        guard let equals = text.firstIndex(of: "=") else {
            throw DatabaseError(.syntaxError, "\(prefix)\(text) requires a value")
        }
        let name = String(text[..<equals]).replacingDashes()
        guard !name.isEmpty else { throw invalidArgument(switchName) }
        return StartupParameter(name: name, value: String(text[text.index(after: equals)...]))
    }

    private static func invalidArgument(_ word: String) -> DatabaseError {
        DatabaseError(.syntaxError, "invalid command-line argument for server process: \(word)",
                      hint: "Try \"postgres --help\" for more information.")
    }
}

extension String {
    fileprivate func replacingDashes() -> String {
        String(map { $0 == "-" ? "_" : $0 })
    }
}
