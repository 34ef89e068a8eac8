// The stored form of a forecast model, so the engine can keep models in the data directory.
// All integers and floats little-endian; the float weights are stored (not the int8 ones), so a
// loaded model can go on training and is quantised again on load, which is deterministic.
//
// | offset      | size        | field                                                    |
// |-------------|-------------|----------------------------------------------------------|
// | 0           | 4           | magic "HFCM"                                             |
// | 4           | 2           | format version, 1                                        |
// | 6           | 2           | feature layout, 1 (ForecastFeatures as documented)       |
// | 8           | 2           | n, the number of layer sizes (2...8)                     |
// | 10          | 2 n         | layer sizes, each 1...4096                               |
// | 10 + 2n     | 4 Σ (r c+r) | per layer: r × c weights (row-major), then r biases, f32 |
// | end - 4     | 4           | CRC-32C of every byte before it                          |

/// Encoding and decoding of stored models.
public enum ModelFormat {
    package static let magic: [UInt8] = Array("HFCM".utf8)
    package static let version: UInt16 = 1
    package static let featureLayout: UInt16 = 1
    static let maximumLayerSizes = 8
    static let maximumLayerSize = 4096

    /// The bytes of `model`.
    package static func encode(_ model: MLP) -> [UInt8] {
        var bytes = magic
        append(version, to: &bytes)
        append(featureLayout, to: &bytes)
        append(UInt16(model.layerSizes.count), to: &bytes)
        for size in model.layerSizes { append(UInt16(size), to: &bytes) }
        for layer in 0..<model.layerCount {
            for weight in model.weights[layer] { append(weight.bitPattern, to: &bytes) }
            for bias in model.biases[layer] { append(bias.bitPattern, to: &bytes) }
        }
        append(CRC32C.checksum(bytes[...]), to: &bytes)
        return bytes
    }

    /// The model stored in `bytes`, after checking magic, versions, length and checksum.
    package static func decode(_ bytes: [UInt8]) throws(ForecastModelError) -> MLP {
        guard bytes.count >= 10 + 4 else { throw .truncated(needed: 14, actual: bytes.count) }
        guard Array(bytes[0..<4]) == magic else { throw .badMagic }
        let storedVersion = read(UInt16.self, bytes, at: 4)
        guard storedVersion == version else { throw .unsupportedVersion(storedVersion) }
        let storedLayout = read(UInt16.self, bytes, at: 6)
        guard storedLayout == featureLayout else { throw .unsupportedFeatureLayout(storedLayout) }
        let sizeCount = Int(read(UInt16.self, bytes, at: 8))
        guard (2...maximumLayerSizes).contains(sizeCount) else { throw .invalidShape("\(sizeCount) layer sizes") }
        let headerLength = 10 + 2 * sizeCount
        guard bytes.count >= headerLength + 4 else { throw .truncated(needed: headerLength + 4, actual: bytes.count) }
        let sizes = (0..<sizeCount).map { Int(read(UInt16.self, bytes, at: 10 + 2 * $0)) }
        guard sizes.allSatisfy({ (1...maximumLayerSize).contains($0) }) else { throw .invalidShape("layer sizes \(sizes)") }
        var parameterCount = 0
        for layer in 0..<(sizeCount - 1) { parameterCount += sizes[layer + 1] * (sizes[layer] + 1) }
        let expected = headerLength + 4 * parameterCount + 4
        guard bytes.count >= expected else { throw .truncated(needed: expected, actual: bytes.count) }
        guard bytes.count == expected else { throw .trailingBytes(expected: expected, actual: bytes.count) }
        let stored = read(UInt32.self, bytes, at: expected - 4)
        let computed = CRC32C.checksum(bytes[0..<(expected - 4)])
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
        var offset = headerLength
        var weights: [[Float]] = []
        var biases: [[Float]] = []
        for layer in 0..<(sizeCount - 1) {
            let rows = sizes[layer + 1]
            let columns = sizes[layer]
            weights.append((0..<(rows * columns)).map { Float(bitPattern: read(UInt32.self, bytes, at: offset + 4 * $0)) })
            offset += 4 * rows * columns
            biases.append((0..<rows).map { Float(bitPattern: read(UInt32.self, bytes, at: offset + 4 * $0)) })
            offset += 4 * rows
        }
        return try MLP(layerSizes: sizes, weights: weights, biases: biases)
    }

    private static func append<Integer: FixedWidthInteger>(_ value: Integer, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A little-endian integer at `offset`; callers have checked the length.
    private static func read<Integer: FixedWidthInteger>(_ type: Integer.Type, _ bytes: [UInt8], at offset: Int) -> Integer {
        precondition(offset >= 0 && offset + MemoryLayout<Integer>.size <= bytes.count, "read past the model's bytes")
        var value: Integer = 0
        for index in 0..<MemoryLayout<Integer>.size {
            value |= Integer(truncatingIfNeeded: bytes[offset + index]) << (8 * index)
        }
        return value
    }
}
