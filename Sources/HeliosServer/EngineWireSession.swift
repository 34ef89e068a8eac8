// One client connection's engine session, as HeliosWire drives it: Parse, Bind, Describe,
// Execute, Close, Sync, simple queries and COPY, each run on the session's worker. Result
// formats chosen at Bind are kept per portal, to encode that portal's rows.

public import HeliosCore
public import HeliosEngine
public import HeliosValues
public import HeliosWire
import Synchronization

final class EngineWireSession: WireSession, @unchecked Sendable {  // calls are serialized by the connection
    let session: Session
    let worker: SessionWorker
    let log: StatementLog
    /// Formats each portal's columns are sent in.
    private var portalFormats: [String: ResultFormats] = [:]
    /// The ParameterStatus values last reported, to report changes at ReadyForQuery.
    private var reported: [String: String] = [:]
    /// The settings generation `reported` was taken at.
    private var reportedGeneration: Int?

    static let reportedNames = ["application_name", "client_encoding", "DateStyle", "default_transaction_read_only",
                                "in_hot_standby", "integer_datetimes", "IntervalStyle", "is_superuser", "server_encoding",
                                "server_version", "session_authorization", "standard_conforming_strings", "TimeZone"]

    init(session: Session, worker: SessionWorker, log: StatementLog) {
        self.session = session
        self.worker = worker
        self.log = log
    }

    /// The reported settings now (ParameterStatus at startup).
    func reportedParameters() async -> [ServerParameter] {
        let values = await worker.run { [session] in Self.currentValues(session) }
        var parameters: [ServerParameter] = []
        for name in Self.reportedNames {
            guard let value = values[name] else { continue }
            reported[name] = value
            parameters.append(ServerParameter(name, value))
        }
        return parameters
    }

    /// Reported settings whose value changed since the last report. Settings change only
    /// through SET, RESET and transaction ends, which move the settings generation: while it
    /// stands still there is nothing to compare (13 lookups saved per Sync).
    private func changedParameters() -> [ServerParameter] {
        let generation = session.settingsGeneration
        guard generation != reportedGeneration else { return [] }
        reportedGeneration = generation
        let values = Self.currentValues(session)
        var changed: [ServerParameter] = []
        for name in Self.reportedNames {
            guard let value = values[name], reported[name] != value else { continue }
            reported[name] = value
            changed.append(ServerParameter(name, value))
        }
        return changed
    }

    private static func currentValues(_ session: Session) -> [String: String] {
        var values: [String: String] = [:]
        for name in reportedNames {
            if let value = try? session.showSetting(name) { values[name] = value }
        }
        return values
    }

    // MARK: simple query

    func simpleQuery(_ text: String) async -> any QueryRun {
        portalFormats[""] = nil
        return SimpleQueryRun(text: text, owner: self)
    }

    // MARK: extended query

    func parse(_ request: ParseRequest) async throws(DatabaseError) -> [Notice] {
        let result: Result<Void, DatabaseError> = await worker.run { [session, log] in
            let start = ContinuousClock.now
            do throws(DatabaseError) {
                let declared = request.parameterTypeOIDs.map { $0 == 0 ? nil : SQLType(oid: $0) }
                if request.statementName.isEmpty { session.closeStatement(named: "") }
                _ = try session.prepare(name: request.statementName, text: request.query, parameterTypes: declared)
                log.finished("parse \(StatementLog.statementName(request.statementName)): \(request.query)",
                             since: start, session: session)
                return .success(())
            } catch {
                log.failed(error, statement: request.query)
                return .failure(error)
            }
        }
        try result.get()
        return []
    }

    func describeStatement(named name: String) async throws(DatabaseError) -> StatementDescription {
        let result: Result<StatementDescription, DatabaseError> = await worker.run { [session, log] in
            do throws(DatabaseError) {
                let shape = try session.describeStatement(named: name)
                return .success(StatementDescription(parameterTypeOIDs: shape.parameterTypes.map(\.oid),
                                                     columns: shape.columns.map { ValueEncoding.describe($0, formats: ResultFormats([])) }))
            } catch {
                log.failed(error, statement: session.statementText(named: name))
                return .failure(error)
            }
        }
        return try result.get()
    }

    func bind(_ request: BindRequest) async throws(DatabaseError) -> [Notice] {
        if let result = bindAtOnce(request) {
            try result.get()
            return []
        }
        let result: Result<Void, DatabaseError> = await worker.run { [session, log] in
            let result = Self.bind(request, session: session, log: log)
            if case .failure(let error) = result {
                log.failed(error, statement: session.statementText(named: request.statementName))
            }
            return result
        }
        try result.get()
        portalFormats[request.portalName] = request.resultFormats
        return []
    }

    /// A Bind small enough to decode on the caller's thread, of a statement that needs no new
    /// binding, while nothing is logged (the log is written on the worker).
    private func bindIsQuick(_ request: BindRequest) -> Bool {
        guard session.logMinDurationStatement < 0 else { return false }
        var byteCount = 0
        for parameter in request.parameters { byteCount += parameter.bytes?.count ?? 0 }
        return byteCount <= Self.quickBindByteLimit
            && session.bindIsQuick(statement: request.statementName, portal: request.portalName)
    }

    /// Parameter bytes decoded on the caller's thread at most; more go to the worker.
    static let quickBindByteLimit = 16 * 1024

    private static func bind(_ request: BindRequest, session: Session, log: StatementLog) -> Result<Void, DatabaseError> {
        let start = ContinuousClock.now
        do throws(DatabaseError) {
            let types = try session.parameterTypes(ofStatement: request.statementName)
            if request.parameters.count != types.count {
                let name = request.statementName
                throw DatabaseError(.protocolViolation,
                                    "bind message supplies \(request.parameters.count) parameters, but prepared statement \"\(name)\" requires \(types.count)")
            }
            var values: [SQLValue] = []
            values.reserveCapacity(types.count)
            for (parameter, type) in zip(request.parameters, types) {
                values.append(try ValueEncoding.decode(parameter, as: type, settings: session.valueSettings))
            }
            if request.portalName.isEmpty { session.closePortal(named: "") }
            let columns = try session.bind(portal: request.portalName, statement: request.statementName, parameters: values)
            try request.resultFormats.validate(columnCount: columns?.count ?? 0)
            // The portal's parameters as text only when a duration may be logged.
            if session.logMinDurationStatement >= 0, let source = session.portalSource(named: request.portalName) {
                log.finished("bind \(StatementLog.portalLabel(statement: source.statementName, portal: request.portalName)): \(source.text)",
                             detail: StatementLog.parameterDetail(source.parameters), since: start, session: session)
            }
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    func describePortal(named name: String) async throws(DatabaseError) -> [ColumnDescription]? {
        try describePortalAtOnce(name).get()
    }

    func execute(portal name: String, maxRows: Int) async -> any QueryRun {
        ExecuteRun(portal: name, maxRows: maxRows, formats: portalFormats[name] ?? ResultFormats([]), owner: self)
    }

    func closeStatement(named name: String) async {
        session.closeStatement(named: name)  // forgets it: memory only
    }

    func closePortal(named name: String) async {
        guard !closePortalAtOnce(name) else { return }
        portalFormats[name] = nil
        await worker.run { [session] in session.closePortal(named: name) }  // closes its operators
    }

    // MARK: transactions and lifetime

    func sync(errorReported: Bool) async -> ReadyState {
        if let ready = syncAtOnce(errorReported: errorReported) { return ready }
        // Ending a transaction that wrote (a commit waits for its fsync) happens on the worker.
        let (status, failedCommit) = await worker.run { [session] in
            let failedCommit = session.sync(errorReported: errorReported)
            return (session.transactionStatus, failedCommit)
        }
        return readyState(status, failedCommit: failedCommit)
    }

    private func readyState(_ status: Character, failedCommit: DatabaseError?) -> ReadyState {
        let transactionStatus: TransactionStatus = switch status {
        case "T": .inTransaction
        case "E": .failed
        default: .idle
        }
        return ReadyState(transactionStatus: transactionStatus, changedParameters: changedParameters(), error: failedCommit)
    }

    // MARK: answers at once (WireSession.answerAtOnce)

    func answerAtOnce(_ request: ConnectionStateMachine.BackendRequest) -> ConnectionStateMachine.BackendResponse? {
        switch request {
        case .bind(let bind):
            guard let result = bindAtOnce(bind) else { return nil }
            switch result {
            case .success: return .bound([])
            case .failure(let error): return .failed(error)
            }
        case .describePortal(let name):
            switch describePortalAtOnce(name) {
            case .success(let columns): return .portalDescribed(columns)
            case .failure(let error): return .failed(error)
            }
        case .closeStatement(let name):
            session.closeStatement(named: name)
            return .closed
        case .closePortal(let name):
            return closePortalAtOnce(name) ? .closed : nil
        case .sync(let errorReported):
            return syncAtOnce(errorReported: errorReported).map { .synced($0) }
        default:
            return nil
        }
    }

    /// Bind, when it is quick (`bindIsQuick`); nil otherwise.
    private func bindAtOnce(_ request: BindRequest) -> Result<Void, DatabaseError>? {
        guard bindIsQuick(request) else { return nil }
        let result = Self.bind(request, session: session, log: log)
        switch result {
        case .success: portalFormats[request.portalName] = request.resultFormats
        case .failure(let error): logFailure(error, statement: session.statementText(named: request.statementName))
        }
        return result
    }

    /// Describe P: a lookup of what Bind recorded.
    private func describePortalAtOnce(_ name: String) -> Result<[ColumnDescription]?, DatabaseError> {
        let formats = portalFormats[name] ?? ResultFormats([])
        do throws(DatabaseError) {
            return .success(try session.describePortal(named: name).map { ValueEncoding.describe($0, formats: formats) })
        } catch {
            logFailure(error, statement: session.statementText(ofPortal: name))
            return .failure(error)
        }
    }

    /// Close P of a portal with no query half-run (closing one closes its operators: false).
    private func closePortalAtOnce(_ name: String) -> Bool {
        guard session.portalIsIdle(name) else { return false }
        portalFormats[name] = nil
        session.closePortal(named: name)
        return true
    }

    /// Sync when it writes nothing (`Session.syncIsQuick`); nil otherwise.
    private func syncAtOnce(errorReported: Bool) -> ReadyState? {
        guard session.syncIsQuick else { return nil }
        let failedCommit = session.sync(errorReported: errorReported)
        return readyState(session.transactionStatus, failedCommit: failedCommit)
    }

    /// The log is written on the worker, after the calls queued before.
    private func logFailure(_ error: DatabaseError, statement: String?) {
        worker.post { [log] in log.failed(error, statement: statement) }
    }

    func cancel(_ reason: CancelReason) {
        switch reason {
        case .userRequest, .clientDisconnected: session.cancel()
        case .statementTimeout: session.cancel(reason: .statementTimeout)
        case .serverShutdown: session.cancel(reason: .shutdown)
        }
    }

    func close() async {
        await worker.run { [session] in session.close() }
    }
}
