// What compiled expressions read at run time besides the current row: the statement's
// parameter values, the values of enclosing queries' columns (for correlated subqueries), the
// function evaluation context, and the executor, which runs subqueries.

package import HeliosCore
package import HeliosValues

/// Runs subquery plans for the expression evaluator (the executor implements it).
package protocol SubqueryRunner: AnyObject {
    /// The rows of subquery `id`'s `plan` (at most `limit` of them when given), with
    /// `environment.outer` holding the values of the enclosing rows' columns the plan reads.
    /// (The id lets the executor build the plan's operators once and rerun them per row.)
    func rows(of plan: LogicalPlan, id: Int, limit: Int?, environment: EvaluationEnvironment) throws(DatabaseError) -> [[SQLValue]]
}

/// The per-execution state compiled expressions evaluate against. One statement execution uses
/// it on one thread.
package final class EvaluationEnvironment {
    package var context: EvaluationContext
    /// `$1 ...` values, already of their parameters' types.
    package var parameters: [SQLValue]
    /// Values of enclosing queries' columns, set while a correlated subquery runs.
    package var outer: [ColumnBinding: SQLValue] = [:]
    /// Results of uncorrelated subqueries, by subquery id, computed on first use.
    package var subqueryCache: [Int: [[SQLValue]]] = [:]
    package weak var subqueries: (any SubqueryRunner)?
    /// What engine functions (nextval, current_setting, ...) reach: the session and statement.
    package var services: EngineServices?

    /// Connects the environment to a session's statement: engine functions reach them through
    /// `services`, and the reg* types read and print names from the statement's catalog.
    package func attach(_ services: EngineServices) {
        self.services = services
        context.settings.objectNames = CatalogObjectNames(reader: services.statement.catalogReader, user: services.session.user)
    }

    package init(context: EvaluationContext, parameters: [SQLValue] = [], subqueries: (any SubqueryRunner)? = nil) {
        self.context = context
        self.parameters = parameters
        self.subqueries = subqueries
    }
}
