// The rows of the system relations, made from one statement's catalog snapshot and its session.
// Each producer fills the columns it knows by name; the rest are NULL, as PostgreSQL's are for
// the features HeliosDB lacks (ACLs, options, partition bounds). Relations without a producer
// (pg_policy, pg_trigger, pg_inherits, pg_publication ...) are empty.

import HeliosCore
import HeliosValues

/// Makes the rows of system relations.
struct SystemRows {
    let data: SystemCatalogData
    let services: EngineServices

    var session: Session { services.session }

    func rows(of relation: SystemRelation) throws(DatabaseError) -> [[SQLValue]] {
        switch relation.qualifiedName {
        case "pg_catalog.pg_namespace": return namespaceRows(relation)
        case "pg_catalog.pg_class": return classRows(relation)
        case "pg_catalog.pg_attribute": return attributeRows(relation)
        case "pg_catalog.pg_attrdef": return attributeDefaultRows(relation)
        case "pg_catalog.pg_index": return indexRows(relation)
        case "pg_catalog.pg_constraint": return constraintRows(relation)
        case "pg_catalog.pg_description": return descriptionRows(relation)
        case "pg_catalog.pg_sequence": return sequenceRows(relation)
        case "pg_catalog.pg_depend": return dependencyRows(relation)
        case "pg_catalog.pg_type": return BuiltInTypes.rows
        case "pg_catalog.pg_proc": return procedureRows(relation)
        case "pg_catalog.pg_database": return databaseRows(relation)
        case "pg_catalog.pg_authid", "pg_catalog.pg_roles", "pg_catalog.pg_user", "pg_catalog.pg_shadow": return roleRows(relation)
        case "pg_catalog.pg_settings": return settingRows(relation)
        case "pg_catalog.pg_am": return accessMethodRows(relation)
        case "pg_catalog.pg_opclass": return operatorClassRows(relation)
        case "pg_catalog.pg_tablespace": return tablespaceRows(relation)
        case "pg_catalog.pg_collation": return collationRows(relation)
        case "pg_catalog.pg_language": return languageRows(relation)
        case "pg_catalog.pg_tables": return tableViewRows(relation)
        case "pg_catalog.pg_views": return viewViewRows(relation)
        case "pg_catalog.pg_indexes": return indexViewRows(relation)
        case "pg_catalog.pg_sequences": return try sequenceViewRows(relation)
        case "pg_catalog.pg_stat_user_tables": return tableStatisticsRows(relation)
        case "pg_catalog.pg_stat_activity": return activityRows(relation)
        case "information_schema.schemata": return InformationSchemaRows(data: data).schemata(relation)
        case "information_schema.tables": return InformationSchemaRows(data: data).tables(relation)
        case "information_schema.columns": return InformationSchemaRows(data: data).columns(relation)
        case "information_schema.views": return InformationSchemaRows(data: data).views(relation)
        case "information_schema.sequences": return InformationSchemaRows(data: data).sequences(relation)
        case "information_schema.table_constraints": return InformationSchemaRows(data: data).tableConstraints(relation)
        case "information_schema.check_constraints": return InformationSchemaRows(data: data).checkConstraints(relation)
        case "information_schema.key_column_usage": return InformationSchemaRows(data: data).keyColumnUsage(relation)
        case "information_schema.referential_constraints": return InformationSchemaRows(data: data).referentialConstraints(relation)
        case "information_schema.constraint_column_usage": return InformationSchemaRows(data: data).constraintColumnUsage(relation)
        case "pg_catalog.pg_stat_statements": return try autopilotRows(relation)
        case let name where name.hasPrefix("helios_ai."): return try autopilotRows(relation)
        default: return []
        }
    }

    // MARK: pg_namespace

    private func namespaceRows(_ relation: SystemRelation) -> [[SQLValue]] {
        data.namespaces.map { namespace in
            relation.row(["oid": .oid(namespace.oid.rawValue), "nspname": .text(namespace.name), "nspowner": .oid(namespace.owner.rawValue)])
        }
    }
}

// MARK: value helpers

extension SystemRows {
    static func oid(_ id: ObjectID) -> SQLValue { .oid(id.rawValue) }

    /// An int2vector value (subscripts from 0).
    static func int2Vector(_ numbers: [Int16]) -> SQLValue {
        .array(SQLArray(elementType: .smallint, elements: numbers.map { .int16($0) }, lowerBound: 0))
    }

    /// An oidvector value (subscripts from 0).
    static func oidVector(_ oids: [UInt32]) -> SQLValue {
        .array(SQLArray(elementType: .oid, elements: oids.map { .oid($0) }, lowerBound: 0))
    }

    static func int2Array(_ numbers: [Int16]) -> SQLValue {
        .array(SQLArray(elementType: .smallint, elements: numbers.map { .int16($0) }))
    }

    /// A text[] value, NULL for nil.
    static func textArray(_ strings: [String]?) -> SQLValue {
        guard let strings else { return .null }
        return .array(SQLArray(elementType: .text, elements: strings.map { .text($0) }))
    }

    /// Storage options as reloptions prints them ("fillfactor=90"), NULL for none.
    static func options(_ options: [String: String]) -> SQLValue {
        options.isEmpty ? .null : textArray(options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
    }

    static func text(_ string: String?) -> SQLValue { string.map { .text($0) } ?? .null }

    /// pg_attrdef.oid: HeliosDB gives defaults no oid of their own, so they get one made from the
    /// table's oid and the column's number, in a range (2^31 and up) allocation never reaches for
    /// realistic catalogs. Nothing resolves it; it only keeps rows distinct, as clients expect.
    static func defaultOID(table: ObjectID, column: Int16) -> UInt32 {
        0x8000_0000 | (table.rawValue & 0x7F_FFFF) << 8 | UInt32(UInt16(bitPattern: column) & 0xFF)
    }
}
