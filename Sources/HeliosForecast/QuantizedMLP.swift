// The network as it runs in the database: int8 weights with one scale per row (symmetric:
// w ≈ scale_row × q, q in -127...127), activations quantised to int8 per vector on the fly
// (x ≈ scale_x × q), products summed in 32-bit integers 16 lanes at a time, then
//   y_row = scale_x × scale_row × Σ q_w q_x + bias_row.
// 127 × 127 × (inputs) stays far inside Int32 for any layer this module builds. Each layer's
// input is padded with zeros to a multiple of 16 so every row is whole SIMD16 chunks.
// The float MLP stays the reference: QuantizedMLPTests bounds the difference.

/// An int8, SIMD form of an MLP, for inference only.
package struct QuantizedMLP: Sendable, VectorNetwork {
    struct Layer: Sendable {
        let rows: Int
        let columns: Int
        /// SIMD16 chunks per row: columns rounded up to 16, divided by 16.
        let chunks: Int
        /// rows × chunks, row-major; the padding lanes are 0.
        let weights: [SIMD16<Int8>]
        let rowScales: [Float]
        let biases: [Float]
        let relu: Bool
    }

    let layers: [Layer]
    package let inputCount: Int
    package let outputCount: Int
    /// Floats of scratch a prediction needs per buffer.
    private let widest: Int

    /// Quantises `model`.
    package init(_ model: MLP) {
        var layers: [Layer] = []
        for layer in 0..<model.layerCount {
            let columns = model.layerSizes[layer]
            let rows = model.layerSizes[layer + 1]
            let chunks = (columns + 15) / 16
            var packed = [SIMD16<Int8>](repeating: .zero, count: rows * chunks)
            var scales = [Float](repeating: 0, count: rows)
            for row in 0..<rows {
                let weights = model.weights[layer][(row * columns)..<((row + 1) * columns)]
                let largest = weights.reduce(Float(0)) { max($0, abs($1)) }
                let scale = largest > 0 ? largest / 127 : 1
                scales[row] = scale
                for (column, weight) in weights.enumerated() {
                    let quantised = Int8(clamping: Int((weight / scale).rounded()))
                    packed[row * chunks + column / 16][column % 16] = quantised
                }
            }
            layers.append(Layer(rows: rows, columns: columns, chunks: chunks, weights: packed, rowScales: scales,
                                biases: model.biases[layer], relu: layer < model.layerCount - 1))
        }
        self.layers = layers
        inputCount = model.inputCount
        outputCount = model.outputCount
        widest = layers.reduce(0) { max($0, $1.chunks * 16, $1.rows) }
    }

    /// The outputs for `input` (`inputCount` floats) into `output` (`outputCount` floats).
    /// Allocates nothing on the heap.
    package func predict(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let widest = widest
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * widest) { floats in
            withUnsafeTemporaryAllocation(of: Int8.self, capacity: widest + 16) { quantised in
                let current = floats.baseAddress!
                let next = current + widest
                current.update(repeating: 0, count: 2 * widest)
                current.update(from: input, count: inputCount)
                var source = current
                var destination = next
                for (index, layer) in layers.enumerated() {
                    let isLast = index == layers.count - 1
                    let target = isLast ? output : destination
                    Self.run(layer, input: source, quantised: quantised.baseAddress!, output: target)
                    if !isLast {
                        // Zero the padding lanes the next layer reads.
                        for lane in layer.rows..<(layers[index + 1].chunks * 16) { target[lane] = 0 }
                        swap(&source, &destination)
                    }
                }
            }
        }
    }

    private static func run(_ layer: Layer, input: UnsafeMutablePointer<Float>,
                            quantised lanes: UnsafeMutablePointer<Int8>, output: UnsafeMutablePointer<Float>) {
        // Quantising the activations is a scalar loop on purpose: the stdlib's generic
        // SIMD16<Float> max and float-to-integer conversions are not specialised and cost ten
        // times more (2.4 µs against 0.2 µs for 80 values).
        let width = layer.chunks * 16
        var maximum: Float = 0
        for index in 0..<width { maximum = max(maximum, abs(input[index])) }
        guard maximum > 0, maximum.isFinite else {
            for row in 0..<layer.rows { output[row] = layer.relu ? max(0, layer.biases[row]) : layer.biases[row] }
            return
        }
        let inputScale = maximum / 127
        let inverse = 127 / maximum
        for index in 0..<width {
            // |input × inverse| ≤ 127, so adding 128.5 and truncating rounds half up in 1...255.
            lanes[index] = Int8(truncatingIfNeeded: Int32(input[index] * inverse + 128.5) - 128)
        }
        let quantised = UnsafeRawPointer(lanes)
        layer.weights.withUnsafeBufferPointer { weights in
            layer.rowScales.withUnsafeBufferPointer { scales in
                layer.biases.withUnsafeBufferPointer { biases in
                    for row in 0..<layer.rows {
                        var sum = SIMD16<Int32>.zero
                        let rowStart = row * layer.chunks
                        for chunk in 0..<layer.chunks {
                            sum &+= SIMD16<Int32>(truncatingIfNeeded: weights[rowStart + chunk])
                                &* SIMD16<Int32>(truncatingIfNeeded: quantised.loadUnaligned(
                                    fromByteOffset: 16 * chunk, as: SIMD16<Int8>.self))
                        }
                        let value = Float(sum.wrappedSum()) * inputScale * scales[row] + biases[row]
                        output[row] = layer.relu ? max(0, value) : value
                    }
                }
            }
        }
    }
}
