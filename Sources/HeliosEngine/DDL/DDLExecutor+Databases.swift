// CREATE, ALTER (RENAME TO, OWNER TO) and DROP DATABASE. A new database is a row of the cluster
// catalog; its own catalog trees are made when it is first opened, and it starts empty
// (PostgreSQL copies template1, which holds nothing of users'). CREATE and DROP refuse to run
// inside a transaction block, as PostgreSQL's do (25001). DROP and RENAME refuse the current
// database and one with sessions (55006); DROP first waits up to five seconds for its sessions to
// end as PostgreSQL does (a client that just disconnected is still closing). A dropped
// database's trees (catalog, tables, indexes) are freed once the drop commits.
// Of CREATE DATABASE's options only OWNER means anything here; the others (TEMPLATE, ENCODING,
// LOCALE ...) are accepted and change nothing: every database is UTF8 with C.UTF-8 collation.

public import HeliosCore
public import HeliosStorage
public import HeliosSQL
import Foundation

extension Session {
    /// Before DROP DATABASE takes any lock: gives the sessions of the databases it names up to
    /// five seconds to end (PostgreSQL's CountOtherDBBackends waits as long).
    func waitForSessionsToLeave(_ drop: DropStatement) throws(DatabaseError) {
        for name in drop.names.map(\.name) where name != database.name {
            guard let target = try database.database(named: name) else { continue }
            for _ in 0..<50 where target.sessionCount > 0 {
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }
}

extension DDLExecutor {
    func createDatabase(_ create: CreateDatabaseStatement) throws(DatabaseError) {
        let actor = try sessionRole()
        guard actor.isSuperuser || actor.canCreateDatabases else {
            throw DatabaseError(.insufficientPrivilege, "permission denied to create database")
        }
        if create.name == session.database.root.name {
            throw DatabaseError(.duplicateDatabase, "database \"\(create.name)\" already exists")
        }
        var owner = actor.oid == .invalid ? ObjectID.bootstrapSuperuser : actor.oid
        for option in create.options where option.name == "owner" {
            switch option.value {
            case .string(let name), .word(let name):
                guard let role = try roleCatalog.role(named: name, access: access, snapshot: statement.snapshot) else {
                    throw DatabaseError(.undefinedObject, "role \"\(name)\" does not exist")
                }
                owner = role.oid
            default:
                break  // OWNER DEFAULT: the creator
            }
        }
        let database = DatabaseDescriptor(oid: try allocateOID(), name: create.name, owner: owner)
        try roleCatalog.create(database, in: txn, writer: writer)
        transaction.changedCatalog = true
    }

    func dropDatabases(_ drop: DropStatement) throws(DatabaseError) {
        if drop.force {
            throw DatabaseError(.featureNotSupported, "DROP DATABASE ... WITH (FORCE) is not supported")
        }
        let actor = try sessionRole()
        for name in drop.names.map(\.name) {
            if name == session.database.name {
                throw DatabaseError(.objectInUse, "cannot drop the currently open database")
            }
            if name == session.database.root.name {
                throw DatabaseError(.featureNotSupported, "the default database \"\(name)\" cannot be dropped",
                                    detail: "It holds the roles and the list of databases.")
            }
            guard let database = try roleCatalog.database(named: name, access: access, snapshot: statement.snapshot) else {
                if drop.ifExists {
                    notice("database \"\(name)\" does not exist, skipping")
                    continue
                }
                throw DatabaseError(.invalidCatalogName, "database \"\(name)\" does not exist")
            }
            guard actor.isSuperuser || actor.oid == database.owner else {
                throw DatabaseError(.insufficientPrivilege, "must be owner of database \(name)")
            }
            try reserve(database)
            try roleCatalog.drop(database, in: txn, writer: writer)
            for tree in try statement.reader.trees() where tree.name.hasPrefix(database.treePrefix) {
                dropTreeAtCommit(tree.id)
            }
        }
        transaction.changedCatalog = true
    }

    /// ALTER DATABASE ... RENAME TO / OWNER TO; other changes are refused.
    func alterDatabase(_ alter: AlterDatabaseStatement) throws(DatabaseError) {
        let actor = try sessionRole()
        if alter.name == session.database.root.name {
            if case .rename = alter.action, alter.name == session.database.name {
                throw DatabaseError(.featureNotSupported, "current database cannot be renamed")
            }
            throw DatabaseError(.featureNotSupported, "the default database \"\(alter.name)\" cannot be altered",
                                detail: "Its name is the server's configuration.")
        }
        guard var database = try roleCatalog.database(named: alter.name, access: access, snapshot: statement.snapshot) else {
            throw DatabaseError(.invalidCatalogName, "database \"\(alter.name)\" does not exist")
        }
        guard actor.isSuperuser || actor.oid == database.owner else {
            throw DatabaseError(.insufficientPrivilege, "must be owner of database \(alter.name)")
        }
        let previousName = database.name
        switch alter.action {
        case .rename(let newName):
            if alter.name == session.database.name {
                throw DatabaseError(.featureNotSupported, "current database cannot be renamed")
            }
            let taken = try roleCatalog.database(named: newName, access: access, snapshot: statement.snapshot) != nil
            if taken || newName == session.database.root.name {
                throw DatabaseError(.duplicateDatabase, "database \"\(newName)\" already exists")
            }
            // A session keeps its database's name: none may be open while it changes.
            try reserve(database)
            database.name = newName
        case .ownerTo(let specification):
            let name: String
            switch specification {
            case .name(let given): name = given
            case .currentRole, .currentUser, .sessionUser: name = session.user
            case .public: throw DatabaseError(.reservedName, "role name \"public\" is reserved")
            }
            guard let owner = try roleCatalog.role(named: name, access: access, snapshot: statement.snapshot) else {
                throw DatabaseError(.undefinedObject, "role \"\(name)\" does not exist")
            }
            database.owner = owner.oid
        case .options, .setTablespace, .setting, .reset:
            throw DatabaseError(.featureNotSupported, "ALTER DATABASE supports only RENAME TO and OWNER TO")
        }
        try roleCatalog.update(database, previousName: previousName, in: txn, writer: writer)
        transaction.changedCatalog = true
    }

    /// Keeps sessions out of `database` until this transaction ends; 55006 if some are in it.
    private func reserve(_ database: DatabaseDescriptor) throws(DatabaseError) {
        let others = session.database.reserve(database.oid)
        guard others == 0 else {
            throw DatabaseError(.objectInUse, "database \"\(database.name)\" is being accessed by other users",
                                detail: others == 1 ? "There is 1 other session using the database."
                                                    : "There are \(others) other sessions using the database.")
        }
        transaction.reservedDatabases.append(database.oid)
    }
}
