// The int8 network against its float reference, on the feature vectors of real (synthetic)
// series: every output within 0.08 (outputs are scaled rates, around 1, so this is under 10% of
// a typical forecast), and on average within 0.01. Measured: at most 0.03 to 0.05.

import HeliosForecast
import Testing

@Suite struct QuantizedMLPTests {
    @Test func int8OutputsMatchFloatWithinTolerance() {
        var model = ForecastModel(seed: 7)
        let corpus = SyntheticSeries.corpus(firstSeed: 5, perShape: 1, days: 4)
        model.train(on: TrainingSet.make(from: corpus, stride: 60), options: TrainingOptions(epochs: 3, seed: 7))
        var worst: Float = 0
        var total: Float = 0
        var count = 0
        for series in corpus {
            for t in stride(from: 2880, to: series.counts.count, by: 53) {
                let (features, _) = ForecastFeatures.vector(series: series.counts, at: t, firstMinute: series.firstMinute)
                let reference = model.network.predict(features)
                let quantized = model.quantized.predict(features)
                for index in reference.indices {
                    let difference = abs(reference[index] - quantized[index])
                    worst = max(worst, difference)
                    total += difference
                    count += 1
                }
            }
        }
        #expect(count > 100)
        #expect(worst <= 0.08, "largest int8 - float difference \(worst)")
        #expect(total / Float(count) <= 0.01, "mean int8 - float difference \(total / Float(count))")
    }

    @Test func zeroInputGivesTheBiasesThroughTheNetwork() {
        let network = MLP(layerSizes: [20, 16, 3], seed: 3)
        let quantized = QuantizedMLP(network)
        let input = [Float](repeating: 0, count: 20)
        let reference = network.predict(input)
        let result = quantized.predict(input)
        for index in reference.indices { #expect(abs(reference[index] - result[index]) < 1e-5) }
    }

    @Test func paddedLayersMatchFloat() {
        // 21 and 19 columns are not multiples of 16: the padding lanes must stay zero.
        let network = MLP(layerSizes: [21, 19, 5], seed: 11)
        let quantized = QuantizedMLP(network)
        var random = ForecastRandom(seed: 4)
        for _ in 0..<50 {
            let input = (0..<21).map { _ in Float(random.uniform(-2...2)) }
            let reference = network.predict(input)
            let result = quantized.predict(input)
            let scale = max(1, reference.map(abs).max() ?? 1)
            for index in reference.indices { #expect(abs(reference[index] - result[index]) <= 0.05 * scale) }
        }
    }
}
