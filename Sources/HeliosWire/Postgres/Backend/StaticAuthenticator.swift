// An Authenticator over a fixed table of roles, for tests and for a server without a catalog.
// Secrets are derived once, when the table is built, so no login ever needs a password.

internal import HeliosCore

/// Roles and methods from a table.
public struct StaticAuthenticator: Authenticator {
    /// One role: its name, how it must log in, and its secret.
    public struct Role: Sendable {
        public var name: String
        public var method: AuthenticationMethod
        public var secret: RoleSecret?

        public init(name: String, method: AuthenticationMethod, secret: RoleSecret? = nil) {
            self.name = name
            self.method = method
            self.secret = secret
        }

        /// A role logging in with `method`, whose password is stored as PostgreSQL would store
        /// it for that method: an md5 hash for md5, a SCRAM verifier otherwise.
        public init(name: String, method: AuthenticationMethod, password: String) {
            var random = SystemRandomNumberGenerator()
            let secret: RoleSecret = method == .md5
                ? .md5(MD5Password.storedHash(password: password, user: name))
                : .scramSHA256(SCRAMVerifier(password: password, using: &random))
            self.init(name: name, method: method, secret: secret)
        }
    }

    public var roles: [String: Role]
    /// The method for users not in the table (their secret is nil, so password methods fail).
    public var defaultMethod: AuthenticationMethod

    public init(roles: [Role], defaultMethod: AuthenticationMethod = .scramSHA256) {
        self.roles = Dictionary(roles.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.defaultMethod = defaultMethod
    }

    /// Every user is trusted.
    public static var trustEveryone: StaticAuthenticator { StaticAuthenticator(roles: [], defaultMethod: .trust) }

    public func policy(user: String, database: String, origin: ConnectionOrigin) async -> AuthenticationPolicy {
        guard let role = roles[user] else { return AuthenticationPolicy(method: defaultMethod, secret: nil) }
        return AuthenticationPolicy(method: role.method, secret: role.secret)
    }
}
