// Binding, compiling and evaluating one expression over test table t's row, with the outcome in
// the form the PostgreSQL oracle reported: the value's text (its output function, "NULL" for
// NULL) and its type as pg_typeof names it, or the error's SQLSTATE, 1-based position within the
// expression, and message.

import HeliosCore
import HeliosEngine
import HeliosSQL
import HeliosValues

/// What an expression gave.
enum ExpressionOutcome: Equatable, CustomStringConvertible {
    case value(text: String, type: String)
    case error(state: String, position: Int?, message: String)

    var description: String {
        switch self {
        case .value(let text, let type): "\(text) :: \(type)"
        case .error(let state, let position, let message): "ERROR \(state) at \(position.map(String.init) ?? "-"): \(message)"
        }
    }

    var isError: Bool {
        if case .error = self { return true }
        return false
    }
}

enum ExpressionHarness {
    /// The expression parsed and bound over t.
    static func bind(_ sql: String, scope: ExpressionTestScope = ExpressionTestScope(), folding: Bool = true)
        throws(DatabaseError) -> BoundExpression {
        let expression = try Parser.parseExpression(sql)
        return try ExpressionBinder(scope: scope, foldsConstants: folding).bind(expression)
    }

    /// The expression's outcome over t's row; `parameters` are `$1 ...` (declared types from `declared`).
    static func outcome(_ sql: String, folding: Bool = true, parameters: [SQLValue] = [],
                        declared: [SQLType?] = []) -> ExpressionOutcome {
        let scope = ExpressionTestScope(parameters: ParameterTypes(declared: declared))
        do {
            let bound = try bind(sql, scope: scope, folding: folding)
            let value = try evaluate(bound, parameters: parameters)
            return .value(text: value.isNull ? "NULL" : TextFormat.format(value, as: bound.type), type: bound.type.nameWithoutModifier)
        } catch {
            return .error(state: error.state.code, position: error.position, message: error.message)
        }
    }

    /// `bound` evaluated over t's row with a test executor for its subqueries.
    static func evaluate(_ bound: BoundExpression, parameters: [SQLValue] = [], runner: TestSubqueryRunner = TestSubqueryRunner())
        throws(DatabaseError) -> SQLValue {
        let compiled = try ExpressionCompiler.compile(bound, layout: TestTable.layout)
        let environment = EvaluationEnvironment(context: EvaluationContext(settings: settings), parameters: parameters,
                                                subqueries: runner)
        return try compiled.evaluate(TestTable.row, environment)
    }

    /// PostgreSQL's defaults as the oracle ran them (UTC, ISO dates), a fixed transaction time.
    static let settings = SessionSettings(transactionTimestamp: 766_000_000_000_000)
}
