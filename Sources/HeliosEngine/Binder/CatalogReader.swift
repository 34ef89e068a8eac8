// The catalog as one statement sees it: its snapshot, the session's search path, and a cache of
// the relations it has looked up (a statement sees one version of each, however often it names
// it). Name resolution follows PostgreSQL: an unqualified name is looked up in pg_catalog first
// (unless the search path names it elsewhere), then along the search path; the first schema of the path that exists is where CREATE puts
// new objects.

public import HeliosCore
public import HeliosSQL

/// Statement-scoped catalog lookups.
package final class CatalogReader {
    package let catalog: Catalog
    package let access: StorageAccess
    package let snapshot: Snapshot
    package let searchPath: [String]
    package let database: String
    private var relationsByOID: [ObjectID: RelationDescriptor] = [:]
    private var namespacesByName: [String: NamespaceDescriptor?] = [:]
    /// Descriptors shared with other statements that see the same catalog version exactly
    /// (SharedCatalogCache); nil when this statement may see a catalog of its own.
    private let shared: (cache: SharedCatalogCache, version: UInt64)?
    /// Every namespace and relation, for system relations and catalog functions (see systemCatalog).
    var systemCatalogCache: SystemCatalogData?

    package init(catalog: Catalog, access: StorageAccess, snapshot: Snapshot, searchPath: [String], database: String,
                 shared: (cache: SharedCatalogCache, version: UInt64)? = nil) {
        self.database = database
        self.catalog = catalog
        self.access = access
        self.snapshot = snapshot
        self.searchPath = searchPath
        self.shared = shared
    }

    package func namespace(named name: String) throws(DatabaseError) -> NamespaceDescriptor? {
        if let cached = namespacesByName[name] { return cached }
        if let shared, let known = shared.cache.namespace(named: name, version: shared.version) {
            namespacesByName[name] = known
            return known
        }
        let found = try catalog.namespace(named: name, access: access, snapshot: snapshot)
        namespacesByName[name] = found
        shared?.cache.store(found, named: name, version: shared!.version)
        return found
    }

    package func namespace(oid: ObjectID) throws(DatabaseError) -> NamespaceDescriptor? {
        if let cached = namespacesByName.values.first(where: { $0?.oid == oid }) { return cached }
        return try catalog.namespace(oid: oid, access: access, snapshot: snapshot)
    }

    package func relation(oid: ObjectID) throws(DatabaseError) -> RelationDescriptor? {
        if let cached = relationsByOID[oid] { return cached }
        let found = try catalog.relation(oid: oid, access: access, snapshot: snapshot)
        if let found { relationsByOID[oid] = found }
        return found
    }

    /// The namespaces an unqualified name is looked up in, in order.
    package func lookupNamespaces() throws(DatabaseError) -> [NamespaceDescriptor] {
        var result: [NamespaceDescriptor] = []
        // pg_catalog comes first unless the path places it explicitly, as in PostgreSQL.
        let path = searchPath.contains("pg_catalog") ? searchPath : ["pg_catalog"] + searchPath
        for name in path where !result.contains(where: { $0.name == name }) {
            if let namespace = try namespace(named: name) { result.append(namespace) }
        }
        return result
    }

    /// The namespace new objects with unqualified names are created in (42P06-free: PostgreSQL
    /// reports 3F000 "no schema has been selected to create in" when none exists).
    package func creationNamespace(for name: QualifiedName) throws(DatabaseError) -> NamespaceDescriptor {
        if let schema = name.schema {
            guard let namespace = try namespace(named: schema) else {
                throw DatabaseError(.invalidSchemaName, "schema \"\(schema)\" does not exist", position: name.location.errorPosition)
            }
            return namespace
        }
        for schema in searchPath {
            if let namespace = try namespace(named: schema) { return namespace }
        }
        throw DatabaseError(.invalidSchemaName, "no schema has been selected to create in", position: name.location.errorPosition)
    }

    /// The relation a (possibly qualified) name refers to, or nil.
    package func lookupRelation(_ name: QualifiedName) throws(DatabaseError) -> RelationDescriptor? {
        if let schema = name.schema {
            if let catalogName = name.catalog, catalogName != database {
                throw DatabaseError(.featureNotSupported, "cross-database references are not implemented: \(name)",
                                    position: name.location.errorPosition)
            }
            guard let namespace = try namespace(named: schema) else {
                // A schema of system relations only (helios_ai) has no pg_namespace row.
                if SystemRelation.namespaces[schema] != nil { return nil }
                throw DatabaseError(.invalidSchemaName, "schema \"\(schema)\" does not exist", position: name.location.errorPosition)
            }
            return try relation(named: name.name, in: namespace.oid)
        }
        for namespace in try lookupNamespaces() {
            if let found = try relation(named: name.name, in: namespace.oid) { return found }
        }
        return nil
    }

    /// The relation a name refers to; 42P01 if there is none.
    package func requireRelation(_ name: QualifiedName) throws(DatabaseError) -> RelationDescriptor {
        guard let relation = try lookupRelation(name) else {
            throw DatabaseError(.undefinedTable, "relation \"\(name)\" does not exist", position: name.location.errorPosition)
        }
        return relation
    }

    package func relation(named name: String, in namespace: ObjectID) throws(DatabaseError) -> RelationDescriptor? {
        let found: RelationDescriptor?
        if let shared, let known = shared.cache.relation(named: name, in: namespace, version: shared.version) {
            found = known
        } else {
            found = try catalog.relation(named: name, in: namespace, access: access, snapshot: snapshot)
            shared?.cache.store(found, named: name, in: namespace, version: shared!.version)
        }
        guard let found else { return nil }
        if let cached = relationsByOID[found.oid] { return cached }
        relationsByOID[found.oid] = found
        return found
    }

    /// The schema name of a namespace oid (for messages and output).
    package func namespaceName(_ oid: ObjectID) throws(DatabaseError) -> String {
        try namespace(oid: oid)?.name ?? String(oid.rawValue)
    }
}
