// The model's input, built from a series of arrivals per minute at a moment t (the first
// minute not yet seen). Everything is scale-free: counts are divided by the series' scale s,
// its mean arrivals per minute over the last 24 hours, and compressed with log1p, so one model
// serves a template with 2 calls a minute and one with 2,000. The targets are divided by the
// same s (see TrainingSet), and forecasts multiplied back.
//
// The network learns a correction to an anchor, a naive forecast read back from the features:
// for the minute the mean of the last ten minutes, for the hour the last hour, for the day the
// last day (which is s itself, so 1). An untrained or unsure network thus falls back on a
// sensible forecast, and the little data of a cluster is spent on what the anchor misses.
//
// Layout (71 values, padded with zeros to 80 for 16-lane SIMD):
//   0..<16   log1p(c[t-k] / s)                     k = 1...16, the last 16 minutes
//   16..<64  log1p(H_k / (60 s))                   H_k = arrivals in [t-60(k+1), t-60k), k = 0..<48
//   64       log1p(mean c over [t-1440, t-1430) / s)  the same ten minutes yesterday
//   65       log1p(mean c over [t-10, t) / s)      the last ten minutes, smoothed
//   66       ln((D_0 + 1) / (D_1 + 1)), within ±3   D_0, D_1 arrivals in the last and the day before
//   67..<71  calendar of minute t (CalendarFeatures)

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds model inputs from a window of minute counts.
package enum ForecastFeatures {
    /// Minutes of history a feature vector reads: two days.
    package static let historyMinutes = 2880
    package static let minuteLags = 16
    package static let hourLags = 48
    package static let usedCount = minuteLags + hourLags + 3 + CalendarFeatures.count
    /// `usedCount` rounded up to a multiple of 16.
    package static let count = 80
    /// The smallest scale: one arrival an hour. Quieter series are forecast as if at this rate.
    package static let minimumScale: Float = 1.0 / 60
    /// The day-over-day log ratio is clamped to ±this (a factor of 20).
    package static let maximumDayRatio: Float = 3

    /// Writes the feature vector of moment `minute` (whose history is `history`, the minutes
    /// [minute - 2880, minute)) into `out` (`count` floats) and returns the scale s. The hourly
    /// sums are taken once, four lanes at a time, and give the scale and the day sums too: this
    /// runs on every forecast, inside its 10 µs budget.
    @discardableResult
    package static func write(history: UnsafeBufferPointer<Float>, minute: Int64,
                              into out: UnsafeMutablePointer<Float>) -> Float {
        precondition(history.count == historyMinutes, "history must be two days of minutes")
        let base = history.baseAddress!
        let end = historyMinutes
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: hourLags) { hours in
            // hours[k] = arrivals in [t - 60(k+1), t - 60k).
            let raw = UnsafeRawPointer(base)
            for k in 0..<hourLags {
                var lanes = SIMD4<Float>.zero
                let first = end - 60 * (k + 1)
                for step in 0..<15 {
                    lanes += raw.loadUnaligned(fromByteOffset: 4 * (first + 4 * step), as: SIMD4<Float>.self)
                }
                hours[k] = lanes.sum()
            }
            var lastDay: Float = 0
            var dayBefore: Float = 0
            for k in 0..<24 { lastDay += hours[k] }
            for k in 24..<hourLags { dayBefore += hours[k] }
            let s = max(lastDay / 1440, minimumScale)
            let inverse = 1 / s
            for k in 0..<minuteLags {
                out[k] = log1pf(max(0, base[end - 1 - k]) * inverse)
            }
            let hourInverse = inverse / 60
            for k in 0..<hourLags {
                out[minuteLags + k] = log1pf(max(0, hours[k]) * hourInverse)
            }
            var yesterday: Float = 0
            for index in (end - 1440)..<(end - 1430) { yesterday += base[index] }
            out[minuteLags + hourLags] = log1pf(max(0, yesterday) / 10 * inverse)
            var recent: Float = 0
            for index in (end - 10)..<end { recent += base[index] }
            out[minuteLags + hourLags + 1] = log1pf(max(0, recent) / 10 * inverse)
            // Clamped to ×20 either way: a template a phase switched on after a silent day would
            // give ln(10,000) and more, far outside anything trained on, and a ReLU network
            // extrapolates that linearly into a wild forecast.
            let ratio = logf((max(0, lastDay) + 1) / (max(0, dayBefore) + 1))
            out[minuteLags + hourLags + 2] = min(max(ratio, -maximumDayRatio), maximumDayRatio)
            CalendarFeatures.write(minute: minute, into: out + (minuteLags + hourLags + 3))
            for index in usedCount..<count { out[index] = 0 }
            return s
        }
    }

    /// The anchors of a feature vector, one per horizon (ForecastHorizon order), as scaled rates.
    package static func writeAnchors(features: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        out[ForecastHorizon.minute.rawValue] = expm1f(features[minuteLags + hourLags + 1])
        out[ForecastHorizon.hour.rawValue] = expm1f(features[minuteLags])
        out[ForecastHorizon.day.rawValue] = 1
    }

    /// Convenience for tests and training: the features of `series` at position `t` (the
    /// series' index 0 is minute `firstMinute`). Needs t ≥ historyMinutes.
    package static func vector(series: [Float], at t: Int, firstMinute: Int64) -> (features: [Float], scale: Float) {
        precondition(t >= historyMinutes && t <= series.count, "not enough history")
        var features = [Float](repeating: 0, count: count)
        let s = series.withUnsafeBufferPointer { buffer in
            features.withUnsafeMutableBufferPointer { out in
                write(history: UnsafeBufferPointer(rebasing: buffer[(t - historyMinutes)..<t]),
                      minute: firstMinute + Int64(t), into: out.baseAddress!)
            }
        }
        return (features, s)
    }
}
