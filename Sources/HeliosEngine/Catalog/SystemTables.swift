// The system catalog relations clients query (pg_catalog.pg_class, pg_namespace, ...,
// information_schema.tables, ...), computed from the catalog when read. Which relations exist and
// their columns: SystemTables/SystemRelation.swift; their rows: SystemTables/SystemRows*.swift and
// InformationSchemaRows.swift. A relation without a row producer is empty (pg_policy, pg_trigger,
// pg_inherits ...: things HeliosDB does not have). Names not listed are not system tables.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

package enum SystemTables {
    /// The scan of system relation `name`, or nil if it is not one.
    static func scan(_ name: QualifiedName, context: BindingContext) throws(DatabaseError) -> SystemTableScan? {
        if let catalogName = name.catalog, catalogName != context.catalog.database { return nil }
        guard let relation = SystemRelation.lookUp(name, searchPath: context.catalog.searchPath) else { return nil }
        let columns = context.makeColumns(names: relation.columns.map(\.name), types: relation.columns.map(\.type))
        return SystemTableScan(name: relation.qualifiedName, columns: columns)
    }

    /// The oid of a built-in system relation (for `'pg_class'::regclass`).
    static func oid(of name: QualifiedName) -> UInt32? {
        SystemRelation.lookUp(name, searchPath: [])?.oid
    }

    /// The rows of a system relation scan, computed once per statement execution.
    static func rows(of scan: SystemTableScan, context: ExecutionContext) throws(DatabaseError) -> [[SQLValue]] {
        if let cached = context.systemTableRows[scan.name] { return cached }
        let parts = scan.name.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let relation = SystemRelation.named(parts[1], schema: parts[0]) else {
            throw DatabaseError(.undefinedTable, "relation \"\(scan.name)\" does not exist")
        }
        guard let services = context.environment.services else {
            throw DatabaseError(.featureNotSupported, "\(scan.name) needs a database session")
        }
        let data = try services.statement.catalogReader.systemCatalog(user: services.session.user)
        let rows = try SystemRows(data: data, services: services).rows(of: relation)
        context.systemTableRows[scan.name] = rows
        return rows
    }
}
