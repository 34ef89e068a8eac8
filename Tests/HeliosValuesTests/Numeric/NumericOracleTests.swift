// Numeric arithmetic, rounding and transcendental functions against answers recorded from
// PostgreSQL 15, including result scales and SQLSTATEs.

import HeliosCore
import HeliosValues
import Testing

@Suite struct NumericOracleTests {
    /// Applies one recorded operation; the text PostgreSQL prints, or "E:" and the SQLSTATE.
    static func evaluate(_ operation: String, _ left: String, _ right: String) -> String {
        do throws(DatabaseError) {
            let a = try Numeric(parsing: left)
            func b() throws(DatabaseError) -> Numeric { try Numeric(parsing: right) }
            let result: Numeric
            switch operation {
            case "+": result = try a.adding(b())
            case "-": result = try a.subtracting(b())
            case "*": result = try a.multiplied(by: b())
            case "/": result = try a.divided(by: b())
            case "%": result = try a.remainder(dividingBy: b())
            case "div": result = try a.integerDivided(by: b())
            case "round": result = a.rounded(scale: Int(right)!)
            case "trunc": result = a.truncated(scale: Int(right)!)
            case "sqrt": result = try a.squareRoot()
            case "exp": result = try a.exponential()
            case "ln": result = try a.naturalLogarithm()
            case "log": result = try a.logarithm(base: Numeric(10))
            case "log2": result = try a.logarithm(base: b())
            case "power": result = try a.power(b())
            case "ceil": result = a.ceiling()
            case "floor": result = a.floor()
            case "cmp": return String(Numeric.compare(a, try b()))
            default: return "unknown operation \(operation)"
            }
            return result.description
        } catch {
            return "E:" + error.state.code
        }
    }

    @Test func operationsMatchPostgreSQL() {
        var failures: [String] = []
        for (operation, left, right, expected) in NumericOracleCases.cases {
            let actual = Self.evaluate(operation, left, right)
            if actual != expected { failures.append("\(operation)(\(left), \(right)): expected \(expected), got \(actual)") }
        }
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) mismatches:\n" + failures.prefix(30).joined(separator: "\n")))
    }
}
