// State shared by every scope of one statement being bound: the catalog as the statement sees
// it, the counter that numbers plan nodes' column bindings (unique within the statement), the
// statement's parameters, and where output columns come from (for RowDescription's table and
// column numbers).

public import HeliosCore
public import HeliosValues

package final class BindingContext {
    package let catalog: CatalogReader
    package let parameters: ParameterTypes
    package let session: SessionFacts
    private var nextTable = 0
    /// The table column each scan binding reads, for clients that ask where a result column
    /// comes from.
    package var columnOrigins: [ColumnBinding: ColumnOrigin] = [:]
    /// Common table expressions by id, once bound.
    package var commonTableExpressions: [Int: CommonTableExpression] = [:]

    package init(catalog: CatalogReader, parameters: ParameterTypes, session: SessionFacts) {
        self.catalog = catalog
        self.parameters = parameters
        self.session = session
    }

    /// A fresh binding-table number.
    package func makeTable() -> Int {
        nextTable += 1
        return nextTable
    }

    /// `count` plan columns on a fresh binding table.
    package func makeColumns(names: [String], types: [SQLType]) -> [PlanColumn] {
        let table = makeTable()
        return zip(names, types).enumerated().map { index, pair in
            PlanColumn(binding: ColumnBinding(table, index), type: pair.1, name: pair.0)
        }
    }
}

/// The table column a result column reads.
package struct ColumnOrigin: Sendable, Equatable {
    package var table: ObjectID
    package var column: Int16
}
