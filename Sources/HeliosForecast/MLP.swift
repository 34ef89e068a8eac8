// The forecasting network in float: fully connected layers, ReLU between them, a linear output
// layer. This is the reference the int8 model (QuantizedMLP) is checked against and the form
// that trains (MLP+Training) and persists (ModelFormat).
//
// Invariants: 1. layerSizes has at least two entries, all positive; 2. weights[l] holds
// layerSizes[l + 1] rows of layerSizes[l] floats, row-major, and biases[l] layerSizes[l + 1];
// 3. every parameter is finite.

/// A multilayer perceptron with ReLU hidden layers.
package struct MLP: Sendable, Equatable, VectorNetwork {
    package private(set) var layerSizes: [Int]
    /// weights[l][row * layerSizes[l] + column]
    package var weights: [[Float]]
    package var biases: [[Float]]

    /// A network with He-uniform random weights and zero biases, drawn from `seed`.
    package init(layerSizes: [Int], seed: UInt64) {
        precondition(layerSizes.count >= 2 && layerSizes.allSatisfy { $0 > 0 }, "invariant 1")
        self.layerSizes = layerSizes
        var random = ForecastRandom(seed: seed)
        weights = []
        biases = []
        for layer in 0..<(layerSizes.count - 1) {
            let fanIn = layerSizes[layer]
            let limit = (6.0 / Double(fanIn)).squareRoot()
            weights.append((0..<(fanIn * layerSizes[layer + 1])).map { _ in Float(random.uniform(-limit...limit)) })
            biases.append([Float](repeating: 0, count: layerSizes[layer + 1]))
        }
    }

    /// A network from stored parameters; checks invariants 1 to 3.
    package init(layerSizes: [Int], weights: [[Float]], biases: [[Float]]) throws(ForecastModelError) {
        guard layerSizes.count >= 2, layerSizes.allSatisfy({ $0 > 0 }),
              weights.count == layerSizes.count - 1, biases.count == layerSizes.count - 1 else {
            throw .invalidShape("layer sizes \(layerSizes) do not match \(weights.count) weight matrices")
        }
        for layer in 0..<weights.count {
            guard weights[layer].count == layerSizes[layer] * layerSizes[layer + 1],
                  biases[layer].count == layerSizes[layer + 1] else {
                throw .invalidShape("layer \(layer) has \(weights[layer].count) weights and \(biases[layer].count) biases")
            }
            guard weights[layer].allSatisfy(\.isFinite), biases[layer].allSatisfy(\.isFinite) else {
                throw .invalidShape("layer \(layer) has a parameter that is not finite")
            }
        }
        self.layerSizes = layerSizes
        self.weights = weights
        self.biases = biases
    }

    package var inputCount: Int { layerSizes[0] }
    package var outputCount: Int { layerSizes[layerSizes.count - 1] }
    package var layerCount: Int { layerSizes.count - 1 }
    package var parameterCount: Int { zip(weights, biases).reduce(0) { $0 + $1.0.count + $1.1.count } }

    /// The outputs for `input` (`inputCount` floats) into `output` (`outputCount` floats).
    package func predict(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let widest = layerSizes.max() ?? 0
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * widest) { scratch in
            let base = scratch.baseAddress!
            var current = UnsafePointer(base)
            var next = base + widest
            base.update(from: input, count: inputCount)
            for layer in 0..<layerCount {
                let isLast = layer == layerCount - 1
                let destination = isLast ? output : next
                Self.affine(weights[layer], biases[layer], input: current, columns: layerSizes[layer],
                            output: destination, relu: !isLast)
                current = UnsafePointer(destination)
                next = destination == base ? base + widest : base
            }
        }
    }

    /// output = W x + b, then max(0, ·) when `relu`.
    static func affine(_ weights: [Float], _ biases: [Float], input: UnsafePointer<Float>, columns: Int,
                       output: UnsafeMutablePointer<Float>, relu: Bool) {
        weights.withUnsafeBufferPointer { w in
            for row in 0..<biases.count {
                var sum = biases[row]
                let rowStart = w.baseAddress! + row * columns
                for column in 0..<columns { sum += rowStart[column] * input[column] }
                output[row] = relu ? max(0, sum) : sum
            }
        }
    }
}
