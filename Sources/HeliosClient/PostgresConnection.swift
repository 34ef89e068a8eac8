// A small blocking client for the PostgreSQL v3 protocol: startup and login, the simple query
// protocol, the extended protocol with text parameters and reusable prepared statements
// (`+Extended`), and COPY FROM STDIN (`+Copy`). It is the workload generator's driver and the
// test suites' way to talk to any PostgreSQL-wire server (HeliosDB or PostgreSQL itself)
// without a heavy dependency. One connection belongs to one thread at a time.
//
// Every server error arrives as `ClientError.server` carrying its SQLSTATE, after the client
// has read up to ReadyForQuery, so the connection is usable for the next statement. A broken
// socket or protocol error leaves the connection unusable (`isBroken`).

internal import HeliosWire
internal import NIOCore

/// One connection to a PostgreSQL-protocol server.
public final class PostgresConnection {
    public let configuration: ClientConfiguration
    /// ParameterStatus values the server reported (server_version, TimeZone, ...).
    public internal(set) var serverParameters: [String: String] = [:]
    /// The server's process ID for this connection (BackendKeyData).
    public internal(set) var backendProcessID: Int32?
    /// 'I' idle, 'T' in a transaction block, 'E' in a failed one (the last ReadyForQuery).
    public internal(set) var transactionStatus: Character = "I"
    /// True after a socket or protocol failure: the connection cannot be used any more.
    public internal(set) var isBroken = false

    let stream: MessageStream
    /// Prepared statements by SQL text, for `query(_:parameters:)`.
    var preparedBySQL: [String: PreparedStatement] = [:]
    var nextStatementNumber = 1

    private init(configuration: ClientConfiguration, stream: MessageStream) {
        self.configuration = configuration
        self.stream = stream
    }

    /// Opens a connection and logs in; returns once the server is ready for queries.
    public static func connect(_ configuration: ClientConfiguration) throws(ClientError) -> PostgresConnection {
        let socket = try ClientSocket(host: configuration.host, port: configuration.port,
                                      timeoutSeconds: configuration.socketTimeoutSeconds)
        let connection = PostgresConnection(configuration: configuration, stream: MessageStream(socket: socket))
        do {
            try connection.startUp()
        } catch {
            connection.stream.close()
            throw error
        }
        return connection
    }

    /// Sends Terminate and closes the socket.
    public func close() {
        if !isBroken { try? stream.send(.terminate) }
        stream.close()
        isBroken = true
    }

    deinit { if !isBroken { close() } }

    /// Runs `sql` (one or more statements) with the simple query protocol; returns the last
    /// statement's result. An error ends the whole string, as the protocol defines.
    @discardableResult
    public func query(_ sql: String) throws(ClientError) -> QueryResult {
        try simpleQuery(sql).last ?? QueryResult()
    }

    /// Runs `sql` with the simple query protocol; one result per statement.
    public func simpleQuery(_ sql: String) throws(ClientError) -> [QueryResult] {
        try guardUsable()
        try withBreakOnFailure { () throws(ClientError) in try stream.send(.query(QueryMessage(text: sql))) }
        var results: [QueryResult] = []
        var current = QueryResult()
        var failure: ServerError?
        while true {
            switch try receive() {
            case .rowDescription(let description):
                current.columns = Self.columns(of: description)
            case .dataRow(let row):
                current.rows.append(row.textValues)
            case .commandComplete(let complete):
                current.commandTag = complete.tag
                results.append(current)
                current = QueryResult()
            case .emptyQueryResponse:
                results.append(current)
                current = QueryResult()
            case .errorResponse(let error):
                failure = Self.serverError(error.fields)
            case .copyInResponse:
                // A COPY FROM STDIN sent as a plain query: refuse it so the server ends it cleanly.
                try withBreakOnFailure { () throws(ClientError) in
                    try stream.send(.copyFail(CopyFailMessage(reason: "use copyIn for COPY FROM STDIN")))
                }
            case .copyOutResponse, .copyData, .copyDone:
                continue  // COPY TO STDOUT through query(): the data is dropped
            case .readyForQuery(let ready):
                transactionStatus = Character(UnicodeScalar(ready.status.rawValue))
                if let failure { throw .server(failure) }
                return results
            case let other:
                throw breakConnection(.protocolViolation("unexpected message during a simple query: \(other)"))
            }
        }
    }

    // MARK: Shared machinery

    func guardUsable() throws(ClientError) {
        if isBroken { throw .connection("the connection is closed") }
    }

    /// The next message that is not a notice or parameter report; failures break the connection.
    func receive() throws(ClientError) -> BackendMessage {
        while true {
            let message: BackendMessage
            do {
                message = try stream.receive()
            } catch {
                throw breakConnection(error)
            }
            switch message {
            case .noticeResponse, .negotiateProtocolVersion:
                continue
            case .parameterStatus(let status):
                serverParameters[status.name] = status.value
                continue
            case .errorResponse(let error) where error.fields.severity == "FATAL" || error.fields.severity == "PANIC":
                // The server ends the session after a FATAL error; no ReadyForQuery follows.
                throw breakConnection(.server(Self.serverError(error.fields)))
            default:
                return message
            }
        }
    }

    func withBreakOnFailure(_ body: () throws(ClientError) -> Void) throws(ClientError) {
        do { try body() } catch { throw breakConnection(error) }
    }

    func breakConnection(_ error: ClientError) -> ClientError {
        isBroken = true
        stream.close()
        return error
    }

    /// Reads up to ReadyForQuery after an error in the extended protocol, then throws the error.
    func skipToReady(throwing error: ServerError) throws(ClientError) -> Never {
        while true {
            if case .readyForQuery(let ready) = try receive() {
                transactionStatus = Character(UnicodeScalar(ready.status.rawValue))
                throw .server(error)
            }
        }
    }

    static func columns(of description: RowDescription) -> [ResultColumn] {
        description.columns.map { ResultColumn(name: $0.name, typeOID: $0.typeOID) }
    }

    static func serverError(_ fields: DiagnosticFields) -> ServerError {
        ServerError(sqlState: fields.sqlState ?? "XX000", severity: fields.severity ?? "ERROR",
                    message: fields.message ?? "", detail: fields["D"], hint: fields["H"],
                    position: fields["P"].flatMap { Int($0) })
    }
}
