// Every expression of ExpressionOracleCases bound, compiled and evaluated over test table t must
// give what PostgreSQL 15 gave: the same text and type, or the same SQLSTATE, position and
// message. The few places where HeliosDB differs on purpose are listed in `deviations` with the
// outcome HeliosDB gives instead and the reason.

import HeliosCore
import HeliosEngine
import HeliosValues
import Testing

@Suite struct ExpressionOracleTests {
    struct Case: Sendable {
        var section: String
        var expression: String
        var expected: ExpressionOutcome
    }

    static let cases: [Case] = {
        var section = ""
        var result: [Case] = []
        for rawLine in ExpressionOracleCases.table.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = String(rawLine)
            if line.hasPrefix("-- ") {
                section = String(line.dropFirst(3))
                continue
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let outcome: ExpressionOutcome = fields[1] == "OK"
                ? .value(text: fields[2], type: fields[3])
                : .error(state: fields[2], position: Int(fields[3]), message: fields[4])
            result.append(Case(section: section, expression: fields[0], expected: outcome))
        }
        return result
    }()

    static let sections: [String] = {
        var seen: [String] = []
        for item in cases where !seen.contains(item.section) { seen.append(item.section) }
        return seen
    }()

    /// Where HeliosDB answers differently on purpose: its outcome, and why.
    static let deviations: [String: (outcome: ExpressionOutcome, reason: String)] = [
        "x'1f'": (.error(state: "0A000", position: 1, message: "bit-string constants are not supported (type bit is not implemented)"),
                  "HeliosValues has no bit or bit varying type"),
        "b'101'": (.error(state: "0A000", position: 1, message: "bit-string constants are not supported (type bit is not implemented)"),
                   "HeliosValues has no bit or bit varying type"),
        "a::bit": (.error(state: "0A000", position: 4, message: "type bit is not supported"),
                   "HeliosValues has no bit or bit varying type"),
        "array[[1,2],[3,4]]": (.error(state: "0A000", position: 7, message: "multidimensional arrays are not supported"),
                               "HeliosValues' SQLArray has one dimension"),
    ]

    @Test(arguments: sections)
    func sectionMatchesPostgreSQL(section: String) {
        var mismatches: [String] = []
        let sectionCases = Self.cases.filter { $0.section == section }
        for item in sectionCases {
            let actual = ExpressionHarness.outcome(item.expression)
            let expected = Self.deviations[item.expression]?.outcome ?? item.expected
            if actual != expected {
                mismatches.append("\(item.expression)\n    expected \(expected)\n    actual   \(actual)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(sectionCases.count) differ:\n\(mismatches.joined(separator: "\n"))")
    }

    @Test func deviationsNameRealCases() {
        let expressions = Set(Self.cases.map(\.expression))
        for expression in Self.deviations.keys {
            #expect(expressions.contains(expression), "deviation for a missing case: \(expression)")
        }
    }
}
