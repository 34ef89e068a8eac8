// Authentication against the catalog's roles (pg_authid), with one method for every connection
// (what --auth chose; PostgreSQL would read it from pg_hba.conf). A role that does not exist,
// has no password, or whose password has expired (VALID UNTIL) gets no secret: the exchange
// still runs and fails with 28P01, so a client cannot tell which names exist. Whether the role
// may log in at all is checked after authentication, when the session opens (28000), as
// PostgreSQL does.

public import HeliosEngine
public import HeliosWire
import Dispatch
import Foundation

/// Looks roles up in the catalog for each login.
public struct CatalogAuthenticator: Authenticator {
    public let database: Database
    public let method: AuthenticationMethod

    public init(database: Database, method: AuthenticationMethod) {
        self.database = database
        self.method = method
    }

    public func policy(user: String, database name: String, origin: ConnectionOrigin) async -> AuthenticationPolicy {
        if method == .trust { return AuthenticationPolicy(method: .trust, secret: nil) }
        let database = self.database
        // A catalog read belongs on a worker thread, not the connection's event loop.
        let role: RoleDescriptor? = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: try? database.role(named: user))
            }
        }
        guard let role, let password = role.password, role.passwordIsValid(at: Self.now()) else {
            return AuthenticationPolicy(method: method, secret: nil)
        }
        return AuthenticationPolicy(method: method, secret: RoleSecret(storedForm: password))
    }

    /// Microseconds since 2000-01-01 UTC, the engine's timestamp scale.
    static func now() -> Int64 {
        Int64((Date().timeIntervalSince1970 - 946_684_800) * 1_000_000)
    }
}
