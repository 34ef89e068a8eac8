// Running DDL and the utility statements around it: CREATE TABLE AS, LOCK, ANALYZE, VACUUM.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

extension Session {
    /// Runs a DDL statement: takes the DDL lock (before the store's write transaction, so a
    /// wait never holds the store's writer), then runs `body` in a writing statement.
    /// `sharedObjects`: it changes roles or databases, so it also takes the cluster catalog's lock.
    func runDDL(_ tag: String, sharedObjects: Bool = false,
                _ body: (DDLExecutor) throws(DatabaseError) -> Void) throws(DatabaseError) -> StatementResult {
        let (statement, _) = try beginDDLStatement(tag, sharedObjects: sharedObjects)
        do {
            let ddl = try DDLExecutor(session: self, statement: statement)
            try body(ddl)
            try statement.finish()
            var result = StatementResult(columns: nil, rows: [], commandTag: tag)
            result.notices = ddl.notices
            return result
        } catch {
            statement.abandon()
            throw error
        }
    }

    /// Takes the DDL lock for the current transaction and opens a writing statement.
    func beginDDLStatement(_ tag: String, sharedObjects: Bool = false) throws(DatabaseError) -> (StatementContext, SQLTransaction) {
        let transaction = try currentTransaction()
        if transaction.readOnly {
            throw DatabaseError(.readOnlySQLTransaction, "cannot execute \(tag) in a read-only transaction")
        }
        let top = try transaction.topID(database.manager, writer: nil)
        // Always this database's lock first, then the cluster's (the same one in the default
        // database), so two DDL transactions never wait for each other in a cycle.
        try database.catalog.lockForDDL(top)
        if sharedObjects { try database.roleCatalog.lockForDDL(top) }
        transaction.holdsDDLLock = true
        return (try StatementContext(session: self, transaction: transaction, forWriting: true), transaction)
    }

    /// CREATE TABLE ... AS query: a table with the query's columns, filled with its rows.
    func runCreateTableAs(_ create: CreateTableAsStatement, parameters: [SQLValue],
                          parameterTypes: [SQLType?]) throws(DatabaseError) -> StatementResult {
        let (statement, _) = try beginDDLStatement("CREATE TABLE AS")
        do throws(DatabaseError) {
            let ddl = try DDLExecutor(session: self, statement: statement)
            let namespace = try ddl.reader.creationNamespace(for: create.name)
            if try database.catalog.nameIsTaken(create.name.name, in: namespace.oid, access: ddl.access, snapshot: statement.snapshot) {
                guard create.ifNotExists else {
                    throw DatabaseError(.duplicateTable, "relation \"\(create.name.name)\" already exists")
                }
                try statement.finish()
                var result = StatementResult(columns: nil, rows: [], commandTag: "CREATE TABLE AS")
                result.notices = ["relation \"\(create.name.name)\" already exists, skipping"]
                return result
            }
            let (binding, environment) = dmlContext(statement, parameters: parameters, parameterTypes: parameterTypes)
            let bound = try QueryBinder(context: binding).bind(create.query, parent: nil)
            if create.columns.count > bound.outputs.count {
                throw DatabaseError(.syntaxError, "too many column names were specified")
            }
            var columns: [(String, SQLType)] = []
            for (index, output) in bound.outputs.enumerated() {
                let name = index < create.columns.count ? create.columns[index] : output.name
                try DDLExecutor.checkStorable(output.type, column: name)
                columns.append((name, output.type.kind == .unknown ? SQLType.text : output.type))
            }
            let relation = try ddl.createTable(named: create.name.name, in: namespace.oid, columns: columns,
                                               options: DDLExecutor.storageOptions(create.options))
            var count = 0
            if create.withData {
                let execution = DMLExecution(session: self, statement: statement, binding: binding, environment: environment)
                try execution.resolveParameters(parameters)
                let writer = try execution.writers.writer(for: relation)
                try execution.forEachRow(of: try Optimizer.optimize(bound.plan, statistics: planStatistics(statement))) { (row) throws(DatabaseError) in
                    _ = try writer.insert(row)
                    count += 1
                }
            }
            try statement.finish()
            var result = StatementResult(columns: nil, rows: [], commandTag: "SELECT \(count)")
            result.notices = ddl.notices
            return result
        } catch {
            statement.abandon()
            throw error
        }
    }

    /// LOCK TABLE. Modes that conflict with row writes (SHARE and stronger) take the DDL lock,
    /// which writers wait for; weaker modes conflict with nothing HeliosDB runs concurrently.
    func runLock(_ lock: LockStatement) throws(DatabaseError) -> StatementResult {
        guard let transaction, transaction.isExplicit else {
            throw DatabaseError(.noActiveSQLTransaction, "LOCK TABLE can only be used in transaction blocks")
        }
        let statement = try StatementContext(session: self, transaction: transaction)
        defer { statement.abandon() }
        for table in lock.tables { _ = try statement.catalogReader.requireRelation(table.name) }
        switch lock.mode {
        case .share, .shareRowExclusive, .exclusive, .accessExclusive:
            let top = try transaction.topID(database.manager, writer: nil)
            if lock.noWait, let holder = database.catalog.ddlLockHolder, holder != top {
                throw DatabaseError(.lockNotAvailable, "could not obtain lock on relation \"\(lock.tables[0].name.name)\"")
            }
            try database.catalog.lockForDDL(top)
            transaction.holdsDDLLock = true
        default:
            break
        }
        return StatementResult(columns: nil, rows: [], commandTag: "LOCK TABLE")
    }

    /// ANALYZE and VACUUM. VACUUM has nothing to reclaim beyond what writes already prune
    /// (dead versions leave a row's chain as soon as no snapshot can see them), so it checks
    /// its targets and returns; VACUUM (ANALYZE) and ANALYZE collect statistics.
    func runMaintenance(_ maintenance: MaintenanceStatement) throws(DatabaseError) -> StatementResult {
        if maintenance.isVacuum { try refuseInTransactionBlock("VACUUM") }
        let transaction = try currentTransaction()
        let statement = try StatementContext(session: self, transaction: transaction)
        do throws(DatabaseError) {
            for target in maintenance.targets {
                let relation = try statement.catalogReader.requireRelation(target.table)
                for column in target.columns where relation.column(named: column) == nil {
                    throw DatabaseError(.undefinedColumn, "column \"\(column)\" of relation \"\(relation.name)\" does not exist")
                }
            }
            if !maintenance.isVacuum || maintenance.options.contains(where: { $0.name == "analyze" }) {
                try analyze(maintenance.targets, statement: statement)
            } else {
                statement.abandon()
            }
        } catch {
            statement.abandon()
            throw error
        }
        return StatementResult(columns: nil, rows: [], commandTag: maintenance.isVacuum ? "VACUUM" : "ANALYZE")
    }
}
