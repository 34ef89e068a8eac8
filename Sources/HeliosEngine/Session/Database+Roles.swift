// What the server asks of the catalog's roles outside any session: the role a connection
// claims to be (authentication), and the bootstrap superuser made sure of at start-up.

public import HeliosCore

extension Database {
    /// The role called `name` as the latest commit has it, or nil.
    public func role(named name: String) throws(DatabaseError) -> RoleDescriptor? {
        let reader = try store.beginRead(latestCommitted: true)
        // The store version read is fixed, so versions this snapshot needs cannot be pruned from it.
        return try roleCatalog.role(named: name, access: .read(reader), snapshot: manager.snapshot())
    }

    /// Whether `user` has superuser rights now: a superuser role, or any user of an embedded
    /// database that never stored a bootstrap superuser (as DDLExecutor.sessionRole reads it).
    func isSuperuser(_ user: String) throws(DatabaseError) -> Bool {
        let reader = try store.beginRead(latestCommitted: true)
        let snapshot = manager.snapshot()
        if let role = try roleCatalog.role(named: user, access: .read(reader), snapshot: snapshot) { return role.isSuperuser }
        return try roleCatalog.role(oid: .bootstrapSuperuser, access: .read(reader), snapshot: snapshot) == nil
    }

    /// Makes sure a login superuser called `name` exists (created on first start: oid 10, as
    /// initdb's, unless another role took it), and gives it `storedPassword` when not nil.
    public func ensureSuperuser(named name: String, storedPassword: String?) throws(DatabaseError) {
        let session = connect(user: name)
        defer { session.close() }
        do throws(DatabaseError) {
            _ = try session.runDDL("CREATE ROLE", sharedObjects: true) { (ddl) throws(DatabaseError) in
                try ddl.ensureSuperuser(named: name, storedPassword: storedPassword)
            }
        } catch {
            session.sync(errorReported: true)
            throw error
        }
        if let failedCommit = session.sync(errorReported: false) { throw failedCommit }
    }
}

extension DDLExecutor {
    func ensureSuperuser(named name: String, storedPassword: String?) throws(DatabaseError) {
        let catalog = roleCatalog
        let snapshot = statement.snapshot
        if var role = try catalog.role(named: name, access: access, snapshot: snapshot) {
            let before = role
            role.isSuperuser = true
            role.canLogIn = true
            if let storedPassword { role.password = storedPassword }
            guard role != before else { return }
            try catalog.update(role, previousName: name, in: txn, writer: writer)
        } else {
            let oidIsFree = try catalog.role(oid: .bootstrapSuperuser, access: access, snapshot: snapshot) == nil
            var role = RoleDescriptor.bootstrapSuperuser(named: name, password: storedPassword)
            if !oidIsFree { role.oid = try allocateOID() }
            try catalog.create(role, in: txn, writer: writer)
        }
        transaction.changedCatalog = true
    }
}
