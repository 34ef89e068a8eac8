// Index names. Indexes live inside their table's descriptor, but their names share the
// namespace of relations (as in PostgreSQL's pg_class): a names-tree entry of kind 3 maps an
// index's name to the table that holds it.

public import HeliosCore
public import HeliosStorage

extension Catalog {
    static let indexKind: UInt8 = 3

    /// The table holding the index called `name` in `namespace`, if any.
    package func indexOwner(named name: String, in namespace: ObjectID, access: StorageAccess,
                            snapshot: Snapshot) throws(DatabaseError) -> ObjectID? {
        try access.fetch(Self.nameKey(Self.indexKind, namespace, name), in: names, snapshot: snapshot).map(Self.decodeOID)
    }

    /// Whether a relation or an index is called `name` in `namespace`.
    package func nameIsTaken(_ name: String, in namespace: ObjectID, access: StorageAccess,
                             snapshot: Snapshot) throws(DatabaseError) -> Bool {
        if try access.fetch(Self.nameKey(Self.relationKind, namespace, name), in: names, snapshot: snapshot) != nil { return true }
        return try indexOwner(named: name, in: namespace, access: access, snapshot: snapshot) != nil
    }

    package func addIndexName(_ name: String, in namespace: ObjectID, table: ObjectID, txn: WriteTransaction,
                              writer: RowWriter) throws(DatabaseError) {
        let outcome = try RowStore.insert(Self.nameKey(Self.indexKind, namespace, name), Self.encodeOID(table), in: names,
                                          txn, writer, manager: manager)
        if outcome == .duplicate {
            throw DatabaseError(.duplicateTable, "relation \"\(name)\" already exists")
        }
    }

    package func removeIndexName(_ name: String, in namespace: ObjectID, txn: WriteTransaction, writer: RowWriter) throws(DatabaseError) {
        _ = try RowStore.change(Self.nameKey(Self.indexKind, namespace, name), to: nil, in: names, txn, writer, manager: manager)
    }
}
