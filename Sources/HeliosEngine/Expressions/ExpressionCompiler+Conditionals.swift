// Compiling conditional and list forms: CASE, COALESCE, NULLIF, GREATEST/LEAST, IN lists,
// ARRAY[...] and `x op ANY|ALL (array)`. The NULL rules are PostgreSQL's: GREATEST and LEAST
// ignore NULLs; `x IN (list)` and `x op ANY (array)` are true on a match, else NULL when x or any
// item is NULL, else false; an empty array makes ANY false and ALL true whatever x is.

import HeliosCore
import HeliosValues

extension ExpressionCompiler {
    func caseEvaluator(_ branches: [(condition: BoundExpression, result: BoundExpression)],
                       otherwise: BoundExpression) throws(DatabaseError) -> Evaluator {
        var arms: [(condition: Evaluator, result: Evaluator)] = []
        for branch in branches {
            arms.append((try evaluator(for: branch.condition), try evaluator(for: branch.result)))
        }
        let compiled = arms
        let fallback = try evaluator(for: otherwise)
        return { row, environment throws(DatabaseError) in
            for branch in compiled {
                if case .bool(true) = try branch.condition(row, environment) { return try branch.result(row, environment) }
            }
            return try fallback(row, environment)
        }
    }

    func coalesceEvaluator(_ items: [BoundExpression]) throws(DatabaseError) -> Evaluator {
        let values = try evaluators(for: items)
        return { row, environment throws(DatabaseError) in
            for value in values {
                let result = try value(row, environment)
                if !result.isNull { return result }
            }
            return .null
        }
    }

    func nullIfEvaluator(_ left: BoundExpression, _ right: BoundExpression, equals: ResolvedOperator) throws(DatabaseError) -> Evaluator {
        let (first, second) = (try evaluator(for: left), try evaluator(for: right))
        return { row, environment throws(DatabaseError) in
            let a = try first(row, environment), b = try second(row, environment)
            if a.isNull || b.isNull { return a }
            return try equals.evaluate(a, b, context: environment.context).boolValue == true ? .null : a
        }
    }

    func extremeEvaluator(_ items: [BoundExpression], better: ResolvedOperator) throws(DatabaseError) -> Evaluator {
        let values = try evaluators(for: items)
        return { row, environment throws(DatabaseError) in
            var best = SQLValue.null
            for value in values {
                let candidate = try value(row, environment)
                if candidate.isNull { continue }
                if best.isNull {
                    best = candidate
                } else if try better.evaluate(candidate, best, context: environment.context).boolValue == true {
                    best = candidate
                }
            }
            return best
        }
    }

    func inListEvaluator(_ value: BoundExpression, _ items: [(BoundExpression, ResolvedOperator)],
                         negated: Bool) throws(DatabaseError) -> Evaluator {
        let probe = try evaluator(for: value)
        var comparisons: [(Evaluator, ResolvedOperator)] = []
        for (item, equals) in items { comparisons.append((try evaluator(for: item), equals)) }
        let compiled = comparisons
        return { row, environment throws(DatabaseError) in
            let wanted = try probe(row, environment)
            if wanted.isNull { return .null }
            var sawNull = false
            for (item, equals) in compiled {
                let candidate = try item(row, environment)
                if candidate.isNull {
                    sawNull = true
                    continue
                }
                switch try equals.evaluate(wanted, candidate, context: environment.context) {
                case .bool(true): return .bool(!negated)
                case .null: sawNull = true
                default: break
                }
            }
            return sawNull ? .null : .bool(negated)
        }
    }

    func arrayEvaluator(_ items: [BoundExpression], type: SQLType) throws(DatabaseError) -> Evaluator {
        let values = try evaluators(for: items)
        let elementType = type.elementType ?? type
        return { row, environment throws(DatabaseError) in
            .array(SQLArray(elementType: elementType, elements: try ExpressionCompiler.evaluate(values, row, environment)))
        }
    }

    func quantifiedArrayEvaluator(_ left: BoundExpression, _ op: ResolvedOperator, _ right: BoundExpression,
                                  all: Bool) throws(DatabaseError) -> Evaluator {
        let (probe, list) = (try evaluator(for: left), try evaluator(for: right))
        return { row, environment throws(DatabaseError) in
            let wanted = try probe(row, environment)
            guard case .array(let array) = try list(row, environment) else { return .null }
            return try ExpressionCompiler.quantified(wanted, op, array.elements, all: all, context: environment.context)
        }
    }

    /// `wanted op ANY|ALL (candidates)` with PostgreSQL's NULL rules (ScalarArrayOpExpr).
    static func quantified(_ wanted: SQLValue, _ op: ResolvedOperator, _ candidates: [SQLValue], all: Bool,
                           context: EvaluationContext) throws(DatabaseError) -> SQLValue {
        if candidates.isEmpty { return .bool(all) }
        let isStrict = op.entry.isStrict
        if isStrict && wanted.isNull { return .null }
        var sawNull = false
        for candidate in candidates {
            let outcome: SQLValue = isStrict && candidate.isNull ? .null : try op.evaluate(wanted, candidate, context: context)
            switch outcome {
            case .bool(let matched):
                if matched != all { return .bool(matched) }
            default:
                sawNull = true
            }
        }
        return sawNull ? .null : .bool(all)
    }
}
