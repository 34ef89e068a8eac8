// Routes each statement to what runs it.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

extension Session {
    /// PostgreSQL's PreventInTransactionBlock: statements that cannot be rolled back. Several
    /// statements in one message run in an implicit block, which counts too.
    func refuseInTransactionBlock(_ tag: String) throws(DatabaseError) {
        if transaction?.isExplicit == true || statementsInMessage > 1 {
            throw DatabaseError(.activeSQLTransaction, "\(tag) cannot run inside a transaction block")
        }
    }

    func dispatch(_ statement: Statement, text: String, parameters: [SQLValue],
                  parameterTypes: [SQLType?]) throws(DatabaseError) -> StatementResult {
        switch statement {
        case .select(let query):
            return try runQuery(query, parameters: parameters, parameterTypes: parameterTypes)
        case .insert(let insert):
            return try runInsert(insert, parameters: parameters, parameterTypes: parameterTypes)
        case .update(let update):
            return try runUpdate(update, parameters: parameters, parameterTypes: parameterTypes)
        case .delete(let delete):
            return try runDelete(delete, parameters: parameters, parameterTypes: parameterTypes)
        case .createTable(let create):
            return try runDDL("CREATE TABLE") { (ddl) throws(DatabaseError) in try ddl.createTable(create) }
        case .createTableAs(let create):
            return try runCreateTableAs(create, parameters: parameters, parameterTypes: parameterTypes)
        case .createIndex(let create) where create.concurrently:
            return try runCreateIndexConcurrently(create)
        case .createIndex(let create):
            return try runDDL("CREATE INDEX") { (ddl) throws(DatabaseError) in try ddl.createIndex(create) }
        case .createView(let create):
            return try runDDL("CREATE VIEW") { (ddl) throws(DatabaseError) in try ddl.createView(create) }
        case .createSequence(let create):
            return try runDDL("CREATE SEQUENCE") { (ddl) throws(DatabaseError) in try ddl.createSequence(create) }
        case .alterSequence(let alter):
            return try runDDL("ALTER SEQUENCE") { (ddl) throws(DatabaseError) in try ddl.alterSequence(alter) }
        case .createSchema(let create):
            return try runDDL("CREATE SCHEMA") { (ddl) throws(DatabaseError) in try ddl.createSchema(create) }
        case .drop(let drop) where drop.kind == .role:
            return try runDDL(statement.commandTag, sharedObjects: true) { (ddl) throws(DatabaseError) in try ddl.dropRoles(drop) }
        case .drop(let drop) where drop.kind == .database:
            try refuseInTransactionBlock("DROP DATABASE")
            try waitForSessionsToLeave(drop)
            return try runDDL(statement.commandTag, sharedObjects: true) { (ddl) throws(DatabaseError) in try ddl.dropDatabases(drop) }
        case .drop(let drop):
            return try runDDL(statement.commandTag) { (ddl) throws(DatabaseError) in try ddl.drop(drop) }
        case .alterTable(let alter):
            return try runDDL(statement.commandTag) { (ddl) throws(DatabaseError) in try ddl.alterTable(alter) }
        case .truncate(let truncate):
            return try runDDL("TRUNCATE TABLE") { (ddl) throws(DatabaseError) in try ddl.truncate(truncate) }
        case .comment(let comment):
            return try runDDL("COMMENT") { (ddl) throws(DatabaseError) in try ddl.comment(comment) }
        case .createExtension(let create):
            throw DatabaseError(.undefinedFile, "extension \"\(create.name)\" is not available")
        case .createDatabase(let create):
            try refuseInTransactionBlock("CREATE DATABASE")
            return try runDDL(statement.commandTag, sharedObjects: true) { (ddl) throws(DatabaseError) in try ddl.createDatabase(create) }
        case .alterDatabase(let alter):
            return try runDDL(statement.commandTag, sharedObjects: true) { (ddl) throws(DatabaseError) in try ddl.alterDatabase(alter) }
        case .createRole(let create):
            return try runDDL(statement.commandTag, sharedObjects: true) { (ddl) throws(DatabaseError) in try ddl.createRole(create) }
        case .alterRole(let alter):
            return try runDDL(statement.commandTag, sharedObjects: true) { (ddl) throws(DatabaseError) in try ddl.alterRole(alter) }
        case .grant:
            // No privilege system yet: every session may do everything, so grants change nothing.
            return StatementResult(columns: nil, rows: [], commandTag: statement.commandTag)
        case .transaction(let control):
            return try runTransactionControl(control)
        case .set(let set):
            return try runSet(set)
        case .show(let show):
            return try runShow(show)
        case .reset(let reset):
            return try runReset(reset)
        case .alterSystem(let alter):
            return try runAlterSystem(alter)
        case .prepare(let prepare):
            return try runPrepare(prepare, text: text)
        case .execute(let execute):
            return try runExecute(execute)
        case .deallocate(let deallocate):
            if let name = deallocate.name {
                guard preparedStatements.removeValue(forKey: name) != nil else {
                    throw DatabaseError(.invalidSQLStatementName, "prepared statement \"\(name)\" does not exist")
                }
            } else {
                preparedStatements = [:]
            }
            return StatementResult(columns: nil, rows: [], commandTag: statement.commandTag)
        case .declareCursor(let declare):
            return try runDeclare(declare, parameters: parameters, parameterTypes: parameterTypes)
        case .fetch(let fetch):
            return try runFetch(fetch)
        case .closeCursor(let close):
            if let name = close.cursor {
                guard cursors.removeValue(forKey: name) != nil else {
                    throw DatabaseError(.invalidCursorName, "cursor \"\(name)\" does not exist")
                }
            } else {
                cursors = [:]
            }
            return StatementResult(columns: nil, rows: [], commandTag: statement.commandTag)
        case .explain(let explain):
            return try runExplain(explain, parameters: parameters, parameterTypes: parameterTypes)
        case .maintenance(let maintenance):
            return try runMaintenance(maintenance)
        case .copy:
            throw DatabaseError(.featureNotSupported, "COPY is available over the PostgreSQL protocol only")
        case .checkpoint:
            try database.store.checkpoint()
            return StatementResult(columns: nil, rows: [], commandTag: "CHECKPOINT")
        case .discard(let target):
            switch target {
            case .all:
                try refuseInTransactionBlock("DISCARD ALL")
                preparedStatements = [:]
                cursors = [:]
                sequenceValues = [:]
                lastSequence = nil
                settings = SettingsStore(user: settings.user, generation: settings.generation + 1)
            case .plans:
                for name in preparedStatements.keys {
                    preparedStatements[name]?.plan = nil
                    preparedStatements[name]?.cachedPlan = nil
                }
            case .sequences:
                sequenceValues = [:]
                lastSequence = nil
            case .temporary: break
            }
            return StatementResult(columns: nil, rows: [], commandTag: statement.commandTag)
        case .listen, .unlisten, .notify:
            throw DatabaseError(.featureNotSupported, "LISTEN and NOTIFY are not supported yet")
        case .lock(let lock):
            return try runLock(lock)
        case .doBlock:
            throw DatabaseError(.featureNotSupported, "DO blocks (procedural code) are not supported")
        }
    }
}
