// Expressions stored as SQL text against one table — CHECK constraints, column DEFAULTs,
// generated columns — bound against a scope holding just that table's columns, in storage
// order, so that compiled they read a stored row directly.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

struct TableScope {
    let scope: QueryScope
    /// The binding table of the row's columns.
    let table: Int
    let columns: [PlanColumn]

    init(relation: RelationDescriptor, context: BindingContext, qualifier: String? = nil) {
        scope = QueryScope(context: context, parent: nil)
        let table = context.makeTable()
        self.table = table
        columns = relation.columns.enumerated().map { index, column in
            PlanColumn(binding: ColumnBinding(table, index), type: column.type, name: column.name)
        }
        var items: [ScopeColumn] = []
        for (index, column) in relation.columns.enumerated() where !column.isDropped {
            items.append(ScopeColumn(qualifier: qualifier ?? relation.name, schema: nil, name: column.name,
                                     expression: .column(columns[index].binding, column.type)))
        }
        scope.add(items)
    }

    /// Where each column sits in a stored row.
    var layout: [ColumnBinding: Int] {
        var result: [ColumnBinding: Int] = [:]
        for (index, column) in columns.enumerated() { result[column.binding] = index }
        return result
    }

    /// Parses and binds an expression stored as text.
    func bind(_ text: String, clause: Clause) throws(DatabaseError) -> BoundExpression {
        let expression = try Parser.parseExpression(text)
        scope.clause = clause
        return try ExpressionBinder(scope: scope).bind(expression)
    }

    /// A stored CHECK condition, compiled against the row.
    func compileCheck(_ text: String) throws(DatabaseError) -> CompiledExpression {
        let expression = try Parser.parseExpression(text)
        scope.clause = .check
        let bound = try ExpressionBinder(scope: scope).bindCondition(expression, clause: "CHECK")
        return try ExpressionCompiler.compile(bound, layout: layout)
    }
}
