// Roles, privileges and databases: CREATE/ALTER ROLE (USER, GROUP), GRANT and REVOKE of
// privileges or role membership, CREATE/ALTER DATABASE. The engine may ignore much of this; the
// parser keeps it all so that clients' scripts run.

/// The word used for a role in CREATE/ALTER/DROP; it changes only the command tag.
public enum RoleKeyword: String, Sendable, Hashable {
    case role = "ROLE"
    case user = "USER"
    case group = "GROUP"
}

/// `CREATE {ROLE | USER | GROUP} name [[WITH] options]`.
public struct CreateRoleStatement: Sendable, Hashable {
    public var keyword: RoleKeyword
    public var name: String
    public var options: [RoleOption]
    public var location: SourceLocation

    public init(keyword: RoleKeyword = .role, name: String, options: [RoleOption] = [], location: SourceLocation = .unknown) {
        self.keyword = keyword
        self.name = name
        self.options = options
        self.location = location
    }
}

/// An option of CREATE/ALTER ROLE.
public enum RoleOption: Sendable, Hashable {
    case superuser(Bool)
    case createDatabase(Bool)
    case createRole(Bool)
    case inherit(Bool)
    case login(Bool)
    case replication(Bool)
    case bypassRowLevelSecurity(Bool)
    case connectionLimit(Int64)
    /// `[ENCRYPTED] PASSWORD 'text'` or `PASSWORD NULL` (nil).
    case password(String?)
    case validUntil(String)
    /// `IN ROLE roles` (also `IN GROUP`).
    case inRole([String])
    /// `ROLE roles` (also `USER roles`): roles made members of the new role.
    case role([String])
    /// `ADMIN roles`.
    case admin([String])
    case systemID(Int64)
}

/// `ALTER {ROLE | USER} name ...`.
public struct AlterRoleStatement: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        case options([RoleOption])
        case rename(to: String)
        /// `[IN DATABASE d] SET parameter ...` or `RESET ...`.
        case setting(database: String?, SetStatement)
        case reset(database: String?, ResetStatement)
    }

    public var keyword: RoleKeyword
    /// Nil for `ALTER ROLE ALL SET ...`.
    public var role: RoleSpecification?
    public var action: Action
    public var location: SourceLocation

    public init(keyword: RoleKeyword = .role, role: RoleSpecification?, action: Action, location: SourceLocation = .unknown) {
        self.keyword = keyword
        self.role = role
        self.action = action
        self.location = location
    }
}

/// GRANT or REVOKE of privileges on objects, or of membership in roles.
public struct GrantStatement: Sendable, Hashable {
    public enum Subject: Sendable, Hashable {
        /// `privileges ON objects`; an empty privilege list means ALL [PRIVILEGES].
        case privileges([Privilege], on: GrantObjects)
        /// `GRANT role, ... TO ...`.
        case roles([String])
    }

    /// True for GRANT, false for REVOKE.
    public var isGrant: Bool
    public var subject: Subject
    public var grantees: [RoleSpecification]
    /// WITH GRANT OPTION / WITH ADMIN OPTION (GRANT); GRANT OPTION FOR / ADMIN OPTION FOR (REVOKE).
    public var withGrantOption: Bool
    public var grantedBy: RoleSpecification?
    /// REVOKE ... CASCADE | RESTRICT.
    public var behavior: DropBehavior?
    public var location: SourceLocation

    public init(isGrant: Bool, subject: Subject, grantees: [RoleSpecification], withGrantOption: Bool = false,
                grantedBy: RoleSpecification? = nil, behavior: DropBehavior? = nil, location: SourceLocation = .unknown) {
        self.isGrant = isGrant
        self.subject = subject
        self.grantees = grantees
        self.withGrantOption = withGrantOption
        self.grantedBy = grantedBy
        self.behavior = behavior
        self.location = location
    }
}

/// A privilege name (`select`, `insert`, `usage`, ...) with optional columns.
public struct Privilege: Sendable, Hashable {
    public var name: String
    public var columns: [String]

    public init(name: String, columns: [String] = []) {
        self.name = name
        self.columns = columns
    }
}

/// What privileges are granted on.
public struct GrantObjects: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case table = "TABLE"
        case sequence = "SEQUENCE"
        case database = "DATABASE"
        case schema = "SCHEMA"
        case function = "FUNCTION"
        case allTablesInSchema = "ALL TABLES IN SCHEMA"
        case allSequencesInSchema = "ALL SEQUENCES IN SCHEMA"
        case allFunctionsInSchema = "ALL FUNCTIONS IN SCHEMA"
    }

    public var kind: Kind
    public var names: [QualifiedName]

    public init(kind: Kind, names: [QualifiedName]) {
        self.kind = kind
        self.names = names
    }
}

/// `CREATE DATABASE name [[WITH] option [=] value ...]`.
public struct CreateDatabaseStatement: Sendable, Hashable {
    public var name: String
    public var options: [DefinitionOption]
    public var location: SourceLocation

    public init(name: String, options: [DefinitionOption] = [], location: SourceLocation = .unknown) {
        self.name = name
        self.options = options
        self.location = location
    }
}

/// `ALTER DATABASE name ...`.
public struct AlterDatabaseStatement: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        case options([DefinitionOption])
        case rename(to: String)
        case ownerTo(RoleSpecification)
        case setTablespace(String)
        case setting(SetStatement)
        case reset(ResetStatement)
    }

    public var name: String
    public var action: Action
    public var location: SourceLocation

    public init(name: String, action: Action, location: SourceLocation = .unknown) {
        self.name = name
        self.action = action
        self.location = location
    }
}
