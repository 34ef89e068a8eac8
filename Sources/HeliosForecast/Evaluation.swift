// The honest evaluation: the model and every baseline forecast the same held-out series at
// the same moments from the same history; the error of a forecaster on a series is its mean
// absolute error divided by the mean of what actually arrived (the normalised MAE, scale-free,
// so a busy template does not drown a quiet one, and defined whenever anything arrived), and
// its error on a set is the mean over the set's series. The skill is S = 1 - E / B, B the
// error of the best baseline for that horizon: above 0 means the model beats every baseline.

/// The errors of the model and the baselines on one horizon.
public struct HorizonEvaluation: Sendable {
    public var horizon: ForecastHorizon
    public var modelError: Double
    public var baselineErrors: [Baseline: Double]

    /// The baseline with the smallest error.
    public var bestBaseline: Baseline {
        Baseline.allCases.min { (baselineErrors[$0] ?? .infinity) < (baselineErrors[$1] ?? .infinity) } ?? .lastValue
    }

    public var bestBaselineError: Double { baselineErrors[bestBaseline] ?? .infinity }

    /// 1 - E / B.
    public var skill: Double { bestBaselineError > 0 ? 1 - modelError / bestBaselineError : 0 }
}

/// Held-out evaluation of a model against the baselines.
package enum Evaluation {
    /// Forecasts every `stride` minutes of each series (from two days in to a day before its
    /// end) and returns the errors per horizon, in ForecastHorizon order.
    package static func evaluate(model: ForecastModel, series corpus: [SyntheticSeries], stride step: Int,
                                 precision: ForecastModel.Precision = .int8) -> [HorizonEvaluation] {
        evaluate(model: model, series: corpus.map { ($0.counts, $0.firstMinute) }, stride: step, precision: precision)
    }

    /// The same for any series of minute counts, each with the minute of its first count.
    package static func evaluate(model: ForecastModel, series corpus: [(counts: [Float], firstMinute: Int64)],
                                 stride step: Int, precision: ForecastModel.Precision = .int8) -> [HorizonEvaluation] {
        let horizons = ForecastHorizon.allCases
        // Per horizon: the sum over series of each one's normalised error.
        var modelSum = [Double](repeating: 0, count: horizons.count)
        var baselineSums = [[Double]](repeating: [Double](repeating: 0, count: Baseline.allCases.count), count: horizons.count)
        var seriesCounts = [Int](repeating: 0, count: horizons.count)
        for series in corpus {
            let counts = series.counts
            let first = ForecastFeatures.historyMinutes
            let last = counts.count - ForecastHorizon.day.minutes
            guard first <= last else { continue }
            var prefix = [Double](repeating: 0, count: counts.count + 1)
            for (index, value) in counts.enumerated() { prefix[index + 1] = prefix[index] + Double(value) }
            var modelAbsolute = [Double](repeating: 0, count: horizons.count)
            var baselineAbsolute = [[Double]](repeating: [Double](repeating: 0, count: Baseline.allCases.count), count: horizons.count)
            var actualTotal = [Double](repeating: 0, count: horizons.count)
            var forecasts = [Double](repeating: 0, count: horizons.count)
            counts.withUnsafeBufferPointer { buffer in
                for t in Swift.stride(from: first, through: last, by: max(1, step)) {
                    let history = UnsafeBufferPointer(rebasing: buffer[(t - first)..<t])
                    forecasts.withUnsafeMutableBufferPointer { out in
                        model.forecast(history: history, minute: series.firstMinute + Int64(t), precision: precision,
                                       into: out.baseAddress!)
                    }
                    for horizon in horizons {
                        let h = horizon.rawValue
                        let actual = prefix[t + horizon.minutes] - prefix[t]
                        actualTotal[h] += actual
                        modelAbsolute[h] += abs(forecasts[h] - actual)
                        for (b, baseline) in Baseline.allCases.enumerated() {
                            baselineAbsolute[h][b] += abs(baseline.forecast(history: history, horizon: horizon) - actual)
                        }
                    }
                }
            }
            for h in 0..<horizons.count where actualTotal[h] > 0 {
                seriesCounts[h] += 1
                modelSum[h] += modelAbsolute[h] / actualTotal[h]
                for b in 0..<Baseline.allCases.count { baselineSums[h][b] += baselineAbsolute[h][b] / actualTotal[h] }
            }
        }
        return horizons.map { horizon in
            let h = horizon.rawValue
            let n = Double(max(1, seriesCounts[h]))
            var baselines: [Baseline: Double] = [:]
            for (b, baseline) in Baseline.allCases.enumerated() { baselines[baseline] = baselineSums[h][b] / n }
            return HorizonEvaluation(horizon: horizon, modelError: modelSum[h] / n, baselineErrors: baselines)
        }
    }
}
