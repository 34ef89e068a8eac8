// The model must beat every naive baseline on series it never saw: trained on a small corpus
// of every shape (seeds 1...6), evaluated on others (seeds 1001...1003), per horizon. Smaller
// than the benchmark's run so it stays quick in a debug build; its margins (skill about
// 0.08, 0.11 and 0.41 for minute, hour, day) are small enough that a change that makes
// the model worse than a baseline fails this test.

import HeliosForecast
import Testing

@Suite struct ForecastAccuracyTests {
    @Test func modelBeatsEveryBaselineOnHeldOutSeries() {
        var plan = PretrainingPlan()
        plan.seriesPerShape = 6
        plan.days = 5
        plan.stride = 12
        plan.options = TrainingOptions(epochs: 12)
        let model = plan.run().model
        let heldOut = SyntheticSeries.corpus(firstSeed: 1_001, perShape: 3, days: 5)
        let evaluation = Evaluation.evaluate(model: model, series: heldOut, stride: 11)
        #expect(evaluation.map(\.horizon) == ForecastHorizon.allCases)
        for row in evaluation {
            for baseline in Baseline.allCases {
                let baselineError = row.baselineErrors[baseline] ?? 0
                #expect(row.modelError < baselineError,
                        "\(row.horizon): model \(row.modelError) is not below \(baseline.rawValue) \(baselineError)")
            }
            #expect(row.skill > 0)
        }
    }

    /// The model shipped in the binary (PretrainedModel.swift) decodes and, on held-out series,
    /// beats every baseline too: a damaged or stale generated file fails here.
    @Test func theShippedModelBeatsEveryBaseline() throws {
        let model = try #require(ForecastModel.pretrained)
        let heldOut = SyntheticSeries.corpus(firstSeed: 1_001, perShape: 2, days: 5)
        for row in Evaluation.evaluate(model: model, series: heldOut, stride: 13) {
            #expect(row.skill > 0, "\(row.horizon): model \(row.modelError), best baseline \(row.bestBaselineError)")
        }
    }

    @Test func baselinesForecastWhatTheyPromise() {
        // Minute m of the history holds m mod 7, so every window's sum is known.
        let history = (0..<2880).map { Float($0 % 7) }
        history.withUnsafeBufferPointer { buffer in
            #expect(Baseline.lastValue.forecast(history: buffer, horizon: .minute) == Double(2879 % 7))
            #expect(Baseline.seasonalNaive.forecast(history: buffer, horizon: .minute) == Double(1440 % 7))
            let lastHour = (2820..<2880).reduce(0.0) { $0 + Double($1 % 7) }
            #expect(Baseline.lastValue.forecast(history: buffer, horizon: .hour) == lastHour)
        }
        // A straight line is extrapolated exactly.
        let line = (0..<2880).map { Float($0) / 100 }
        line.withUnsafeBufferPointer { buffer in
            let next = Baseline.linearTrend.forecast(history: buffer, horizon: .minute)
            #expect(abs(next - 28.80) < 1e-3)
        }
    }
}
