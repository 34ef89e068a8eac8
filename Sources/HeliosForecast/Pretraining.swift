// Pre-training before real users arrive: the model learns on synthetic series of every shape
// (SyntheticTraces), seeds apart from the ones the evaluation holds out. The same plan always
// gives the same model, bit for bit.

/// What to pre-train on and how.
package struct PretrainingPlan: Sendable {
    package var firstSeed: UInt64 = 1
    package var seriesPerShape = 24
    package var days = 6
    /// A sample every `stride` minutes of each series.
    package var stride = 5
    package var options = TrainingOptions(epochs: 30)
    package var modelSeed: UInt64 = 42

    package init() {}

    /// The training corpus.
    package var corpus: [SyntheticSeries] {
        SyntheticSeries.corpus(firstSeed: firstSeed, perShape: seriesPerShape, days: days)
    }

    /// Trains a fresh model on the corpus.
    package func run() -> (model: ForecastModel, losses: [Double], sampleCount: Int) {
        let set = TrainingSet.make(from: corpus, stride: stride)
        var model = ForecastModel(seed: modelSeed)
        let losses = model.train(on: set, options: options)
        return (model, losses, set.count)
    }
}
