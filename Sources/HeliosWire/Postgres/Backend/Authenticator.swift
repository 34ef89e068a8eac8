// How the wire layer learns, for a user connecting to a database, which authentication method
// applies and what secret the role has: PostgreSQL's pg_hba.conf and pg_authid.rolpassword,
// behind a protocol so that the server can use its catalog and tests a table.

public import HeliosCore

/// The secret stored for a role, never the password itself.
public enum RoleSecret: Equatable, Sendable {
    /// "md5" + hex(md5(password + user)).
    case md5(String)
    /// A SCRAM-SHA-256 verifier.
    case scramSHA256(SCRAMVerifier)

    /// Parses a pg_authid.rolpassword value: an md5 hash or a SCRAM verifier.
    public init?(storedForm text: String) {
        if let verifier = SCRAMVerifier(parsing: text) {
            self = .scramSHA256(verifier)
        } else if MD5Password.isStoredHash(text) {
            self = .md5(text)
        } else {
            return nil
        }
    }
}

/// How a connection must authenticate (a pg_hba.conf method).
public enum AuthenticationMethod: Equatable, Sendable {
    /// No password.
    case trust
    /// The password in clear (AuthenticationCleartextPassword); checked against either secret.
    case password
    /// An MD5 response (AuthenticationMD5Password). As in PostgreSQL, a role whose secret is a
    /// SCRAM verifier, or a role without a secret (a mock exchange), is asked for SCRAM instead.
    case md5
    /// SCRAM-SHA-256 (AuthenticationSASL). A role with an md5 secret cannot log in.
    case scramSHA256
    /// Refused outright with this error (FATAL), e.g. 28000 "pg_hba.conf rejects connection".
    case reject(DatabaseError)
}

/// The method and secret for one connection attempt.
public struct AuthenticationPolicy: Equatable, Sendable {
    public var method: AuthenticationMethod
    /// The role's secret; nil when the role does not exist or has no password. The exchange
    /// then still runs (with a mock salt for SCRAM) and fails with 28P01, so that clients
    /// cannot probe for role names.
    public var secret: RoleSecret?

    public init(method: AuthenticationMethod, secret: RoleSecret?) {
        self.method = method
        self.secret = secret
    }
}

/// Where a connection comes from, for choosing a method.
public struct ConnectionOrigin: Equatable, Sendable {
    /// "127.0.0.1", "::1", or nil for a Unix socket or unknown.
    public var clientAddress: String?
    public var usesTLS: Bool

    public init(clientAddress: String?, usesTLS: Bool) {
        self.clientAddress = clientAddress
        self.usesTLS = usesTLS
    }
}

/// Chooses the authentication method and supplies the role's secret.
///
/// Called once per connection, after the StartupMessage, in a Task on the connection's event
/// loop (see WireSession, "Threading"): reading the catalog belongs on the engine's worker
/// threads. It must not throw for an unknown role: return its method with `secret: nil`.
public protocol Authenticator: Sendable {
    func policy(user: String, database: String, origin: ConnectionOrigin) async -> AuthenticationPolicy
}
