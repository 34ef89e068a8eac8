// What INSERT, UPDATE and DELETE share once bound: an execution context reading the statement's
// storage snapshot (taken at the statement's start, so a statement never reads its own writes,
// as PostgreSQL's command counter guarantees), the operators of the rows to write, the table
// writers, and RETURNING.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

final class DMLExecution {
    let session: Session
    let statement: StatementContext
    let binding: BindingContext
    let environment: EvaluationEnvironment
    let context: ExecutionContext
    let planner: PhysicalPlanner
    let writers: TableWriters

    init(session: Session, statement: StatementContext, binding: BindingContext, environment: EvaluationEnvironment) {
        self.session = session
        self.statement = statement
        self.binding = binding
        self.environment = environment
        context = ExecutionContext(access: .read(statement.reader), snapshot: statement.snapshot, environment: environment,
                                   catalog: session.database.catalog)
        context.interruption = session.interruptionCheck()
        context.workMemory = session.workMemory
        planner = PhysicalPlanner(context: context)
        writers = TableWriters(statement: statement, binding: binding, environment: environment)
    }

    /// True when the statement is only being described (bound, not run).
    var isDescribing: Bool { session.describing != nil }

    /// Once binding has settled the parameters' types: their values, converted.
    func resolveParameters(_ values: [SQLValue]) throws(DatabaseError) {
        environment.parameters = try session.resolveParameters(values, types: binding.parameters,
                                                               objectNames: environment.context.settings.objectNames)
    }

    /// Calls `body` with each row `plan` produces.
    func forEachRow(of plan: LogicalPlan, _ body: (Row) throws(DatabaseError) -> Void) throws(DatabaseError) {
        let root = try planner.build(plan)
        try root.open()
        defer { root.close() }
        while let row = try root.next() {
            try body(row)
        }
    }

    func compile(_ expression: BoundExpression, _ layout: [ColumnBinding: Int]) throws(DatabaseError) -> CompiledExpression {
        try ExpressionCompiler.compile(expression, layout: layout)
    }

    /// Whether `condition` holds for `row` (NULL does not).
    func holds(_ condition: CompiledExpression?, _ row: Row) throws(DatabaseError) -> Bool {
        guard let condition else { return true }
        if case .bool(true) = try condition.evaluate(row, environment) { return true }
        return false
    }
}

/// A bound RETURNING list, evaluated on each written row.
struct ReturningList {
    let items: [CompiledExpression]
    let outputs: [OutputColumn]
    private(set) var rows: [Row] = []

    init(items: [CompiledExpression], outputs: [OutputColumn]) {
        self.items = items
        self.outputs = outputs
    }

    var isEmpty: Bool { items.isEmpty }

    mutating func add(_ row: Row, _ environment: EvaluationEnvironment) throws(DatabaseError) {
        guard !items.isEmpty else { return }
        var output: Row = []
        output.reserveCapacity(items.count)
        for item in items { output.append(try item.evaluate(row, environment)) }
        rows.append(output)
    }

    func result(commandTag: String) -> StatementResult {
        StatementResult(columns: items.isEmpty ? nil : outputs.map(ResultColumn.init), rows: rows, commandTag: commandTag)
    }
}


enum GeneratedColumnRules {
    /// 428C9 for a value given to a column only the database may fill.
    static func checkInsertable(_ column: ColumnDescriptor, overriding: InsertStatement.Overriding?) throws(DatabaseError) {
        if column.generatedExpression != nil {
            throw DatabaseError(.generatedAlways, "cannot insert a non-DEFAULT value into column \"\(column.name)\"",
                                detail: "Column \"\(column.name)\" is a generated column.")
        }
        if column.identity == .always && overriding != .systemValue {
            throw DatabaseError(.generatedAlways, "cannot insert a non-DEFAULT value into column \"\(column.name)\"",
                                detail: "Column \"\(column.name)\" is an identity column defined as GENERATED ALWAYS.",
                                hint: "Use OVERRIDING SYSTEM VALUE to override.")
        }
    }

    /// 428C9 for UPDATE SET of such a column to anything but DEFAULT.
    static func checkUpdatable(_ column: ColumnDescriptor) throws(DatabaseError) {
        if column.generatedExpression != nil {
            throw DatabaseError(.generatedAlways, "column \"\(column.name)\" can only be updated to DEFAULT",
                                detail: "Column \"\(column.name)\" is a generated column.")
        }
        if column.identity == .always {
            throw DatabaseError(.generatedAlways, "column \"\(column.name)\" can only be updated to DEFAULT",
                                detail: "Column \"\(column.name)\" is an identity column defined as GENERATED ALWAYS.")
        }
    }
}
