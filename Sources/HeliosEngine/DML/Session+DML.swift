// INSERT, UPDATE and DELETE: each runs in a statement that writes. A statement that writes
// first waits for any other transaction holding the DDL lock (a CREATE INDEX or ALTER TABLE in
// progress must see every row it has to cover), then takes its snapshot.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

extension Session {
    /// Runs `body` in a writing statement; its writes reach the store if it succeeds.
    func runWritingStatement(_ body: (StatementContext) throws(DatabaseError) -> StatementResult) throws(DatabaseError) -> StatementResult {
        let transaction = try currentTransaction()
        try waitForDDL(transaction)
        let statement = try StatementContext(session: self, transaction: transaction, forWriting: true)
        do {
            let result = try body(statement)
            try statement.finish()
            return result
        } catch {
            statement.abandon()
            throw error
        }
    }

    /// Waits while another transaction holds the DDL lock.
    func waitForDDL(_ transaction: SQLTransaction) throws(DatabaseError) {
        guard let holder = database.catalog.ddlLockHolder, holder != transaction.top else { return }
        let top = try transaction.topID(database.manager, writer: nil)
        if holder != top { _ = try database.manager.waitForEnd(of: holder, waiter: top) }
    }

    /// What DML binding needs: the statement's binding context and evaluation environment.
    func dmlContext(_ statement: StatementContext, parameters: [SQLValue],
                    parameterTypes: [SQLType?]) -> (BindingContext, EvaluationEnvironment) {
        let types = describing ?? initialParameterTypes(parameters, declared: parameterTypes)
        let binding = BindingContext(catalog: statement.catalogReader, parameters: types, session: sessionFacts)
        let environment = EvaluationEnvironment(context: evaluationContext(statement.transaction))
        environment.attach(EngineServices(session: self, statement: statement))
        return (binding, environment)
    }

    func runInsert(_ insert: InsertStatement, parameters: [SQLValue], parameterTypes: [SQLType?]) throws(DatabaseError) -> StatementResult {
        try runWritingStatement { (statement) throws(DatabaseError) in
            let (binding, environment) = dmlContext(statement, parameters: parameters, parameterTypes: parameterTypes)
            return try InsertExecutor(session: self, statement: statement, binding: binding, environment: environment)
                .run(insert, parameters: parameters)
        }
    }

    func runUpdate(_ update: UpdateStatement, parameters: [SQLValue], parameterTypes: [SQLType?]) throws(DatabaseError) -> StatementResult {
        try runWritingStatement { (statement) throws(DatabaseError) in
            let (binding, environment) = dmlContext(statement, parameters: parameters, parameterTypes: parameterTypes)
            return try ModifyExecutor(session: self, statement: statement, binding: binding, environment: environment)
                .runUpdate(update, parameters: parameters)
        }
    }

    func runDelete(_ delete: DeleteStatement, parameters: [SQLValue], parameterTypes: [SQLType?]) throws(DatabaseError) -> StatementResult {
        try runWritingStatement { (statement) throws(DatabaseError) in
            let (binding, environment) = dmlContext(statement, parameters: parameters, parameterTypes: parameterTypes)
            return try ModifyExecutor(session: self, statement: statement, binding: binding, environment: environment)
                .runDelete(delete, parameters: parameters)
        }
    }
}
