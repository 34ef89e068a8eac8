// The catalog as one statement's system relations and catalog functions see it: every namespace
// and relation of its snapshot, read once and indexed by oid (indexes and constraints by their
// own oids too), with the search path that decides what is visible. Built on first use and kept
// by the statement's CatalogReader.

package import HeliosCore
import HeliosValues

/// One statement's snapshot of the catalog for pg_catalog and information_schema.
final class SystemCatalogData {
    let namespaces: [NamespaceDescriptor]
    /// User relations (tables, views, sequences), by oid.
    let relations: [RelationDescriptor]
    let user: String
    let database: String
    /// Every role, in oid order; with the session's user as the bootstrap superuser when the
    /// catalog has none (an embedded database that never named one).
    let roles: [RoleDescriptor]
    /// The databases CREATE DATABASE made (the default database is not among them).
    let createdDatabases: [DatabaseDescriptor]
    /// The namespaces unqualified names are looked up in, in order (pg_catalog first unless the
    /// search path places it).
    let lookupOrder: [ObjectID]
    /// The search path's namespaces that exist, in order (current_schemas(false)).
    let searchPath: [ObjectID]
    private let namespaceByOID: [ObjectID: NamespaceDescriptor]
    private let relationByOID: [ObjectID: RelationDescriptor]
    private let indexByOID: [ObjectID: (table: RelationDescriptor, index: IndexDescriptor)]
    private let constraintByOID: [ObjectID: (table: RelationDescriptor, constraint: ConstraintDescriptor)]

    init(reader: CatalogReader, user: String) throws(DatabaseError) {
        namespaces = try reader.catalog.allNamespaces(access: reader.access, snapshot: reader.snapshot).sorted { $0.oid < $1.oid }
        relations = try reader.catalog.allRelations(access: reader.access, snapshot: reader.snapshot).sorted { $0.oid < $1.oid }
        self.user = user
        database = reader.database
        var roles = try reader.catalog.clusterCatalog.allRoles(access: reader.access, snapshot: reader.snapshot)
        if !roles.contains(where: { $0.oid == .bootstrapSuperuser }) {
            roles.insert(RoleDescriptor.bootstrapSuperuser(named: user, password: nil), at: 0)
        }
        self.roles = roles
        createdDatabases = try reader.catalog.clusterCatalog.allDatabases(access: reader.access, snapshot: reader.snapshot)
        namespaceByOID = Dictionary(namespaces.map { ($0.oid, $0) }, uniquingKeysWith: { first, _ in first })
        relationByOID = Dictionary(relations.map { ($0.oid, $0) }, uniquingKeysWith: { first, _ in first })
        var indexes: [ObjectID: (RelationDescriptor, IndexDescriptor)] = [:]
        var constraints: [ObjectID: (RelationDescriptor, ConstraintDescriptor)] = [:]
        for relation in relations {
            for index in relation.indexes { indexes[index.oid] = (relation, index) }
            for constraint in relation.constraints { constraints[constraint.oid] = (relation, constraint) }
        }
        indexByOID = indexes
        constraintByOID = constraints
        let all = namespaces
        searchPath = reader.searchPath.compactMap { name in all.first { $0.name == name }?.oid }
        var order: [ObjectID] = []
        for name in reader.searchPath.contains("pg_catalog") ? reader.searchPath : ["pg_catalog"] + reader.searchPath {
            if let namespace = namespaces.first(where: { $0.name == name }), !order.contains(namespace.oid) {
                order.append(namespace.oid)
            }
        }
        lookupOrder = order
    }

    func namespace(_ oid: ObjectID) -> NamespaceDescriptor? { namespaceByOID[oid] }
    func namespaceName(_ oid: ObjectID) -> String { namespaceByOID[oid]?.name ?? String(oid.rawValue) }
    func relation(_ oid: ObjectID) -> RelationDescriptor? { relationByOID[oid] }
    func index(_ oid: ObjectID) -> (table: RelationDescriptor, index: IndexDescriptor)? { indexByOID[oid] }
    func constraint(_ oid: ObjectID) -> (table: RelationDescriptor, constraint: ConstraintDescriptor)? { constraintByOID[oid] }

    /// The name of the role with this oid.
    func roleName(_ oid: ObjectID) -> String? { roles.first { $0.oid == oid }?.name }

    /// The role called `name`.
    func role(named name: String) -> RoleDescriptor? { roles.first { $0.name == name } }

    // MARK: visibility (pg_table_is_visible and name qualification in output)

    /// Whether `name` in `namespace` is what the unqualified name finds: its namespace is on
    /// the lookup path and no earlier namespace there has a relation of that name.
    func isVisible(name: String, namespace: ObjectID) -> Bool {
        guard let position = lookupOrder.firstIndex(of: namespace) else { return false }
        for earlier in lookupOrder[..<position] where hasRelation(named: name, in: earlier) { return false }
        return true
    }

    /// Whether a relation, index or system relation called `name` lives in `namespace`.
    func hasRelation(named name: String, in namespace: ObjectID) -> Bool {
        if SystemRelation.named(name, namespace: namespace) != nil { return true }
        return relations.contains { $0.namespace == namespace && ($0.name == name || $0.indexes.contains { $0.name == name }) }
    }

    /// Whether the relation, index or system relation with this oid is visible on the search path.
    func isRelationVisible(_ oid: ObjectID) -> Bool? {
        guard let (name, namespace) = relationName(oid) else { return nil }
        return isVisible(name: name, namespace: namespace)
    }

    /// The name and namespace of a relation, index or system relation.
    func relationName(_ oid: ObjectID) -> (name: String, namespace: ObjectID)? {
        if let relation = relation(oid) { return (relation.name, relation.namespace) }
        if let (table, index) = index(oid) { return (index.name, table.namespace) }
        if let system = SystemRelation.withOID(oid.rawValue) { return (system.name, system.namespace) }
        return nil
    }

    /// A relation's name as regclass prints it: qualified when the search path does not find it.
    func displayName(ofRelation oid: ObjectID) -> String? {
        guard let (name, namespace) = relationName(oid) else { return nil }
        if isVisible(name: name, namespace: namespace) { return StringFunctions.quoteIdentifier(name) }
        return StringFunctions.quoteIdentifier(namespaceName(namespace)) + "." + StringFunctions.quoteIdentifier(name)
    }

    /// The oid of the relation, index or system relation `name` finds (unqualified: along the
    /// lookup path), or nil.
    func relationOID(schema: String?, name: String) -> ObjectID? {
        let candidates: [ObjectID]
        if let schema {
            guard let namespace = namespaces.first(where: { $0.name == schema }) else { return nil }
            candidates = [namespace.oid]
        } else {
            candidates = lookupOrder
        }
        for namespace in candidates {
            if let system = SystemRelation.named(name, namespace: namespace) { return ObjectID(system.oid) }
            for relation in relations where relation.namespace == namespace {
                if relation.name == name { return relation.oid }
                if let index = relation.indexes.first(where: { $0.name == name }) { return index.oid }
            }
        }
        return nil
    }
}

extension CatalogReader {
    /// The statement's catalog snapshot for system relations and catalog functions (built once).
    /// Every table of the database, as this statement sees the catalog.
    package func allTables() throws(DatabaseError) -> [RelationDescriptor] {
        try systemCatalog(user: "").relations.filter { $0.kind == .table }
    }

    func systemCatalog(user: String) throws(DatabaseError) -> SystemCatalogData {
        if let cached = systemCatalogCache { return cached }
        let data = try SystemCatalogData(reader: self, user: user)
        systemCatalogCache = data
        return data
    }
}
