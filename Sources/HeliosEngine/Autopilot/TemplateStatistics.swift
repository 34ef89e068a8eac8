// What the workload capture counts per statement template: calls, latency (total, extremes,
// spread and a histogram for percentiles), planning time, rows, and per time interval the
// arrivals and their latency — the series the autopilot validates its changes with and the
// forecaster learns from. Everything here merges by addition: sessions count on their own and
// the workload repository adds their counts up.

package struct TemplateStatistics: Sendable {
    package var calls = 0
    package var totalMicros = 0.0
    package var minMicros = Double.infinity
    package var maxMicros = 0.0
    /// Sum of squared latencies, for the standard deviation pg_stat_statements reports.
    package var sumOfSquares = 0.0
    package var plans = 0
    package var planningMicros = 0.0
    package var rows = 0
    package var histogram = LatencyHistogram()
    /// Microseconds since 2000-01-01 UTC.
    package var firstCall: Int64 = .max
    package var lastCall: Int64 = .min

    package init() {}

    package mutating func record(micros: Double, planningMicros planning: Double?, rows: Int, at time: Int64) {
        calls += 1
        totalMicros += micros
        minMicros = min(minMicros, micros)
        maxMicros = max(maxMicros, micros)
        sumOfSquares += micros * micros
        if let planning {
            plans += 1
            planningMicros += planning
        }
        self.rows += rows
        histogram.record(microseconds: micros)
        firstCall = min(firstCall, time)
        lastCall = max(lastCall, time)
    }

    package mutating func merge(_ other: TemplateStatistics) {
        calls += other.calls
        totalMicros += other.totalMicros
        minMicros = min(minMicros, other.minMicros)
        maxMicros = max(maxMicros, other.maxMicros)
        sumOfSquares += other.sumOfSquares
        plans += other.plans
        planningMicros += other.planningMicros
        rows += other.rows
        histogram.merge(other.histogram)
        firstCall = min(firstCall, other.firstCall)
        lastCall = max(lastCall, other.lastCall)
    }

    package var meanMicros: Double { calls > 0 ? totalMicros / Double(calls) : 0 }

    package var standardDeviationMicros: Double {
        guard calls > 0 else { return 0 }
        let mean = meanMicros
        return max(0, sumOfSquares / Double(calls) - mean * mean).squareRoot()
    }
}

/// Arrivals and their total latency per fixed interval, the last `capacity` intervals kept.
package struct IntervalSeries: Sendable {
    /// Interval length in microseconds.
    package static let intervalMicros: Int64 = 10_000_000
    package static let capacity = 360  // one hour of 10-second intervals

    package struct Interval: Sendable, Equatable {
        /// Which interval: time / intervalMicros.
        package var number: Int64
        package var calls: Int
        package var totalMicros: Double
    }

    /// Oldest first.
    package private(set) var intervals: [Interval] = []

    package init() {}

    package static func number(of time: Int64) -> Int64 { time / intervalMicros }

    package mutating func add(number: Int64, calls: Int, totalMicros: Double) {
        if let last = intervals.last, last.number == number {
            intervals[intervals.count - 1].calls += calls
            intervals[intervals.count - 1].totalMicros += totalMicros
        } else if let position = intervals.lastIndex(where: { $0.number <= number }), intervals[position].number == number {
            intervals[position].calls += calls
            intervals[position].totalMicros += totalMicros
        } else {
            let position = intervals.firstIndex(where: { $0.number > number }) ?? intervals.count
            intervals.insert(Interval(number: number, calls: calls, totalMicros: totalMicros), at: position)
            if intervals.count > Self.capacity { intervals.removeFirst(intervals.count - Self.capacity) }
        }
    }

    /// Calls and total latency of the intervals whose start lies in `from ..< to` (microseconds).
    package func totals(from: Int64, to: Int64) -> (calls: Int, totalMicros: Double) {
        var calls = 0
        var total = 0.0
        for interval in intervals where interval.number * Self.intervalMicros >= from && interval.number * Self.intervalMicros < to {
            calls += interval.calls
            total += interval.totalMicros
        }
        return (calls, total)
    }
}
