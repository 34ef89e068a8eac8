// A role, as pg_authid records it: a name, its attributes, and the secret it logs in with (an
// md5 hash or a SCRAM-SHA-256 verifier, never the password). Roles belong to the whole data
// directory, not to one database.

public import HeliosCore

/// One role (a user when it may log in).
public struct RoleDescriptor: Equatable, Sendable {
    public var oid: ObjectID
    public var name: String
    public var isSuperuser: Bool
    public var inherits: Bool
    public var canCreateRoles: Bool
    public var canCreateDatabases: Bool
    public var canLogIn: Bool
    public var isReplication: Bool
    public var bypassesRowSecurity: Bool
    /// -1: no limit. The server refuses a login beyond it (53300) unless the role is a superuser.
    public var connectionLimit: Int32
    /// pg_authid.rolpassword: "md5" + 32 hex digits, or "SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey".
    public var password: String?
    /// When the password stops working, in microseconds since 2000-01-01 UTC
    /// (Int64.max for 'infinity'); nil: never.
    public var validUntil: Int64?

    public init(oid: ObjectID, name: String, isSuperuser: Bool = false, inherits: Bool = true, canCreateRoles: Bool = false,
                canCreateDatabases: Bool = false, canLogIn: Bool = false, isReplication: Bool = false,
                bypassesRowSecurity: Bool = false, connectionLimit: Int32 = -1, password: String? = nil,
                validUntil: Int64? = nil) {
        self.oid = oid
        self.name = name
        self.isSuperuser = isSuperuser
        self.inherits = inherits
        self.canCreateRoles = canCreateRoles
        self.canCreateDatabases = canCreateDatabases
        self.canLogIn = canLogIn
        self.isReplication = isReplication
        self.bypassesRowSecurity = bypassesRowSecurity
        self.connectionLimit = connectionLimit
        self.password = password
        self.validUntil = validUntil
    }

    /// The superuser a data directory starts with (initdb's), as PostgreSQL makes it: every
    /// attribute, oid 10.
    public static func bootstrapSuperuser(named name: String, password: String?) -> RoleDescriptor {
        RoleDescriptor(oid: .bootstrapSuperuser, name: name, isSuperuser: true, canCreateRoles: true, canCreateDatabases: true,
                       canLogIn: true, isReplication: true, bypassesRowSecurity: true, password: password)
    }

    /// Whether the password may be used at `time` (microseconds since 2000-01-01 UTC).
    public func passwordIsValid(at time: Int64) -> Bool {
        guard let validUntil else { return true }
        return time < validUntil
    }
}
