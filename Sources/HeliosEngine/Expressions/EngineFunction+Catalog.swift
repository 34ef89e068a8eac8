// The engine functions about the server and the catalog: version(), current_schema(s), the
// deparsers clients parse (pg_get_indexdef, pg_get_constraintdef, pg_get_expr, format_type),
// visibility (pg_table_is_visible ...), comments, to_reg*, sizes and privileges. They read the
// statement's catalog snapshot (SystemCatalogData), so they agree with pg_class and friends.
//
// Sizes (pg_relation_size and its kin) are the pages of the trees holding the relation.
// Privilege checks are true: HeliosDB's one role owns everything.

import HeliosCore
import HeliosStorage
import HeliosValues

extension EngineFunction {
    /// The server's version() text: PostgreSQL 15, which clients check, then HeliosDB's own.
    static let versionText = "PostgreSQL 15.0 (HeliosDB 0.1) on x86_64-pc-linux-gnu, 64-bit"

    func evaluateCatalogFunction(_ arguments: [SQLValue], _ services: EngineServices) throws(DatabaseError) -> SQLValue {
        let session = services.session
        func data() throws(DatabaseError) -> SystemCatalogData {
            try services.statement.catalogReader.systemCatalog(user: session.user)
        }
        func oidArgument(_ index: Int) -> ObjectID { ObjectID(UInt32(truncatingIfNeeded: arguments[index].integerValue ?? 0)) }
        func text(_ index: Int) -> String { arguments[index].stringValue ?? "" }
        switch self {
        case .version:
            return .text(Self.versionText)
        case .currentSchema:
            let catalog = try data()
            return catalog.searchPath.first.map { .text(catalog.namespaceName($0)) } ?? .null
        case .currentSchemas:
            let catalog = try data()
            let path = arguments[0] == .bool(true) ? catalog.lookupOrder : catalog.searchPath
            let schemas = path.map { SQLValue.text(catalog.namespaceName($0)) }
            return .array(SQLArray(elementType: .name, elements: schemas))
        case .currentDatabase:
            return .text(session.database.name)
        case .isInRecovery, .jitAvailable:
            return .bool(false)
        case .postmasterStartTime, .configurationLoadTime:
            return .timestampWithTimeZone(session.database.startTimestamp)
        case .encodingToName:
            switch arguments[0].integerValue {
            case 0: return .text("SQL_ASCII")
            case 6: return .text("UTF8")
            default: return .text("")
            }
        case .formatType:
            return Self.formatType(arguments[0], modifier: arguments[1])
        case .getExpression:
            // HeliosDB stores expressions as SQL text, which is what pg_get_expr prints.
            return arguments[0]
        case .getIndexDefinition:
            let catalog = try data()
            guard let (table, index) = catalog.index(oidArgument(0)) else { return .null }
            let column = arguments.count > 1 ? Int(arguments[1].integerValue ?? 0) : 0
            let pretty = arguments.count > 2 && arguments[2] == .bool(true)
            return CatalogDeparser.indexDefinition(index, of: table, column: column, pretty: pretty, data: catalog).map { .text($0) } ?? .null
        case .getConstraintDefinition:
            let catalog = try data()
            guard let (table, constraint) = catalog.constraint(oidArgument(0)) else { return .null }
            let pretty = arguments.count > 1 && arguments[1] == .bool(true)
            return .text(CatalogDeparser.constraintDefinition(constraint, of: table, pretty: pretty, data: catalog))
        case .getViewDefinition:
            let catalog = try data()
            let oid: ObjectID?
            if case .text(let name) = arguments[0] {
                oid = try CatalogObjectNames.parseQualifiedName(name).flatMap { catalog.relationOID(schema: $0.schema, name: $0.name) }
            } else {
                oid = oidArgument(0)
            }
            guard let oid, let view = catalog.relation(oid), view.kind == .view else { return .null }
            return SystemRows.text(view.viewDefinition)
        case .getUserByID:
            let oid = oidArgument(0)
            return .text(try data().roleName(oid) ?? "unknown (OID=\(oid.rawValue))")
        case .getSerialSequence:
            return try serialSequence(table: text(0), column: text(1), data: data())
        case .getFunctionResult:
            guard let procedure = BuiltInProcedures.procedure(oidArgument(0).rawValue) else { return .null }
            let result = SQLType(oid: procedure.resultType).map(\.nameWithoutModifier) ?? BuiltInTypes.name(of: procedure.resultType) ?? "???"
            return .text(procedure.returnsSet ? "SETOF " + result : result)
        case .getFunctionArguments:
            guard let procedure = BuiltInProcedures.procedure(oidArgument(0).rawValue) else { return .null }
            let names = procedure.argumentTypes.map { SQLType(oid: $0).map(\.nameWithoutModifier) ?? BuiltInTypes.name(of: $0) ?? "???" }
            return .text(names.joined(separator: ", "))
        case .getTriggerDefinition, .getRuleDefinition, .getStatisticsColumns:
            // HeliosDB has no triggers, rules or extended statistics.
            return .null
        case .tableIsVisible:
            return try data().isRelationVisible(oidArgument(0)).map { .bool($0) } ?? .null
        case .typeIsVisible:
            return BuiltInTypes.contains(oidArgument(0).rawValue) ? .bool(true) : .null
        case .functionIsVisible:
            return BuiltInProcedures.procedure(oidArgument(0).rawValue) != nil ? .bool(true) : .null
        case .collationIsVisible:
            return [100, 950, 951].contains(oidArgument(0).rawValue) ? .bool(true) : .null
        case .operatorClassIsVisible:
            return OperatorClasses.all.contains { $0.oid == oidArgument(0).rawValue } ? .bool(true) : .null
        case .operatorIsVisible, .conversionIsVisible:
            // pg_operator and pg_conversion have no rows in HeliosDB.
            return .null
        case .tablespaceLocation:
            // The built-in tablespaces live in the data directory: PostgreSQL prints them as "".
            return [1663, 1664].contains(oidArgument(0).rawValue) ? .text("") : .null
        case .relationIsPublishable:
            return .bool(try data().relation(oidArgument(0))?.kind == .table)
        case .objectDescription:
            if arguments.count == 2 && text(1) != "pg_class" { return .null }
            return try data().relation(oidArgument(0))?.comment.map { .text($0) } ?? .null
        case .columnDescription:
            let number = Int16(truncatingIfNeeded: arguments[1].integerValue ?? 0)
            return try data().relation(oidArgument(0))?.columnComments[number].map { .text($0) } ?? .null
        case .sharedObjectDescription:
            // HeliosDB keeps no comments on databases, roles or tablespaces.
            return .null
        case .toRegclass, .toRegtype, .toRegnamespace, .toRegrole:
            let kind: SQLType.Kind = switch self {
            case .toRegclass: .regclass
            case .toRegtype: .regtype
            case .toRegnamespace: .regnamespace
            default: .regrole
            }
            if kind == .regtype { return (try? RegisteredType.parse(text(0))).map { .oid($0) } ?? .null }
            return (try? CatalogObjectNames(data: try data()).oid(named: text(0), kind: kind)).map { .oid($0) } ?? .null
        case .relationSize, .totalRelationSize, .tableSize, .indexesSize:
            return try relationSize(oidArgument(0), fork: arguments.count > 1 ? text(1) : "main", data(), services)
        case .databaseSize:
            let catalog = try data()
            let wanted: ObjectID?
            if case .oid = arguments[0] { wanted = oidArgument(0) } else {
                let name = text(0)
                wanted = name == session.database.root.name ? session.database.root.oid : catalog.createdDatabases.first { $0.name == name }?.oid
            }
            let opened = session.database.openDatabases.first { $0.oid == wanted }
            let otherName = catalog.createdDatabases.first { $0.oid == wanted }?.name
            var found = opened
            if found == nil, let otherName { found = try session.database.database(named: otherName) }
            guard wanted != nil, let database = found else {
                throw DatabaseError(.invalidCatalogName, "database \"\(text(0))\" does not exist")
            }
            // Its tables and their indexes, as the latest commit knows them.
            let reader = try database.store.beginRead(latestCommitted: true)
            let tables = try CatalogReader(catalog: database.catalog, access: .read(reader), snapshot: database.manager.snapshot(),
                                           searchPath: [], database: database.name).allTables()
            let pageSize = Int64(database.store.dataFile.pageSize)
            var pages: UInt64 = 0
            for table in tables {
                if let tree = table.tree { pages += try reader.pageCount(of: tree) }
                for index in table.indexes { pages += try reader.pageCount(of: index.tree) }
            }
            return .int64(Int64(pages) * pageSize)
        case .hasTablePrivilege, .hasSchemaPrivilege, .hasDatabasePrivilege, .hasColumnPrivilege, .hasAnyColumnPrivilege,
             .hasSequencePrivilege, .hasFunctionPrivilege:
            return .bool(true)
        default:
            throw DatabaseError.internalError("\(rawValue) is not a catalog function")
        }
    }

    /// pg_relation_size and its kin: the pages of a table's or index's tree (an index's or the
    /// table's alone, the indexes', or all together for pg_total_relation_size). HeliosDB
    /// keeps no TOAST, free-space or visibility forks: those are empty. A primary key index is
    /// the table's tree, so pg_relation_size of it is the table's size and pg_indexes_size
    /// leaves it out.
    func relationSize(_ oid: ObjectID, fork: String, _ catalog: SystemCatalogData,
                      _ services: EngineServices) throws(DatabaseError) -> SQLValue {
        let reader = services.statement.reader
        let pageSize = Int64(services.session.database.store.dataFile.pageSize)
        func bytes(_ tree: TreeID?) throws(DatabaseError) -> Int64 {
            guard let tree else { return 0 }
            return Int64(try reader.pageCount(of: tree)) * pageSize
        }
        if let (_, index) = catalog.index(oid) {
            return .int64(self == .indexesSize || fork != "main" ? 0 : try bytes(index.tree))
        }
        guard let relation = catalog.relation(oid) else { return .null }
        // A primary key is the table's own tree (rows are stored in key order): its bytes are
        // the table's, counted once.
        var indexes: Int64 = 0
        for index in relation.indexes where index.tree != relation.tree { indexes += try bytes(index.tree) }
        switch self {
        case .indexesSize: return .int64(indexes)
        case .totalRelationSize: return .int64(try bytes(relation.tree) + indexes)
        case .relationSize where fork != "main": return .int64(0)
        default: return .int64(try bytes(relation.tree))
        }
    }

    /// format_type(type, typmod): with a NULL typmod, the type's name as format_type_be prints it.
    static func formatType(_ oid: SQLValue, modifier: SQLValue) -> SQLValue {
        guard let raw = oid.integerValue else { return .null }
        let typeOID = UInt32(truncatingIfNeeded: raw)
        guard let type = SQLType(oid: typeOID) else {
            return typeOID == 0 ? .text("-") : .text(BuiltInTypes.name(of: typeOID) ?? "???")
        }
        guard let typmod = modifier.integerValue else { return .text(type.nameWithoutModifier) }
        var modified = type
        modified.modifier = Int32(truncatingIfNeeded: typmod)
        return .text(modified.formatted)
    }

    /// pg_get_serial_sequence(table, column): the sequence a serial or identity column owns.
    private func serialSequence(table: String, column: String, data: SystemCatalogData) throws(DatabaseError) -> SQLValue {
        guard let name = try CatalogObjectNames.parseQualifiedName(table),
              let oid = data.relationOID(schema: name.schema, name: name.name), let relation = data.relation(oid) else {
            throw DatabaseError(.undefinedTable, "relation \"\(table)\" does not exist")
        }
        let columnName = column.hasPrefix("\"") && column.hasSuffix("\"") && column.count >= 2
            ? String(column.dropFirst().dropLast()) : column.lowercased()
        guard let target = relation.column(named: columnName) else {
            throw DatabaseError(.undefinedColumn, "column \"\(column)\" of relation \"\(relation.name)\" does not exist")
        }
        guard let sequence = data.relations.first(where: { $0.sequence?.ownedBy?.table == oid && $0.sequence?.ownedBy?.column == target.number })
        else { return .null }
        return .text(CatalogDeparser.quote(data.namespaceName(sequence.namespace)) + "." + CatalogDeparser.quote(sequence.name))
    }
}
