// A query after binding: its logical plan and what its result columns are called and come from.

public import HeliosCore
public import HeliosValues

/// A bound query (SELECT, VALUES, set operation, with WITH, ORDER BY and LIMIT).
package struct BoundQuery: Sendable {
    package var plan: LogicalPlan
    /// The result columns, in order: names, types and, for plain table columns, their origin.
    package var outputs: [OutputColumn]
    /// Columns of enclosing queries the query reads.
    package var outerReferences: Set<ColumnBinding>

    /// The plan columns of the result (the plan's columns, which are exactly the outputs).
    package var planColumns: [PlanColumn] { plan.columns }
}

/// One result column, as RowDescription describes it.
package struct OutputColumn: Sendable, Equatable {
    package var name: String
    package var type: SQLType
    package var origin: ColumnOrigin?
}
