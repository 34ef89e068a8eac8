// The extended query protocol's objects, engine side: statements prepared by Parse (sharing the
// namespace of SQL PREPARE, as in PostgreSQL) and portals created by Bind. Parse binds the
// statement once to infer its parameter types and describe its result; Bind converts the
// parameter values; Execute runs the portal, a query a few rows at a time (its operators stay
// open between Executes), anything else at its first Execute, keeping RETURNING rows to hand out.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

/// What Describe reports about a prepared statement.
public struct StatementShape: Sendable {
    public var parameterTypes: [SQLType]
    /// nil for statements that return no rows.
    public var columns: [ResultColumn]?
}

/// A portal: a prepared statement with its parameter values, possibly part-run.
package final class Portal {
    let statement: PreparedStatement
    let parameters: [SQLValue]
    /// A query's execution, once started.
    var execution: QueryExecution?
    /// Rows computed but not yet handed out (RETURNING, SHOW, EXPLAIN ...).
    var pending: [Row] = []
    var pendingTag: String?
    var outputSettings: SessionSettings = .standard
    var columns: [ResultColumn]?
    var rowsReturned = 0
    var isDone = false
    /// Time spent on this portal so far (planning and Executes), for the workload capture.
    var elapsedNanoseconds: UInt64 = 0
    var isCounted = false

    init(statement: PreparedStatement, parameters: [SQLValue], columns: [ResultColumn]?) {
        self.statement = statement
        self.parameters = parameters
        self.columns = columns
    }
}

/// What one Execute produced.
/// A portal's origin, for the server's log (Session.portalSource).
public struct PortalSource: Sendable {
    public var statementName: String
    public var text: String
    /// Each parameter's value as text; nil for NULL.
    public var parameters: [String?]
    public var isStarted: Bool
}

public struct PortalOutput: Sendable {
    public var rows: [[SQLValue]]
    /// The command tag when the portal finished, nil when it stopped at the row limit.
    public var commandTag: String?
    public var notices: [String] = []
    /// What the rows' text must be formatted with (reg* values print names through it).
    public var outputSettings: SessionSettings = .standard
}

extension Session {
    /// Parse: prepares `text` (one statement, or none) as `name` ("" replaces the unnamed one).
    public func prepare(name: String, text: String, parameterTypes declared: [SQLType?]) throws(DatabaseError) -> StatementShape {
        let statements = try Parser.parseStatements(text)
        if statements.count > 1 {
            throw DatabaseError(.syntaxError, "cannot insert multiple commands into a prepared statement")
        }
        if !name.isEmpty && preparedStatements[name] != nil {
            throw DatabaseError(.duplicatePreparedStatement, "prepared statement \"\(name)\" already exists")
        }
        guard let parsed = statements.first else {
            let empty = PreparedStatement(name: name, statement: nil, text: text, parameterTypes: [], plan: nil)
            preparedStatements[name] = empty
            return StatementShape(parameterTypes: [], columns: nil)
        }
        // Read before describe's snapshot (a transaction's kept snapshot is older: no version),
        // which then sees at least this version: a Bind that finds it unchanged may trust these
        // columns (CatalogVersion.swift).
        let version = transaction?.snapshot == nil ? database.settledCatalogVersion() : nil
        let shape = try describe(parsed.statement, declared: declared)
        var prepared = PreparedStatement(name: name, statement: parsed.statement, text: parsed.text,
                                         parameterTypes: shape.parameterTypes.map { $0 }, plan: nil)
        prepared.columns = shape.columns
        prepared.template = StatementTemplate.of(parsed)
        prepared.describedAtCatalogVersion = transaction?.changedCatalog == true ? nil : version
        preparedStatements[name] = prepared
        return shape
    }

    /// Describe S.
    public func describeStatement(named name: String) throws(DatabaseError) -> StatementShape {
        guard let prepared = preparedStatements[name] else {
            throw DatabaseError(.invalidSQLStatementName, "prepared statement \"\(name)\" does not exist")
        }
        guard let statement = prepared.statement else { return StatementShape(parameterTypes: [], columns: nil) }
        return try describe(statement, declared: prepared.parameterTypes)
    }

    /// Binds `statement` without running it: its parameter types (inferred where not
    /// declared) and result columns.
    func describe(_ statement: Statement, declared: [SQLType?]) throws(DatabaseError) -> StatementShape {
        let types = ParameterTypes(declared: declared)
        describing = types
        defer { describing = nil }
        if transaction?.failed == true && !Self.endsFailedTransaction(statement) {
            throw DatabaseError(.inFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
        }
        var columns: [ResultColumn]?
        switch statement {
        case .select(let query):
            let transaction = try currentTransaction()
            let context = try StatementContext(session: self, transaction: transaction)
            defer { context.abandon() }
            let binding = BindingContext(catalog: context.catalogReader, parameters: types, session: sessionFacts)
            let bound = try QueryBinder(context: binding).bind(query, parent: nil)
            columns = bound.outputs.map(ResultColumn.init)
        case .insert, .update, .delete:
            // The executors stop after binding when `describing` is set.
            let result = try dispatch(statement, text: "", parameters: [], parameterTypes: declared)
            columns = result.columns
        case .show:
            columns = [ResultColumn(name: "setting", type: .text)]
        case .explain:
            columns = [ResultColumn(name: "QUERY PLAN", type: .text)]
        case .fetch:
            columns = nil  // known only when run; clients describe the portal instead
        default:
            columns = nil
        }
        let resolved = types.resolved
        let count = max(resolved.count, declared.count)
        var parameterTypes: [SQLType] = []
        for index in 0..<count {
            let type = index < resolved.count ? resolved[index] : (declared[index] ?? .text)
            parameterTypes.append(type.kind == .unknown ? .text : type)
        }
        return StatementShape(parameterTypes: parameterTypes, columns: columns)
    }

    /// COMMIT and ROLLBACK [TO SAVEPOINT] end a failed transaction's aborted state, so they pass
    /// Describe, Bind and Execute there, as PostgreSQL's IsTransactionExitStmt lets them.
    static func endsFailedTransaction(_ statement: Statement?) -> Bool {
        guard case .transaction(let control) = statement else { return false }
        switch control {
        case .commit, .rollback, .rollbackToSavepoint, .prepareTransaction: return true
        default: return false
        }
    }

    /// Bind: creates portal `portal` ("" replaces the unnamed one) from a prepared statement and
    /// parameter values (already decoded to the statement's parameter types).
    public func bind(portal: String, statement name: String, parameters: [SQLValue]) throws(DatabaseError) -> [ResultColumn]? {
        guard let prepared = preparedStatements[name] else {
            throw DatabaseError(.invalidSQLStatementName, "prepared statement \"\(name)\" does not exist")
        }
        if transaction?.failed == true && !Self.endsFailedTransaction(prepared.statement) {
            throw DatabaseError(.inFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
        }
        if parameters.count != prepared.parameterTypes.count {
            throw DatabaseError(.protocolViolation,
                                "bind message supplies \(parameters.count) parameters, but prepared statement \"\(name)\" requires \(prepared.parameterTypes.count)")
        }
        if !portal.isEmpty && portals[portal] != nil {
            throw DatabaseError(.duplicateCursor, "portal \"\(portal)\" already exists")
        }
        // The columns as Parse described them, unless the catalog changed since (then the
        // statement is bound again, as PostgreSQL re-plans on invalidation).
        var columns = prepared.columns
        let current = database.catalogVersion.load(ordering: .relaxed)
        if let statement = prepared.statement,
           prepared.describedAtCatalogVersion != current || transaction?.changedCatalog == true {
            columns = try describe(statement, declared: prepared.parameterTypes).columns
        }
        _ = try currentTransaction()
        portals[portal] = Portal(statement: prepared, parameters: parameters, columns: columns)
        return columns
    }

    /// A simple query's statement as the unnamed portal, to stream with `execute(portal: "")`;
    /// its result columns.
    package func openUnnamedPortal(_ statement: Statement, text: String,
                                   template: StatementTemplate? = nil) throws(DatabaseError) -> [ResultColumn]? {
        closePortal(named: "")
        var prepared = PreparedStatement(name: "", statement: statement, text: text, parameterTypes: [], plan: nil)
        prepared.template = template
        let transaction = try currentTransaction()
        guard case .select(let query) = statement, query.locking.isEmpty, !transaction.failed else {
            let columns = try describe(statement, declared: []).columns
            portals[""] = Portal(statement: prepared, parameters: [], columns: columns)
            return columns
        }
        // A query is bound once: the execution it starts is what Execute then reads.
        let context = try StatementContext(session: self, transaction: transaction)
        let execution: QueryExecution
        let startedAt = Self.monotonicNanoseconds()
        do {
            execution = try prepareQuery(query, statement: context, parameters: [], parameterTypes: [])
        } catch {
            context.abandon()
            throw error
        }
        let columns = execution.outputs.map(ResultColumn.init)
        let portal = Portal(statement: prepared, parameters: [], columns: columns)
        portal.elapsedNanoseconds = Self.monotonicNanoseconds() &- startedAt
        portal.execution = execution
        portals[""] = portal
        return columns
    }

    /// The parameter types of a prepared statement (for decoding Bind values).
    public func parameterTypes(ofStatement name: String) throws(DatabaseError) -> [SQLType] {
        guard let prepared = preparedStatements[name] else {
            throw DatabaseError(.invalidSQLStatementName, "prepared statement \"\(name)\" does not exist")
        }
        return prepared.parameterTypes.map { $0 ?? .text }
    }

    /// Describe P.
    /// A cursor made by DECLARE is a portal too (psycopg describes one before fetching from it).
    public func describePortal(named name: String) throws(DatabaseError) -> [ResultColumn]? {
        if let portal = portals[name] { return portal.columns }
        if let cursor = cursors[name] { return cursor.outputs.map(ResultColumn.init) }
        throw DatabaseError(.invalidCursorName, "portal \"\(name)\" does not exist")
    }

    /// Execute: up to `maxRows` rows of the portal (0: all).
    public func execute(portal name: String, maxRows: Int) throws(DatabaseError) -> PortalOutput {
        beginStatementClock()
        defer { endStatementClock() }
        guard let portal = portals[name] else { throw DatabaseError(.invalidCursorName, "portal \"\(name)\" does not exist") }
        let startedAt = Self.monotonicNanoseconds()
        let output = try executeUncounted(portal, maxRows: maxRows)
        // A query is counted once, when its last row went out; other statements ran in `run`.
        if output.commandTag != nil, let statement = portal.statement.statement, case .select(let query) = statement,
           query.locking.isEmpty, !portal.isCounted {
            portal.isCounted = true
            recordStatement(statement, text: portal.statement.text, template: portal.statement.template,
                            parameters: portal.parameters, parameterTypes: portal.statement.parameterTypes,
                            startedAt: startedAt &- portal.elapsedNanoseconds, rows: portal.rowsReturned)
        } else {
            portal.elapsedNanoseconds &+= Self.monotonicNanoseconds() &- startedAt
        }
        return output
    }

    private func executeUncounted(_ portal: Portal, maxRows: Int) throws(DatabaseError) -> PortalOutput {
        let limit = maxRows > 0 ? maxRows : Int.max
        guard let statement = portal.statement.statement else { return PortalOutput(rows: [], commandTag: "") }
        if portal.isDone && portal.pending.isEmpty {
            return PortalOutput(rows: [], commandTag: portal.pendingTag ?? "SELECT 0")
        }
        let transaction = try currentTransaction()
        if transaction.failed && !Self.endsFailedTransaction(statement) {
            throw DatabaseError(.inFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
        }
        do throws(DatabaseError) {
            if case .select(let query) = statement, query.locking.isEmpty {
                if portal.execution == nil && !portal.isDone {
                    let context = try StatementContext(session: self, transaction: transaction)
                    do {
                        // Keyed by the catalog version the statement's snapshot sees (CatalogVersion.swift).
                        let key = planCacheKey(context)
                        let cached = preparedStatements[portal.statement.name]?.cachedPlan.flatMap { $0.key == key ? $0 : nil }
                        let execution = try prepareQuery(query, statement: context, parameters: portal.parameters,
                                                         parameterTypes: portal.statement.parameterTypes, cached: cached)
                        if cached == nil, let key, !portal.statement.name.isEmpty, preparedStatements[portal.statement.name] != nil {
                            preparedStatements[portal.statement.name]?.cachedPlan = CachedPlan(key: key, plan: execution.plan,
                                                                                                outputs: execution.outputs)
                        }
                        portal.execution = execution
                    } catch {
                        context.abandon()
                        throw error
                    }
                }
                guard let execution = portal.execution else { return PortalOutput(rows: [], commandTag: "SELECT \(portal.rowsReturned)") }
                let rows = try execution.fetch(limit == Int.max ? nil : limit)
                portal.rowsReturned += rows.count
                portal.outputSettings = execution.outputSettings
                if execution.isFinished {
                    portal.execution = nil
                    portal.isDone = true
                    portal.pendingTag = "SELECT \(portal.rowsReturned)"
                    transaction.command += 1
                    var output = PortalOutput(rows: rows, commandTag: rows.count == limit ? nil : portal.pendingTag)
                    output.outputSettings = portal.outputSettings
                    return output
                }
                var output = PortalOutput(rows: rows, commandTag: nil)
                output.outputSettings = portal.outputSettings
                return output
            }
            if !portal.isDone {
                let result = try run(statement, text: portal.statement.text, parameters: portal.parameters,
                                     parameterTypes: portal.statement.parameterTypes, template: portal.statement.template)
                portal.isDone = true
                portal.pending = result.rows
                portal.pendingTag = result.commandTag
                portal.outputSettings = result.outputSettings
                var output = try handOut(portal, limit: limit)
                output.notices = result.notices
                return output
            }
            return try handOut(portal, limit: limit)
        } catch {
            transaction.failed = true
            throw error
        }
    }

    private func handOut(_ portal: Portal, limit: Int) throws(DatabaseError) -> PortalOutput {
        let rows = Array(portal.pending.prefix(limit))
        portal.pending.removeFirst(rows.count)
        let finished = portal.pending.isEmpty && !(rows.count == limit && portal.columns != nil)
        var output = PortalOutput(rows: rows, commandTag: finished ? portal.pendingTag : nil)
        output.outputSettings = portal.outputSettings
        return output
    }

    /// What the server's statement log says of a portal: the statement it was bound from,
    /// its text and parameter values, and whether an Execute already ran it (the next one
    /// fetches more). Nil for an unknown portal.
    public func portalSource(named name: String) -> PortalSource? {
        guard let portal = portals[name] else { return nil }
        let parameters = portal.parameters.map { value in
            value.isNull ? nil : TextFormat.format(value, as: nil, settings: settings.valueSettings)
        }
        return PortalSource(statementName: portal.statement.name, text: portal.statement.text, parameters: parameters,
                            isStarted: portal.execution != nil || portal.rowsReturned > 0 || portal.isDone)
    }

    /// The text of the statement portal `name` was bound from, or nil.
    public func statementText(ofPortal name: String) -> String? {
        portals[name]?.statement.text
    }

    /// The text of prepared statement `name`, or nil.
    public func statementText(named name: String) -> String? {
        preparedStatements[name]?.text
    }

    /// Close S.
    public func closeStatement(named name: String) {
        preparedStatements[name] = nil
    }

    /// Close P.
    public func closePortal(named name: String) {
        if let portal = portals.removeValue(forKey: name) { portal.execution?.finish() }
    }

    /// Portals end with their transaction.
    func dropPortals() {
        for portal in portals.values { portal.execution?.finish() }
        portals = [:]
    }
}
