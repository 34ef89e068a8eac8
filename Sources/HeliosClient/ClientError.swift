// What can go wrong talking to a PostgreSQL-protocol server, as one typed error: the server's own
// ErrorResponse (always with its SQLSTATE, so callers branch on codes as with libpq), or a failure
// of the connection, the protocol or the login that the server never put into words.

/// An ErrorResponse: the server refused a statement or a login.
public struct ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The five-character SQLSTATE, e.g. "23505".
    public var sqlState: String
    /// ERROR, FATAL or PANIC (the non-localized V field when the server sends it).
    public var severity: String
    public var message: String
    public var detail: String?
    public var hint: String?
    /// 1-based character offset into the statement, when the server pointed at one.
    public var position: Int?

    public init(sqlState: String, severity: String, message: String, detail: String? = nil, hint: String? = nil,
                position: Int? = nil) {
        self.sqlState = sqlState
        self.severity = severity
        self.message = message
        self.detail = detail
        self.hint = hint
        self.position = position
    }

    public var description: String { "\(severity): \(message) (SQLSTATE \(sqlState))" }
}

/// Every error the client throws.
public enum ClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered with an ErrorResponse.
    case server(ServerError)
    /// The socket could not be opened, was closed, or timed out.
    case connection(String)
    /// The server sent something the protocol does not allow at that point.
    case protocolViolation(String)
    /// The login needs something the client cannot give (a password, a mechanism), or the
    /// server failed to prove it knows the password (SCRAM's server signature).
    case authentication(String)
    /// The caller asked for something this client cannot do on this connection.
    case misuse(String)

    /// The SQLSTATE when the server sent one.
    public var sqlState: String? {
        if case .server(let error) = self { return error.sqlState }
        return nil
    }

    public var description: String {
        switch self {
        case .server(let error): error.description
        case .connection(let reason): "connection: \(reason)"
        case .protocolViolation(let reason): "protocol violation: \(reason)"
        case .authentication(let reason): "authentication: \(reason)"
        case .misuse(let reason): "misuse: \(reason)"
        }
    }
}
