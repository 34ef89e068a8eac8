// One forecasting network with its int8 form: what a cluster owns. It reads two days of a
// series' minute counts, builds the features (ForecastFeatures), runs the int8 network, adds
// its corrections to the anchors and turns the scaled rates back into arrivals per horizon
// window. The float network is kept
// for training, for persistence and as the reference path.

/// A trained forecaster network for one cluster.
public struct ForecastModel: Sendable {
    /// 80 features → 32 → 32 → one output per horizon.
    package static let layerSizes = [ForecastFeatures.count, 32, 32, ForecastHorizon.allCases.count]

    package private(set) var network: MLP
    package private(set) var quantized: QuantizedMLP

    /// Which arithmetic a forecast runs in.
    package enum Precision: Sendable {
        case int8
        case float
    }

    package init(network: MLP) {
        precondition(network.layerSizes == Self.layerSizes, "the network does not have the forecaster's shape")
        self.network = network
        quantized = QuantizedMLP(network)
    }

    /// An untrained model with weights drawn from `seed`; its output layer starts small, so
    /// it starts close to the anchors.
    package init(seed: UInt64) {
        var network = MLP(layerSizes: Self.layerSizes, seed: seed)
        let last = network.layerCount - 1
        network.weights[last] = network.weights[last].map { $0 * 0.1 }
        self.init(network: network)
    }

    /// A model from its stored bytes (ModelFormat).
    public init(bytes: [UInt8]) throws(ForecastModelError) {
        let network = try ModelFormat.decode(bytes)
        guard network.layerSizes == Self.layerSizes else {
            throw .invalidShape("layer sizes \(network.layerSizes), expected \(Self.layerSizes)")
        }
        self.init(network: network)
    }

    /// The stored form (ModelFormat).
    public var bytes: [UInt8] { ModelFormat.encode(network) }

    /// Trains the float network further on `set`, then quantises it again.
    @discardableResult
    package mutating func train(on set: TrainingSet, options: TrainingOptions) -> [Double] {
        let losses = network.train(on: set, options: options)
        quantized = QuantizedMLP(network)
        return losses
    }

    /// Arrivals expected in each horizon's window (in ForecastHorizon order) after the history
    /// `history` (the 2880 minutes before `minute`), written to `out`.
    package func forecast(history: UnsafeBufferPointer<Float>, minute: Int64, precision: Precision = .int8,
                          into out: UnsafeMutablePointer<Double>) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: ForecastFeatures.count + 4) { buffer in
            let features = buffer.baseAddress!
            let outputs = features + ForecastFeatures.count
            let scale = ForecastFeatures.write(history: history, minute: minute, into: features)
            switch precision {
            case .int8: quantized.predict(input: features, output: outputs)
            case .float: network.predict(input: features, output: outputs)
            }
            withUnsafeTemporaryAllocation(of: Float.self, capacity: ForecastHorizon.allCases.count) { anchors in
                ForecastFeatures.writeAnchors(features: features, into: anchors.baseAddress!)
                for horizon in ForecastHorizon.allCases {
                    let rate = anchors[horizon.rawValue] + outputs[horizon.rawValue]
                    out[horizon.rawValue] = Double(max(0, rate)) * Double(scale) * Double(horizon.minutes)
                }
            }
        }
    }

    /// The forecasts of every horizon at position `t` of `series` (index 0 is `firstMinute`).
    package func forecast(series: [Float], at t: Int, firstMinute: Int64, precision: Precision = .int8) -> [Double] {
        precondition(t >= ForecastFeatures.historyMinutes && t <= series.count, "not enough history")
        var out = [Double](repeating: 0, count: ForecastHorizon.allCases.count)
        series.withUnsafeBufferPointer { buffer in
            out.withUnsafeMutableBufferPointer { result in
                forecast(history: UnsafeBufferPointer(rebasing: buffer[(t - ForecastFeatures.historyMinutes)..<t]),
                         minute: firstMinute + Int64(t), precision: precision, into: result.baseAddress!)
            }
        }
        return out
    }
}
