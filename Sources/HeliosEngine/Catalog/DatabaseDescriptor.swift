// A database of the data directory, as pg_database records it. The default database (the one
// `Database.open` names, oid 5 as PostgreSQL's "postgres") is implicit; the ones CREATE DATABASE
// makes are rows of the cluster catalog, and each has a catalog of its own whose trees are named
// with its prefix, so its schemas and tables are its own.

public import HeliosCore

/// One database made by CREATE DATABASE.
public struct DatabaseDescriptor: Equatable, Sendable {
    public var oid: ObjectID
    public var name: String
    public var owner: ObjectID

    public init(oid: ObjectID, name: String, owner: ObjectID) {
        self.oid = oid
        self.name = name
        self.owner = owner
    }

    /// pg_database.oid of the default database.
    public static let defaultDatabaseOID = ObjectID(5)

    /// What every tree of this database's catalog and tables is named with: "helios.db<oid>/".
    public var treePrefix: String { Self.treePrefix(of: oid) }

    static func treePrefix(of oid: ObjectID) -> String { "helios.db\(oid.rawValue)/" }
}
