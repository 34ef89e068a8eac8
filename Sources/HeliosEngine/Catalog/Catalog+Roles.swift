// Roles as versioned catalog rows (kind 3), so CREATE/ALTER/DROP ROLE are transactional like
// any DDL: objects key `3 | oid`, names key `3 | 0 | name`. Roles live in the cluster's shared
// catalog (the default database's), whichever database a session is connected to.

public import HeliosCore
public import HeliosStorage

extension Catalog {
    static let roleKind: UInt8 = 3

    package func role(named name: String, access: StorageAccess, snapshot: Snapshot) throws(DatabaseError) -> RoleDescriptor? {
        guard let oidBytes = try access.fetch(Self.nameKey(Self.roleKind, .invalid, name), in: names, snapshot: snapshot) else {
            return nil
        }
        return try role(oid: Self.decodeOID(oidBytes), access: access, snapshot: snapshot)
    }

    package func role(oid: ObjectID, access: StorageAccess, snapshot: Snapshot) throws(DatabaseError) -> RoleDescriptor? {
        try access.fetch(Self.objectKey(Self.roleKind, oid), in: objects, snapshot: snapshot).map(CatalogCodec.decodeRole)
    }

    /// Every role the snapshot sees, in oid order.
    package func allRoles(access: StorageAccess, snapshot: Snapshot) throws(DatabaseError) -> [RoleDescriptor] {
        var result: [RoleDescriptor] = []
        try access.scan(objects, snapshot: snapshot, from: [Self.roleKind]) { (key, data) throws(DatabaseError) in
            guard key.first == Self.roleKind else { return false }
            result.append(try CatalogCodec.decodeRole(Array(data)))
            return true
        }
        return result
    }

    // MARK: writing (the caller holds the DDL lock)

    package func create(_ role: RoleDescriptor, in txn: WriteTransaction, writer: RowWriter) throws(DatabaseError) {
        try insertRoleName(role, in: txn, writer: writer)
        _ = try RowStore.insert(Self.objectKey(Self.roleKind, role.oid), CatalogCodec.encode(role), in: objects,
                                txn, writer, manager: manager)
    }

    /// Replaces a role's entry (ALTER ROLE); a rename moves its name entry.
    package func update(_ role: RoleDescriptor, previousName: String, in txn: WriteTransaction, writer: RowWriter) throws(DatabaseError) {
        if previousName != role.name {
            _ = try RowStore.change(Self.nameKey(Self.roleKind, .invalid, previousName), to: nil, in: names,
                                    txn, writer, manager: manager)
            try insertRoleName(role, in: txn, writer: writer)
        }
        _ = try RowStore.change(Self.objectKey(Self.roleKind, role.oid), to: CatalogCodec.encode(role), in: objects,
                                txn, writer, manager: manager)
    }

    package func drop(_ role: RoleDescriptor, in txn: WriteTransaction, writer: RowWriter) throws(DatabaseError) {
        _ = try RowStore.change(Self.nameKey(Self.roleKind, .invalid, role.name), to: nil, in: names, txn, writer, manager: manager)
        _ = try RowStore.change(Self.objectKey(Self.roleKind, role.oid), to: nil, in: objects, txn, writer, manager: manager)
    }

    private func insertRoleName(_ role: RoleDescriptor, in txn: WriteTransaction, writer: RowWriter) throws(DatabaseError) {
        let outcome = try RowStore.insert(Self.nameKey(Self.roleKind, .invalid, role.name), Self.encodeOID(role.oid),
                                          in: names, txn, writer, manager: manager)
        if outcome == .duplicate {
            throw DatabaseError(.duplicateObject, "role \"\(role.name)\" already exists")
        }
    }
}
