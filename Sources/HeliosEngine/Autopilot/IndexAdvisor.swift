// The index advisor: which indexes the recent workload wants, judged by the optimizer itself.
// Each frequent template (at least helios.autopilot_min_calls calls in the window) is planned
// in what-if mode; its plan names the candidate indexes (TemplateFeatures). Candidates are
// chosen greedily: in each round the one whose hypothetical presence lowers the workload's
// estimated cost the most — each template's cost change weighted by its calls per second,
// minus what keeping the index up to date costs the writing templates — as long as it lowers
// the cost of the templates it touches by at least 10% and fits the storage budget; its build
// cost counts as spread over an hour. A candidate
// an existing or already chosen index covers (same leading columns) is never proposed.
// UPDATE and DELETE templates are costed as the SELECT that finds their rows.

public import HeliosCore
import HeliosSQL
import HeliosValues
import Foundation

/// A proposal of the advisor (helios_ai.recommendations).
package struct Recommendation: Sendable {
    package enum Action: String, Sendable {
        case createIndex = "create index"
        case dropIndex = "drop index"
        case setLayout = "set layout"
        case correctEstimate = "correct estimate"
    }

    package var action: Action
    package var relation: ObjectID
    package var schema: String
    package var table: String
    package var indexName: String
    package var columns: [String]
    package var statement: String
    /// Estimated cost units saved per second (CostModel units), maintenance subtracted.
    package var estimatedBenefit: Double
    /// The fraction of the helped templates' estimated cost it saves.
    package var estimatedImprovement: Double
    package var estimatedBytes: Int64
    package var templates: [Int64]
    package var reason: String
    /// What undoes it, when its action alone does not say (a layout change: the old options).
    package var undoStatement: String? = nil
    /// For a learned correction: what to publish.
    package var estimateChange: LearnedEstimates.Change? = nil
}

package struct IndexAdvisor {
    /// A template as the advisor weighs it.
    struct WeightedTemplate {
        var id: Int64
        var query: Query?
        var parameters: [SQLValue]
        var parameterTypes: [SQLType?]
        /// Calls per second in the window.
        var rate: Double
        /// For INSERT, UPDATE and DELETE: the table written and rows per call.
        var writes: (table: QualifiedName, rows: Double, updatedColumns: [String]?)?
        var baseCost = 0.0
        var features = TemplateFeatures()
        /// Weighed by its forecast alone: not running now, expected to (WorkloadForecast).
        var forecastOnly = false
    }

    let planner: WhatIfPlanner
    /// The planner's statistics without hypothetical indexes, made once per pass (they cache
    /// each tree's size): distinct counts, row counts and cost settings all come from here.
    private let statistics: PlanStatistics?

    init(planner: WhatIfPlanner) {
        self.planner = planner
        statistics = try? planner.statistics([])
    }
    let minimumImprovement = 0.10
    let maximumProposals = 3

    /// Proposals for the workload `entries` over the window ending at `now`.
    /// `forecast`: calls per second each template is expected to make over the next hour.
    func recommend(_ entries: [WorkloadRepository.Entry], now: Int64, windowMicros: Int64, minCalls: Int,
                   budgetBytes: Int64, autopilotBytes: Int64, excluded: Set<String> = [],
                   forecast: [Int64: Double] = [:]) -> [Recommendation] {
        var templates = weigh(entries, now: now, windowMicros: windowMicros, minCalls: minCalls, forecast: forecast)
        guard !templates.isEmpty else { return [] }
        // The plans as things are: costs and candidates.
        var candidates: [IndexCandidate] = []
        for index in templates.indices {
            guard let query = templates[index].query,
                  let planned = try? planner.plan(query, parameters: templates[index].parameters,
                                                  parameterTypes: templates[index].parameterTypes, indexes: []) else {
                templates[index].query = nil
                continue
            }
            templates[index].baseCost = planned.cost
            templates[index].features = TemplateFeatures.of(planned.plan)
            for candidate in templates[index].features.candidates(distinctValues: { column in
                guard let relation = templates[index].features.relations[column.relation],
                      let statistics, let known = statistics.column(column.number, of: relation) else { return 0 }
                return known.distinct < 0 ? -known.distinct * statistics.rows(of: relation) : known.distinct
            }) where !candidates.contains(candidate) {
                candidates.append(candidate)
            }
        }
        var relations: [ObjectID: RelationDescriptor] = [:]
        for template in templates { relations.merge(template.features.relations) { first, _ in first } }
        candidates = candidates.filter { candidate in
            guard let relation = relations[candidate.relation], !Self.optedOut(relation) else { return false }
            let names = candidate.columns.map { relation.column(number: $0)?.name ?? "?" }
            if excluded.contains(Self.exclusionKey(relation.name, names)) { return false }
            return !Self.covered(candidate, by: Self.existingKeys(of: relation))
        }

        var chosen: [(candidate: IndexCandidate, hypothetical: HypotheticalIndex)] = []
        var costs = templates.map(\.baseCost)
        var proposals: [Recommendation] = []
        var spent = autopilotBytes
        while proposals.count < maximumProposals {
            var best: (index: Int, benefit: Double, improvement: Double, costs: [Int: Double], bytes: Int64)?
            for (number, candidate) in candidates.enumerated() {
                guard let relation = relations[candidate.relation],
                      !Self.covered(candidate, by: chosen.filter { $0.candidate.relation == candidate.relation }.map(\.candidate.columns)) else {
                    continue
                }
                let hypothetical = Self.hypothetical(candidate, relation, schema: schemaName(relation))
                let bytes = (try? planner.estimatedBytes(hypothetical)) ?? 0
                guard spent + bytes <= budgetBytes else { continue }
                var newCosts: [Int: Double] = [:]
                var saved = 0.0
                var before = 0.0
                for (position, template) in templates.enumerated() {
                    guard let query = template.query, template.features.relations[candidate.relation] != nil else { continue }
                    guard let planned = try? planner.plan(query, parameters: template.parameters, parameterTypes: template.parameterTypes,
                                                          indexes: chosen.map(\.hypothetical) + [hypothetical]) else { continue }
                    if planned.cost < costs[position] {
                        newCosts[position] = planned.cost
                        saved += template.rate * (costs[position] - planned.cost)
                        before += template.rate * costs[position]
                    }
                }
                guard saved > 0 else { continue }
                // Building is paid once: it counts as spread over an hour of the workload.
                let benefit = saved - maintenanceCost(of: candidate, relation: relation, templates: templates)
                    - buildCost(relation, bytes: bytes) / Self.buildAmortizationSeconds
                let improvement = before > 0 ? saved / before : 0
                guard benefit > 0, improvement >= minimumImprovement else { continue }
                if best == nil || benefit > best!.benefit { best = (number, benefit, improvement, newCosts, bytes) }
            }
            guard let best, let relation = relations[candidates[best.index].relation] else { break }
            let candidate = candidates[best.index]
            chosen.append((candidate, Self.hypothetical(candidate, relation, schema: schemaName(relation))))
            for (position, cost) in best.costs { costs[position] = cost }
            spent += best.bytes
            let names = candidate.columns.map { relation.column(number: $0)?.name ?? "?" }
            let indexName = Self.indexName(relation.name, names)
            let helped = best.costs.keys.sorted().map { templates[$0].id }
            let foreseen = best.costs.keys.filter { templates[$0].forecastOnly }.count
            proposals.append(Recommendation(
                action: .createIndex, relation: relation.oid, schema: schemaName(relation),
                table: relation.name, indexName: indexName, columns: names,
                statement: "CREATE INDEX CONCURRENTLY \(StringFunctions.quoteIdentifier(indexName)) ON \(StringFunctions.quoteIdentifier(schemaName(relation))).\(StringFunctions.quoteIdentifier(relation.name)) (\(names.map(StringFunctions.quoteIdentifier).joined(separator: ", ")))",
                estimatedBenefit: best.benefit, estimatedImprovement: best.improvement, estimatedBytes: best.bytes,
                templates: helped,
                reason: "lowers the estimated cost of \(helped.count) frequent template(s) by \(Int((best.improvement * 100).rounded()))%"
                    + (foreseen > 0 ? "; \(foreseen) of them not running now but forecast to within the hour" : "")))
        }
        return proposals
    }

    private func schemaName(_ relation: RelationDescriptor) -> String {
        (try? planner.catalog.namespaceName(relation.namespace)) ?? "public"
    }

    /// The templates with enough calls in the window, with their rate and what they run.
    private func weigh(_ entries: [WorkloadRepository.Entry], now: Int64, windowMicros: Int64, minCalls: Int,
                       forecast: [Int64: Double]) -> [WeightedTemplate] {
        var result: [WeightedTemplate] = []
        let windowSeconds = Double(windowMicros) / 1e6
        for entry in entries {
            guard let sample = entry.sample else { continue }
            let calls = entry.series.totals(from: now - windowMicros, to: now + 1).calls
            // A template that stopped running is history, not workload: building for it now
            // would bring back an index pruning just dropped — unless the forecast says it
            // comes back within the hour, as often as a frequent template runs.
            let active = calls >= max(minCalls, 1) && entry.statistics.lastCall >= now - Self.activeWithinMicros
            let expected = forecast[entry.key.template] ?? 0
            let foreseen = expected * windowSeconds >= Double(max(minCalls, 1))
            guard active || foreseen else { continue }
            var template = WeightedTemplate(id: entry.key.template, query: Self.query(of: sample), parameters: sample.parameters,
                                            parameterTypes: sample.parameterTypes,
                                            rate: max(active ? Double(calls) / windowSeconds : 0, expected))
            template.forecastOnly = !active
            let rowsPerCall = entry.statistics.calls > 0 ? Double(entry.statistics.rows) / Double(entry.statistics.calls) : 1
            switch sample.statement {
            case .select:
                break
            case .update(let update):
                template.writes = (update.table.name, rowsPerCall, update.assignments.flatMap { assignment -> [String] in
                    switch assignment {
                    case .single(let target, _): return [target.column]
                    case .multiple(let targets, _): return targets.map(\.column)
                    }
                })
            case .delete(let delete):
                template.writes = (delete.table.name, rowsPerCall, nil)
            case .insert(let insert):
                template.writes = (insert.table, rowsPerCall, nil)
            default:
                continue
            }
            result.append(template)
        }
        return result
    }

    /// The query to plan for a sampled statement: a SELECT itself, for UPDATE and DELETE the
    /// SELECT that finds their rows; nil for other statements.
    static func query(of sample: WorkloadRepository.Sample?) -> Query? {
        switch sample?.statement {
        case .select(let query): return query
        case .update(let update): return finding(update.table, from: update.from, where: update.whereClause)
        case .delete(let delete): return finding(delete.table, from: delete.using, where: delete.whereClause)
        default: return nil
        }
    }

    /// `SELECT 1 FROM table [, from...] WHERE condition`: how an UPDATE or DELETE finds its rows.
    private static func finding(_ table: TableName, from: [TableReference], where clause: WhereClause?) -> Query? {
        guard case .condition(let condition)? = clause else { return nil }
        let select = SelectClause(targets: [SelectTarget(Expression(.literal(.integer(1))))], from: [.table(table)] + from,
                                  whereCondition: condition)
        return Query(body: .select(select))
    }

    static let buildAmortizationSeconds = 3600.0
    /// A template counts only if it ran this recently (two capture intervals).
    static let activeWithinMicros: Int64 = 2 * IntervalSeries.intervalMicros

    /// What building an index costs, in the optimizer's units: reading the table, sorting its
    /// entries and writing the index's pages.
    private func buildCost(_ relation: RelationDescriptor, bytes: Int64) -> Double {
        guard let statistics else { return 0 }
        let costs = statistics.costs
        let rows = statistics.rows(of: relation)
        let sort = rows * log2(max(2, rows)) * costs.operatorCost * 2
        return statistics.pages(of: relation) * costs.sequentialPageCost + rows * costs.tupleCost + sort
            + Double(bytes) / 8192 * costs.sequentialPageCost * 2
    }

    /// What writing templates pay per second to keep `candidate` up to date: per row written,
    /// a descent of the index and a leaf page changed.
    private func maintenanceCost(of candidate: IndexCandidate, relation: RelationDescriptor, templates: [WeightedTemplate]) -> Double {
        guard let statistics else { return 0 }
        let costs = statistics.costs
        let rows = statistics.rows(of: relation)
        let perRow: Double = costs.tupleCost + costs.indexTupleCost * log2(max(2, rows)) + costs.sequentialPageCost * 0.5
        let names = Set(candidate.columns.compactMap { relation.column(number: $0)?.name })
        var total = 0.0
        for template in templates {
            guard let writes = template.writes, writes.table.name == relation.name else { continue }
            // An UPDATE that sets none of the indexed columns still adds an entry for the new
            // row version (an index holds every version).
            let factor = writes.updatedColumns.map { $0.contains(where: names.contains) ? 1.0 : 0.5 } ?? 1.0
            total += template.rate * writes.rows * perRow * factor
        }
        return total
    }

    /// How a reverted index is remembered, so that it is not proposed again.
    static func exclusionKey(_ table: String, _ columns: [String]) -> String {
        table + "(" + columns.joined(separator: ",") + ")"
    }

    /// `ALTER TABLE t SET (autopilot = off)`: the autopilot leaves the table's indexes alone.
    static func optedOut(_ relation: RelationDescriptor) -> Bool {
        ["off", "false", "no", "0"].contains(relation.options["autopilot"]?.lowercased() ?? "")
    }

    /// The key columns of the table's primary key and indexes.
    static func existingKeys(of relation: RelationDescriptor) -> [[Int16]] {
        var keys = relation.indexes.filter(\.isValid).map { $0.keys.map(\.column) }
        if !relation.rowKey.isEmpty { keys.append(relation.rowKey) }
        return keys
    }

    /// Whether an index on `keys` serves every lookup `candidate` would: its leading columns
    /// are the candidate's.
    static func covered(_ candidate: IndexCandidate, by keys: [[Int16]]) -> Bool {
        keys.contains { $0.count >= candidate.columns.count && Array($0.prefix(candidate.columns.count)) == candidate.columns }
    }

    static func hypothetical(_ candidate: IndexCandidate, _ relation: RelationDescriptor, schema: String) -> HypotheticalIndex {
        HypotheticalIndex(schema: schema, table: relation.name,
                          columns: candidate.columns.map { relation.column(number: $0)?.name ?? "?" })
    }

    /// `helios_<table>_<columns>_idx`, within PostgreSQL's 63 bytes.
    static func indexName(_ table: String, _ columns: [String]) -> String {
        let name = (["helios", table] + columns + ["idx"]).joined(separator: "_")
        return String(decoding: Array(name.utf8.prefix(63)), as: UTF8.self)
    }
}
