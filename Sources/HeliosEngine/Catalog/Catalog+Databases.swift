// Databases made by CREATE DATABASE, as versioned rows (kind 4) of the cluster catalog: objects
// key `4 | oid`, names key `4 | 0 | name`.

public import HeliosCore
public import HeliosStorage

extension Catalog {
    static let databaseKind: UInt8 = 4

    package func database(named name: String, access: StorageAccess, snapshot: Snapshot) throws(DatabaseError) -> DatabaseDescriptor? {
        guard let oidBytes = try access.fetch(Self.nameKey(Self.databaseKind, .invalid, name), in: names, snapshot: snapshot) else {
            return nil
        }
        return try access.fetch(Self.objectKey(Self.databaseKind, Self.decodeOID(oidBytes)), in: objects, snapshot: snapshot)
            .map(CatalogCodec.decodeDatabase)
    }

    /// Every database CREATE DATABASE made that the snapshot sees, in oid order.
    package func allDatabases(access: StorageAccess, snapshot: Snapshot) throws(DatabaseError) -> [DatabaseDescriptor] {
        var result: [DatabaseDescriptor] = []
        try access.scan(objects, snapshot: snapshot, from: [Self.databaseKind]) { (key, data) throws(DatabaseError) in
            guard key.first == Self.databaseKind else { return false }
            result.append(try CatalogCodec.decodeDatabase(Array(data)))
            return true
        }
        return result
    }

    // MARK: writing (the caller holds the DDL lock)

    package func create(_ database: DatabaseDescriptor, in txn: WriteTransaction, writer: RowWriter) throws(DatabaseError) {
        let outcome = try RowStore.insert(Self.nameKey(Self.databaseKind, .invalid, database.name), Self.encodeOID(database.oid),
                                          in: names, txn, writer, manager: manager)
        if outcome == .duplicate {
            throw DatabaseError(.duplicateDatabase, "database \"\(database.name)\" already exists")
        }
        _ = try RowStore.insert(Self.objectKey(Self.databaseKind, database.oid), CatalogCodec.encode(database), in: objects,
                                txn, writer, manager: manager)
    }

    /// Replaces a database's entry (ALTER DATABASE); a rename moves its name entry.
    package func update(_ database: DatabaseDescriptor, previousName: String, in txn: WriteTransaction,
                        writer: RowWriter) throws(DatabaseError) {
        if previousName != database.name {
            _ = try RowStore.change(Self.nameKey(Self.databaseKind, .invalid, previousName), to: nil, in: names,
                                    txn, writer, manager: manager)
            let outcome = try RowStore.insert(Self.nameKey(Self.databaseKind, .invalid, database.name), Self.encodeOID(database.oid),
                                              in: names, txn, writer, manager: manager)
            if outcome == .duplicate {
                throw DatabaseError(.duplicateDatabase, "database \"\(database.name)\" already exists")
            }
        }
        _ = try RowStore.change(Self.objectKey(Self.databaseKind, database.oid), to: CatalogCodec.encode(database), in: objects,
                                txn, writer, manager: manager)
    }

    package func drop(_ database: DatabaseDescriptor, in txn: WriteTransaction, writer: RowWriter) throws(DatabaseError) {
        _ = try RowStore.change(Self.nameKey(Self.databaseKind, .invalid, database.name), to: nil, in: names,
                                txn, writer, manager: manager)
        _ = try RowStore.change(Self.objectKey(Self.databaseKind, database.oid), to: nil, in: objects, txn, writer, manager: manager)
    }
}
