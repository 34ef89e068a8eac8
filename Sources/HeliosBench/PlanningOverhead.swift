// What Autopilot II adds to a query's planning time. The only part of it on the planning path
// is learned estimates (the forecaster runs on the autopilot's pass, never while planning): the
// estimator looks up a correction for each scan's filters. One query is planned (EXPLAIN, which
// binds, optimizes and describes without running) many times on an embedded database, in
// alternating rounds without and with a published correction for its filter; the figure is the
// difference of the two p99 latencies. The query keeps its plan shape either way, so the
// difference is the lookup's cost, not another plan's.

import Foundation
import HeliosEngine

struct PlanningOverhead {
    var rounds = 10
    var callsPerRound = 300
    static let query = "EXPLAIN (COSTS OFF) SELECT count(*) FROM a WHERE x = 7 AND y = 7 AND z = 7"

    /// (p99 without, p99 with, difference), microseconds.
    func measure() throws -> (without: Double, with: Double, overhead: Double) {
        let directory = try TemporaryDirectory(parent: NSTemporaryDirectory(), prefix: "helios-planning")
        defer { directory.removeWithContents() }
        let database = try Database.open(at: directory.path)
        defer { try? database.close() }
        let session = database.connect(user: "postgres")
        defer { session.close() }
        try session.execute("ALTER SYSTEM SET helios.autopilot = 'auto'")
        try session.execute("ALTER SYSTEM SET helios.autopilot_learned_estimates = on")
        try session.execute("CREATE TABLE a (id int PRIMARY KEY, x int, y int, z int)")
        try session.execute("INSERT INTO a SELECT i, i % 100, i % 100, i % 100 FROM generate_series(1, 20000) i")
        try session.execute("ANALYZE a")

        func round() throws -> [Double] {
            var times: [Double] = []
            for _ in 0..<callsPerRound {
                let (_, seconds) = try MonotonicClock.measure { try session.execute(Self.query) }
                times.append(seconds * 1e6)
            }
            return times
        }
        var without: [Double] = []
        var with: [Double] = []
        for _ in 0..<rounds {
            _ = try session.execute("SELECT helios_ai.reset_estimates()")
            without += try round()
            // Three executions 10,000x off the estimate, then a pass publishes the correction.
            for _ in 0..<3 { _ = try session.execute("SELECT count(*) FROM a WHERE x = 7 AND y = 7 AND z = 7") }
            try database.runAutopilotCycle()
            guard try session.query("SELECT count(*) FROM helios_ai.estimate_corrections").textRows == [["1"]] else {
                throw BenchmarkError("no correction was published for the benchmark's filter")
            }
            with += try round()
        }
        let p99Without = Self.percentile(without, 0.99)
        let p99With = Self.percentile(with, 0.99)
        return (p99Without, p99With, p99With - p99Without)
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }
}
