// Latency percentiles from recorded samples (nearest-rank, as pgbench reports them). Runs are
// short and samples few (thousands), so keeping every sample and sorting is simpler and exact.

/// Summary of a set of latencies in microseconds.
public struct LatencySummary: Sendable, Equatable {
    public var count: Int
    public var meanMicroseconds: Double
    public var p50Microseconds: Double
    public var p99Microseconds: Double

    public init(samples: [Double]) {
        count = samples.count
        guard !samples.isEmpty else {
            meanMicroseconds = 0
            p50Microseconds = 0
            p99Microseconds = 0
            return
        }
        let sorted = samples.sorted()
        meanMicroseconds = sorted.reduce(0, +) / Double(sorted.count)
        p50Microseconds = Self.percentile(0.50, of: sorted)
        p99Microseconds = Self.percentile(0.99, of: sorted)
    }

    /// Nearest rank: the smallest sample with at least `fraction` of the samples at or below it.
    static func percentile(_ fraction: Double, of sorted: [Double]) -> Double {
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}
