// Where to connect and as whom: the handful of libpq connection parameters a workload needs.

/// Connection parameters.
public struct ClientConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    /// Needed only when the server asks for a password (cleartext, md5 or SCRAM-SHA-256).
    public var password: String?
    public var applicationName: String
    /// How long one read or write may block before the connection is given up as dead.
    public var socketTimeoutSeconds: Int

    public init(host: String = "127.0.0.1", port: Int = 5432, user: String = "postgres", database: String? = nil,
                password: String? = nil, applicationName: String = "heliosdb-client", socketTimeoutSeconds: Int = 300) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database ?? user
        self.password = password
        self.applicationName = applicationName
        self.socketTimeoutSeconds = socketTimeoutSeconds
    }
}
