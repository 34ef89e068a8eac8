// The table writers of one statement, built on first use: a statement that deletes from a
// parent table may cascade into children, whose writers need their own constraints compiled.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

package final class TableWriters {
    let statement: StatementContext
    let binding: BindingContext
    let environment: EvaluationEnvironment
    private var writers: [ObjectID: TableWriter] = [:]
    private var defaults: [ObjectID: [CompiledExpression?]] = [:]
    /// Each relation's generated columns, compiled once per statement: (position, expression).
    private var generated: [ObjectID: [(Int, CompiledExpression)]] = [:]

    init(statement: StatementContext, binding: BindingContext, environment: EvaluationEnvironment) {
        self.statement = statement
        self.binding = binding
        self.environment = environment
    }

    /// The writer for `relation` (the version this statement bound).
    func writer(for relation: RelationDescriptor) throws(DatabaseError) -> TableWriter {
        if let existing = writers[relation.oid] { return existing }
        let table = TableScope(relation: relation, context: binding)
        var checks: [(name: String, condition: CompiledExpression)] = []
        for constraint in relation.constraints {
            if case .check(let text) = constraint.kind { checks.append((constraint.name, try table.compileCheck(text))) }
        }
        var foreignKeys: [ForeignKeyCheck] = []
        // Writers are registered before their foreign keys are built: a self-referencing table
        // finds its own writer.
        let writer = try TableWriter(statement: statement, relation: relation, checks: checks, foreignKeys: [], environment: environment)
        writers[relation.oid] = writer
        for constraint in relation.constraints {
            guard case .foreignKey(let key) = constraint.kind else { continue }
            let parent = key.referencedTable == relation.oid ? relation : try requireRelation(key.referencedTable)
            foreignKeys.append(ForeignKeyCheck(name: constraint.name, key: key, child: relation, parent: parent,
                                               isReferencing: true, writers: self))
        }
        for childOID in relation.referencedBy {
            let child = childOID == relation.oid ? relation : try requireRelation(childOID)
            for constraint in child.constraints {
                guard case .foreignKey(let key) = constraint.kind, key.referencedTable == relation.oid else { continue }
                foreignKeys.append(ForeignKeyCheck(name: constraint.name, key: key, child: child, parent: relation,
                                                   isReferencing: false, writers: self))
            }
        }
        let complete = try TableWriter(statement: statement, relation: relation, checks: checks, foreignKeys: foreignKeys,
                                       environment: environment)
        writers[relation.oid] = complete
        return complete
    }

    private func requireRelation(_ oid: ObjectID) throws(DatabaseError) -> RelationDescriptor {
        guard let relation = try statement.catalogReader.relation(oid: oid) else {
            throw DatabaseError.internalError("relation \(oid) vanished")
        }
        return relation
    }

    /// The value a column gets by default (its DEFAULT, or NULL).
    func defaultValue(of relation: RelationDescriptor, position: Int) throws(DatabaseError) -> SQLValue {
        if defaults[relation.oid] == nil {
            let table = TableScope(relation: relation, context: binding)
            var compiled: [CompiledExpression?] = []
            for column in relation.columns {
                guard let text = column.defaultExpression else { compiled.append(nil); continue }
                let bound = try ExpressionBinder(scope: table.scope).coerce(try table.bind(text, clause: .defaultValue), to: column.type,
                                                          context: .assignment, location: .unknown)
                compiled.append(try ExpressionCompiler.compile(bound, layout: [:]))
            }
            defaults[relation.oid] = compiled
        }
        return try defaults[relation.oid]![position]?.evaluate([], environment) ?? .null
    }

    /// Recomputes the row's stored generated columns (GENERATED ALWAYS AS (...) STORED).
    func computeGenerated(_ relation: RelationDescriptor, _ row: inout Row) throws(DatabaseError) {
        if generated[relation.oid] == nil {
            var compiled: [(Int, CompiledExpression)] = []
            if relation.columns.contains(where: { $0.generatedExpression != nil && !$0.isDropped }) {
                let table = TableScope(relation: relation, context: binding)
                for (position, column) in relation.columns.enumerated() {
                    guard let text = column.generatedExpression, !column.isDropped else { continue }
                    let bound = try ExpressionBinder(scope: table.scope).coerce(try table.bind(text, clause: .defaultValue),
                                                                                to: column.type, context: .assignment, location: .unknown)
                    compiled.append((position, try ExpressionCompiler.compile(bound, layout: table.layout)))
                }
            }
            generated[relation.oid] = compiled
        }
        for (position, expression) in generated[relation.oid]! { row[position] = try expression.evaluate(row, environment) }
    }

    /// Runs every writer's end-of-statement checks.
    func finish() throws(DatabaseError) {
        for writer in writers.values { try writer.finish() }
    }
}
