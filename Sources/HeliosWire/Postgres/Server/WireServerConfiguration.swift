// The settings of a WireServer: where it listens, TLS, limits and timeouts.

/// How a WireServer runs.
public struct WireServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (tests); `WireServer.port` tells which.
    public var port: Int
    /// PEM certificate chain and private key; with both, SSLRequest gets 'S'.
    public var tlsCertificatePath: String?
    public var tlsPrivateKeyPath: String?
    /// max_connections: one more gets FATAL 53300 "sorry, too many clients already".
    public var maxConnections: Int
    /// authentication_timeout: the startup and authentication must end within it.
    public var authenticationTimeout: Duration
    /// idle_session_timeout: an idle session outside a transaction is ended (57P05).
    public var idleSessionTimeout: Duration?
    /// idle_in_transaction_session_timeout: an idle session inside a transaction is ended (25P03).
    public var idleInTransactionSessionTimeout: Duration?
    /// statement_timeout: a simple query or Execute running longer is cancelled (57014).
    public var statementTimeout: Duration?
    /// Rows asked of the engine per step when streaming a result.
    public var rowBatchSize: Int
    /// How long shutdown waits for sessions to end before closing their connections.
    public var shutdownGracePeriod: Duration

    public init(host: String = "127.0.0.1", port: Int = 5432, tlsCertificatePath: String? = nil,
                tlsPrivateKeyPath: String? = nil, maxConnections: Int = 100,
                authenticationTimeout: Duration = .seconds(60), idleSessionTimeout: Duration? = nil,
                idleInTransactionSessionTimeout: Duration? = nil, statementTimeout: Duration? = nil,
                rowBatchSize: Int = 256, shutdownGracePeriod: Duration = .seconds(10)) {
        self.host = host
        self.port = port
        self.tlsCertificatePath = tlsCertificatePath
        self.tlsPrivateKeyPath = tlsPrivateKeyPath
        self.maxConnections = maxConnections
        self.authenticationTimeout = authenticationTimeout
        self.idleSessionTimeout = idleSessionTimeout
        self.idleInTransactionSessionTimeout = idleInTransactionSessionTimeout
        self.statementTimeout = statementTimeout
        self.rowBatchSize = rowBatchSize
        self.shutdownGracePeriod = shutdownGracePeriod
    }
}
