// pg_catalog's views: pg_tables, pg_views, pg_indexes, pg_sequences, pg_stat_user_tables and
// pg_stat_activity, from the same facts as the tables they summarize.

import HeliosCore
import HeliosValues

extension SystemRows {
    func tableViewRows(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows: [[SQLValue]] = SystemRelation.all.filter { $0.kind == "r" }.map { system in
            relation.row([
                "schemaname": .text(system.schema), "tablename": .text(system.name), "tableowner": Self.text(data.roleName(.bootstrapSuperuser)),
                "hasindexes": .bool(false), "hasrules": .bool(false), "hastriggers": .bool(false), "rowsecurity": .bool(false),
            ])
        }
        for table in data.relations where table.kind == .table {
            let hasForeignKeys = table.constraints.contains { if case .foreignKey = $0.kind { true } else { false } }
            rows.append(relation.row([
                "schemaname": .text(data.namespaceName(table.namespace)), "tablename": .text(table.name),
                "tableowner": Self.text(data.roleName(table.owner)), "hasindexes": .bool(!table.indexes.isEmpty),
                "hasrules": .bool(false), "hastriggers": .bool(hasForeignKeys || !table.referencedBy.isEmpty),
                "rowsecurity": .bool(false),
            ]))
        }
        return rows
    }

    func viewViewRows(_ relation: SystemRelation) -> [[SQLValue]] {
        data.relations.filter { $0.kind == .view }.map { view in
            relation.row([
                "schemaname": .text(data.namespaceName(view.namespace)), "viewname": .text(view.name),
                "viewowner": Self.text(data.roleName(view.owner)), "definition": Self.text(view.viewDefinition),
            ])
        }
    }

    func indexViewRows(_ relation: SystemRelation) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        for table in data.relations {
            for index in table.indexes {
                rows.append(relation.row([
                    "schemaname": .text(data.namespaceName(table.namespace)), "tablename": .text(table.name),
                    "indexname": .text(index.name),
                    "indexdef": Self.text(CatalogDeparser.indexDefinition(index, of: table, data: data)),
                ]))
            }
        }
        return rows
    }

    func sequenceViewRows(_ relation: SystemRelation) throws(DatabaseError) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        let reader = services.statement.reader
        for sequence in data.relations {
            guard let options = sequence.sequence else { continue }
            let last = try session.database.sequences.lastValue(sequence.oid, reader: reader)
            rows.append(relation.row([
                "schemaname": .text(data.namespaceName(sequence.namespace)), "sequencename": .text(sequence.name),
                "sequenceowner": Self.text(data.roleName(sequence.owner)), "data_type": .oid(options.type.oid),
                "start_value": .int64(options.start), "min_value": .int64(options.minimum), "max_value": .int64(options.maximum),
                "increment_by": .int64(options.increment), "cycle": .bool(options.cycle), "cache_size": .int64(options.cache),
                "last_value": last.map { .int64($0) } ?? .null,
            ]))
        }
        return rows
    }

    /// pg_stat_user_tables: HeliosDB keeps no such statistics yet, so the counters are 0.
    func tableStatisticsRows(_ relation: SystemRelation) -> [[SQLValue]] {
        data.relations.filter { $0.kind == .table }.map { table in
            var values: [String: SQLValue] = [
                "relid": Self.oid(table.oid), "schemaname": .text(data.namespaceName(table.namespace)), "relname": .text(table.name),
            ]
            for counter in ["seq_scan", "seq_tup_read", "n_tup_ins", "n_tup_upd", "n_tup_del", "n_tup_hot_upd", "n_live_tup",
                            "n_dead_tup", "n_mod_since_analyze", "n_ins_since_vacuum", "vacuum_count", "autovacuum_count",
                            "analyze_count", "autoanalyze_count"] {
                values[counter] = .int64(0)
            }
            if !table.indexes.isEmpty {
                values["idx_scan"] = .int64(0)
                values["idx_tup_fetch"] = .int64(0)
            }
            return relation.row(values)
        }
    }

    /// pg_stat_activity: the session asking (HeliosDB's engine does not list other sessions).
    func activityRows(_ relation: SystemRelation) -> [[SQLValue]] {
        let start = session.transaction.map { SQLValue.timestampWithTimeZone($0.startTimestamp) } ?? .null
        return [relation.row([
            "datid": Self.oid(session.database.oid), "datname": .text(data.database), "pid": .int32(session.processID),
            "usesysid": Self.oid(data.role(named: data.user)?.oid ?? .bootstrapSuperuser), "usename": .text(data.user),
            "application_name": .text(session.settings.value("application_name") ?? ""),
            "backend_start": .timestampWithTimeZone(session.database.startTimestamp), "xact_start": start, "query_start": start,
            "state_change": start, "state": .text("active"), "backend_type": .text("client backend"),
        ])]
    }
}
