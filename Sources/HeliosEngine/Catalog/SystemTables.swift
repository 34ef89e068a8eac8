// The system catalog relations clients query (pg_catalog.pg_class, pg_namespace, ...), computed
// from the catalog when read. Names not listed here are not system tables.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

package enum SystemTables {
    /// The scan of system relation `name`, or nil if it is not one.
    static func scan(_ name: QualifiedName, context: BindingContext) throws(DatabaseError) -> SystemTableScan? {
        nil
    }

    /// The oid of a built-in system relation (for `'pg_class'::regclass`).
    static func oid(of name: QualifiedName) -> UInt32? {
        nil
    }

    /// The rows of a system relation scan.
    static func rows(of scan: SystemTableScan, context: ExecutionContext) throws(DatabaseError) -> [[SQLValue]] {
        throw DatabaseError(.undefinedTable, "relation \"\(scan.name)\" does not exist")
    }
}
