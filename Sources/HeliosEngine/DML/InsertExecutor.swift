// INSERT: rows from VALUES (where DEFAULT may stand for a column's default), from a query, or
// DEFAULT VALUES; each value converted to its column's type by assignment rules; columns not
// given take their defaults (sequences for serial and identity columns). ON CONFLICT handles
// rows that collide with an existing row on the arbiter constraint: DO NOTHING skips them, DO
// UPDATE changes the existing row (locking it and, under READ COMMITTED, using its newest
// version), with `excluded` naming the proposed row.

public import HeliosCore
public import HeliosStorage
public import HeliosValues
public import HeliosSQL

final class InsertExecutor {
    let execution: DMLExecution
    private var statement: StatementContext { execution.statement }

    init(session: Session, statement: StatementContext, binding: BindingContext, environment: EvaluationEnvironment) {
        execution = DMLExecution(session: session, statement: statement, binding: binding, environment: environment)
    }

    /// How one column of a proposed row gets its value.
    private enum Source {
        case value(CompiledExpression)
        case defaultValue
    }

    func run(_ insert: InsertStatement, parameters: [SQLValue]) throws(DatabaseError) -> StatementResult {
        let relation = try DMLTarget.table(insert.table, catalog: statement.catalogReader, verb: "insert into")
        let writer = try execution.writers.writer(for: relation)
        var positions = try DMLTarget.columnPositions(insert.columns, relation: relation)

        // The proposed rows: either per-row sources (VALUES) or a query's rows with conversions.
        var valuesRows: [[Source]] = []
        var queryPlan: LogicalPlan?
        var queryConversions: [CompiledExpression] = []
        switch insert.source {
        case .defaultValues:
            positions = []
            valuesRows = [[]]
        case .query(var query):
            if query.with == nil { query.with = insert.with }
            if case .values(let rows) = query.body, query.with == nil, query.orderBy.isEmpty, query.limit == nil, query.offset == nil {
                let width = rows.first?.count ?? 0
                positions = try fitted(positions, width: width, explicit: !insert.columns.isEmpty, location: insert.location)
                let scope = QueryScope(context: execution.binding, parent: nil)
                scope.clause = .values
                let binder = ExpressionBinder(scope: scope)
                for row in rows {
                    var sources: [Source] = []
                    for (expression, position) in zip(row, positions) {
                        let column = relation.columns[position]
                        if case .default = expression.kind {
                            sources.append(.defaultValue)
                            continue
                        }
                        try GeneratedColumnRules.checkInsertable(column, overriding: insert.overriding)
                        let bound = try binder.bindAssigned(expression, to: column.type, column: column.name)
                        sources.append(.value(try execution.compile(bound, [:])))
                    }
                    valuesRows.append(sources)
                }
            } else {
                let bound = try QueryBinder(context: execution.binding).bind(query, parent: nil)
                positions = try fitted(positions, width: bound.outputs.count, explicit: !insert.columns.isEmpty,
                                       location: insert.location)
                let layout = PhysicalPlanner.layout(of: bound.plan)
                for (column, position) in zip(bound.planColumns, positions) {
                    let target = relation.columns[position]
                    try GeneratedColumnRules.checkInsertable(target, overriding: insert.overriding)
                    let converted = try assigned(.column(column.binding, column.type), to: target)
                    queryConversions.append(try execution.compile(converted, layout))
                }
                queryPlan = try Optimizer.optimize(bound.plan, statistics: execution.session.planStatistics(statement))
            }
        }

        let conflict = try ConflictHandler(insert.onConflict, relation: relation, alias: insert.alias, execution: execution)
        var returning = try bindReturning(insert.returning, relation: relation, alias: insert.alias)
        if execution.isDescribing { return returning.result(commandTag: "") }
        try execution.resolveParameters(parameters)

        var count = 0
        func write(_ row: Row) throws(DatabaseError) {
            if let written = try conflict.insert(row, writer: writer) {
                count += 1
                try returning.add(written, execution.environment)
            }
        }
        if let queryPlan {
            try execution.forEachRow(of: queryPlan) { (source) throws(DatabaseError) in
                var row = try defaults(relation, except: Set(positions))
                for (conversion, position) in zip(queryConversions, positions) {
                    row[position] = try conversion.evaluate(source, execution.environment)
                }
                try execution.writers.computeGenerated(relation, &row)
                try write(row)
            }
        } else {
            for sources in valuesRows {
                var row = try defaults(relation, except: Set(zip(sources, positions).compactMap { source, position in
                    if case .value = source { position } else { nil }
                }))
                for (source, position) in zip(sources, positions) {
                    if case .value(let compiled) = source { row[position] = try compiled.evaluate([], execution.environment) }
                }
                try execution.writers.computeGenerated(relation, &row)
                try write(row)
            }
        }
        try execution.writers.finish()
        return returning.result(commandTag: "INSERT 0 \(count)")
    }

    /// The target positions for `width` values: the named columns (which must match in
    /// number), or the table's first `width` columns.
    private func fitted(_ positions: [Int], width: Int, explicit: Bool, location: SourceLocation) throws(DatabaseError) -> [Int] {
        if width > positions.count {
            throw DatabaseError(.syntaxError, "INSERT has more expressions than target columns", position: location.errorPosition)
        }
        if explicit && width < positions.count {
            throw DatabaseError(.syntaxError, "INSERT has more target columns than expressions", position: location.errorPosition)
        }
        return Array(positions.prefix(width))
    }

    private func assigned(_ expression: BoundExpression, to column: ColumnDescriptor) throws(DatabaseError) -> BoundExpression {
        let scope = QueryScope(context: execution.binding, parent: nil)
        return try ExpressionBinder(scope: scope).assigned(expression, to: column.type, column: column.name, location: .unknown)
    }

    /// A row holding every column's default (NULL where none), computed only for columns not in
    /// `except` (so a sequence advances only when its default is used).
    private func defaults(_ relation: RelationDescriptor, except: Set<Int> = []) throws(DatabaseError) -> Row {
        var row = Row(repeating: .null, count: relation.columns.count)
        for position in relation.columns.indices where !except.contains(position) && !relation.columns[position].isDropped {
            row[position] = try execution.writers.defaultValue(of: relation, position: position)
        }
        return row
    }

    private func bindReturning(_ targets: [SelectTarget], relation: RelationDescriptor, alias: String?) throws(DatabaseError) -> ReturningList {
        guard !targets.isEmpty else { return ReturningList(items: [], outputs: []) }
        let table = TableScope(relation: relation, context: execution.binding, qualifier: alias ?? relation.name)
        let (items, outputs) = try DMLTarget.bindReturning(targets, scope: table.scope)
        var compiled: [CompiledExpression] = []
        for item in items { compiled.append(try execution.compile(item, table.layout)) }
        return ReturningList(items: compiled, outputs: outputs)
    }
}

/// ON CONFLICT: which constraint arbitrates, and what happens to a row that collides on it.
private final class ConflictHandler {
    let clause: OnConflictClause?
    let relation: RelationDescriptor
    let execution: DMLExecution
    /// Names of the constraints or indexes whose conflicts the clause handles (nil: any).
    private var arbiters: Set<String>?
    private var assignments: [(position: Int, value: CompiledExpression?)] = []
    private var condition: CompiledExpression?
    /// Rows this statement inserted or updated: DO UPDATE must not touch one twice.
    private var touched: Set<[UInt8]> = []

    init(_ clause: OnConflictClause?, relation: RelationDescriptor, alias: String?, execution: DMLExecution) throws(DatabaseError) {
        self.clause = clause
        self.relation = relation
        self.execution = execution
        guard let clause else { return }
        if let target = clause.target { arbiters = try Self.arbiters(target, relation: relation) }
        if case .doUpdate(let sets, let whereCondition) = clause.action {
            guard clause.target != nil else {
                throw DatabaseError(.syntaxError, "ON CONFLICT DO UPDATE requires inference specification or constraint name",
                                    hint: "For example, ON CONFLICT (column_name).")
            }
            // The existing row's columns under the table's name (or alias), then the proposed
            // row's under `excluded`.
            let existing = TableScope(relation: relation, context: execution.binding, qualifier: alias ?? relation.name)
            let excluded = TableScope(relation: relation, context: execution.binding, qualifier: "excluded")
            let scope = existing.scope
            scope.add(excluded.scope.columns)
            var layout = existing.layout
            for (binding, index) in excluded.layout { layout[binding] = relation.columns.count + index }
            let binder = ExpressionBinder(scope: scope)
            scope.clause = .update
            for (target, expression) in try UpdateAssignments.flatten(sets) {
                let position = try UpdateAssignments.position(of: target, in: relation)
                let column = relation.columns[position]
                if case .default = expression.kind {
                    assignments.append((position, nil))
                    continue
                }
                try GeneratedColumnRules.checkUpdatable(column)
                let bound = try binder.bindAssigned(expression, to: column.type, column: column.name)
                assignments.append((position, try execution.compile(bound, layout)))
            }
            if let whereCondition {
                scope.clause = .whereClause
                condition = try execution.compile(try binder.bindCondition(whereCondition, clause: "WHERE"), layout)
            }
        }
    }

    /// The unique indexes (or constraints) an ON CONFLICT target names.
    private static func arbiters(_ target: OnConflictClause.Target, relation: RelationDescriptor) throws(DatabaseError) -> Set<String> {
        switch target {
        case .constraint(let name):
            guard relation.indexes.contains(where: { $0.name == name && $0.isUnique }) else {
                throw DatabaseError(.undefinedObject, "constraint \"\(name)\" for table \"\(relation.name)\" does not exist")
            }
            return [name]
        case .columns(let elements, _):
            var columns = Set<Int16>()
            for element in elements {
                guard case .column(let name) = element.key else {
                    throw DatabaseError(.featureNotSupported, "ON CONFLICT on an expression is not supported",
                                        position: element.location.errorPosition)
                }
                guard let column = relation.column(named: name) else {
                    throw DatabaseError(.undefinedColumn, "column \"\(name)\" does not exist", position: element.location.errorPosition)
                }
                columns.insert(column.number)
            }
            let matching = relation.indexes.filter { $0.isUnique && Set($0.keys.map(\.column)) == columns }
            guard !matching.isEmpty else {
                throw DatabaseError(.invalidColumnReference,
                                    "there is no unique or exclusion constraint matching the ON CONFLICT specification")
            }
            return Set(matching.map(\.name))
        }
    }

    /// Inserts `row` or resolves its conflict: the row written (for RETURNING), nil if none.
    func insert(_ row: Row, writer: TableWriter) throws(DatabaseError) -> Row? {
        guard let clause else {
            _ = try writer.insert(row)
            return row
        }
        while true {
            var conflicting = try arbiterConflict(row, writer: writer)
            if conflicting == nil {
                let outcome = try writer.insert(row, reportConflicts: true)
                switch outcome {
                case .inserted(let key):
                    touched.insert(key)
                    return row
                case .conflict(let constraint, let existingKey, _):
                    if let arbiters, !arbiters.contains(constraint) { throw writer.uniqueViolation(outcome) }
                    conflicting = existingKey
                }
            }
            guard let existingKey = conflicting, case .doUpdate = clause.action else { return nil }
            switch try update(existingKey, proposed: row, writer: writer) {
            case .written(let new): return new
            case .filtered: return nil
            case .vanished: continue  // the conflicting row went away: insert after all
            }
        }
    }

    /// The key of a live row that conflicts with `row` in an arbiter index, looked for before
    /// inserting, as PostgreSQL's speculative insertion does: a row that conflicts in an arbiter
    /// takes the ON CONFLICT action even if it also conflicts in another unique index. NOT NULL
    /// and CHECK come first, as there.
    private func arbiterConflict(_ row: Row, writer: TableWriter) throws(DatabaseError) -> [UInt8]? {
        guard let arbiters else { return nil }
        try writer.checkConstraints(row)
        for index in writer.secondaryIndexes where index.isUnique && arbiters.contains(index.name) {
            if let key = try writer.findUniqueConflict(index, row: row, excluding: nil) { return key }
        }
        guard let primary = relation.primaryKeyIndex, arbiters.contains(primary.name) else { return nil }
        let key = try writer.rowKey(for: row)
        let statement = execution.statement
        while true {
            let txn = try statement.writeTransaction()
            switch try RowStore.newest(key, in: writer.tree, txn, try statement.rowWriter(), manager: statement.database.manager) {
            case .absent: return nil
            case .waitFor(let xid): try statement.wait(for: xid)
            case .live: return key
            }
        }
    }

    private enum UpdateOutcome {
        case written(Row)
        case filtered
        case vanished
    }

    /// DO UPDATE on the row under `key`, following it to its newest version.
    private func update(_ key: [UInt8], proposed: Row, writer: TableWriter) throws(DatabaseError) -> UpdateOutcome {
        if touched.contains(key) {
            throw DatabaseError(.cardinalityViolation, "ON CONFLICT DO UPDATE command cannot affect row a second time",
                                hint: "Ensure that no rows proposed for insertion within the same command have duplicate constrained values.")
        }
        let statement = execution.statement
        let types = relation.columns.map(\.type)
        var existing: Row
        while true {
            let txn = try statement.writeTransaction()
            switch try RowStore.newest(key, in: writer.tree, txn, try statement.rowWriter(), manager: statement.database.manager) {
            case .absent:
                return .vanished
            case .waitFor(let xid):
                try statement.wait(for: xid)
                continue
            case .live(let data):
                existing = try data.withBytes { (raw) throws(DatabaseError) in try RowCodec.decode(raw, types: types) }
            }
            break
        }
        while true {
            let combined = existing + proposed
            guard try execution.holds(condition, combined) else { return .filtered }
            var new = existing
            for (position, value) in assignments {
                if let value {
                    new[position] = try value.evaluate(combined, execution.environment)
                } else {
                    new[position] = try execution.writers.defaultValue(of: relation, position: position)
                }
            }
            try execution.writers.computeGenerated(relation, &new)
            switch try writer.update(key: key, old: existing, new: new) {
            case .done:
                touched.insert(key)
                return .written(new)
            case .skipped:
                return .vanished
            case .changedConcurrently(let newest):
                existing = newest
            }
        }
    }
}
