// The report's arithmetic on made-up outcomes: nearest-rank percentiles, and the target ratios
// (auto against off and against every-candidate) per phase and overall, or "n/a" with the reason
// when a configuration did not run.

import HeliosWorkload
import Testing

@Suite struct CompareReportTests {
    static let plan = WorkloadPlan(scenario: .ecommerce, seed: 1, scale: 1, phaseSeconds: 10, baseRate: 10)

    /// An outcome whose every phase has settled latencies `settled` (µs) and `indexBytes`.
    static func outcome(settled: [Double], indexBytes: Int) -> RunOutcome {
        RunOutcome(phases: plan.scenario.phases.enumerated().map { index, phase in
            var measured = PhaseOutcome(name: phase.name, templateCount: plan.scenario.templates.count)
            measured.executed = 2
            measured.latencies = [settled[index], settled[index]]
            measured.settledLatencies = [settled[index]]
            measured.wallSeconds = 10
            measured.indexes = IndexSizeReport(totalBytes: indexBytes, indexCount: 4, note: nil)
            return measured
        })
    }

    @Test func percentilesAreNearestRank() {
        let summary = LatencySummary(samples: (1...100).map(Double.init).reversed())
        #expect(summary.count == 100)
        #expect(summary.p50Microseconds == 50)
        #expect(summary.p99Microseconds == 99)
        #expect(summary.meanMicroseconds == 50.5)
        #expect(LatencySummary(samples: [7]).p99Microseconds == 7)
        #expect(LatencySummary(samples: []).count == 0)
    }

    @Test func ratiosComparePhaseByPhase() {
        let report = CompareReport(plan: Self.plan, options: RunOptions()).render([
            (.heliosOff, .ran(Self.outcome(settled: [1000, 2000, 4000], indexBytes: 100), notes: [])),
            (.heliosAuto, .ran(Self.outcome(settled: [500, 1000, 1000], indexBytes: 300), notes: [])),
            (.heliosEveryCandidate, .ran(Self.outcome(settled: [500, 500, 1000], indexBytes: 1000), notes: [])),
            (.postgres, .unavailable("PostgreSQL 15 is not installed")),
        ])
        #expect(report.contains("auto / off, settled mean latency (target <= 0.60): storefront 0.50, fulfilment 0.50, "
                                + "analytics 0.25; all 0.36"), "\(report)")
        #expect(report.contains("auto / every-candidate, index bytes at phase end (target <= 0.40): storefront 0.30, "
                                + "fulfilment 0.30, analytics 0.30; all 0.30"))
        #expect(report.contains("auto / every-candidate, settled mean latency (target <= 1.10): storefront 1.00, "
                                + "fulfilment 2.00, analytics 1.00; all 1.25"))
        #expect(report.contains("postgres15 pk-only: unavailable (PostgreSQL 15 is not installed)"))
        #expect(report.contains("postgres15 / helios off, settled mean latency: n/a"))
        #expect(report.contains("  helios auto                  2      0      0     0.2     1.00     1.00     1.00"))
    }

    @Test func autopilotMissingLeavesItsRatiosOpen() {
        let report = CompareReport(plan: Self.plan, options: RunOptions()).render([
            (.heliosOff, .ran(Self.outcome(settled: [1000, 1000, 1000], indexBytes: 100), notes: [])),
            (.heliosAuto, .unavailable("server has no autopilot: ERROR: ALTER SYSTEM is not supported (SQLSTATE 0A000)")),
        ])
        #expect(report.contains("helios auto: unavailable (server has no autopilot"))
        #expect(report.contains("auto / off, settled mean latency (target <= 0.60): n/a (a configuration did not run)"))
    }
}
