// ANALYZE [table [(columns)], ...]: collects statistics for the named tables (every table
// when none is named) from the rows the statement's snapshot sees, stores them, and makes the
// optimizer use them from the next plan on. Allowed inside a transaction block, as in
// PostgreSQL; the statistics are not rolled back with it.

import HeliosCore
import HeliosSQL
import HeliosStorage

extension Session {
    func analyze(_ targets: [MaintenanceTarget], statement: StatementContext) throws(DatabaseError) {
        var work: [(RelationDescriptor, [ColumnDescriptor])] = []
        if targets.isEmpty {
            let relations = try database.catalog.allRelations(access: .read(statement.reader), snapshot: statement.snapshot)
            for relation in relations where relation.kind == .table && relation.tree != nil {
                work.append((relation, []))
            }
        } else {
            for target in targets {
                let relation = try statement.catalogReader.requireRelation(target.table)
                var columns: [ColumnDescriptor] = []
                for name in target.columns {
                    guard let column = relation.column(named: name) else {
                        throw DatabaseError(.undefinedColumn, "column \"\(name)\" of relation \"\(relation.name)\" does not exist")
                    }
                    columns.append(column)
                }
                // Views and sequences have nothing to analyze (PostgreSQL skips them with a warning).
                if relation.kind == .table, relation.tree != nil { work.append((relation, columns)) }
            }
        }
        guard !work.isEmpty else { return }
        let environment = EvaluationEnvironment(context: evaluationContext(statement.transaction), parameters: [])
        let context = ExecutionContext(access: .read(statement.reader), snapshot: statement.snapshot, environment: environment,
                                       catalog: database.catalog)
        context.interruption = interruptionCheck()
        let target = Int((try? settings.show("default_statistics_target").value).flatMap { Int($0) } ?? 100)
        let collector = StatisticsCollector(target: min(max(target, 1), 10_000))
        var collected: [TableStatistics] = []
        for (relation, columns) in work {
            var statistics = try collector.analyze(relation, columns: columns, context: context, now: Self.now())
            // ANALYZE t (a): the other columns keep what an earlier ANALYZE found.
            if !columns.isEmpty, let earlier = database.statistics.statistics(of: relation.oid) {
                statistics.columns.merge(earlier.columns) { new, _ in new }
            }
            collected.append(statistics)
        }
        let txn = try statement.writeTransaction()
        for statistics in collected { try database.statistics.write(statistics, in: txn) }
        try statement.finish()
        database.statistics.publish(collected)
    }
}

extension Session {
    /// What the optimizer plans a statement with: the live sizes its storage snapshot sees, the
    /// statistics ANALYZE collected, and the session's planner settings.
    func planStatistics(_ statement: StatementContext, hypotheticalIndexes: [ObjectID: [IndexDescriptor]] = [:]) -> PlanStatistics {
        PlanStatistics(reader: statement.reader, catalog: database.statistics, costs: plannerCosts.costs,
                       hypotheticalIndexes: hypotheticalIndexes)
    }

    /// The cost model and work_mem the settings give, read again only after a SET.
    var plannerCosts: (costs: CostModel, workMemory: Int) {
        if let cached = plannerSettings, cached.generation == settings.generation { return (cached.costs, cached.workMemory) }
        let settings = self.settings
        let costs = CostModel(settings: { try? settings.show($0).value })
        let memory = (try? settings.show("work_mem").value).flatMap(Self.memoryBytes) ?? 4 << 20
        plannerSettings = (settings.generation, costs, memory)
        return (costs, memory)
    }
}
