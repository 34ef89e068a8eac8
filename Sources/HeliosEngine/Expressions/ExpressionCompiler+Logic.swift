// Compiling boolean logic with SQL's three values: AND stops at the first false and is NULL when
// no operand is false but one is NULL; OR stops at the first true; NOT keeps NULL. The tests
// (IS NULL, IS DISTINCT FROM, IS TRUE ...) never return NULL.

import HeliosCore
import HeliosValues

extension ExpressionCompiler {
    func andEvaluator(_ items: [BoundExpression]) throws(DatabaseError) -> Evaluator {
        let operands = try evaluators(for: items)
        if operands.count == 2 {
            let (first, second) = (operands[0], operands[1])
            return { row, environment throws(DatabaseError) in
                let a = try first(row, environment)
                if case .bool(false) = a { return a }
                let b = try second(row, environment)
                if case .bool(false) = b { return b }
                return a.isNull || b.isNull ? .null : .bool(true)
            }
        }
        return { row, environment throws(DatabaseError) in
            var sawNull = false
            for operand in operands {
                switch try operand(row, environment) {
                case .bool(false): return .bool(false)
                case .null: sawNull = true
                default: break
                }
            }
            return sawNull ? .null : .bool(true)
        }
    }

    func orEvaluator(_ items: [BoundExpression]) throws(DatabaseError) -> Evaluator {
        let operands = try evaluators(for: items)
        return { row, environment throws(DatabaseError) in
            var sawNull = false
            for operand in operands {
                switch try operand(row, environment) {
                case .bool(true): return .bool(true)
                case .null: sawNull = true
                default: break
                }
            }
            return sawNull ? .null : .bool(false)
        }
    }

    func notEvaluator(_ inner: BoundExpression) throws(DatabaseError) -> Evaluator {
        let operand = try evaluator(for: inner)
        return { row, environment throws(DatabaseError) in
            guard case .bool(let value) = try operand(row, environment) else { return .null }
            return .bool(!value)
        }
    }

    func isNullEvaluator(_ inner: BoundExpression, negated: Bool) throws(DatabaseError) -> Evaluator {
        let operand = try evaluator(for: inner)
        return { row, environment throws(DatabaseError) in
            .bool(try operand(row, environment).isNull != negated)
        }
    }

    func isDistinctEvaluator(_ left: BoundExpression, _ right: BoundExpression, equals: ResolvedOperator,
                             negated: Bool) throws(DatabaseError) -> Evaluator {
        let (first, second) = (try evaluator(for: left), try evaluator(for: right))
        return { row, environment throws(DatabaseError) in
            let a = try first(row, environment), b = try second(row, environment)
            let distinct: Bool
            if a.isNull || b.isNull {
                distinct = a.isNull != b.isNull
            } else {
                distinct = try equals.evaluate(a, b, context: environment.context).boolValue != true
            }
            return .bool(distinct != negated)
        }
    }

    func booleanTestEvaluator(_ inner: BoundExpression, _ kind: BooleanTestKind) throws(DatabaseError) -> Evaluator {
        let operand = try evaluator(for: inner)
        return { row, environment throws(DatabaseError) in
            let value = try operand(row, environment).boolValue
            switch kind {
            case .isTrue: return .bool(value == true)
            case .isNotTrue: return .bool(value != true)
            case .isFalse: return .bool(value == false)
            case .isNotFalse: return .bool(value != false)
            case .isUnknown: return .bool(value == nil)
            case .isNotUnknown: return .bool(value != nil)
            }
        }
    }
}
