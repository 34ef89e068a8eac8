// information_schema as PostgreSQL 15 defines it (the SQL standard's views over pg_catalog), for
// the relations ORMs and JDBC reflect with: schemata, tables, columns, views, sequences,
// table_constraints, check_constraints, key_column_usage, referential_constraints and
// constraint_column_usage. Like PostgreSQL's, table_constraints and check_constraints list each
// NOT NULL column as a CHECK constraint named "<schema oid>_<table oid>_<column>_not_null".
// Every object is shown: HeliosDB's one role owns them all.

import HeliosCore
import HeliosValues

/// The rows of information_schema's views.
struct InformationSchemaRows {
    let data: SystemCatalogData

    private func yesNo(_ flag: Bool) -> SQLValue { .text(flag ? "YES" : "NO") }
    private var catalog: SQLValue { .text(data.database) }

    func schemata(_ relation: SystemRelation) -> [[SQLValue]] {
        data.namespaces.map { namespace in
            relation.row(["catalog_name": catalog, "schema_name": .text(namespace.name),
                          "schema_owner": SystemRows.text(data.roleName(namespace.owner))])
        }
    }

    func tables(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows = SystemRelation.all.map { system in
            relation.row([
                "table_catalog": catalog, "table_schema": .text(system.schema), "table_name": .text(system.name),
                "table_type": .text(system.kind == "r" ? "BASE TABLE" : "VIEW"), "is_insertable_into": yesNo(system.kind == "r"),
                "is_typed": .text("NO"),
            ])
        }
        for table in data.relations where table.kind != .sequence {
            let type = table.kind == .view ? "VIEW" : table.isTemporary ? "LOCAL TEMPORARY" : "BASE TABLE"
            rows.append(relation.row([
                "table_catalog": catalog, "table_schema": .text(data.namespaceName(table.namespace)), "table_name": .text(table.name),
                "table_type": .text(type), "is_insertable_into": yesNo(table.kind == .table), "is_typed": .text("NO"),
                "commit_action": table.isTemporary ? .text("PRESERVE") : .null,
            ]))
        }
        return rows
    }

    func columns(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for system in SystemRelation.all {
            for (position, column) in system.columns.enumerated() {
                let descriptor = ColumnDescriptor(name: column.name, type: column.type, number: Int16(position + 1))
                rows.append(columnRow(relation, descriptor, schema: system.schema, table: system.name, isView: system.kind == "v",
                                      sequences: nil))
            }
        }
        for table in data.relations where table.kind != .sequence {
            for column in table.columns where !column.isDropped {
                rows.append(columnRow(relation, column, schema: data.namespaceName(table.namespace), table: table.name,
                                      isView: table.kind == .view, sequences: identitySequence(of: column, in: table)))
            }
        }
        return rows
    }

    private func columnRow(_ relation: SystemRelation, _ column: ColumnDescriptor, schema: String, table: String, isView: Bool,
                           sequences: SequenceOptions?) -> [SQLValue] {
        let type = column.type
        var values: [String: SQLValue] = [
            "table_catalog": catalog, "table_schema": .text(schema), "table_name": .text(table), "column_name": .text(column.name),
            "ordinal_position": .int32(Int32(column.number)),
            "column_default": column.generatedExpression == nil ? SystemRows.text(SystemRows.storedDefault(of: column)) : .null,
            "is_nullable": yesNo(!column.notNull || isView),
            "data_type": .text(type.isArray ? "ARRAY" : type.withoutModifier.formatted),
            "udt_catalog": catalog, "udt_schema": .text("pg_catalog"), "udt_name": .text(type.typeName),
            "dtd_identifier": .text(String(column.number)), "is_self_referencing": .text("NO"),
            "is_identity": yesNo(column.identity != nil), "identity_cycle": .text("NO"),
            "is_generated": .text(column.generatedExpression != nil ? "ALWAYS" : "NEVER"),
            "generation_expression": SystemRows.text(column.generatedExpression), "is_updatable": yesNo(!isView),
        ]
        if !type.isArray {
            for (name, value) in Self.typeFacts(type) { values[name] = value }
        }
        if let identity = column.identity {
            values["identity_generation"] = .text(identity == .always ? "ALWAYS" : "BY DEFAULT")
            if let sequences {
                values["identity_start"] = .text(String(sequences.start))
                values["identity_increment"] = .text(String(sequences.increment))
                values["identity_maximum"] = .text(String(sequences.maximum))
                values["identity_minimum"] = .text(String(sequences.minimum))
                values["identity_cycle"] = yesNo(sequences.cycle)
            }
        }
        return relation.row(values)
    }

    /// The sequence behind an identity column, if any.
    private func identitySequence(of column: ColumnDescriptor, in table: RelationDescriptor) -> SequenceOptions? {
        guard column.identity != nil else { return nil }
        return data.relations.lazy.compactMap(\.sequence).first { $0.ownedBy?.table == table.oid && $0.ownedBy?.column == column.number }
    }

    /// Length, precision and scale columns, as information_schema._pg_char_max_length and its
    /// siblings compute them.
    static func typeFacts(_ type: SQLType) -> [String: SQLValue] {
        var facts: [String: SQLValue] = [:]
        switch type.kind {
        case .varchar, .character:
            if let length = TypeModifier.characterLength(of: type.modifier) {
                facts["character_maximum_length"] = .int32(Int32(length))
                facts["character_octet_length"] = .int32(Int32(length) * 4)
            } else {
                facts["character_octet_length"] = .int32(1_073_741_824)
            }
        case .text:
            facts["character_octet_length"] = .int32(1_073_741_824)
        case .smallint, .integer, .bigint:
            facts["numeric_precision"] = .int32(type.kind == .smallint ? 16 : type.kind == .integer ? 32 : 64)
            facts["numeric_precision_radix"] = .int32(2)
            facts["numeric_scale"] = .int32(0)
        case .real, .doublePrecision:
            facts["numeric_precision"] = .int32(type.kind == .real ? 24 : 53)
            facts["numeric_precision_radix"] = .int32(2)
        case .numeric:
            facts["numeric_precision_radix"] = .int32(10)
            if let (precision, scale) = TypeModifier.numericPrecisionAndScale(of: type.modifier) {
                facts["numeric_precision"] = .int32(Int32(precision))
                facts["numeric_scale"] = .int32(Int32(scale))
            }
        case .date:
            facts["datetime_precision"] = .int32(0)
        case .time, .timeWithTimeZone, .timestamp, .timestampWithTimeZone:
            facts["datetime_precision"] = .int32(type.modifier >= 0 ? type.modifier : 6)
        case .interval:
            facts["datetime_precision"] = .int32(TypeModifier.secondsPrecision(of: type.modifier, kind: .interval).map { Int32($0) } ?? 6)
        default:
            break
        }
        return facts
    }

    func views(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows = SystemRelation.all.filter { $0.kind == "v" }.map { system in
            viewRow(relation, schema: system.schema, name: system.name, definition: nil)
        }
        for view in data.relations where view.kind == .view {
            rows.append(viewRow(relation, schema: data.namespaceName(view.namespace), name: view.name, definition: view.viewDefinition))
        }
        return rows
    }

    private func viewRow(_ relation: SystemRelation, schema: String, name: String, definition: String?) -> [SQLValue] {
        relation.row([
            "table_catalog": catalog, "table_schema": .text(schema), "table_name": .text(name),
            "view_definition": SystemRows.text(definition), "check_option": .text("NONE"), "is_updatable": .text("NO"),
            "is_insertable_into": .text("NO"), "is_trigger_updatable": .text("NO"), "is_trigger_deletable": .text("NO"),
            "is_trigger_insertable_into": .text("NO"),
        ])
    }

    /// Sequences, except those behind identity columns (which PostgreSQL leaves out).
    func sequences(_ relation: SystemRelation) -> [[SQLValue]] {
        data.relations.compactMap { sequence -> [SQLValue]? in
            guard let options = sequence.sequence else { return nil }
            if let owner = options.ownedBy, data.relation(owner.table)?.column(number: owner.column)?.identity != nil { return nil }
            var values: [String: SQLValue] = [
                "sequence_catalog": catalog, "sequence_schema": .text(data.namespaceName(sequence.namespace)),
                "sequence_name": .text(sequence.name), "data_type": .text(options.type.formatted),
                "start_value": .text(String(options.start)), "minimum_value": .text(String(options.minimum)),
                "maximum_value": .text(String(options.maximum)), "increment": .text(String(options.increment)),
                "cycle_option": yesNo(options.cycle),
            ]
            for (name, value) in Self.typeFacts(options.type) { values[name] = value }
            return relation.row(values)
        }
    }

    // MARK: constraints

    /// The constraints of user tables, with the NOT NULL columns as PostgreSQL's pseudo-constraints.
    private var tablesWithConstraints: [RelationDescriptor] { data.relations.filter { $0.kind == .table } }

    private func notNullName(_ table: RelationDescriptor, _ column: ColumnDescriptor) -> String {
        "\(table.namespace.rawValue)_\(table.oid.rawValue)_\(column.number)_not_null"
    }

    func tableConstraints(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for table in tablesWithConstraints {
            let schema = SQLValue.text(data.namespaceName(table.namespace))
            func row(_ name: String, _ type: String, nullsDistinct: SQLValue) -> [SQLValue] {
                relation.row([
                    "constraint_catalog": catalog, "constraint_schema": schema, "constraint_name": .text(name),
                    "table_catalog": catalog, "table_schema": schema, "table_name": .text(table.name), "constraint_type": .text(type),
                    "is_deferrable": .text("NO"), "initially_deferred": .text("NO"), "enforced": .text("YES"),
                    "nulls_distinct": nullsDistinct,
                ])
            }
            for constraint in table.constraints {
                switch constraint.kind {
                case .primaryKey: rows.append(row(constraint.name, "PRIMARY KEY", nullsDistinct: .null))
                case .unique(let index):
                    let distinct = table.indexes.first { $0.oid == index }.map { !$0.nullsNotDistinct } ?? true
                    rows.append(row(constraint.name, "UNIQUE", nullsDistinct: yesNo(distinct)))
                case .check: rows.append(row(constraint.name, "CHECK", nullsDistinct: .null))
                case .foreignKey: rows.append(row(constraint.name, "FOREIGN KEY", nullsDistinct: .null))
                }
            }
            for column in table.columns where column.notNull && !column.isDropped {
                rows.append(row(notNullName(table, column), "CHECK", nullsDistinct: .null))
            }
        }
        return rows
    }

    func checkConstraints(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for table in tablesWithConstraints {
            let schema = SQLValue.text(data.namespaceName(table.namespace))
            func row(_ name: String, _ clause: String) -> [SQLValue] {
                relation.row(["constraint_catalog": catalog, "constraint_schema": schema, "constraint_name": .text(name),
                              "check_clause": .text(clause)])
            }
            for constraint in table.constraints {
                if case .check(let expression) = constraint.kind {
                    rows.append(row(constraint.name, "(" + CatalogDeparser.parenthesized(expression) + ")"))
                }
            }
            for column in table.columns where column.notNull && !column.isDropped {
                rows.append(row(notNullName(table, column), "\(CatalogDeparser.quote(column.name)) IS NOT NULL"))
            }
        }
        return rows
    }

    func keyColumnUsage(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for table in tablesWithConstraints {
            let schema = SQLValue.text(data.namespaceName(table.namespace))
            for constraint in table.constraints {
                var referencedPositions: [Int16: Int]?
                switch constraint.kind {
                case .primaryKey, .unique: referencedPositions = nil
                case .check: continue
                case .foreignKey(let key):
                    // position_in_unique_constraint: where each referenced column sits in the
                    // referenced table's unique constraint.
                    let referenced = data.relation(key.referencedTable)
                    let unique = referenced?.constraints.first { candidate in
                        switch candidate.kind {
                        case .primaryKey, .unique: Set(candidate.columns) == Set(key.referencedColumns)
                        default: false
                        }
                    }
                    var positions: [Int16: Int] = [:]
                    for (offset, number) in (unique?.columns ?? key.referencedColumns).enumerated() { positions[number] = offset + 1 }
                    referencedPositions = [:]
                    for (offset, number) in constraint.columns.enumerated() where offset < key.referencedColumns.count {
                        referencedPositions?[number] = positions[key.referencedColumns[offset]]
                    }
                }
                for (offset, number) in constraint.columns.enumerated() {
                    guard let column = table.column(number: number) else { continue }
                    rows.append(relation.row([
                        "constraint_catalog": catalog, "constraint_schema": schema, "constraint_name": .text(constraint.name),
                        "table_catalog": catalog, "table_schema": schema, "table_name": .text(table.name),
                        "column_name": .text(column.name), "ordinal_position": .int32(Int32(offset + 1)),
                        "position_in_unique_constraint": referencedPositions.map { positions in
                            positions[number].map { .int32(Int32($0)) } ?? .null
                        } ?? .null,
                    ]))
                }
            }
        }
        return rows
    }

    func referentialConstraints(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for table in tablesWithConstraints {
            for constraint in table.constraints {
                guard case .foreignKey(let key) = constraint.kind else { continue }
                let referenced = data.relation(key.referencedTable)
                let unique = referenced?.constraints.first { candidate in
                    switch candidate.kind {
                    case .primaryKey, .unique: Set(candidate.columns) == Set(key.referencedColumns)
                    default: false
                    }
                }
                rows.append(relation.row([
                    "constraint_catalog": catalog, "constraint_schema": .text(data.namespaceName(table.namespace)),
                    "constraint_name": .text(constraint.name), "unique_constraint_catalog": unique == nil ? .null : catalog,
                    "unique_constraint_schema": unique == nil ? .null : .text(data.namespaceName(referenced?.namespace ?? table.namespace)),
                    "unique_constraint_name": SystemRows.text(unique?.name), "match_option": .text(key.matchFull ? "FULL" : "NONE"),
                    "update_rule": .text(CatalogDeparser.actionWords(key.onUpdate)),
                    "delete_rule": .text(CatalogDeparser.actionWords(key.onDelete)),
                ]))
            }
        }
        return rows
    }

    /// The columns each constraint uses; for a foreign key, the referenced columns.
    func constraintColumnUsage(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for table in tablesWithConstraints {
            for constraint in table.constraints {
                var owner = table
                var columns = constraint.columns
                if case .foreignKey(let key) = constraint.kind {
                    guard let referenced = data.relation(key.referencedTable) else { continue }
                    owner = referenced
                    columns = key.referencedColumns
                }
                for number in columns {
                    guard let column = owner.column(number: number) else { continue }
                    rows.append(relation.row([
                        "table_catalog": catalog, "table_schema": .text(data.namespaceName(owner.namespace)),
                        "table_name": .text(owner.name), "column_name": .text(column.name), "constraint_catalog": catalog,
                        "constraint_schema": .text(data.namespaceName(table.namespace)), "constraint_name": .text(constraint.name),
                    ]))
                }
            }
        }
        return rows
    }
}
