// Training by minibatch gradient descent with Adam (Kingma and Ba, 2015) on the Huber loss of
// the scaled targets. The Huber loss is quadratic near zero and linear beyond `huberDelta`, so
// it estimates close to the median, as the evaluation's absolute error rewards, yet has a
// smooth gradient. Deterministic: one thread, the sample order shuffled from the options' seed,
// so the same seed and data give the same weights bit for bit.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How to train.
package struct TrainingOptions: Sendable {
    package var epochs = 12
    package var batchSize = 64
    package var learningRate: Float = 2e-3
    /// The learning rate falls linearly to this fraction of itself by the last step.
    package var finalLearningRateFraction: Float = 0.1
    package var huberDelta: Float = 0.1
    package var seed: UInt64 = 1

    package init(epochs: Int = 12, batchSize: Int = 64, learningRate: Float = 2e-3, seed: UInt64 = 1) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.seed = seed
    }
}

extension MLP {
    /// Trains on `set` and returns the mean loss of each epoch (each sample's Huber loss times
    /// its weight, as it is minimised).
    @discardableResult
    package mutating func train(on set: TrainingSet, options: TrainingOptions) -> [Double] {
        precondition(set.featureCount == inputCount && set.targetCount == outputCount, "training set does not fit the network")
        guard set.count > 0, options.epochs > 0 else { return [] }
        var state = AdamState(model: self)
        var random = ForecastRandom(seed: options.seed)
        var order = Array(0..<set.count)
        let batchSize = max(1, options.batchSize)
        let batchesPerEpoch = (set.count + batchSize - 1) / batchSize
        let totalSteps = Float(batchesPerEpoch * options.epochs)
        var losses: [Double] = []
        var scratch = BackpropScratch(layerSizes: layerSizes)
        for _ in 0..<options.epochs {
            for index in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(index, random.index(below: index + 1))
            }
            var epochLoss = 0.0
            var start = 0
            while start < order.count {
                let end = min(order.count, start + batchSize)
                scratch.clearGradients()
                for position in start..<end {
                    epochLoss += accumulateGradient(set: set, sample: order[position], delta: options.huberDelta,
                                                    weight: set.weights[order[position]] / Float(end - start),
                                                    scratch: &scratch)
                }
                let progress = Float(state.step) / totalSteps
                let rate = options.learningRate * (1 - (1 - options.finalLearningRateFraction) * progress)
                state.apply(gradients: scratch, to: &self, learningRate: rate)
                start = end
            }
            losses.append(epochLoss / Double(set.count))
        }
        return losses
    }

    /// Forward and backward pass of one sample; adds its gradient (times `weight`) to `scratch`
    /// and returns its loss.
    private func accumulateGradient(set: TrainingSet, sample: Int, delta: Float, weight: Float,
                                    scratch: inout BackpropScratch) -> Double {
        let layers = layerCount
        var loss = 0.0
        set.features.withUnsafeBufferPointer { features in
            set.targets.withUnsafeBufferPointer { targets in
                let input = features.baseAddress! + sample * set.featureCount
                let target = targets.baseAddress! + sample * set.targetCount
                // Forward, keeping each layer's output.
                for layer in 0..<layers {
                    let source: UnsafePointer<Float> = layer == 0 ? input : UnsafePointer(scratch.activations[layer - 1])
                    Self.affine(weights[layer], biases[layer], input: source, columns: layerSizes[layer],
                                output: scratch.activations[layer], relu: layer < layers - 1)
                }
                // Loss and its gradient at the output.
                let output = scratch.activations[layers - 1]
                let outputDelta = scratch.deltas[layers - 1]
                for index in 0..<outputCount {
                    guard !target[index].isNaN else {
                        outputDelta[index] = 0  // no target for this horizon
                        continue
                    }
                    let error = output[index] - target[index]
                    if abs(error) <= delta {
                        loss += Double(0.5 * error * error)
                        outputDelta[index] = error * weight
                    } else {
                        loss += Double(delta * (abs(error) - 0.5 * delta))
                        outputDelta[index] = (error > 0 ? delta : -delta) * weight
                    }
                }
                // Backward.
                for layer in stride(from: layers - 1, through: 0, by: -1) {
                    let columns = layerSizes[layer]
                    let rows = layerSizes[layer + 1]
                    let source: UnsafePointer<Float> = layer == 0 ? input : UnsafePointer(scratch.activations[layer - 1])
                    let layerDelta = scratch.deltas[layer]
                    let weightGradient = scratch.weightGradients[layer]
                    let biasGradient = scratch.biasGradients[layer]
                    for row in 0..<rows {
                        let d = layerDelta[row]
                        if d == 0 { continue }
                        biasGradient[row] += d
                        let gradientRow = weightGradient + row * columns
                        for column in 0..<columns { gradientRow[column] += d * source[column] }
                    }
                    if layer > 0 {
                        let previousDelta = scratch.deltas[layer - 1]
                        let previousActivation = scratch.activations[layer - 1]
                        for column in 0..<columns { previousDelta[column] = 0 }
                        weights[layer].withUnsafeBufferPointer { w in
                            for row in 0..<rows {
                                let d = layerDelta[row]
                                if d == 0 { continue }
                                let weightRow = w.baseAddress! + row * columns
                                for column in 0..<columns { previousDelta[column] += d * weightRow[column] }
                            }
                        }
                        for column in 0..<columns where previousActivation[column] <= 0 { previousDelta[column] = 0 }
                    }
                }
            }
        }
        return loss * Double(set.weights[sample])
    }
}

/// Buffers for one backward pass, allocated once per training run.
// Memory is freed by `release()` at the end of train; the struct never escapes it.
struct BackpropScratch {
    var activations: [UnsafeMutablePointer<Float>] = []
    var deltas: [UnsafeMutablePointer<Float>] = []
    var weightGradients: [UnsafeMutablePointer<Float>] = []
    var biasGradients: [UnsafeMutablePointer<Float>] = []
    let layerSizes: [Int]
    private let owner: ScratchOwner

    init(layerSizes: [Int]) {
        self.layerSizes = layerSizes
        let owner = ScratchOwner()
        for layer in 0..<(layerSizes.count - 1) {
            activations.append(owner.allocate(layerSizes[layer + 1]))
            deltas.append(owner.allocate(layerSizes[layer + 1]))
            weightGradients.append(owner.allocate(layerSizes[layer] * layerSizes[layer + 1]))
            biasGradients.append(owner.allocate(layerSizes[layer + 1]))
        }
        self.owner = owner
    }

    func clearGradients() {
        for layer in 0..<(layerSizes.count - 1) {
            weightGradients[layer].update(repeating: 0, count: layerSizes[layer] * layerSizes[layer + 1])
            biasGradients[layer].update(repeating: 0, count: layerSizes[layer + 1])
        }
    }
}

/// Owns the scratch memory and frees it when the last copy of the scratch goes away.
final class ScratchOwner {
    private var blocks: [UnsafeMutablePointer<Float>] = []

    func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        let block = UnsafeMutablePointer<Float>.allocate(capacity: count)
        block.initialize(repeating: 0, count: count)
        blocks.append(block)
        return block
    }

    deinit {
        for block in blocks { block.deallocate() }
    }
}

/// Adam's moment estimates for every parameter.
struct AdamState {
    var firstMoments: [[Float]]
    var secondMoments: [[Float]]
    var biasFirstMoments: [[Float]]
    var biasSecondMoments: [[Float]]
    var step = 0
    let beta1: Float = 0.9
    let beta2: Float = 0.999
    let epsilon: Float = 1e-8

    init(model: MLP) {
        firstMoments = model.weights.map { [Float](repeating: 0, count: $0.count) }
        secondMoments = firstMoments
        biasFirstMoments = model.biases.map { [Float](repeating: 0, count: $0.count) }
        biasSecondMoments = biasFirstMoments
    }

    mutating func apply(gradients: BackpropScratch, to model: inout MLP, learningRate: Float) {
        step += 1
        let correction1 = 1 - pow(beta1, Float(step))
        let correction2 = 1 - pow(beta2, Float(step))
        let rate = learningRate * correction2.squareRoot() / correction1
        for layer in 0..<model.layerCount {
            Self.update(&model.weights[layer], gradient: gradients.weightGradients[layer],
                        first: &firstMoments[layer], second: &secondMoments[layer],
                        rate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon)
            Self.update(&model.biases[layer], gradient: gradients.biasGradients[layer],
                        first: &biasFirstMoments[layer], second: &biasSecondMoments[layer],
                        rate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon)
        }
    }

    private static func update(_ parameters: inout [Float], gradient: UnsafeMutablePointer<Float>,
                               first: inout [Float], second: inout [Float],
                               rate: Float, beta1: Float, beta2: Float, epsilon: Float) {
        let count = parameters.count
        parameters.withUnsafeMutableBufferPointer { p in
            first.withUnsafeMutableBufferPointer { m in
                second.withUnsafeMutableBufferPointer { v in
                    for index in 0..<count {
                        let g = gradient[index]
                        m[index] = beta1 * m[index] + (1 - beta1) * g
                        v[index] = beta2 * v[index] + (1 - beta2) * g * g
                        p[index] -= rate * m[index] / (v[index].squareRoot() + epsilon)
                    }
                }
            }
        }
    }
}
