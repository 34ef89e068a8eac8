// The boundary between the wire protocol and the SQL engine, part 1: opening sessions.
// HeliosWire does not know the engine; the engine (or an adapter module that imports both)
// implements `WireBackend` and `WireSession`, and the server is given a `WireBackend`.

public import HeliosCore

/// What the engine learns about a new session.
public struct SessionStartup: Equatable, Sendable {
    /// The authenticated role (the startup packet's `user`, at most 63 bytes).
    public var user: String
    /// The database (`database`, or the user name when absent; at most 63 bytes).
    public var database: String
    /// The settings to apply, in order: the startup packet's other parameters (application_name,
    /// client_encoding, DateStyle, TimeZone, extra_float_digits, ...), then the `-c name=value`
    /// and `--name=value` switches of `options`. Names are as sent. `client_encoding` was
    /// already checked and normalized to "UTF8" or "SQL_ASCII".
    public var settings: [StartupParameter]
    /// This session's process ID (BackendKeyData), for `pg_backend_pid()`.
    public var processID: Int32
    public var origin: ConnectionOrigin

    public init(user: String, database: String, settings: [StartupParameter], processID: Int32,
                origin: ConnectionOrigin) {
        self.user = user
        self.database = database
        self.settings = settings
        self.processID = processID
        self.origin = origin
    }

    /// The last value given for `name` (compared case-insensitively, as GUC names are).
    public func setting(_ name: String) -> String? {
        settings.last { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A session the engine opened, and what to tell the client about it.
public struct OpenedSession: Sendable {
    public var session: any WireSession
    /// The ParameterStatus messages to send, in order; usually
    /// `ServerParameter.postgres15Defaults(...)` adjusted for the session's settings.
    public var reportedParameters: [ServerParameter]
    /// Notices to send before ReadyForQuery (rare).
    public var notices: [Notice]

    public init(session: any WireSession, reportedParameters: [ServerParameter], notices: [Notice] = []) {
        self.session = session
        self.reportedParameters = reportedParameters
        self.notices = notices
    }
}

/// The SQL engine, as the wire layer sees it.
public protocol WireBackend: Sendable {
    /// Opens a session for an authenticated connection. Called in a Task on the connection's
    /// event loop (see WireSession, "Threading": hop to worker threads for real work), once per
    /// connection, after AuthenticationOk was sent.
    ///
    /// Throws, and the client gets the error as FATAL before the connection closes:
    /// 3D000 `database "x" does not exist`, 28000 `role "x" does not exist`,
    /// 42704 `unrecognized configuration parameter "x"`, 22023 for a bad setting value,
    /// 42501 `permission denied for database "x"`.
    func openSession(_ startup: SessionStartup) async throws(DatabaseError) -> OpenedSession
}
