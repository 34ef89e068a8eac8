// The arrival trace has the documented shape in both formats, is dense (every template in every
// interval), and counts exactly the statements the stream would send.

import Foundation
import HeliosWorkload
import Testing

@Suite struct ArrivalTraceTests {
    static let plan = WorkloadPlan(scenario: .saas, seed: 3, scale: 1, phaseSeconds: 10, baseRate: 30, pattern: .spikes)

    @Test func csvHasOneLinePerIntervalAndTemplate() {
        let plan = Self.plan
        let trace = ArrivalTrace(plan: plan, intervalSeconds: 2)
        let lines = trace.csv(plan: plan).split(separator: "\n").map(String.init)
        #expect(lines.first == "interval_start_seconds,phase,template,count")
        #expect(lines.count == 1 + 15 * plan.scenario.templates.count)
        #expect(lines[1].hasPrefix("0,onboarding,login_by_email,"))
        #expect(lines.last?.hasPrefix("28,quarter_end,delete_task,") == true)
        let total = lines.dropFirst().reduce(0) { $0 + Int($1.split(separator: ",").last!)! }
        #expect(total == Array(StatementStream(plan: plan)).count)
    }

    @Test func jsonHasPhasesTemplatesAndDenseCounts() throws {
        let plan = Self.plan
        let trace = ArrivalTrace(plan: plan, intervalSeconds: 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(trace.json(plan: plan).utf8)) as? [String: Any])
        #expect(object["scenario"] as? String == "saas")
        #expect(object["seed"] as? Int == 3)
        #expect(object["pattern"] as? String == "spikes")
        #expect(object["interval_seconds"] as? Int == 1)
        let phases = try #require(object["phases"] as? [[String: Any]])
        #expect(phases.map { $0["name"] as? String } == plan.scenario.phases.map(\.name))
        #expect(phases.last?["end_seconds"] as? Int == 30)
        let templates = try #require(object["templates"] as? [[String: Any]])
        #expect(templates.map { $0["name"] as? String } == plan.scenario.templates.map(\.name))
        #expect(templates.first?["sql"] as? String == plan.scenario.templates.first?.sql)
        let intervals = try #require(object["intervals"] as? [[String: Any]])
        #expect(intervals.count == 30)
        #expect(intervals.allSatisfy { ($0["counts"] as? [Int])?.count == plan.scenario.templates.count })
        #expect(intervals[12]["phase"] as? String == "sprint")
        let total = intervals.reduce(0) { $0 + ($1["counts"] as! [Int]).reduce(0, +) }
        #expect(total == Array(StatementStream(plan: plan)).count)
    }

    @Test func sameSeedSameTrace() {
        #expect(ArrivalTrace(plan: Self.plan, intervalSeconds: 1) == ArrivalTrace(plan: Self.plan, intervalSeconds: 1))
        var other = Self.plan
        other.seed = 4
        #expect(ArrivalTrace(plan: other, intervalSeconds: 1) != ArrivalTrace(plan: Self.plan, intervalSeconds: 1))
    }

    @Test func valuesFormatAsSQLText() {
        #expect(SQLText.timestamp(0) == "1970-01-01 00:00:00")
        #expect(SQLText.timestamp(SQLText.dataEpoch) == "2025-01-01 00:00:00")
        #expect(SQLText.timestamp(951_827_696) == "2000-02-29 12:34:56")
        #expect(SQLText.date(daysSinceEpoch: -1) == "1969-12-31")
        #expect(SQLText.cents(12_345) == "123.45")
        #expect(SQLText.cents(7) == "0.07")
    }
}
