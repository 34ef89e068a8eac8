// A session: one client's connection to the database, with its settings, its transaction,
// prepared statements and cursors. Statements sent without BEGIN run in an implicit transaction
// that ends at the next `sync` (the end of a simple-query message, a Sync message, or an
// embedded `execute` call): committed if nothing failed, rolled back otherwise. After an error
// inside BEGIN ... COMMIT, every statement but ROLLBACK fails with 25P02, and COMMIT rolls back.
//
// A session is used by one thread at a time; `cancel` may come from any thread.

public import HeliosCore
public import HeliosStorage
public import HeliosValues
public import HeliosSQL
package import Synchronization
import Foundation

public final class Session: @unchecked Sendable {  // one caller at a time; `interrupt` is atomic
    public let database: Database
    public let processID: Int32
    package var settings: SettingsStore
    package var transaction: SQLTransaction?
    package var preparedStatements: [String: PreparedStatement] = [:]
    package var cursors: [String: Cursor] = [:]
    /// Portals of the extended query protocol (Bind), by name.
    package var portals: [String: Portal] = [:]
    /// Set while a statement is bound only to describe it: the parameter types it infers.
    package var describing: ParameterTypes?
    /// The planner's cost model and work_mem as of a settings generation.
    var plannerSettings: (generation: Int, costs: CostModel, workMemory: Int)?
    /// statement_timeout in milliseconds as of a settings generation (StatementTimeout.swift).
    var statementTimeoutCache: (generation: Int, milliseconds: Int)?
    /// Set by `cancel` (a CancelReason code), read between rows.
    package let interrupt = Atomic<Int>(0)
    /// Counts statement starts and ends, for statement_timeout's timers (StatementTimeout.swift).
    package let statementGeneration = Atomic<Int>(0)
    /// currval() and lastval().
    package var sequenceValues: [ObjectID: Int64] = [:]
    package var lastSequence: ObjectID?
    /// Transaction characteristics for transactions this session starts.
    package var defaultIsolation: Isolation = .readCommitted
    package var defaultReadOnly = false
    /// How many statements the message being run holds (a simple query's text, an embedded
    /// `execute`): more than one makes an implicit transaction block, as in PostgreSQL.
    package var statementsInMessage = 1
    /// The workload capture's counts not yet merged into the database's (Session+Workload).
    package var workloadBuffer = WorkloadBuffer()
    /// The autopilot's own session: the indexes it creates are marked as the autopilot's, and
    /// its statements are not part of the captured workload.
    package var isAutopilot = false
    /// Planning time of the statement running now, if it was planned (not a cached plan).
    var capturedPlanningMicros: Double?

    init(database: Database, user: String, processID: Int32) {
        self.database = database
        self.processID = processID
        settings = SettingsStore(user: user)
        for (name, value) in database.systemSettings.sessionDefaults {
            try? settings.set(name, to: value, local: false, inTransaction: false)
        }
        startedInDroppedDatabase = !database.sessionStarted(user: user)
    }

    /// The database was being dropped when this session started: it must close at once.
    public let startedInDroppedDatabase: Bool
    private var isClosed = false

    public var user: String { settings.user }

    // MARK: the embedded API

    /// Runs every statement of `sql` as one unit of work (an implicit transaction unless the
    /// text manages its own) and returns each statement's result. `parameters` fill `$1 ...`
    /// (a single statement only); text values are read as whatever type the statement needs.
    @discardableResult
    public func execute(_ sql: String, parameters: [SQLValue] = []) throws(DatabaseError) -> [StatementResult] {
        do throws(DatabaseError) {
            let statements = try Parser.parseStatements(sql)
            if !parameters.isEmpty && statements.count > 1 {
                throw DatabaseError(.syntaxError, "cannot insert multiple commands into a prepared statement")
            }
            var results: [StatementResult] = []
            statementsInMessage = statements.count
            defer { statementsInMessage = 1 }
            for parsed in statements {
                results.append(try run(parsed.statement, text: parsed.text, parameters: parameters, template: .of(parsed)))
            }
            if let failedCommit = sync(errorReported: false) { throw failedCommit }
            return results
        } catch {
            sync(errorReported: true)
            throw error
        }
    }

    /// Runs one statement and returns its result.
    @discardableResult
    public func query(_ sql: String, _ parameters: SQLValue...) throws(DatabaseError) -> StatementResult {
        let results = try execute(sql, parameters: parameters)
        guard let last = results.last else { return StatementResult(columns: nil, rows: [], commandTag: "") }
        return last
    }

    /// Why a running statement is asked to stop.
    public enum CancelKind: Int, Sendable {
        case userRequest = 1, statementTimeout = 2, shutdown = 3
    }

    /// Asks the running statement to stop with 57014.
    public func cancel(reason: CancelKind = .userRequest) {
        interrupt.store(reason.rawValue, ordering: .relaxed)
    }

    /// A setting's value as SHOW prints it.
    public func showSetting(_ name: String) throws(DatabaseError) -> String {
        try settings.show(name).value
    }

    /// A setting the client sent at startup (or in `options`).
    public func applyStartupSetting(_ name: String, _ value: String) throws(DatabaseError) {
        try checkMaySet(name)
        try settings.set(name, to: value, local: false, inTransaction: false)
    }

    /// How values are read and written as text for this session (DateStyle, TimeZone ...).
    public var valueSettings: SessionSettings { settings.valueSettings }

    /// The transaction status ReadyForQuery reports: idle, in a block, or in a failed block.
    public var transactionStatus: Character {
        guard let transaction, transaction.isExplicit else { return "I" }
        return transaction.failed ? "E" : "T"
    }

    // MARK: units of work

    /// Ends a unit of work: commits the implicit transaction if nothing failed, else rolls it
    /// back; inside a block, an error reported puts it in the failed state. Returns the error
    /// of a commit that failed (I/O): the client must hear of it, its statements are not durable.
    @discardableResult
    package func sync(errorReported: Bool) -> DatabaseError? {
        guard let transaction else { return nil }
        if transaction.isExplicit {
            if errorReported { transaction.failed = true }
            return nil
        }
        if transaction.failed || errorReported {
            rollbackTransaction()
            return nil
        }
        do {
            try commitTransaction()
            return nil
        } catch {
            return error
        }
    }

    /// Runs one statement inside the current (or a new implicit) transaction.
    package func run(_ statement: Statement, text: String, parameters: [SQLValue] = [],
                     parameterTypes: [SQLType?] = [], template: StatementTemplate? = nil) throws(DatabaseError) -> StatementResult {
        beginStatementClock()
        defer { endStatementClock() }
        let startedAt = Self.monotonicNanoseconds()
        let result = try runUncounted(statement, text: text, parameters: parameters, parameterTypes: parameterTypes)
        recordStatement(statement, text: text, template: template, parameters: parameters, parameterTypes: parameterTypes,
                        startedAt: startedAt, rows: result.columns == nil ? Self.rowCount(of: result.commandTag) : result.rows.count)
        return result
    }

    private func runUncounted(_ statement: Statement, text: String, parameters: [SQLValue],
                              parameterTypes: [SQLType?]) throws(DatabaseError) -> StatementResult {
        if case .transaction(let control) = statement {
            return try runTransactionControl(control)
        }
        let transaction = try currentTransaction()
        if transaction.failed {
            throw DatabaseError(.inFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")
        }
        do {
            let result = try dispatch(statement, text: text, parameters: parameters, parameterTypes: parameterTypes)
            transaction.command += 1
            return result
        } catch {
            transaction.failed = true
            throw error
        }
    }

    /// The transaction statements join: the open one, or a new implicit one.
    package func currentTransaction() throws(DatabaseError) -> SQLTransaction {
        if let transaction { return transaction }
        let started = SQLTransaction(isExplicit: false, isolation: defaultIsolation, readOnly: defaultReadOnly,
                                     startTimestamp: Self.now())
        transaction = started
        return started
    }

    /// Microseconds since 2000-01-01 UTC.
    static func now() -> Int64 {
        Int64((Date().timeIntervalSince1970 - 946_684_800) * 1_000_000)
    }

    /// The function evaluation context of a statement in `transaction`.
    package func evaluationContext(_ transaction: SQLTransaction) -> EvaluationContext {
        var values = settings.valueSettings
        values.transactionTimestamp = transaction.startTimestamp
        let context = EvaluationContext(settings: values, statementTimestamp: Self.now(), clock: { Session.now() })
        context.interruption = interruptionCheck()
        return context
    }

    /// The interruption check operators call between rows.
    package func interruptionCheck() -> () -> DatabaseError? {
        return { [weak self] in
            guard let self else { return nil }
            switch CancelKind(rawValue: self.interrupt.load(ordering: .relaxed)) {
            case nil: return nil
            case .userRequest: return DatabaseError(.queryCanceled, "canceling statement due to user request")
            case .statementTimeout: return DatabaseError(.queryCanceled, "canceling statement due to statement timeout")
            case .shutdown: return DatabaseError(.adminShutdown, "terminating connection due to administrator command")
            }
        }
    }

    // MARK: ending transactions

    package func commitTransaction() throws(DatabaseError) {
        guard let transaction else { return }
        self.transaction = nil
        let manager = database.manager
        defer { finishTransaction(transaction, committed: true) }
        func commit() throws(DatabaseError) {
            guard let top = transaction.top else { return }
            do {
                let options = transaction.treeOptions.filter { !transaction.treesToDrop.contains($0.key) }
                try manager.commit(top, subtransactions: transaction.liveSubtransactions, rolledBack: []) { (txn) throws(DatabaseError) in
                    for (tree, chosen) in options { try txn.setOptions(chosen, for: tree) }
                }
            } catch {
                try? manager.abort(transaction.allIDs)
                throw error
            }
        }
        // A statement whose snapshot sees this DDL binds again instead of reusing a cached plan
        // (CatalogVersion.swift).
        if transaction.changedCatalog {
            try database.committingCatalogChange(commit)
        } else {
            try commit()
        }
    }

    package func rollbackTransaction() {
        guard let transaction else { return }
        self.transaction = nil
        try? database.manager.abort(transaction.allIDs)
        finishTransaction(transaction, committed: false)
    }

    private func finishTransaction(_ transaction: SQLTransaction, committed: Bool) {
        if let snapshot = transaction.snapshot { database.manager.unregister(snapshot) }
        if let top = transaction.top {
            database.catalog.transactionEnded(top)
            database.roleCatalog.transactionEnded(top)
        }
        for reserved in transaction.reservedDatabases { database.release(reserved, committed: committed) }
        let trees = committed ? transaction.treesToDrop : transaction.treesCreated
        if !trees.isEmpty {
            // Dropped tables' storage goes once the drop is final.
            // Writers stop keeping an index being dropped before its tree goes.
            for tree in trees { database.indexBuilds.forget(index: tree) }
            if let txn = try? database.store.beginWrite() {
                for tree in trees { try? txn.dropTree(tree) }
                if (try? txn.commit(deferringDurability: true)) == nil { txn.rollback() }
            }
        }
        database.indexBuilds.sweep { database.manager.pruningHorizon }
        settings.transactionEnded(committed: committed)
        cursors = cursors.filter { $0.value.holdable }
        dropPortals()
    }

    /// The session ends: its transaction rolls back.
    public func close() {
        rollbackTransaction()
        flushWorkload()
        if !isClosed {
            isClosed = true
            database.sessionEnded(user: settings.user)
        }
        cursors = [:]
        preparedStatements = [:]
    }
}
