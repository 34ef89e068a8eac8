// Training samples cut from minute series: at each chosen moment t (two days of history
// behind it, a day of future ahead), the features (ForecastFeatures) and, per horizon, the
// arrivals in [t, t + L) divided by L × s, the history's scale, minus the horizon's anchor
// (ForecastFeatures.writeAnchors). The network learns these corrections; a forecast adds the
// anchor back and multiplies by L × s. A series too short for the
// day's target (the online training of a cluster, which keeps three days) may give samples
// whose longer targets are NaN: training skips those outputs.

/// Feature vectors and scaled targets, flat.
package struct TrainingSet: Sendable {
    package let featureCount = ForecastFeatures.count
    package let targetCount = ForecastHorizon.allCases.count
    /// count × featureCount
    package private(set) var features: [Float] = []
    /// count × targetCount
    package private(set) var targets: [Float] = []
    /// One per sample: s divided by the series' mean per minute (at most 10). A scaled error
    /// times this weight is the error divided by the series' mean, what the evaluation
    /// measures; without it, moments when a series is quieter than usual (small s, large scaled
    /// errors) would count for more in training than in the evaluation.
    package private(set) var weights: [Float] = []
    package private(set) var count = 0

    package init() {}

    /// Adds a sample every `stride` minutes of `series` (index 0 is `firstMinute`) from the
    /// first moment with two days of history to the last with a day of future (with
    /// `partialTargets`, a minute of future; the targets that reach past the end are NaN).
    package mutating func add(series: [Float], firstMinute: Int64, stride step: Int, partialTargets: Bool = false) {
        let first = ForecastFeatures.historyMinutes
        let last = series.count - (partialTargets ? 1 : ForecastHorizon.day.minutes)
        guard first <= last else { return }
        // Prefix sums make each target O(1).
        var prefix = [Double](repeating: 0, count: series.count + 1)
        for (index, value) in series.enumerated() { prefix[index + 1] = prefix[index] + Double(value) }
        let seriesMean = max(Float(prefix[series.count] / Double(max(1, series.count))), ForecastFeatures.minimumScale)
        var vector = [Float](repeating: 0, count: featureCount)
        var anchors = [Float](repeating: 0, count: targetCount)
        series.withUnsafeBufferPointer { buffer in
            for t in Swift.stride(from: first, through: last, by: max(1, step)) {
                let scale = vector.withUnsafeMutableBufferPointer { out in
                    ForecastFeatures.write(history: UnsafeBufferPointer(rebasing: buffer[(t - first)..<t]),
                                           minute: firstMinute + Int64(t), into: out.baseAddress!)
                }
                vector.withUnsafeBufferPointer { input in
                    anchors.withUnsafeMutableBufferPointer { ForecastFeatures.writeAnchors(features: input.baseAddress!, into: $0.baseAddress!) }
                }
                features.append(contentsOf: vector)
                for horizon in ForecastHorizon.allCases {
                    let length = horizon.minutes
                    guard t + length <= series.count else {
                        targets.append(.nan)
                        continue
                    }
                    let arrivals = prefix[t + length] - prefix[t]
                    targets.append(Float(arrivals / (Double(length) * Double(scale))) - anchors[horizon.rawValue])
                }
                weights.append(min(10, scale / seriesMean))
                count += 1
            }
        }
    }

    /// Samples from every series of a corpus.
    package static func make(from corpus: [SyntheticSeries], stride step: Int) -> TrainingSet {
        var set = TrainingSet()
        for series in corpus { set.add(series: series.counts, firstMinute: series.firstMinute, stride: step) }
        return set
    }
}
