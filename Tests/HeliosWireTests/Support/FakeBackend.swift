// An in-memory stand-in for the SQL engine, implementing the WireBackend contract over a tiny
// canned vocabulary, so the protocol layer can be tested without HeliosEngine:
//
//   SELECT 1 / SELECT <integer>       one int4 column "?column?"
//   SELECT 'text'                     one text column
//   SELECT $1 / SELECT $1, $2         parameters echoed back (text columns)
//   SERIES <n>                        int4 column "n", rows 1...n (text or binary)
//   SELECT boom                       42703 column "boom" does not exist (position 8)
//   FAIL <sqlstate> <message>         that error
//   BEGIN / COMMIT / END / ROLLBACK   transaction status T / I, failed blocks answer 25P02
//   SET <name> = <value>              tag SET; reported settings come back as ParameterStatus
//   DROP TABLE IF EXISTS <t>          NOTICE 00000 and tag DROP TABLE
//   INSERT ...                        INSERT 0 1
//   COPY <t> FROM STDIN               text COPY into table <t>; a line "bad" fails with 22P02
//   COPY <t> TO STDOUT                the rows stored in <t> (or "1\tone", "2\ttwo")
//   SLEEP <ms>                        waits, unless cancelled: 57014
//   (empty or comments only)          EmptyQueryResponse
//
// Statements of a simple query are split at semicolons.

import HeliosCore
import HeliosWire
import Synchronization

/// Records what the engine was asked, for tests to inspect.
final class FakeBackendLog: Sendable {
    private let entries = Mutex<[String]>([])
    func append(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
}

/// The fake engine.
final class FakeBackend: WireBackend {
    let log = FakeBackendLog()
    /// Tables filled by COPY FROM STDIN, shared by all sessions.
    let tables = Mutex<[String: [String]]>([:])
    /// The next sync's commit fails with this error (an I/O error in a real engine).
    let failNextCommit = Mutex<DatabaseError?>(nil)
    let knownDatabases: Set<String>

    init(knownDatabases: Set<String> = []) { self.knownDatabases = knownDatabases }

    func openSession(_ startup: SessionStartup) async throws(DatabaseError) -> OpenedSession {
        log.append("open \(startup.user) \(startup.database) \(startup.settings.map { "\($0.name)=\($0.value)" })")
        if !knownDatabases.isEmpty, !knownDatabases.contains(startup.database) {
            throw DatabaseError(WireSQLState.invalidCatalogName, "database \"\(startup.database)\" does not exist")
        }
        if let bad = startup.settings.first(where: { $0.name == "no_such_setting" }) {
            throw DatabaseError(.undefinedObject, "unrecognized configuration parameter \"\(bad.name)\"")
        }
        let session = FakeSession(backend: self, startup: startup)
        return OpenedSession(session: session, reportedParameters: ServerParameter.postgres15Defaults(
            user: startup.user, applicationName: startup.setting("application_name") ?? "",
            clientEncoding: startup.setting("client_encoding") ?? "UTF8"))
    }
}

/// One canned result.
struct FakeResult: Sendable {
    var columns: [ColumnDescription]
    var rows: [[String?]]
    var tag: String
}

/// A portal: a result being read.
struct FakePortal: Sendable {
    var statementName: String
    var parameters: [String?]
    var formats: ResultFormats
    var position = 0
}

/// A prepared statement.
struct FakeStatement: Sendable {
    var query: String
    var parameterTypes: [UInt32]
}

final class FakeSession: WireSession {
    struct State {
        var status = TransactionStatus.idle
        var statements: [String: FakeStatement] = [:]
        var portals: [String: FakePortal] = [:]
        var changed: [ServerParameter] = []
        var isClosed = false
    }

    let backend: FakeBackend
    let startup: SessionStartup
    let state = Mutex(State())
    let cancelRequested = Atomic<Bool>(false)
    let cancelReason = Mutex<CancelReason?>(nil)

    init(backend: FakeBackend, startup: SessionStartup) {
        self.backend = backend
        self.startup = startup
    }

    var log: FakeBackendLog { backend.log }

    // MARK: WireSession

    func simpleQuery(_ text: String) async -> any QueryRun {
        log.append("query \(text)")
        state.withLock { $0.statements[""] = nil; $0.portals[""] = nil }
        let statements = text.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let meaningful = statements.filter { !Self.isEmptyStatement($0) }
        return FakeRun(session: self, statements: meaningful.isEmpty ? [""] : meaningful, isSimple: true, maxRows: 0,
                       portalName: nil)
    }

    func parse(_ request: ParseRequest) async throws(DatabaseError) -> [Notice] {
        log.append("parse \(request.statementName) \(request.query) \(request.parameterTypeOIDs)")
        if request.query.contains(";") && request.query.split(separator: ";").filter({ !Self.isEmptyStatement(String($0)) }).count > 1 {
            throw DatabaseError(.syntaxError, "cannot insert multiple commands into a prepared statement")
        }
        if request.query.trimmed.uppercased() == "SELECT BOOM" {
            throw DatabaseError(.undefinedColumn, "column \"boom\" does not exist", position: 8)
        }
        try state.withLock { state throws(DatabaseError) in
            if !request.statementName.isEmpty, state.statements[request.statementName] != nil {
                throw DatabaseError(WireSQLState.duplicatePreparedStatement,
                                    "prepared statement \"\(request.statementName)\" already exists")
            }
            let count = Self.parameterCount(request.query)
            var types = Array(request.parameterTypeOIDs.prefix(count))
            types += Array(repeating: 0, count: max(0, count - types.count))
            state.statements[request.statementName] = FakeStatement(
                query: request.query, parameterTypes: types.map { $0 == 0 ? 25 : $0 })
        }
        return []
    }

    func describeStatement(named name: String) async throws(DatabaseError) -> StatementDescription {
        log.append("describe statement \(name)")
        let statement = try state.withLock { state throws(DatabaseError) in try Self.statement(name, in: state) }
        let columns = Self.columns(of: statement.query, parameterCount: statement.parameterTypes.count)
        return StatementDescription(parameterTypeOIDs: statement.parameterTypes, columns: columns)
    }

    func bind(_ request: BindRequest) async throws(DatabaseError) -> [Notice] {
        log.append("bind \(request.portalName) \(request.statementName) \(request.parameters.map { $0.bytes.map { String(decoding: $0, as: UTF8.self) } ?? "NULL" })")
        try state.withLock { state throws(DatabaseError) in
            let statement = try Self.statement(request.statementName, in: state)
            if state.status == .failed, !Self.isTransactionEnd(statement.query) {
                throw Self.failedTransaction
            }
            guard request.parameters.count == statement.parameterTypes.count else {
                throw DatabaseError(.protocolViolation, "bind message supplies \(request.parameters.count) parameters, but prepared statement \"\(request.statementName)\" requires \(statement.parameterTypes.count)")
            }
            if !request.portalName.isEmpty, state.portals[request.portalName] != nil {
                throw DatabaseError(WireSQLState.duplicateCursor, "portal \"\(request.portalName)\" already exists")
            }
            let columnCount = Self.columns(of: statement.query, parameterCount: statement.parameterTypes.count)?.count ?? 0
            try request.resultFormats.validate(columnCount: columnCount)
            let values = request.parameters.map { parameter -> String? in
                guard let bytes = parameter.bytes else { return nil }
                if parameter.format == .binary, bytes.count == 4 {
                    return String(bytes.reduce(Int32(0)) { $0 << 8 | Int32($1) })
                }
                return String(decoding: bytes, as: UTF8.self)
            }
            state.portals[request.portalName] = FakePortal(statementName: request.statementName, parameters: values,
                                                           formats: request.resultFormats)
        }
        return []
    }

    func describePortal(named name: String) async throws(DatabaseError) -> [ColumnDescription]? {
        log.append("describe portal \(name)")
        let (portal, statement) = try state.withLock { state throws(DatabaseError) in
            guard let portal = state.portals[name] else {
                throw DatabaseError(WireSQLState.invalidCursorName, "portal \"\(name)\" does not exist")
            }
            return (portal, try Self.statement(portal.statementName, in: state))
        }
        return Self.columns(of: statement.query, parameterCount: statement.parameterTypes.count)?.enumerated().map {
            var column = $0.element
            column.format = portal.formats.format(ofColumn: $0.offset)
            return column
        }
    }

    func execute(portal name: String, maxRows: Int) async -> any QueryRun {
        log.append("execute \(name) \(maxRows)")
        let query: String? = state.withLock { state in
            guard let portal = state.portals[name], let statement = state.statements[portal.statementName] else {
                return nil
            }
            return statement.query
        }
        guard let query else {
            return FailedRun(error: DatabaseError(WireSQLState.invalidCursorName, "portal \"\(name)\" does not exist"))
        }
        return FakeRun(session: self, statements: [query], isSimple: false, maxRows: maxRows, portalName: name)
    }

    func closeStatement(named name: String) async {
        log.append("close statement \(name)")
        state.withLock { _ = $0.statements.removeValue(forKey: name) }
    }

    func closePortal(named name: String) async {
        log.append("close portal \(name)")
        state.withLock { _ = $0.portals.removeValue(forKey: name) }
    }

    func sync(errorReported: Bool) async -> ReadyState {
        log.append("sync \(errorReported)")
        return state.withLock { state in
            if errorReported, state.status == .inTransaction { state.status = .failed }
            if state.status == .idle { state.portals.removeAll() }
            let changed = state.changed
            state.changed = []
            let failedCommit = backend.failNextCommit.withLock { error in
                defer { error = nil }
                return error
            }
            return ReadyState(transactionStatus: state.status, changedParameters: changed, error: failedCommit)
        }
    }

    func cancel(_ reason: CancelReason) {
        log.append("cancel \(reason)")
        cancelReason.withLock { $0 = reason }
        cancelRequested.store(true, ordering: .sequentiallyConsistent)
    }

    func close() async {
        log.append("close")
        state.withLock { $0.isClosed = true }
    }

    // MARK: The canned vocabulary

    static let failedTransaction = DatabaseError(
        .inFailedSQLTransaction, "current transaction is aborted, commands ignored until end of transaction block")

    static func isEmptyStatement(_ text: String) -> Bool {
        text.split(separator: "\n").allSatisfy { line in
            let trimmed = String(line).trimmed
            return trimmed.isEmpty || trimmed.hasPrefix("--")
        }
    }

    static func isTransactionEnd(_ query: String) -> Bool {
        ["COMMIT", "END", "ROLLBACK", "ABORT"].contains(query.trimmed.uppercased())
    }

    static func statement(_ name: String, in state: State) throws(DatabaseError) -> FakeStatement {
        guard let statement = state.statements[name] else {
            throw DatabaseError(WireSQLState.invalidSQLStatementName, name.isEmpty
                ? "unnamed prepared statement does not exist" : "prepared statement \"\(name)\" does not exist")
        }
        return statement
    }

    static func parameterCount(_ query: String) -> Int {
        var count = 0
        var index = query.startIndex
        while let dollar = query[index...].firstIndex(of: "$") {
            let digits = query[query.index(after: dollar)...].prefix { $0.isNumber }
            if let number = Int(digits) { count = max(count, number) }
            index = query.index(after: dollar)
        }
        return count
    }

    static func int4(_ name: String, format: FormatCode = .text) -> ColumnDescription {
        ColumnDescription(name: name, typeOID: 23, typeSize: 4, format: format)
    }

    static func text(_ name: String) -> ColumnDescription {
        ColumnDescription(name: name, typeOID: 25, typeSize: -1)
    }

    /// The columns a query returns, or nil for none.
    static func columns(of query: String, parameterCount: Int) -> [ColumnDescription]? {
        let upper = query.trimmed.uppercased()
        if upper.hasPrefix("SERIES") { return [int4("n")] }
        if upper.hasPrefix("SELECT $") { return (0..<parameterCount).map { _ in text("?column?") } }
        if upper.hasPrefix("SELECT '") { return [text("?column?")] }
        if upper.hasPrefix("SELECT ") { return [int4("?column?")] }
        return nil
    }

    /// Runs one statement that is not COPY or SLEEP.
    func runStatement(_ text: String, parameters: [String?]) -> Result<(FakeResult?, [Notice]), DatabaseError> {
        var query = text.trimmed
        while query.hasSuffix(";") { query = String(query.dropLast()).trimmed }
        let upper = query.uppercased()
        return state.withLock { state -> Result<(FakeResult?, [Notice]), DatabaseError> in
            if state.status == .failed, !Self.isTransactionEnd(query) {
                return .failure(Self.failedTransaction)
            }
            switch upper {
            case "BEGIN":
                var notices: [Notice] = []
                if state.status != .idle {
                    notices.append(Notice(.warning, .activeSQLTransaction, "there is already a transaction in progress"))
                }
                state.status = .inTransaction
                return .success((FakeResult(columns: [], rows: [], tag: "BEGIN"), notices))
            case "COMMIT", "END":
                let tag = state.status == .failed ? "ROLLBACK" : "COMMIT"
                state.status = .idle
                return .success((FakeResult(columns: [], rows: [], tag: tag), []))
            case "ROLLBACK", "ABORT":
                state.status = .idle
                return .success((FakeResult(columns: [], rows: [], tag: "ROLLBACK"), []))
            case "SELECT BOOM":
                return .failure(DatabaseError(.undefinedColumn, "column \"boom\" does not exist", position: 8))
            default: break
            }
            if upper.hasPrefix("FAIL ") {
                let parts = query.split(separator: " ", maxSplits: 2).map(String.init)
                return .failure(DatabaseError(SQLState(parts.count > 1 && parts[1].count == 5 ? parts[1] : "XX000"),
                                              parts.count > 2 ? parts[2] : "failed"))
            }
            if upper.hasPrefix("SERIES ") {
                let count = Int(query.dropFirst(7).trimmed) ?? 0
                return .success((FakeResult(columns: [Self.int4("n")], rows: (1...max(1, count)).prefix(count).map { [String($0)] },
                                            tag: "SELECT \(count)"), []))
            }
            if upper.hasPrefix("SELECT $") {
                return .success((FakeResult(columns: Self.columns(of: query, parameterCount: parameters.count) ?? [],
                                            rows: [parameters], tag: "SELECT 1"), []))
            }
            if upper.hasPrefix("SELECT '") {
                let value = String(query.dropFirst(8).prefix { $0 != "'" })
                return .success((FakeResult(columns: [Self.text("?column?")], rows: [[value]], tag: "SELECT 1"), []))
            }
            if upper.hasPrefix("SELECT "), let number = Int(query.dropFirst(7).trimmed) {
                return .success((FakeResult(columns: [Self.int4("?column?")], rows: [[String(number)]], tag: "SELECT 1"), []))
            }
            if upper.hasPrefix("SET ") {
                let words = query.dropFirst(4).split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
                    .filter { $0.uppercased() != "TO" }
                if words.count >= 2 {
                    let value = words[1].strippingCharacters(in: "'")
                    if ["application_name", "TimeZone", "DateStyle"].contains(words[0]) {
                        state.changed.append(ServerParameter(words[0], value))
                    }
                }
                return .success((FakeResult(columns: [], rows: [], tag: "SET"), []))
            }
            if upper.hasPrefix("DROP TABLE IF EXISTS ") {
                let table = String(query.dropFirst(21))
                return .success((FakeResult(columns: [], rows: [], tag: "DROP TABLE"),
                                 [Notice(.notice, .successfulCompletion, "table \"\(table)\" does not exist, skipping")]))
            }
            if upper.hasPrefix("INSERT ") {
                return .success((FakeResult(columns: [], rows: [], tag: "INSERT 0 1"), []))
            }
            return .failure(DatabaseError(.syntaxError, "syntax error at or near \"\(query.split(separator: " ").first ?? "")\"",
                                          position: 1))
        }
    }
}

extension StringProtocol {
    var trimmed: String {
        String(drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
    }

    func strippingCharacters(in characters: String) -> String {
        String(drop(while: { characters.contains($0) }).reversed().drop(while: { characters.contains($0) }).reversed())
    }
}
