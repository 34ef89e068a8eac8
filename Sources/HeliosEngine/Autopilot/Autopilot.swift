// The autopilot: one pass (`Database.runAutopilotCycle`) looks at each open database's recent
// workload, asks the index advisor what would help, and — in mode `auto` — acts within its
// guardrails:
//   1. validate: an index it built is watched for helios.autopilot_validation_window; if its
//      templates got slower than before (by more than 10%), it is dropped again (reverted);
//   2. prune: an index it built that no plan read for helios.autopilot_prune_after, or that
//      another index makes redundant, is dropped; users' indexes are only recommended for
//      dropping unless helios.autopilot_drop_user_indexes is on;
//   3. create: the advisor's best proposal, at most one per pass and
//      helios.autopilot_max_builds_per_hour per hour, within helios.autopilot_index_budget.
// In mode `recommend` it only fills helios_ai.recommendations; `off` does nothing. Every
// action is a decision in helios_ai.decisions (AutopilotLog) and can be undone with
// helios_ai.revert(id). The pass runs on its own session, off the query path; AutopilotRunner
// runs it periodically in a server.

public import HeliosCore
import HeliosSQL
import HeliosStorage
import HeliosValues
import Foundation

extension Database {
    /// One autopilot pass over every open database; returns the decisions it made.
    @discardableResult
    public func runAutopilotCycle(now: Int64? = nil) throws(DatabaseError) -> [AutopilotDecisionSummary] {
        let mode = systemSettings.value("helios.autopilot")
        guard mode != "off" else { return [] }
        var made: [AutopilotDecision] = []
        let time = now ?? Session.now()
        try root.forecast.update(workload.entries, now: time)
        for database in root.openDatabases {
            made += try database.autopilotPass(now: time, acting: mode == "auto")
        }
        return made.map(AutopilotDecisionSummary.init)
    }

    private func autopilotPass(now: Int64, acting: Bool) throws(DatabaseError) -> [AutopilotDecision] {
        let settings = systemSettings
        let windowMicros = Int64(Session.milliseconds(settings.value("helios.autopilot_window")) ?? 60_000) * 1000
        let session = autopilotSession()
        defer { session.close() }
        var made: [AutopilotDecision] = []
        if acting {
            made += try validateIndexes(session, now: now)
        }
        let entries = workload.entries(of: oid)
        // The planner's snapshot ends before anything is built, whether planning succeeds or not.
        let planner = try WhatIfPlanner(session: session)
        let planned = Result { () throws(DatabaseError) -> [Recommendation] in
            let sizes = try indexSizes(planner)
            let budget = Self.indexBudget(settings.value("helios.autopilot_index_budget"), dataBytes: sizes.dataBytes)
            let advisor = IndexAdvisor(planner: planner)
            // An index reverted in the last day (it made things worse, or a user undid it) is not
            // proposed again: the autopilot must not flap.
            let excluded = Set(revertedWithinADay(.createIndex, now: now).map { IndexAdvisor.exclusionKey($0.table, $0.columns) })
            var proposals = advisor.recommend(entries, now: now, windowMicros: windowMicros,
                                              minCalls: Int(settings.value("helios.autopilot_min_calls")) ?? 20,
                                              budgetBytes: budget, autopilotBytes: sizes.autopilotBytes, excluded: excluded,
                                              forecast: root.forecast.rates(now: now))
            proposals += try pruningProposals(planner, now: now)
            proposals += try LayoutAdvisor(store: store, decisions: root.autopilotLog.decisions,
                                           reverted: Set(revertedWithinADay(.setLayout, now: now).map(\.table)))
                .proposals(planner.catalog, database: oid)
            if settings.value("helios.autopilot_learned_estimates") == "on" {
                proposals += try estimateProposals(planner.catalog, now: now)
            }
            return proposals
        }
        planner.finish()
        var proposals = try planned.get()
        root.autopilotLog.publish(proposals, for: oid)
        guard acting else { return made }

        for proposal in proposals where proposal.action == .dropIndex && proposal.reason.hasPrefix(Self.autopilotIndexMark) {
            made.append(try apply(proposal, session: session, now: now, templates: [], baseline: nil))
        }
        defer {
            // What was done is no longer a recommendation.
            let done = Set(made.filter { $0.status != .failed }.map(\.statement))
            root.autopilotLog.publish(proposals.filter { !done.contains($0.statement) }, for: oid)
        }
        let hourAgo = now - 3_600_000_000
        let recentBuilds = root.autopilotLog.decisions.filter { $0.action == .createIndex && $0.time > hourAgo && $0.reverts == nil }.count
        let allowed = Int(settings.value("helios.autopilot_max_builds_per_hour")) ?? 12
        if recentBuilds < allowed, let best = proposals.first(where: { $0.action == .createIndex }) {
            let baseline = Self.meanLatency(entries.filter { best.templates.contains($0.key.template) },
                                            from: now - windowMicros, to: IntervalSeries.number(of: now) * IntervalSeries.intervalMicros)
            made.append(try apply(best, session: session, now: now, templates: best.templates, baseline: baseline))
        }
        if let layout = proposals.first(where: { $0.action == .setLayout }) {
            made.append(try apply(layout, session: session, now: now, templates: [], baseline: nil))
        }
        for correction in proposals where correction.action == .correctEstimate {
            made.append(try apply(correction, session: session, now: now, templates: [], baseline: nil))
        }
        return made
    }

    /// Runs a proposal's statement on the autopilot's session and logs the decision.
    private func apply(_ proposal: Recommendation, session: Session, now: Int64, templates: [Int64],
                       baseline: Double?) throws(DatabaseError) -> AutopilotDecision {
        let log = root.autopilotLog
        var decision = AutopilotDecision(
            id: log.nextID(), time: now, database: oid, action: Self.decisionAction(proposal.action),
            schema: proposal.schema, table: proposal.table, indexName: proposal.indexName, columns: proposal.columns,
            statement: proposal.statement, reason: proposal.reason,
            estimatedEffect: proposal.action == .createIndex ? proposal.estimatedImprovement : nil, measuredEffect: nil,
            status: .applied, epoch: log.epoch + 1, reverts: nil, templates: templates, baselineMicros: baseline,
            undoStatement: proposal.undoStatement, correctionFactor: proposal.estimateChange?.factor,
            previousFactor: proposal.estimateChange?.previous, relation: proposal.relation)
        do {
            if let change = proposal.estimateChange {
                // Published with this decision's epoch; cached plans are made again.
                try statistics.learned.publish([change], epoch: decision.epoch, store: store)
                statistics.version.add(1, ordering: .relaxed)
            } else {
                try session.execute(proposal.statement)
            }
        } catch {
            decision.status = .failed
            decision.epoch = log.epoch
            decision.reason += "; failed: \(error.message)"
        }
        try log.record(decision, store: store)
        return decision
    }

    // MARK: validation

    /// Indexes the autopilot built whose validation window has passed: kept if their templates
    /// did not get slower, dropped (reverted) if they did.
    private func validateIndexes(_ session: Session, now: Int64) throws(DatabaseError) -> [AutopilotDecision] {
        let window = Int64(Session.milliseconds(systemSettings.value("helios.autopilot_validation_window")) ?? 20_000) * 1000
        let log = root.autopilotLog
        var made: [AutopilotDecision] = []
        for var decision in log.decisions
        where decision.database == oid && decision.action == .createIndex && decision.status == .applied && decision.reverts == nil {
            guard now - decision.time >= window, let baseline = decision.baselineMicros, baseline > 0 else { continue }
            let entries = workload.entries(of: oid).filter { decision.templates.contains($0.key.template) }
            let firstFullInterval = (IntervalSeries.number(of: decision.time) + 1) * IntervalSeries.intervalMicros
            guard let after = Self.meanLatency(entries, from: firstFullInterval, to: now + 1, minimumCalls: 10) else {
                // Its templates stopped running: nothing to compare; pruning will judge the index.
                if now - decision.time >= 10 * window {
                    decision.status = .validated
                    try log.record(decision, store: store)
                }
                continue
            }
            decision.measuredEffect = (baseline - after) / baseline
            if after > baseline * 1.10 {
                decision.status = .reverted
                try log.record(decision, store: store)
                made.append(try undo(decision, session: session, now: now,
                                     reason: "validation: its templates' mean latency went from \(Self.milliseconds(baseline)) to \(Self.milliseconds(after))"))
            } else {
                decision.status = .validated
                try log.record(decision, store: store)
            }
        }
        return made
    }

    /// Undoes `decision` (already marked reverted by the caller): drops the index it created or
    /// recreates the one it dropped, as a new decision.
    package func undo(_ decision: AutopilotDecision, session: Session, now: Int64, reason: String) throws(DatabaseError) -> AutopilotDecision {
        let qualified = StringFunctions.quoteIdentifier(decision.schema) + "." + StringFunctions.quoteIdentifier(decision.indexName)
        let table = StringFunctions.quoteIdentifier(decision.schema) + "." + StringFunctions.quoteIdentifier(decision.table)
        let statement: String
        let action: Recommendation.Action
        switch decision.action {
        case .createIndex:
            (statement, action) = ("DROP INDEX IF EXISTS \(qualified)", .dropIndex)
        case .dropIndex:
            let columns = decision.columns.map(StringFunctions.quoteIdentifier).joined(separator: ", ")
            (statement, action) = ("CREATE INDEX CONCURRENTLY \(StringFunctions.quoteIdentifier(decision.indexName)) ON \(table) (\(columns))",
                                   .createIndex)
        case .setLayout:
            (statement, action) = (decision.undoStatement ?? "ALTER TABLE \(table) RESET (fillfactor)", .setLayout)
        case .correctEstimate:
            (statement, action) = ("-- " + decision.statement.dropFirst(3) + " undone", .correctEstimate)
        }
        var change: LearnedEstimates.Change?
        if decision.action == .correctEstimate, let shape = decision.columns.first {
            let key = LearnedEstimates.Key(relation: decision.relation, shape: shape)
            statistics.learned.forgetEvidence(key)
            change = LearnedEstimates.Change(key: key, factor: decision.previousFactor, previous: decision.correctionFactor,
                                            observations: 0, estimatedRows: 0, actualRows: 0)
        }
        let proposal = Recommendation(action: action, relation: decision.relation,
                                      schema: decision.schema, table: decision.table, indexName: decision.indexName,
                                      columns: decision.action == .setLayout ? [] : decision.columns, statement: statement,
                                      estimatedBenefit: 0, estimatedImprovement: 0,
                                      estimatedBytes: 0, templates: decision.templates, reason: "reverts decision \(decision.id): \(reason)",
                                      undoStatement: decision.action == .setLayout ? decision.statement : nil,
                                      estimateChange: change)
        var undone = try apply(proposal, session: session, now: now, templates: [], baseline: nil)
        undone.reverts = decision.id
        undone.estimatedEffect = nil
        try root.autopilotLog.record(undone, store: store)
        return undone
    }

    /// helios_ai.revert(id): undoes a decision, by a user's request.
    package func revertAutopilotDecision(_ id: Int64) throws(DatabaseError) -> Int64 {
        let log = root.autopilotLog
        guard var decision = log.decisions.first(where: { $0.id == id }) else {
            throw DatabaseError(.undefinedObject, "autopilot decision \(id) does not exist")
        }
        guard decision.status == .applied || decision.status == .validated else {
            throw DatabaseError(.objectNotInPrerequisiteState, "autopilot decision \(id) is \(decision.status.rawValue); only applied decisions can be reverted")
        }
        guard let database = try root.database(withOID: decision.database) else {
            throw DatabaseError(.invalidCatalogName, "the database of autopilot decision \(id) no longer exists")
        }
        decision.status = .reverted
        try log.record(decision, store: store)
        let session = database.autopilotSession()
        defer { session.close() }
        return try database.undo(decision, session: session, now: Session.now(), reason: "requested by a user").id
    }

    /// A session of the autopilot's own: its statements are not captured and the indexes it
    /// creates are marked as the autopilot's. The caller closes it.
    package func autopilotSession() -> Session {
        let session = connect(user: "helios_autopilot")
        session.isAutopilot = true
        return session
    }

    private func database(withOID oid: ObjectID) throws(DatabaseError) -> Database? {
        openDatabases.first { $0.oid == oid }
    }

    /// This database's decisions of `action` reverted in the last day: what a change made and
    /// undone (by the validation or a user) is not made again that soon.
    private func revertedWithinADay(_ action: AutopilotDecision.Action, now: Int64) -> [AutopilotDecision] {
        let dayAgo = now - 86_400_000_000
        return root.autopilotLog.decisions.filter {
            $0.database == oid && $0.action == action && $0.status == .reverted && $0.time > dayAgo
        }
    }

    static func decisionAction(_ action: Recommendation.Action) -> AutopilotDecision.Action {
        switch action {
        case .createIndex: .createIndex
        case .dropIndex: .dropIndex
        case .setLayout: .setLayout
        case .correctEstimate: .correctEstimate
        }
    }

    // MARK: learned estimates

    /// Corrections the executions of this database's scans call for (LearnedEstimates); one
    /// reverted in the last day is not made again.
    private func estimateProposals(_ catalog: CatalogReader, now: Int64) throws(DatabaseError) -> [Recommendation] {
        let tables = try catalog.allTables()
        let excluded = Set(revertedWithinADay(.correctEstimate, now: now).compactMap { decision in decision.columns.first.map { LearnedEstimates.Key(relation: decision.relation, shape: $0) } })
        let byOID = Dictionary(tables.map { ($0.oid, $0) }, uniquingKeysWith: { first, _ in first })
        var proposals: [Recommendation] = []
        for change in statistics.learned.proposals(relations: Set(byOID.keys), excluded: excluded) {
            guard let relation = byOID[change.key.relation] else { continue }
            let schema = try catalog.namespaceName(relation.namespace)
            let table = StringFunctions.quoteIdentifier(schema) + "." + StringFunctions.quoteIdentifier(relation.name)
            let what = change.factor.map { String(format: "x %.3g", $0) } ?? "removed"
            proposals.append(Recommendation(
                action: .correctEstimate, relation: relation.oid, schema: schema, table: relation.name, indexName: "",
                columns: [change.key.shape], statement: "-- estimates of \(table) WHERE \(change.key.shape): \(what)",
                estimatedBenefit: 0, estimatedImprovement: 0, estimatedBytes: 0, templates: [],
                reason: "scans estimated \(Int(change.estimatedRows.rounded())) rows and returned \(Int(change.actualRows)) "
                    + "(\(change.observations) executions)", estimateChange: change))
        }
        return proposals
    }

    // MARK: pruning

    /// Marks the reasons of drop proposals for the autopilot's own indexes (which `auto` drops).
    static let autopilotIndexMark = "autopilot index"

    private func pruningProposals(_ planner: WhatIfPlanner, now: Int64) throws(DatabaseError) -> [Recommendation] {
        let quiet = Int64(Session.milliseconds(systemSettings.value("helios.autopilot_prune_after")) ?? 600_000) * 1000
        let dropUsers = systemSettings.value("helios.autopilot_drop_user_indexes") == "on"
        let created = Dictionary(root.autopilotLog.decisions.filter { $0.database == oid && $0.action == .createIndex && $0.status != .failed }
            .map { ($0.indexName, $0.time) }, uniquingKeysWith: max)
        // An index built for templates the forecast expects back within the hour is not unused.
        let windowSeconds = Double(Session.milliseconds(systemSettings.value("helios.autopilot_window")) ?? 60_000) / 1000
        let minCalls = Double(Int(systemSettings.value("helios.autopilot_min_calls")) ?? 20)
        let expected = root.forecast.rates(now: now)
        let awaited = Set(root.autopilotLog.decisions.filter { decision in
            decision.database == oid && decision.action == .createIndex && decision.status != .failed
                && decision.templates.contains { (expected[$0] ?? 0) * windowSeconds >= minCalls }
        }.map(\.indexName))
        var proposals: [Recommendation] = []
        for relation in try planner.catalog.allTables() where !IndexAdvisor.optedOut(relation) {
            let schema = try planner.catalog.namespaceName(relation.namespace)
            for index in relation.indexes where !index.isPrimary && !index.isUnique && index.isValid {
                let keys = index.keys.map(\.column)
                let ownIndex = index.origin == .autopilot
                var reason: String?
                if let wider = relation.indexes.first(where: { other in
                    other.oid != index.oid && other.keys.count >= keys.count && Array(other.keys.map(\.column).prefix(keys.count)) == keys
                        && (other.keys.count > keys.count || other.oid < index.oid)
                }) {
                    reason = "redundant: index \(wider.name) has the same leading columns"
                } else {
                    let usage = workload.indexUsage(index.oid)
                    let since = usage.lastScan ?? created[index.name] ?? startTimestamp
                    if now - since >= quiet && !(ownIndex && awaited.contains(index.name)) {
                        reason = "unused: no plan read it for \(Self.duration(now - since))"
                    }
                }
                guard let reason else { continue }
                let qualified = StringFunctions.quoteIdentifier(schema) + "." + StringFunctions.quoteIdentifier(index.name)
                let columns = keys.map { relation.column(number: $0)?.name ?? "?" }
                proposals.append(Recommendation(
                    action: .dropIndex, relation: relation.oid, schema: schema, table: relation.name, indexName: index.name,
                    columns: columns, statement: "DROP INDEX \(qualified)", estimatedBenefit: 0, estimatedImprovement: 0,
                    estimatedBytes: Int64((try? planner.indexBytes(index)) ?? 0), templates: [],
                    reason: (ownIndex || dropUsers ? Self.autopilotIndexMark : "user index") + ", " + reason))
            }
        }
        return proposals
    }

    // MARK: sizes and measures

    private func indexSizes(_ planner: WhatIfPlanner) throws(DatabaseError) -> (dataBytes: Int64, autopilotBytes: Int64) {
        var data: Int64 = 0
        var autopilot: Int64 = 0
        for relation in try planner.catalog.allTables() {
            data += try planner.tableBytes(relation)
            for index in relation.indexes where index.origin == .autopilot { autopilot += try planner.indexBytes(index) }
        }
        return (data, autopilot)
    }

    /// helios.autopilot_index_budget in bytes: a percentage of the data's size or a size, and
    /// never under 8 MB (so that a small database is not starved of its first indexes).
    static func indexBudget(_ setting: String, dataBytes: Int64) -> Int64 {
        let floor: Int64 = 8 << 20
        if setting.hasSuffix("%"), let percent = Double(setting.dropLast()) {
            return max(floor, Int64(Double(dataBytes) * percent / 100))
        }
        return Int64(Session.memoryBytes(setting) ?? Int(floor))
    }

    /// The call-weighted mean latency (µs) of `entries` over intervals starting in `from ..< to`;
    /// nil with fewer than `minimumCalls` calls.
    static func meanLatency(_ entries: [WorkloadRepository.Entry], from: Int64, to: Int64, minimumCalls: Int = 1) -> Double? {
        var calls = 0
        var total = 0.0
        for entry in entries {
            let totals = entry.series.totals(from: from, to: to)
            calls += totals.calls
            total += totals.totalMicros
        }
        return calls >= max(1, minimumCalls) ? total / Double(calls) : nil
    }

    static func milliseconds(_ micros: Double) -> String { String(format: "%.3f ms", micros / 1000) }

    static func duration(_ micros: Int64) -> String {
        let seconds = micros / 1_000_000
        return seconds >= 120 ? "\(seconds / 60) min" : "\(seconds) s"
    }
}

/// A decision as the embedding application sees it (the server logs these).
public struct AutopilotDecisionSummary: Sendable, CustomStringConvertible {
    public let id: Int64
    public let action: String
    public let statement: String
    public let reason: String
    public let status: String

    init(_ decision: AutopilotDecision) {
        id = decision.id
        action = decision.action.rawValue
        statement = decision.statement
        reason = decision.reason
        status = decision.status.rawValue
    }

    public var description: String { "autopilot decision \(id): \(statement) (\(reason)) [\(status)]" }
}
