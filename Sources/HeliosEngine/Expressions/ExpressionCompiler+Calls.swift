// Compiling calls: casts, operators, functions and intrinsics. Like PostgreSQL, every argument is
// evaluated before the call, and a strict callee is not called at all when an argument is NULL
// (the result is NULL). A constant right operand (`x > 10`, the common case) is captured as a
// value rather than called through a closure.

import HeliosCore
import HeliosValues

extension ExpressionCompiler {
    func castEvaluator(_ inner: BoundExpression, _ step: CastStep, _ type: SQLType) throws(DatabaseError) -> Evaluator {
        let operand = try evaluator(for: inner)
        switch step {
        case .identity:
            return operand
        case .plan(let plan):
            return { row, environment throws(DatabaseError) in
                try plan.apply(try operand(row, environment), settings: environment.context.settings)
            }
        case .parseUnknown:
            return { row, environment throws(DatabaseError) in
                let value = try operand(row, environment)
                guard let text = value.stringValue else { return .null }
                return try TextFormat.parse(text, as: type, settings: environment.context.settings)
            }
        }
    }

    func prefixEvaluator(_ op: ResolvedOperator, _ operand: BoundExpression) throws(DatabaseError) -> Evaluator {
        let value = try evaluator(for: operand)
        let isStrict = op.entry.isStrict
        return { row, environment throws(DatabaseError) in
            let argument = try value(row, environment)
            if isStrict && argument.isNull { return .null }
            return try op.evaluate(argument, context: environment.context)
        }
    }

    func binaryEvaluator(_ op: ResolvedOperator, _ left: BoundExpression, _ right: BoundExpression) throws(DatabaseError) -> Evaluator {
        let leftValue = try evaluator(for: left)
        let isStrict = op.entry.isStrict
        if case .constant(let constant, _) = right, !constant.isNull {
            return { row, environment throws(DatabaseError) in
                let argument = try leftValue(row, environment)
                if isStrict && argument.isNull { return .null }
                return try op.evaluate(argument, constant, context: environment.context)
            }
        }
        let rightValue = try evaluator(for: right)
        return { row, environment throws(DatabaseError) in
            let first = try leftValue(row, environment)
            let second = try rightValue(row, environment)
            if isStrict && (first.isNull || second.isNull) { return .null }
            return try op.evaluate(first, second, context: environment.context)
        }
    }

    func functionEvaluator(_ function: ResolvedFunction, _ arguments: [BoundExpression]) throws(DatabaseError) -> Evaluator {
        let values = try evaluators(for: arguments)
        let isStrict = function.overload.isStrict
        switch values.count {
        case 0:
            return { _, environment throws(DatabaseError) in try function.evaluate([], context: environment.context) }
        case 1:
            let only = values[0]
            return { row, environment throws(DatabaseError) in
                let argument = try only(row, environment)
                if isStrict && argument.isNull { return .null }
                return try function.evaluate([argument], context: environment.context)
            }
        case 2:
            let (first, second) = (values[0], values[1])
            return { row, environment throws(DatabaseError) in
                let a = try first(row, environment), b = try second(row, environment)
                if isStrict && (a.isNull || b.isNull) { return .null }
                return try function.evaluate([a, b], context: environment.context)
            }
        default:
            return { row, environment throws(DatabaseError) in
                let arguments = try ExpressionCompiler.evaluate(values, row, environment)
                if isStrict && arguments.contains(where: \.isNull) { return .null }
                return try function.evaluate(arguments, context: environment.context)
            }
        }
    }

    func intrinsicEvaluator(_ function: IntrinsicFunction, _ arguments: [BoundExpression]) throws(DatabaseError) -> Evaluator {
        let values = try evaluators(for: arguments)
        return { row, environment throws(DatabaseError) in
            let arguments = try ExpressionCompiler.evaluate(values, row, environment)
            if arguments.contains(where: \.isNull) { return .null }
            return try function.evaluate(arguments)
        }
    }

    /// Every value of `evaluators` for the row, in order.
    static func evaluate(_ evaluators: [Evaluator], _ row: [SQLValue],
                         _ environment: EvaluationEnvironment) throws(DatabaseError) -> [SQLValue] {
        var values: [SQLValue] = []
        values.reserveCapacity(evaluators.count)
        for evaluator in evaluators { values.append(try evaluator(row, environment)) }
        return values
    }
}
