// The workload capture's side in the session: each finished statement is counted under its
// template in the session's own buffer (no lock), which merges into the database's
// WorkloadRepository when it is a second old, and when the session closes. Statements are
// timed from the start of their planning to their last row; failed statements are not counted
// (as pg_stat_statements does not).

import Dispatch
import HeliosCore
import HeliosSQL
import HeliosValues

extension Session {
    /// Monotonic nanoseconds, for statement latencies.
    static func monotonicNanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Counts one finished statement. `template` nil: computed from `text`.
    func recordStatement(_ statement: Statement, text: String, template known: StatementTemplate?, parameters: [SQLValue],
                         parameterTypes: [SQLType?], startedAt: UInt64, rows: Int) {
        let planning = capturedPlanningMicros
        capturedPlanningMicros = nil
        guard !isAutopilot, database.systemSettings.captureEnabled.load(ordering: .relaxed) else { return }
        guard let template = known ?? StatementTemplate.of(text) else { return }
        let now = Self.monotonicNanoseconds()
        let micros = Double(now &- startedAt) / 1000
        let key = WorkloadRepository.Key(database: database.oid, user: settings.user, template: template.id)
        workloadBuffer.record(key, text: template.text, micros: micros, planningMicros: planning, rows: rows, at: Self.now(),
                              sample: { WorkloadRepository.Sample(statement: statement, parameters: parameters, parameterTypes: parameterTypes) })
        if workloadBuffer.startedAt == 0 { workloadBuffer.startedAt = now }
        if now &- workloadBuffer.startedAt > 1_000_000_000 { flushWorkload() }
    }

    /// A plan read index `oid` (counted for helios_ai.indexes and the autopilot's pruning).
    package func noteIndexScan(_ oid: ObjectID) {
        guard !isAutopilot, database.systemSettings.captureEnabled.load(ordering: .relaxed) else { return }
        workloadBuffer.recordIndexScan(oid, at: Self.now())
    }

    /// Merges this session's counts into the database's repository.
    package func flushWorkload() {
        guard !workloadBuffer.isEmpty else { return }
        let buffer = workloadBuffer
        workloadBuffer = WorkloadBuffer()
        database.workload.merge(buffer)
    }

    /// The row count a command tag ends with ("UPDATE 3", "INSERT 0 1"); 0 when none.
    static func rowCount(of tag: String) -> Int {
        guard let space = tag.lastIndex(of: " ") else { return 0 }
        return Int(tag[tag.index(after: space)...]) ?? 0
    }
}
