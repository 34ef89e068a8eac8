// CREATE ROLE / USER / GROUP, ALTER ROLE, DROP ROLE: roles in the shared catalog with
// PostgreSQL's defaults (CREATE USER implies LOGIN), messages and SQLSTATEs. Privileges are not
// enforced beyond what managing roles needs: only a superuser or a role with CREATEROLE manages
// roles, only a superuser makes or changes superusers, and anyone may change their own password.
// Role membership (IN ROLE, ROLE, ADMIN) and per-role settings are refused: nothing would use them.

public import HeliosCore
public import HeliosStorage
public import HeliosValues
public import HeliosSQL

extension DDLExecutor {
    /// The catalog roles live in (the cluster's, shared by every database).
    var roleCatalog: Catalog { session.database.roleCatalog }

    func createRole(_ create: CreateRoleStatement) throws(DatabaseError) {
        let actor = try sessionRole()
        guard actor.isSuperuser || actor.canCreateRoles else {
            throw DatabaseError(.insufficientPrivilege, "permission denied to create role")
        }
        if create.name.hasPrefix("pg_") {
            throw DatabaseError(.reservedName, "role name \"\(create.name)\" is reserved",
                                detail: "Role names starting with \"pg_\" are reserved.")
        }
        if ["public", "none"].contains(create.name) {
            throw DatabaseError(.reservedName, "role name \"\(create.name)\" is reserved")
        }
        var role = RoleDescriptor(oid: try allocateOID(), name: create.name, canLogIn: create.keyword == .user)
        try apply(create.options, to: &role, actor: actor)
        try roleCatalog.create(role, in: txn, writer: writer)
        transaction.changedCatalog = true
    }

    func alterRole(_ alter: AlterRoleStatement) throws(DatabaseError) {
        guard let specification = alter.role else {
            throw DatabaseError(.featureNotSupported, "ALTER ROLE ALL SET is not supported")
        }
        let actor = try sessionRole()
        var role = try requireRole(specification)
        let previous = role
        switch alter.action {
        case .options(let options):
            let onlyOwnPassword = role.oid == actor.oid && options.allSatisfy { if case .password = $0 { true } else { false } }
            guard onlyOwnPassword || actor.isSuperuser || (actor.canCreateRoles && !role.isSuperuser) else {
                throw DatabaseError(.insufficientPrivilege, "permission denied")
            }
            try apply(options, to: &role, actor: actor)
        case .rename(let newName):
            guard actor.isSuperuser || (actor.canCreateRoles && !role.isSuperuser) else {
                throw DatabaseError(.insufficientPrivilege, "permission denied to rename role")
            }
            if role.name == session.user {
                throw DatabaseError(.featureNotSupported, "session user cannot be renamed")
            }
            if newName.hasPrefix("pg_") {
                throw DatabaseError(.reservedName, "role name \"\(newName)\" is reserved",
                                    detail: "Role names starting with \"pg_\" are reserved.")
            }
            if try roleCatalog.role(named: newName, access: access, snapshot: statement.snapshot) != nil {
                throw DatabaseError(.duplicateObject, "role \"\(newName)\" already exists")
            }
            role.name = newName
            // An md5 hash is salted with the role's name, so it no longer matches any password.
            if let password = role.password, RoleDescriptor.isMD5Hash(password) {
                role.password = nil
                notice("MD5 password cleared because of role rename")
            }
        case .setting, .reset:
            throw DatabaseError(.featureNotSupported, "per-role settings (ALTER ROLE ... SET) are not supported")
        }
        try roleCatalog.update(role, previousName: previous.name, in: txn, writer: writer)
        transaction.changedCatalog = true
    }

    func dropRoles(_ drop: DropStatement) throws(DatabaseError) {
        let actor = try sessionRole()
        guard actor.isSuperuser || actor.canCreateRoles else {
            throw DatabaseError(.insufficientPrivilege, "permission denied to drop role")
        }
        for name in drop.names {
            guard let role = try roleCatalog.role(named: name.name, access: access, snapshot: statement.snapshot) else {
                if drop.ifExists {
                    notice("role \"\(name.name)\" does not exist, skipping")
                    continue
                }
                throw DatabaseError(.undefinedObject, "role \"\(name.name)\" does not exist")
            }
            if role.name == session.user {
                throw DatabaseError(.objectInUse, "current user cannot be dropped")
            }
            // Every object but databases is owned by the bootstrap superuser.
            if role.oid == .bootstrapSuperuser {
                throw DatabaseError(.dependentObjectsStillExist,
                                    "cannot drop role \(role.name) because it is required by the database system")
            }
            if role.isSuperuser && !actor.isSuperuser {
                throw DatabaseError(.insufficientPrivilege, "must be superuser to drop superusers")
            }
            let owned = try roleCatalog.allDatabases(access: access, snapshot: statement.snapshot).filter { $0.owner == role.oid }
            if !owned.isEmpty {
                throw DatabaseError(.dependentObjectsStillExist, "role \"\(role.name)\" cannot be dropped because some objects depend on it",
                                    detail: owned.map { "owner of database \($0.name)" }.joined(separator: "\n"))
            }
            try roleCatalog.drop(role, in: txn, writer: writer)
        }
        transaction.changedCatalog = true
    }

    // MARK: details

    /// The role the session runs as. In an embedded database that never named a bootstrap
    /// superuser, a session whose user is no catalog role acts as that superuser (as every
    /// session did before roles were stored); otherwise such a session (its role was dropped
    /// meanwhile) has no attributes at all.
    func sessionRole() throws(DatabaseError) -> RoleDescriptor {
        let snapshot = statement.snapshot
        if let role = try roleCatalog.role(named: session.user, access: access, snapshot: snapshot) { return role }
        if try roleCatalog.role(oid: .bootstrapSuperuser, access: access, snapshot: snapshot) == nil {
            return RoleDescriptor.bootstrapSuperuser(named: session.user, password: nil)
        }
        return RoleDescriptor(oid: .invalid, name: session.user, inherits: false)
    }

    private func requireRole(_ specification: RoleSpecification) throws(DatabaseError) -> RoleDescriptor {
        let name: String
        switch specification {
        case .name(let given): name = given
        case .currentRole, .currentUser, .sessionUser: name = session.user
        case .public: throw DatabaseError(.reservedName, "role name \"public\" is reserved")
        }
        guard let role = try roleCatalog.role(named: name, access: access, snapshot: statement.snapshot) else {
            throw DatabaseError(.undefinedObject, "role \"\(name)\" does not exist")
        }
        return role
    }

    /// Applies CREATE/ALTER ROLE options; each may appear once (42601 otherwise, as PostgreSQL).
    private func apply(_ options: [RoleOption], to role: inout RoleDescriptor, actor: RoleDescriptor) throws(DatabaseError) {
        var seen: Set<String> = []
        for option in options {
            let name = Self.optionName(option)
            guard seen.insert(name).inserted else {
                throw DatabaseError(.syntaxError, "conflicting or redundant options")
            }
            switch option {
            case .superuser(let flag):
                guard actor.isSuperuser || !flag else {
                    throw DatabaseError(.insufficientPrivilege, "must be superuser to create superusers")
                }
                role.isSuperuser = flag
            case .createDatabase(let flag): role.canCreateDatabases = flag
            case .createRole(let flag): role.canCreateRoles = flag
            case .inherit(let flag): role.inherits = flag
            case .login(let flag): role.canLogIn = flag
            case .replication(let flag):
                guard actor.isSuperuser || !flag else {
                    throw DatabaseError(.insufficientPrivilege, "must be superuser to create replication users")
                }
                role.isReplication = flag
            case .bypassRowLevelSecurity(let flag):
                guard actor.isSuperuser || !flag else {
                    throw DatabaseError(.insufficientPrivilege, "must be superuser to create bypassrls users")
                }
                role.bypassesRowSecurity = flag
            case .connectionLimit(let limit):
                guard limit >= -1, limit <= Int64(Int32.max) else {
                    throw DatabaseError(.invalidParameterValue, "invalid connection limit: \(limit)")
                }
                role.connectionLimit = Int32(limit)
            case .password(let password):
                role.password = try storedPassword(password, role: role.name)
            case .validUntil(let text):
                guard case .timestampWithTimeZone(let time) = try TextFormat.parse(text, as: .timestampWithTimeZone,
                                                                                  settings: session.valueSettings) else {
                    throw DatabaseError.internalError("timestamptz parsed to another type")
                }
                role.validUntil = time
            case .inRole, .role, .admin:
                throw DatabaseError(.featureNotSupported, "role membership is not supported")
            case .systemID:
                break  // PostgreSQL ignores SYSID too
            }
        }
    }

    private static func optionName(_ option: RoleOption) -> String {
        switch option {
        case .superuser: "superuser"
        case .createDatabase: "createdb"
        case .createRole: "createrole"
        case .inherit: "inherit"
        case .login: "login"
        case .replication: "replication"
        case .bypassRowLevelSecurity: "bypassrls"
        case .connectionLimit: "connlimit"
        case .password: "password"
        case .validUntil: "validUntil"
        case .inRole: "inRole"
        case .role: "role"
        case .admin: "admin"
        case .systemID: "sysid"
        }
    }

    /// What pg_authid stores for a PASSWORD option: nil for NULL or '' (PostgreSQL clears it
    /// with a notice), the text itself when already hashed, else its hash by password_encryption.
    private func storedPassword(_ password: String?, role: String) throws(DatabaseError) -> String? {
        guard let password else { return nil }
        if password.isEmpty {
            notice("empty string is not a valid password, clearing password")
            return nil
        }
        let setting = session.settings.value("password_encryption") ?? PasswordEncryptionMethod.scramSHA256.rawValue
        guard let method = PasswordEncryptionMethod(rawValue: setting.lowercased()) else {
            throw DatabaseError(.invalidParameterValue, "invalid value for parameter \"password_encryption\": \"\(setting)\"")
        }
        if let encryptor = session.database.passwordEncryptor {
            return encryptor.storedForm(ofPassword: password, role: role, method: method)
        }
        if RoleDescriptor.isMD5Hash(password) { return password }
        throw DatabaseError(.featureNotSupported, "this database cannot hash passwords",
                            hint: "Give the password as an md5 hash, or run the server, which hashes passwords.")
    }
}
