// The catalog: namespaces and relations stored as versioned rows in catalog trees, so that DDL
// is transactional (a CREATE TABLE rolled back never existed; other sessions see a new table
// only once its transaction commits) and every statement sees the catalog as of its snapshot.
//
// Trees:
//   helios.catalog.objects   key: kind (u8) | oid (u32 BE)                 value: versioned descriptor
//   helios.catalog.names     key: kind (u8) | namespace oid (u32 BE) | name value: versioned oid (u32 LE)
//   helios.catalog.counters  key: "oid" | "seq" oid (u32 BE)            value: u64 (not versioned; one for all databases)
// Kinds: 1 namespace, 2 relation, 3 role (Catalog+Roles.swift), 4 database (Catalog+Databases.swift).
// A database CREATE DATABASE made has a catalog of its own, whose trees carry its prefix
// ("helios.db<oid>/helios.catalog.objects"); roles, databases and the oid counter live only in
// the default database's, the cluster catalog.
//
// Concurrent DDL is serialized by a catalog lock held until the DDL transaction ends; waiting
// for it is waiting for that transaction, so deadlock detection covers it.

public import HeliosCore
public import HeliosStorage
import Synchronization

/// Namespaces and relations, versioned.
public final class Catalog: Sendable {
    let store: Store
    let manager: TransactionManager
    let objects: TreeID
    let names: TreeID
    let counters: TreeID
    /// The default database's catalog, which holds what all databases share (roles, the list of
    /// databases, the object ID counter); nil for that catalog itself.
    private let cluster: Catalog?
    /// What this catalog's trees and its tables' trees are named with ("" for the default database).
    package let treePrefix: String
    /// The transaction holding the DDL lock.
    private let ddlHolder = Mutex<TransactionID?>(nil)
    /// The next free object ID and the limit the counter on disk allows (used in the cluster catalog only).
    private let oidAllocator: Mutex<(next: UInt32, limit: UInt32)>

    static let namespaceKind: UInt8 = 1
    static let relationKind: UInt8 = 2
    static let oidBlock: UInt32 = 64

    /// The built-in namespaces.
    static let builtInNamespaces = [
        NamespaceDescriptor(oid: .pgCatalogNamespace, name: "pg_catalog", owner: .bootstrapSuperuser),
        NamespaceDescriptor(oid: .publicNamespace, name: "public", owner: .bootstrapSuperuser),
        NamespaceDescriptor(oid: .informationSchemaNamespace, name: "information_schema", owner: .bootstrapSuperuser),
    ]

    /// The default database's catalog (`cluster` nil), or the catalog of a database CREATE
    /// DATABASE made, whose trees are named with `treePrefix`; made on first open.
    public init(store: Store, manager: TransactionManager, treePrefix: String = "", cluster: Catalog? = nil) throws(DatabaseError) {
        self.store = store
        self.manager = manager
        self.treePrefix = treePrefix
        self.cluster = cluster
        let txn = try store.beginWrite()
        do {
            objects = try TransactionManager.tree(named: treePrefix + "helios.catalog.objects", in: txn)
            names = try TransactionManager.tree(named: treePrefix + "helios.catalog.names", in: txn)
            // Counters are keyed by oid, unique across databases: one tree serves them all.
            if let cluster {
                counters = cluster.counters
            } else {
                counters = try TransactionManager.tree(named: "helios.catalog.counters", in: txn)
            }
            // Built-in namespaces a newer version added are made in older catalogs too.
            for namespace in Self.builtInNamespaces
            where try txn.get(Self.nameKey(Self.namespaceKind, .invalid, namespace.name), in: names) == nil {
                try txn.put(Self.objectKey(Self.namespaceKind, namespace.oid), Self.frozenRow(CatalogCodec.encode(namespace)), in: objects)
                try txn.put(Self.nameKey(Self.namespaceKind, .invalid, namespace.name), Self.frozenRow(Self.encodeOID(namespace.oid)), in: names)
            }
            var stored = UInt64(ObjectID.firstUserObject.rawValue)
            if cluster == nil {
                stored = try txn.get(Array("oid".utf8), in: counters).map(TransactionManager.decodeNumber) ?? stored
                try txn.put(Array("oid".utf8), TransactionManager.encodeNumber(stored), in: counters)
            }
            try txn.commit()
            oidAllocator = Mutex((UInt32(stored), UInt32(stored)))
        } catch {
            txn.rollback()
            throw error
        }
    }

    // MARK: keys

    static func objectKey(_ kind: UInt8, _ oid: ObjectID) -> [UInt8] {
        [kind] + withUnsafeBytes(of: oid.rawValue.bigEndian) { Array($0) }
    }

    static func nameKey(_ kind: UInt8, _ namespace: ObjectID, _ name: String) -> [UInt8] {
        [kind] + withUnsafeBytes(of: namespace.rawValue.bigEndian) { Array($0) } + Array(name.utf8)
    }

    static func encodeOID(_ oid: ObjectID) -> [UInt8] { withUnsafeBytes(of: oid.rawValue.littleEndian) { Array($0) } }

    static func decodeOID(_ bytes: [UInt8]) -> ObjectID {
        ObjectID(bytes.prefix(4).reversed().reduce(0) { $0 << 8 | UInt32($1) })
    }

    /// A row every snapshot sees (bootstrap objects).
    static func frozenRow(_ data: [UInt8]) -> [UInt8] {
        VersionChain.encode([RowVersion(xmin: .frozen, cmin: 0, data: data)])
    }

    // MARK: object IDs

    /// A new object ID (not transactional: a rolled-back CREATE leaves a gap, as in PostgreSQL).
    /// Object IDs are unique across databases, so tables' trees never share a name.
    package func allocateOID(in txn: WriteTransaction) throws(DatabaseError) -> ObjectID {
        if let cluster { return try cluster.allocateOID(in: txn) }
        let granted: UInt32? = oidAllocator.withLock { state in
            guard state.next < state.limit else { return nil }
            defer { state.next += 1 }
            return state.next
        }
        if let granted { return ObjectID(granted) }
        let newLimit = oidAllocator.withLock { $0.limit } + Self.oidBlock
        try txn.put(Array("oid".utf8), TransactionManager.encodeNumber(UInt64(newLimit)), in: counters)
        return oidAllocator.withLock { state in
            state.limit = max(state.limit, newLimit)
            state.next += 1
            return ObjectID(state.next - 1)
        }
    }

    /// The catalog of objects shared by every database (roles, databases).
    package var clusterCatalog: Catalog { cluster ?? self }

    // MARK: the DDL lock

    /// Takes the DDL lock for transaction `xid`, waiting for the one holding it to end.
    package func lockForDDL(_ xid: TransactionID) throws(DatabaseError) {
        while true {
            let holder: TransactionID? = ddlHolder.withLock { holder in
                if holder == nil || holder == xid {
                    holder = xid
                    return nil
                }
                return holder
            }
            guard let holder else { return }
            _ = try manager.waitForEnd(of: holder, waiter: xid)
            ddlHolder.withLock { if $0 == holder { $0 = nil } }
        }
    }

    /// The transaction holding the DDL lock, if any.
    package var ddlLockHolder: TransactionID? { ddlHolder.withLock { $0 } }

    /// Releases the DDL lock when transaction `xid` ends.
    package func transactionEnded(_ xid: TransactionID) {
        ddlHolder.withLock { if $0 == xid { $0 = nil } }
    }

    // MARK: reading

    package func namespace(named name: String, access: StorageAccess, snapshot: Snapshot) throws(DatabaseError) -> NamespaceDescriptor? {
        guard let oidBytes = try access.fetch(Self.nameKey(Self.namespaceKind, .invalid, name), in: names, snapshot: snapshot) else {
            return nil
        }
        return try namespace(oid: Self.decodeOID(oidBytes), access: access, snapshot: snapshot)
    }

    package func namespace(oid: ObjectID, access: StorageAccess, snapshot: Snapshot) throws(DatabaseError) -> NamespaceDescriptor? {
        try access.fetch(Self.objectKey(Self.namespaceKind, oid), in: objects, snapshot: snapshot).map(CatalogCodec.decodeNamespace)
    }

    package func relation(named name: String, in namespace: ObjectID, access: StorageAccess,
                          snapshot: Snapshot) throws(DatabaseError) -> RelationDescriptor? {
        guard let oidBytes = try access.fetch(Self.nameKey(Self.relationKind, namespace, name), in: names, snapshot: snapshot) else {
            return nil
        }
        return try relation(oid: Self.decodeOID(oidBytes), access: access, snapshot: snapshot)
    }

    package func relation(oid: ObjectID, access: StorageAccess, snapshot: Snapshot) throws(DatabaseError) -> RelationDescriptor? {
        try access.fetch(Self.objectKey(Self.relationKind, oid), in: objects, snapshot: snapshot).map(CatalogCodec.decodeRelation)
    }

    /// Every namespace the snapshot sees.
    package func allNamespaces(access: StorageAccess, snapshot: Snapshot) throws(DatabaseError) -> [NamespaceDescriptor] {
        var result: [NamespaceDescriptor] = []
        try access.scan(objects, snapshot: snapshot, from: [Self.namespaceKind]) { (key, data) throws(DatabaseError) in
            guard key.first == Self.namespaceKind else { return false }
            result.append(try CatalogCodec.decodeNamespace(Array(data)))
            return true
        }
        return result
    }

    /// Every relation the snapshot sees.
    package func allRelations(access: StorageAccess, snapshot: Snapshot) throws(DatabaseError) -> [RelationDescriptor] {
        var result: [RelationDescriptor] = []
        try access.scan(objects, snapshot: snapshot, from: [Self.relationKind]) { (key, data) throws(DatabaseError) in
            guard key.first == Self.relationKind else { return false }
            result.append(try CatalogCodec.decodeRelation(Array(data)))
            return true
        }
        return result
    }

    // MARK: writing (the caller holds the DDL lock)

    package func create(_ relation: RelationDescriptor, in txn: WriteTransaction, writer: RowWriter) throws(DatabaseError) {
        let outcome = try RowStore.insert(Self.nameKey(Self.relationKind, relation.namespace, relation.name),
                                          Self.encodeOID(relation.oid), in: names, txn, writer, manager: manager)
        switch outcome {
        case .done: break
        case .duplicate:
            throw DatabaseError(.duplicateTable, "relation \"\(relation.name)\" already exists")
        default:
            throw DatabaseError.internalError("catalog name entry busy: \(outcome)")
        }
        _ = try RowStore.insert(Self.objectKey(Self.relationKind, relation.oid), CatalogCodec.encode(relation), in: objects,
                                txn, writer, manager: manager)
    }

    /// Replaces a relation's descriptor (ALTER); renames move its name entry.
    package func update(_ relation: RelationDescriptor, previousName: String? = nil, in txn: WriteTransaction,
                        writer: RowWriter) throws(DatabaseError) {
        if let previousName, previousName != relation.name {
            _ = try RowStore.change(Self.nameKey(Self.relationKind, relation.namespace, previousName), to: nil, in: names,
                                    txn, writer, manager: manager)
            let outcome = try RowStore.insert(Self.nameKey(Self.relationKind, relation.namespace, relation.name),
                                              Self.encodeOID(relation.oid), in: names, txn, writer, manager: manager)
            if outcome == .duplicate {
                throw DatabaseError(.duplicateTable, "relation \"\(relation.name)\" already exists")
            }
        }
        _ = try RowStore.change(Self.objectKey(Self.relationKind, relation.oid), to: CatalogCodec.encode(relation), in: objects,
                                txn, writer, manager: manager)
    }

    package func drop(_ relation: RelationDescriptor, in txn: WriteTransaction, writer: RowWriter) throws(DatabaseError) {
        _ = try RowStore.change(Self.nameKey(Self.relationKind, relation.namespace, relation.name), to: nil, in: names,
                                txn, writer, manager: manager)
        _ = try RowStore.change(Self.objectKey(Self.relationKind, relation.oid), to: nil, in: objects, txn, writer, manager: manager)
    }

    package func create(_ namespace: NamespaceDescriptor, in txn: WriteTransaction, writer: RowWriter) throws(DatabaseError) {
        let outcome = try RowStore.insert(Self.nameKey(Self.namespaceKind, .invalid, namespace.name), Self.encodeOID(namespace.oid),
                                          in: names, txn, writer, manager: manager)
        if outcome == .duplicate {
            throw DatabaseError(.duplicateSchema, "schema \"\(namespace.name)\" already exists")
        }
        _ = try RowStore.insert(Self.objectKey(Self.namespaceKind, namespace.oid), CatalogCodec.encode(namespace), in: objects,
                                txn, writer, manager: manager)
    }

    package func drop(_ namespace: NamespaceDescriptor, in txn: WriteTransaction, writer: RowWriter) throws(DatabaseError) {
        _ = try RowStore.change(Self.nameKey(Self.namespaceKind, .invalid, namespace.name), to: nil, in: names,
                                txn, writer, manager: manager)
        _ = try RowStore.change(Self.objectKey(Self.namespaceKind, namespace.oid), to: nil, in: objects, txn, writer, manager: manager)
    }

    // MARK: counters (sequences and row IDs; not transactional)

    /// Reads a counter's persisted value.
    package func counter(_ name: [UInt8], in txn: WriteTransaction) throws(DatabaseError) -> UInt64? {
        try txn.get(name, in: counters).map(TransactionManager.decodeNumber)
    }

    package func setCounter(_ name: [UInt8], to value: UInt64, in txn: WriteTransaction) throws(DatabaseError) {
        try txn.put(name, TransactionManager.encodeNumber(value), in: counters)
    }
}
