// Training is a pure function of its data and seed: the same seed gives the same weights bit
// for bit (one thread, a seeded shuffle), another seed other weights.

import HeliosForecast
import Testing

@Suite struct TrainingDeterminismTests {
    static func trained(seed: UInt64) -> ForecastModel {
        let set = TrainingSet.make(from: SyntheticSeries.corpus(firstSeed: 3, perShape: 1, days: 4), stride: 90)
        var model = ForecastModel(seed: 1)
        model.train(on: set, options: TrainingOptions(epochs: 2, batchSize: 16, seed: seed))
        return model
    }

    @Test func sameSeedGivesIdenticalWeights() {
        let first = Self.trained(seed: 9)
        let second = Self.trained(seed: 9)
        #expect(first.network == second.network)
        #expect(first.bytes == second.bytes)
    }

    @Test func anotherSeedGivesOtherWeights() {
        #expect(Self.trained(seed: 9).network != Self.trained(seed: 10).network)
    }

    @Test func trainingLowersTheLoss() {
        let set = TrainingSet.make(from: SyntheticSeries.corpus(firstSeed: 3, perShape: 1, days: 4), stride: 30)
        var model = ForecastModel(seed: 1)
        let losses = model.train(on: set, options: TrainingOptions(epochs: 4, seed: 2))
        #expect(losses.count == 4)
        #expect(losses.last! < losses.first!)
    }

    @Test func syntheticSeriesAreDeterministic() {
        let a = SyntheticSeries(shape: .spikes, seed: 12, days: 3)
        let b = SyntheticSeries(shape: .spikes, seed: 12, days: 3)
        let c = SyntheticSeries(shape: .spikes, seed: 13, days: 3)
        #expect(a.counts == b.counts && a.firstMinute == b.firstMinute)
        #expect(a.counts != c.counts)
        #expect(a.counts.count == 3 * 1440)
    }
}
