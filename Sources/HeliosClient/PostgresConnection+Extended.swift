// The extended query protocol: Parse once (with Describe, so the statement's parameter types
// and columns are known), then Bind/Describe/Execute/Sync per execution with text parameters,
// all sent in one write. `query(_:parameters:)` keeps one prepared statement per SQL text, as
// drivers' statement caches do.

internal import HeliosWire
internal import NIOCore

extension PostgresConnection {
    /// Parses `sql` on the server as a named statement.
    public func prepare(_ sql: String) throws(ClientError) -> PreparedStatement {
        try guardUsable()
        let name = "helios_\(nextStatementNumber)"
        nextStatementNumber += 1
        stream.queue(.parse(ParseMessage(statementName: name, query: sql)))
        stream.queue(.describe(DescribeMessage(.statement(name))))
        stream.queue(.sync)
        try withBreakOnFailure { () throws(ClientError) in try stream.flush() }
        var statement = PreparedStatement(name: name, sql: sql, parameterTypeOIDs: [], columns: [])
        while true {
            switch try receive() {
            case .parseComplete, .noData:
                continue
            case .parameterDescription(let parameters):
                statement.parameterTypeOIDs = parameters.typeOIDs
            case .rowDescription(let description):
                statement.columns = Self.columns(of: description)
            case .errorResponse(let error):
                try skipToReady(throwing: Self.serverError(error.fields))
            case .readyForQuery(let ready):
                transactionStatus = Character(UnicodeScalar(ready.status.rawValue))
                return statement
            case let other:
                throw breakConnection(.protocolViolation("unexpected message after Parse: \(other)"))
            }
        }
    }

    /// Binds text parameters (nil is NULL) to `statement` and runs it to completion.
    @discardableResult
    public func execute(_ statement: PreparedStatement, _ parameters: [String?] = []) throws(ClientError) -> QueryResult {
        try guardUsable()
        let values: [ByteBuffer?] = parameters.map { $0.map { ByteBuffer(string: $0) } }
        stream.queue(.bind(BindMessage(portalName: "", statementName: statement.name, parameterValues: values)))
        stream.queue(.execute(ExecuteMessage(portalName: "")))
        stream.queue(.sync)
        try withBreakOnFailure { () throws(ClientError) in try stream.flush() }
        var result = QueryResult(columns: statement.columns)
        while true {
            switch try receive() {
            case .bindComplete:
                continue
            case .dataRow(let row):
                result.rows.append(row.textValues)
            case .commandComplete(let complete):
                result.commandTag = complete.tag
            case .emptyQueryResponse, .portalSuspended:
                continue
            case .errorResponse(let error):
                try skipToReady(throwing: Self.serverError(error.fields))
            case .readyForQuery(let ready):
                transactionStatus = Character(UnicodeScalar(ready.status.rawValue))
                return result
            case let other:
                throw breakConnection(.protocolViolation("unexpected message after Execute: \(other)"))
            }
        }
    }

    /// Runs `sql` with text parameters through the extended protocol, preparing it on first use
    /// on this connection and reusing the prepared statement afterwards.
    @discardableResult
    public func query(_ sql: String, parameters: [String?]) throws(ClientError) -> QueryResult {
        let statement: PreparedStatement
        if let cached = preparedBySQL[sql] {
            statement = cached
        } else {
            statement = try prepare(sql)
            preparedBySQL[sql] = statement
        }
        return try execute(statement, parameters)
    }

    /// Closes a prepared statement on the server.
    public func deallocate(_ statement: PreparedStatement) throws(ClientError) {
        try guardUsable()
        preparedBySQL[statement.sql] = nil
        stream.queue(.close(CloseMessage(.statement(statement.name))))
        stream.queue(.sync)
        try withBreakOnFailure { () throws(ClientError) in try stream.flush() }
        while true {
            switch try receive() {
            case .closeComplete: continue
            case .errorResponse(let error): try skipToReady(throwing: Self.serverError(error.fields))
            case .readyForQuery(let ready):
                transactionStatus = Character(UnicodeScalar(ready.status.rawValue))
                return
            case let other: throw breakConnection(.protocolViolation("unexpected message after Close: \(other)"))
            }
        }
    }
}
