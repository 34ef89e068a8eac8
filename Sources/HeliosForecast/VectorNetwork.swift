// What the float network (MLP) and its int8 form (QuantizedMLP) share: run on raw buffers,
// and the array convenience built on that (tests and training use it).

package protocol VectorNetwork {
    var inputCount: Int { get }
    var outputCount: Int { get }
    /// The outputs for `input` (`inputCount` floats) into `output` (`outputCount` floats).
    func predict(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>)
}

extension VectorNetwork {
    /// The outputs for one input vector.
    package func predict(_ input: [Float]) -> [Float] {
        precondition(input.count == inputCount, "input has \(input.count) values, not \(inputCount)")
        var output = [Float](repeating: 0, count: outputCount)
        input.withUnsafeBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                predict(input: inputBuffer.baseAddress!, output: outputBuffer.baseAddress!)
            }
        }
        return output
    }
}
