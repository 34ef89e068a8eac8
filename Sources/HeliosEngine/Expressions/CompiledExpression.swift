// Bound expressions ready to evaluate: ExpressionCompiler turns a BoundExpression into a tree of
// closures, each node capturing what it needs (its operator, its children's closures, the row
// index of a column) so that evaluating a row does no dictionary lookup and no name resolution,
// only calls. A CompiledExpression is immutable and Sendable: a cached plan may share it between
// sessions; what changes per execution lives in the EvaluationEnvironment passed in.

package import HeliosCore
package import HeliosValues

/// One node's evaluation: the current row and the execution's environment in, a value out.
typealias Evaluator = @Sendable ([SQLValue], EvaluationEnvironment) throws(DatabaseError) -> SQLValue

/// A compiled expression.
package struct CompiledExpression: Sendable {
    let evaluator: Evaluator
    /// The value when the expression is a constant (callers may skip evaluating it per row).
    package let constantValue: SQLValue?

    init(_ evaluator: @escaping Evaluator, constant: SQLValue? = nil) {
        self.evaluator = evaluator
        self.constantValue = constant
    }

    /// The expression's value for `row` (laid out as the compiler's layout said).
    @inline(__always)
    package func evaluate(_ row: [SQLValue], _ environment: EvaluationEnvironment) throws(DatabaseError) -> SQLValue {
        try evaluator(row, environment)
    }
}

/// A compiled filter condition: NULL counts as false, as in WHERE.
package struct CompiledCondition: Sendable {
    let expression: CompiledExpression

    /// True when the condition holds for `row`; false when it is false or NULL.
    @inline(__always)
    package func isSatisfied(_ row: [SQLValue], _ environment: EvaluationEnvironment) throws(DatabaseError) -> Bool {
        if case .bool(true) = try expression.evaluate(row, environment) { return true }
        return false
    }
}
