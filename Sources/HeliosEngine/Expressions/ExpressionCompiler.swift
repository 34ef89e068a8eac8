// The expression compiler: a BoundExpression becomes a tree of closures (see CompiledExpression).
// The layout, which maps each column binding the expression reads to its index in the rows it
// will see, is consulted here once, never per row. Leaves (constants, columns, parameters, outer
// columns) are compiled in this file; operators and functions, boolean logic, conditional forms
// and subqueries each in their own extension. Aggregates never reach the compiler: the query
// binder rewrites them into columns of its aggregation node first.

package import HeliosCore
import HeliosValues

/// Compiles bound expressions for a given row layout.
package struct ExpressionCompiler {
    let layout: [ColumnBinding: Int]

    /// `expression` compiled for rows where column binding `b` is at index `layout[b]`.
    /// Throws XX000 when the expression reads a column missing from the layout or an aggregate
    /// the query binder did not rewrite: both are the binder's bugs, not the user's.
    package static func compile(_ expression: BoundExpression, layout: [ColumnBinding: Int]) throws(DatabaseError) -> CompiledExpression {
        let compiler = ExpressionCompiler(layout: layout)
        if case .constant(let value, _) = expression { return CompiledExpression({ _, _ in value }, constant: value) }
        return CompiledExpression(try compiler.evaluator(for: expression))
    }

    /// A condition for filters: the expression compiled, NULL taken as false.
    package static func compileCondition(_ expression: BoundExpression, layout: [ColumnBinding: Int]) throws(DatabaseError) -> CompiledCondition {
        CompiledCondition(expression: try compile(expression, layout: layout))
    }

    /// The closure evaluating `expression`.
    func evaluator(for expression: BoundExpression) throws(DatabaseError) -> Evaluator {
        switch expression {
        case .constant(let value, _):
            return { _, _ in value }
        case .column(let binding, _):
            guard let index = layout[binding] else {
                throw DatabaseError.internalError("column \(binding) is not in the row layout")
            }
            return { row, _ in row[index] }
        case .outerColumn(let binding, _):
            return { _, environment throws(DatabaseError) in
                guard let value = environment.outer[binding] else {
                    throw DatabaseError.internalError("outer column \(binding) has no value")
                }
                return value
            }
        case .parameter(let number, _):
            let index = number - 1
            return { _, environment throws(DatabaseError) in
                guard index < environment.parameters.count else {
                    throw DatabaseError(.undefinedParameter, "there is no parameter $\(number)")
                }
                return environment.parameters[index]
            }
        case .aggregate(let index, _):
            throw DatabaseError.internalError("aggregate \(index) reached the expression compiler")
        case .cast(let inner, let step, let type):
            return try castEvaluator(inner, step, type)
        case .prefix(let op, let operand):
            return try prefixEvaluator(op, operand)
        case .binary(let op, let left, let right):
            return try binaryEvaluator(op, left, right)
        case .function(let function, let arguments):
            return try functionEvaluator(function, arguments)
        case .intrinsic(let function, let arguments, _):
            return try intrinsicEvaluator(function, arguments)
        case .engine(let function, let arguments, _):
            let values = try evaluators(for: arguments)
            return { row, environment throws(DatabaseError) in
                try function.evaluate(try ExpressionCompiler.evaluate(values, row, environment), environment)
            }
        case .and(let items):
            return try andEvaluator(items)
        case .or(let items):
            return try orEvaluator(items)
        case .not(let inner):
            return try notEvaluator(inner)
        case .isNull(let inner, let negated):
            return try isNullEvaluator(inner, negated: negated)
        case .isDistinct(let left, let right, let equals, let negated):
            return try isDistinctEvaluator(left, right, equals: equals, negated: negated)
        case .booleanTest(let inner, let kind):
            return try booleanTestEvaluator(inner, kind)
        case .caseWhen(let branches, let otherwise, _):
            return try caseEvaluator(branches, otherwise: otherwise)
        case .coalesce(let items, _):
            return try coalesceEvaluator(items)
        case .nullIf(let left, let right, let equals, _):
            return try nullIfEvaluator(left, right, equals: equals)
        case .extreme(let items, let better, _):
            return try extremeEvaluator(items, better: better)
        case .inList(let value, let items, let negated):
            return try inListEvaluator(value, items, negated: negated)
        case .array(let items, let type):
            return try arrayEvaluator(items, type: type)
        case .quantifiedArray(let left, let op, let right, let all):
            return try quantifiedArrayEvaluator(left, op, right, all: all)
        case .subquery(let subquery):
            return try subqueryEvaluator(subquery)
        }
    }

    /// The evaluators of several expressions, in order.
    func evaluators(for expressions: [BoundExpression]) throws(DatabaseError) -> [Evaluator] {
        var result: [Evaluator] = []
        result.reserveCapacity(expressions.count)
        for expression in expressions { result.append(try evaluator(for: expression)) }
        return result
    }
}
