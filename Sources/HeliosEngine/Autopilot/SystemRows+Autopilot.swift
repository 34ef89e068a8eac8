// The rows of the autopilot's relations (AutopilotRelations.swift): the captured workload of
// every database, the indexes of this one with their sizes and use, and the autopilot's
// recommendations and decisions. Times in milliseconds, as pg_stat_statements reports them.

import HeliosCore
import HeliosValues

extension SystemRows {
    func autopilotRows(_ relation: SystemRelation) throws(DatabaseError) -> [[SQLValue]] {
        session.flushWorkload()  // the asking session's own statements count too
        switch relation.name {
        case "templates": return try templateRows(relation)
        case "template_stats": return templateStatisticsRows(relation)
        case "template_arrivals": return templateArrivalRows(relation)
        case "pg_stat_statements": return statementStatisticsRows(relation)
        case "indexes": return try indexUsageRows(relation)
        case "recommendations": return recommendationRows(relation)
        case "decisions": return decisionRows(relation)
        case "estimate_corrections": return correctionRows(relation)
        case "forecasts": return forecastRows(relation)
        default: return []
        }
    }

    private var entries: [WorkloadRepository.Entry] {
        session.database.workload.entries.sorted { ($0.key.database, $0.key.template, $0.key.user) < ($1.key.database, $1.key.template, $1.key.user) }
    }

    private func databaseName(_ oid: ObjectID) -> SQLValue {
        if oid == session.database.root.oid { return .text(session.database.root.name) }
        return data.createdDatabases.first { $0.oid == oid }.map { .text($0.name) } ?? .null
    }

    private static func milliseconds(_ micros: Double) -> SQLValue { .float64(micros / 1000) }

    private static func textArray(_ items: [String]) -> SQLValue {
        .array(SQLArray(elementType: .text, elements: items.map { .text($0) }))
    }

    private func kind(of entry: WorkloadRepository.Entry) -> String {
        guard let statement = entry.sample?.statement else { return "other" }
        switch statement {
        case .select: return "select"
        case .insert: return "insert"
        case .update: return "update"
        case .delete: return "delete"
        default: return "utility"
        }
    }

    private func templateRows(_ relation: SystemRelation) throws(DatabaseError) -> [[SQLValue]] {
        // The columns each template reads, from its plan in this database (on a session of its
        // own: planning must not touch the asking statement's transaction).
        let planning = session.database.autopilotSession()
        defer { planning.close() }
        let planner = try WhatIfPlanner(session: planning)
        defer { planner.finish() }
        return entries.map { entry in
            var values: [String: SQLValue] = [
                "template_id": .int64(entry.key.template), "database": databaseName(entry.key.database), "username": .text(entry.key.user),
                "query": .text(entry.text), "kind": .text(kind(of: entry)),
                "first_call": .timestampWithTimeZone(entry.statistics.firstCall),
                "last_call": .timestampWithTimeZone(entry.statistics.lastCall),
            ]
            if entry.key.database == session.database.oid, let query = IndexAdvisor.query(of: entry.sample),
               let planned = try? planner.plan(query, parameters: entry.sample?.parameters ?? [],
                                               parameterTypes: entry.sample?.parameterTypes ?? [], indexes: []) {
                let features = TemplateFeatures.of(planned.plan)
                values["tables"] = Self.textArray(features.relations.values.map(\.name).sorted())
                var predicates: [String] = []
                for scan in features.scans {
                    for number in scan.equalities { predicates.append(features.name(TableColumn(relation: scan.relation.oid, number: number)) + " =") }
                    for number in scan.ranges { predicates.append(features.name(TableColumn(relation: scan.relation.oid, number: number)) + " range") }
                }
                values["predicates"] = Self.textArray(predicates)
                values["join_keys"] = Self.textArray(features.joinKeys.map { features.name($0.0) + " = " + features.name($0.1) })
                values["group_by"] = Self.textArray(features.groupBy.map(features.name))
                values["order_by"] = Self.textArray(features.orderBy.map(features.name))
            }
            return relation.row(values)
        }
    }

    private func templateStatisticsRows(_ relation: SystemRelation) -> [[SQLValue]] {
        let now = Session.now()
        return entries.map { entry in
            let statistics = entry.statistics
            return relation.row([
                "template_id": .int64(entry.key.template), "database": databaseName(entry.key.database), "username": .text(entry.key.user),
                "calls": .int64(Int64(statistics.calls)), "rows": .int64(Int64(statistics.rows)),
                "total_time": Self.milliseconds(statistics.totalMicros), "mean_time": Self.milliseconds(statistics.meanMicros),
                "min_time": Self.milliseconds(statistics.calls > 0 ? statistics.minMicros : 0),
                "max_time": Self.milliseconds(statistics.maxMicros),
                "stddev_time": Self.milliseconds(statistics.standardDeviationMicros),
                "p50_time": Self.milliseconds(statistics.histogram.percentile(0.5)),
                "p99_time": Self.milliseconds(statistics.histogram.percentile(0.99)),
                "plans": .int64(Int64(statistics.plans)), "total_plan_time": Self.milliseconds(statistics.planningMicros),
                "mean_plan_time": Self.milliseconds(statistics.plans > 0 ? statistics.planningMicros / Double(statistics.plans) : 0),
                "total_exec_time": Self.milliseconds(max(0, statistics.totalMicros - statistics.planningMicros)),
                "calls_last_minute": .int64(Int64(entry.series.totals(from: now - 60_000_000, to: now + 1).calls)),
            ])
        }
    }

    private func templateArrivalRows(_ relation: SystemRelation) -> [[SQLValue]] {
        entries.flatMap { entry in
            entry.series.intervals.map { interval in
                relation.row([
                    "template_id": .int64(entry.key.template), "database": databaseName(entry.key.database),
                    "username": .text(entry.key.user),
                    "interval_start": .timestampWithTimeZone(interval.number * IntervalSeries.intervalMicros),
                    "interval_seconds": .int32(Int32(IntervalSeries.intervalMicros / 1_000_000)),
                    "calls": .int64(Int64(interval.calls)),
                    "mean_time": Self.milliseconds(interval.calls > 0 ? interval.totalMicros / Double(interval.calls) : 0),
                ])
            }
        }
    }

    /// pg_stat_statements: execution time excludes planning there, as in PostgreSQL.
    private func statementStatisticsRows(_ relation: SystemRelation) -> [[SQLValue]] {
        entries.map { entry in
            let statistics = entry.statistics
            let meanPlanning = statistics.plans > 0 ? statistics.planningMicros / Double(statistics.plans) : 0
            let execution = max(0, statistics.totalMicros - statistics.planningMicros)
            var values: [String: SQLValue] = [
                "userid": Self.oid(data.role(named: entry.key.user)?.oid ?? .invalid), "dbid": Self.oid(entry.key.database),
                "toplevel": .bool(true), "queryid": .int64(entry.key.template), "query": .text(entry.text),
                "plans": .int64(Int64(statistics.plans)), "total_plan_time": Self.milliseconds(statistics.planningMicros),
                "min_plan_time": Self.milliseconds(meanPlanning), "max_plan_time": Self.milliseconds(meanPlanning),
                "mean_plan_time": Self.milliseconds(meanPlanning), "stddev_plan_time": .float64(0),
                "calls": .int64(Int64(statistics.calls)), "total_exec_time": Self.milliseconds(execution),
                "min_exec_time": Self.milliseconds(statistics.calls > 0 ? statistics.minMicros : 0),
                "max_exec_time": Self.milliseconds(statistics.maxMicros),
                "mean_exec_time": Self.milliseconds(statistics.calls > 0 ? execution / Double(statistics.calls) : 0),
                "stddev_exec_time": Self.milliseconds(statistics.standardDeviationMicros), "rows": .int64(Int64(statistics.rows)),
                "blk_read_time": .float64(0), "blk_write_time": .float64(0), "temp_blk_read_time": .float64(0),
                "temp_blk_write_time": .float64(0), "wal_bytes": .numeric(.zero),
            ]
            for counter in ["shared_blks_hit", "shared_blks_read", "shared_blks_dirtied", "shared_blks_written", "local_blks_hit",
                            "local_blks_read", "local_blks_dirtied", "local_blks_written", "temp_blks_read", "temp_blks_written",
                            "wal_records", "wal_fpi"] {
                values[counter] = .int64(0)
            }
            return relation.row(values)
        }
    }

    private func indexUsageRows(_ relation: SystemRelation) throws(DatabaseError) -> [[SQLValue]] {
        let reader = services.statement.reader
        let pageSize = Int64(session.database.store.dataFile.pageSize)
        let decisions = session.database.root.autopilotLog.decisions
        var rows: [[SQLValue]] = []
        for table in data.relations where table.kind == .table && table.namespace != .pgCatalogNamespace {
            for index in table.indexes {
                let usage = session.database.workload.indexUsage(index.oid)
                let decision = decisions.last { $0.database == session.database.oid && $0.action == .createIndex && $0.indexName == index.name
                    && $0.table == table.name && $0.status != .failed }
                rows.append(relation.row([
                    "schemaname": .text(data.namespaceName(table.namespace)), "tablename": .text(table.name), "indexname": .text(index.name),
                    "indexrelid": Self.oid(index.oid),
                    "columns": .text(index.keys.map { table.column(number: $0.column)?.name ?? "?" }.joined(separator: ", ")),
                    "is_unique": .bool(index.isUnique), "is_primary": .bool(index.isPrimary),
                    "size_bytes": .int64(Int64(try reader.pageCount(of: index.tree)) * pageSize),
                    "scans": .int64(Int64(usage.scans)), "last_scan": usage.lastScan.map { .timestampWithTimeZone($0) } ?? .null,
                    "created_by": .text(index.origin == .autopilot ? "autopilot" : "user"),
                    "decision_id": index.origin == .autopilot ? (decision.map { .int64($0.id) } ?? .null) : .null,
                ]))
            }
        }
        return rows
    }

    /// Each clustered template's expected calls in the next minute, hour and day.
    private func forecastRows(_ relation: SystemRelation) -> [[SQLValue]] {
        let texts = Dictionary(entries.map { ($0.key.template, $0.text) }, uniquingKeysWith: { first, _ in first })
        return session.database.root.forecast.table(now: Session.now())
            .sorted { ($0.template, $0.horizon.rawValue) < ($1.template, $1.horizon.rawValue) }
            .map { row in
                relation.row([
                    "template_id": .int64(row.template), "query": texts[row.template].map { .text($0) } ?? .null,
                    "horizon": .text("\(row.horizon)"), "calls": .float64(row.calls),
                ])
            }
    }

    private func correctionRows(_ relation: SystemRelation) -> [[SQLValue]] {
        let tables = Dictionary(data.relations.map { ($0.oid, $0) }, uniquingKeysWith: { first, _ in first })
        return session.database.statistics.learned.all.compactMap { correction in
            guard let table = tables[correction.relation] else { return nil }
            return relation.row([
                "schemaname": .text(data.namespaceName(table.namespace)), "tablename": .text(table.name),
                "filter": .text(correction.shape), "factor": .float64(correction.factor),
                "observations": .int64(Int64(correction.observations)), "epoch": .int64(correction.epoch),
            ])
        }
    }

    private func recommendationRows(_ relation: SystemRelation) -> [[SQLValue]] {
        session.database.root.autopilotLog.recommendations(for: session.database.oid).enumerated().map { number, proposal in
            relation.row([
                "id": .int32(Int32(number + 1)), "action": .text(proposal.action.rawValue), "schemaname": .text(proposal.schema),
                "tablename": .text(proposal.table), "indexname": .text(proposal.indexName),
                "columns": .text(proposal.columns.joined(separator: ", ")), "statement": .text(proposal.statement),
                "estimated_benefit": .float64(proposal.estimatedBenefit), "estimated_improvement": .float64(proposal.estimatedImprovement),
                "estimated_size_bytes": .int64(proposal.estimatedBytes),
                "templates": .array(SQLArray(elementType: .bigint, elements: proposal.templates.map { .int64($0) })),
                "reason": .text(proposal.reason),
            ])
        }
    }

    private func decisionRows(_ relation: SystemRelation) -> [[SQLValue]] {
        session.database.root.autopilotLog.decisions.filter { $0.database == session.database.oid }.sorted { $0.id < $1.id }.map { decision in
            relation.row([
                "id": .int64(decision.id), "decided_at": .timestampWithTimeZone(decision.time), "action": .text(decision.action.rawValue),
                "schemaname": .text(decision.schema), "tablename": .text(decision.table), "indexname": .text(decision.indexName),
                "statement": .text(decision.statement), "reason": .text(decision.reason),
                "estimated_effect": decision.estimatedEffect.map { .float64($0) } ?? .null,
                "measured_effect": decision.measuredEffect.map { .float64($0) } ?? .null,
                "status": .text(decision.status.rawValue), "epoch": .int64(decision.epoch),
                "reverts": decision.reverts.map { .int64($0) } ?? .null,
            ])
        }
    }
}
