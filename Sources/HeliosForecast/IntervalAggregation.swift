// Coarser intervals from finer ones: the engine counts arrivals per 10-second interval
// (IntervalSeries, helios_ai.template_arrivals), the model reads minutes, the baselines and
// reports read hours. Summing whole groups of intervals keeps counts exact.

/// Sums of consecutive groups of intervals.
package enum IntervalAggregation {
    /// Microseconds per minute.
    package static let microsPerMinute: Int64 = 60_000_000

    /// The minute (since 2000-01-01 UTC) that holds the instant `micros` (since the same epoch).
    package static func minute(ofMicros micros: Int64) -> Int64 {
        micros >= 0 ? micros / microsPerMinute : (micros - microsPerMinute + 1) / microsPerMinute
    }

    /// Sums every `factor` consecutive values: 10-second intervals to minutes (6), minutes to
    /// hours (60). A last, incomplete group is dropped, so every output is a whole interval.
    package static func sum(_ values: [Float], factor: Int) -> [Float] {
        precondition(factor > 0, "factor must be positive")
        var out: [Float] = []
        out.reserveCapacity(values.count / factor)
        var index = 0
        while index + factor <= values.count {
            var total: Float = 0
            for offset in 0..<factor { total += values[index + offset] }
            out.append(total)
            index += factor
        }
        return out
    }
}
