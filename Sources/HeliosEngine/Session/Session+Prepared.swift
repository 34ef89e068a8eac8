// PREPARE, EXECUTE and the statements the wire protocol's Parse message creates: a statement
// kept with its declared parameter types, run later with values.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

/// A prepared statement.
package struct PreparedStatement {
    package var name: String
    /// nil for an empty query string (Parse of "").
    package var statement: Statement?
    package var text: String
    /// Declared parameter types (nil: inferred when bound).
    package var parameterTypes: [SQLType?]
    /// A cached plan, if any (dropped by DISCARD PLANS and catalog changes).
    package var plan: LogicalPlan?
    /// A query's bound and optimized plan, reused while it is valid (CachedPlan).
    package var cachedPlan: CachedPlan?
    /// The result columns as last described, and the catalog version they were described at.
    package var columns: [ResultColumn]?
    package var describedAtCatalogVersion: UInt64?
    /// The workload capture's template of `text` (computed once, at Parse).
    package var template: StatementTemplate? = nil
}

extension Session {
    func runPrepare(_ prepare: PrepareStatement, text: String) throws(DatabaseError) -> StatementResult {
        if preparedStatements[prepare.name] != nil {
            throw DatabaseError(.duplicatePreparedStatement, "prepared statement \"\(prepare.name)\" already exists")
        }
        var types: [SQLType?] = []
        for name in prepare.parameterTypes { types.append(try TypeResolution.resolve(name)) }
        preparedStatements[prepare.name] = PreparedStatement(name: prepare.name, statement: prepare.statement, text: text,
                                                             parameterTypes: types, plan: nil)
        return StatementResult(columns: nil, rows: [], commandTag: "PREPARE")
    }

    func runExecute(_ execute: ExecuteStatement) throws(DatabaseError) -> StatementResult {
        guard let prepared = preparedStatements[execute.name] else {
            throw DatabaseError(.invalidSQLStatementName, "prepared statement \"\(execute.name)\" does not exist")
        }
        if execute.arguments.count != prepared.parameterTypes.count {
            throw DatabaseError(.syntaxError,
                                "wrong number of parameters for prepared statement \"\(execute.name)\"",
                                detail: "Expected \(prepared.parameterTypes.count) parameters but got \(execute.arguments.count).")
        }
        var values: [SQLValue] = []
        for (argument, type) in zip(execute.arguments, prepared.parameterTypes) {
            values.append(try evaluateConstant(argument, as: type))
        }
        guard let statement = prepared.statement else {
            return StatementResult(columns: nil, rows: [], commandTag: "")
        }
        var result = try dispatch(statement, text: prepared.text, parameters: values, parameterTypes: prepared.parameterTypes)
        if case .select = statement { result.commandTag = "SELECT \(result.rows.count)" }
        return result
    }

    /// Evaluates an expression that reads no table (EXECUTE arguments, SET values).
    func evaluateConstant(_ expression: Expression, as type: SQLType?) throws(DatabaseError) -> SQLValue {
        let transaction = try currentTransaction()
        let statement = try StatementContext(session: self, transaction: transaction)
        defer { statement.abandon() }
        let binding = BindingContext(catalog: statement.catalogReader, parameters: ParameterTypes(), session: sessionFacts)
        let scope = QueryScope(context: binding, parent: nil)
        scope.clause = .values
        var bound = try ExpressionBinder(scope: scope).bind(expression)
        if let type {
            bound = try ExpressionBinder(scope: scope).coerce(bound, to: type, context: .assignment, location: expression.location)
        }
        let environment = EvaluationEnvironment(context: evaluationContext(transaction))
        environment.attach(EngineServices(session: self, statement: statement))
        let context = ExecutionContext(access: .read(statement.reader), snapshot: statement.snapshot, environment: environment,
                                       catalog: database.catalog)
        let planner = PhysicalPlanner(context: context)
        _ = planner
        return try ExpressionCompiler.compile(bound, layout: [:]).evaluate([], environment)
    }
}
