// Latencies as a log-linear histogram: 8 buckets per power of two of microseconds (each bucket
// within 1/8 of its values), from 1 µs to about 35 minutes. Two histograms merge by adding
// counts, so each session counts on its own and the workload repository adds them up; a
// percentile is read to within a bucket's width (at most 12.5% of the value).

package struct LatencyHistogram: Sendable, Equatable {
    private static let subBuckets = 8
    private static let bucketCount = 32 * subBuckets
    private(set) var counts: [UInt32] = []
    private(set) var total: UInt64 = 0

    package init() {}

    /// Counts one latency.
    package mutating func record(microseconds: Double) {
        if counts.isEmpty { counts = Array(repeating: 0, count: Self.bucketCount) }
        counts[Self.bucket(of: microseconds)] &+= 1
        total += 1
    }

    package mutating func merge(_ other: LatencyHistogram) {
        guard other.total > 0 else { return }
        if counts.isEmpty { counts = Array(repeating: 0, count: Self.bucketCount) }
        for index in other.counts.indices where other.counts[index] > 0 { counts[index] &+= other.counts[index] }
        total += other.total
    }

    /// The latency below which `fraction` of the recorded ones lie (the bucket's upper edge),
    /// in microseconds; 0 when nothing was recorded.
    package func percentile(_ fraction: Double) -> Double {
        guard total > 0 else { return 0 }
        let rank = UInt64((Double(total) * fraction).rounded(.up))
        var seen: UInt64 = 0
        for (index, count) in counts.enumerated() {
            seen += UInt64(count)
            if seen >= max(rank, 1) { return Self.upperEdge(of: index) }
        }
        return Self.upperEdge(of: Self.bucketCount - 1)
    }

    static func bucket(of microseconds: Double) -> Int {
        guard microseconds >= 1 else { return 0 }
        let exponent = Int(microseconds.exponent)  // floor(log2)
        let fraction = microseconds / Double(1 << min(exponent, 62)) - 1  // in [0, 1)
        let index = exponent * subBuckets + Int(fraction * Double(subBuckets))
        return min(index, bucketCount - 1)
    }

    static func upperEdge(of bucket: Int) -> Double {
        let exponent = bucket / subBuckets
        let step = bucket % subBuckets
        return Double(1 << exponent) * (1 + Double(step + 1) / Double(subBuckets))
    }
}
