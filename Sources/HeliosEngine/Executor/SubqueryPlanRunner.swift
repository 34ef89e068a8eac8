// Runs the subqueries expressions contain. Each subquery's operators are built once per
// execution and reopened for every evaluation (a correlated subquery runs once per outer row,
// with the outer values in the environment).

public import HeliosCore
public import HeliosValues

package final class SubqueryPlanRunner: SubqueryRunner {
    /// Unowned: the planner owns this runner.
    unowned let planner: PhysicalPlanner
    private var operators: [Int: PhysicalOperator] = [:]

    init(planner: PhysicalPlanner) {
        self.planner = planner
    }

    package func rows(of plan: LogicalPlan, id: Int, limit: Int?, environment: EvaluationEnvironment) throws(DatabaseError) -> [[SQLValue]] {
        let root: PhysicalOperator
        if let built = operators[id] {
            root = built
        } else {
            root = try planner.build(plan)
            operators[id] = root
        }
        try root.open()
        defer { root.close() }
        var rows: [[SQLValue]] = []
        let wanted = limit ?? Int.max
        while rows.count < wanted, let row = try root.next() { rows.append(row) }
        return rows
    }
}

