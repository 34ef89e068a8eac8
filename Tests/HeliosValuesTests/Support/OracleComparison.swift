// Replays recorded PostgreSQL answers through ExpressionBinder and reports the differences.

import HeliosCore
import HeliosValues
import Testing

enum OracleComparison {
    /// The oracle script's escaping of values: backslash, newline and tab.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result
    }

    /// Mismatches between HeliosValues and PostgreSQL for `cases`.
    static func mismatches(_ cases: [(String, String)], settings: SessionSettings = .standard) -> [String] {
        var failures: [String] = []
        for (expression, expected) in cases {
            let context = EvaluationContext(settings: settings)
            let actual = escape(ExpressionBinder.evaluate(expression, context: context))
            if actual != expected { failures.append("\(expression)\n    expected \(expected)\n    actual   \(actual)") }
        }
        return failures
    }

    /// Records an issue listing the first mismatches.
    static func expectMatch(_ cases: [(String, String)], settings: SessionSettings = .standard,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let failures = mismatches(cases, settings: settings)
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) of \(cases.count) differ from PostgreSQL:\n"
                                          + failures.prefix(40).joined(separator: "\n")), sourceLocation: sourceLocation)
    }
}
