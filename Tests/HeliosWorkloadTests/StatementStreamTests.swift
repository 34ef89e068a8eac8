// The generator is a pure function of its plan: the same seed gives the same statements in the
// same order, another seed another stream; phases draw only their own templates, in roughly
// their stated proportions; arrival patterns shape the rate as documented.

import HeliosWorkload
import Testing

@Suite struct StatementStreamTests {
    static func plan(_ scenario: Scenario, seed: UInt64 = 7, pattern: ArrivalPattern = .steady) -> WorkloadPlan {
        WorkloadPlan(scenario: scenario, seed: seed, scale: 0.5, phaseSeconds: 40, baseRate: 50, pattern: pattern)
    }

    @Test(arguments: Scenario.all.map(\.name))
    func sameSeedGivesSameStatementsInOrder(scenario name: String) throws {
        let scenario = try #require(Scenario.named(name))
        let first = Array(StatementStream(plan: Self.plan(scenario)))
        let second = Array(StatementStream(plan: Self.plan(scenario)))
        #expect(first.count > 1000)
        #expect(first == second)
        let other = Array(StatementStream(plan: Self.plan(scenario, seed: 8)))
        #expect(other != first)
        // Not only the timing: the template sequence and the parameters differ too.
        #expect(other.prefix(200).map(\.templateIndex) != first.prefix(200).map(\.templateIndex))
        #expect(other.prefix(200).map(\.parameters) != first.prefix(200).map(\.parameters))
    }

    @Test(arguments: Scenario.all.map(\.name))
    func statementsAreInArrivalOrderWithinTheRun(scenario name: String) throws {
        let plan = Self.plan(try #require(Scenario.named(name)))
        let statements = Array(StatementStream(plan: plan))
        #expect(statements.map(\.sequence) == Array(0..<statements.count))
        #expect(zip(statements, statements.dropFirst()).allSatisfy { $0.arrivalSeconds <= $1.arrivalSeconds })
        #expect(statements.allSatisfy { $0.arrivalSeconds >= 0 && $0.arrivalSeconds < plan.totalSeconds })
        #expect(statements.allSatisfy { $0.phaseIndex == plan.phaseIndex(at: $0.arrivalSeconds) })
        for statement in statements {
            let template = plan.scenario.templates[statement.templateIndex]
            #expect(statement.parameters.count == Self.placeholderCount(template.sql), "\(template.name)")
        }
    }

    @Test(arguments: Scenario.all.map(\.name))
    func phasesShiftTheTemplateMix(scenario name: String) throws {
        let plan = Self.plan(try #require(Scenario.named(name)))
        let scenario = plan.scenario
        let statements = Array(StatementStream(plan: plan))
        var focus: [String] = []
        for (index, phase) in scenario.phases.enumerated() {
            let inPhase = statements.filter { $0.phaseIndex == index }
            var counts: [String: Int] = [:]
            for statement in inPhase { counts[scenario.templates[statement.templateIndex].name, default: 0] += 1 }
            // Exactly the phase's templates arrive in it...
            #expect(Set(counts.keys) == Set(phase.weights.filter { $0.value > 0 }.keys), "\(phase.name)")
            // ...each in about its share of the mix (within 5 points over ~2000 statements).
            let totalWeight = phase.weights.values.reduce(0, +)
            for (template, weight) in phase.weights {
                let share = Double(counts[template] ?? 0) / Double(inPhase.count)
                #expect(abs(share - weight / totalWeight) < 0.05, "\(phase.name) \(template) share \(share)")
            }
            focus.append(counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key)
        }
        // Each phase's most frequent read template is its own: the filtered columns shift.
        let readFocus = scenario.phases.map { phase in
            phase.weights.filter { scenario.templates[scenario.templateIndex(named: $0.key)!].kind == .read }
                .max { $0.value < $1.value }!.key
        }
        #expect(Set(readFocus).count == scenario.phases.count, "\(readFocus)")
    }

    @Test func spikesRaiseTheRateInsideTheirWindows() {
        let plan = Self.plan(.ecommerce, pattern: .spikes)
        let stream = StatementStream(plan: plan)
        let windows = stream.arrivalRate.spikeWindows
        #expect(windows.count == plan.scenario.phases.count)
        let statements = Array(stream)
        let inside = statements.filter { statement in windows.contains { $0.contains(statement.arrivalSeconds) } }
        let insideSeconds = windows.reduce(0) { $0 + $1.upperBound - $1.lowerBound }
        let insideRate = Double(inside.count) / insideSeconds
        let outsideRate = Double(statements.count - inside.count) / (plan.totalSeconds - insideSeconds)
        #expect(insideRate > 2.5 * outsideRate, "inside \(insideRate)/s, outside \(outsideRate)/s")
    }

    @Test func dailyCycleIsQuietAtNightAndBusyAtNoon() {
        let plan = Self.plan(.events, pattern: .daily)
        let statements = Array(StatementStream(plan: plan))
        let sixth = plan.totalSeconds / 6
        let night = statements.filter { $0.arrivalSeconds < sixth || $0.arrivalSeconds >= 5 * sixth }.count
        let noon = statements.filter { $0.arrivalSeconds >= 2.5 * sixth && $0.arrivalSeconds < 3.5 * sixth }.count
        // Two night sixths against one noon sixth: noon alone must still be busier.
        #expect(noon > night, "noon \(noon), night \(night)")
    }

    @Test func insertsUseFreshKeys() {
        let plan = Self.plan(.events)
        let scenario = plan.scenario
        let ingest = scenario.templateIndex(named: "ingest_event")!
        let keys = StatementStream(plan: plan).filter { $0.templateIndex == ingest }.map { Int($0.parameters[0]!)! }
        #expect(Set(keys).count == keys.count)
        #expect(keys.allSatisfy { $0 > plan.rowCounts["events"]! })
    }

    static func placeholderCount(_ sql: String) -> Int {
        var highest = 0
        var index = sql.startIndex
        while let dollar = sql[index...].firstIndex(of: "$") {
            let digits = sql[sql.index(after: dollar)...].prefix { $0.isNumber }
            highest = max(highest, Int(digits) ?? 0)
            index = sql.index(after: dollar)
        }
        return highest
    }
}
