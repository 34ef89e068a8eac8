// Compiling subqueries. The executor runs their plans (environment.subqueries). An uncorrelated
// subquery runs once per execution, its rows kept in environment.subqueryCache by subquery id. A
// correlated one runs for every evaluation, with the current row's values of the columns it reads
// from this query level placed in environment.outer for the duration (and the previous values put
// back after, since an enclosing evaluation may be using them); references to levels further out
// are already there. Results follow PostgreSQL: a scalar subquery of no rows is NULL and of more
// than one is 21000; EXISTS reads at most one row; ANY/ALL over the rows as over an array.

import HeliosCore
import HeliosValues

extension ExpressionCompiler {
    func subqueryEvaluator(_ subquery: BoundSubquery) throws(DatabaseError) -> Evaluator {
        let rows = rowsEvaluator(subquery)
        switch subquery.kind {
        case .scalar:
            return { row, environment throws(DatabaseError) in
                let result = try rows(row, environment, 2)
                if result.count > 1 {
                    throw DatabaseError(.cardinalityViolation, "more than one row returned by a subquery used as an expression")
                }
                return result.first?.first ?? .null
            }
        case .exists(let negated):
            return { row, environment throws(DatabaseError) in
                .bool(try rows(row, environment, 1).isEmpty == negated)
            }
        case .array:
            let elementType = subquery.type.elementType ?? subquery.type
            return { row, environment throws(DatabaseError) in
                let result = try rows(row, environment, nil)
                return .array(SQLArray(elementType: elementType, elements: result.map { $0.first ?? .null }))
            }
        case .quantified(let left, let op, let all):
            let probe = try evaluator(for: left)
            return { row, environment throws(DatabaseError) in
                let wanted = try probe(row, environment)
                let candidates = try rows(row, environment, nil).map { $0.first ?? .null }
                return try ExpressionCompiler.quantified(wanted, op, candidates, all: all, context: environment.context)
            }
        }
    }

    /// The subquery's rows for the current row: from the cache when uncorrelated, else run with
    /// the correlated columns of this level bound in `environment.outer`.
    private func rowsEvaluator(_ subquery: BoundSubquery)
        -> @Sendable ([SQLValue], EvaluationEnvironment, Int?) throws(DatabaseError) -> [[SQLValue]] {
        let (id, plan) = (subquery.id, subquery.plan)
        guard subquery.isCorrelated else {
            return { _, environment, limit throws(DatabaseError) in
                if let cached = environment.subqueryCache[id] { return cached }
                let rows = try ExpressionCompiler.runner(environment).rows(of: plan, id: id, limit: limit, environment: environment)
                environment.subqueryCache[id] = rows
                return rows
            }
        }
        // The references this level supplies, with their row positions, found once here.
        let supplied = subquery.outerReferences.compactMap { binding in layout[binding].map { (binding, $0) } }
        return { row, environment, limit throws(DatabaseError) in
            let runner = try ExpressionCompiler.runner(environment)
            var saved: [(ColumnBinding, SQLValue?)] = []
            saved.reserveCapacity(supplied.count)
            for (binding, index) in supplied {
                saved.append((binding, environment.outer.updateValue(row[index], forKey: binding)))
            }
            defer {
                for (binding, previous) in saved { environment.outer[binding] = previous }
            }
            return try runner.rows(of: plan, id: id, limit: limit, environment: environment)
        }
    }

    private static func runner(_ environment: EvaluationEnvironment) throws(DatabaseError) -> any SubqueryRunner {
        guard let runner = environment.subqueries else {
            throw DatabaseError.internalError("a subquery was evaluated without an executor to run it")
        }
        return runner
    }
}
