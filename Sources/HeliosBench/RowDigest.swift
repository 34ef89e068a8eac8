// A fingerprint of the rows a workload saw. Both engines run the same workload from the same
// seed, so their digests must be equal: a mismatch means one of them returned wrong data, and
// its speed means nothing.

/// An order-sensitive fingerprint of (key, value) pairs: FNV-1a over the key and either the
/// first 8 bytes of the value (`sample`, cheap enough for timed loops) or all of it.
struct RowDigest: Equatable, CustomStringConvertible {
    private(set) var rowCount = 0
    private(set) var hash: UInt64 = 0xCBF2_9CE4_8422_2325

    /// Adds a row, hashing the key, the value's length and its first 8 bytes.
    mutating func sample(key: UInt64, value: UnsafeRawBufferPointer) {
        rowCount += 1
        mix(key)
        mix(UInt64(value.count))
        var head: UInt64 = 0
        withUnsafeMutableBytes(of: &head) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: value.prefix(8))) }
        mix(head)
    }

    /// Adds a row, hashing every byte of the value.
    mutating func full(key: UInt64, value: UnsafeRawBufferPointer) {
        rowCount += 1
        mix(key)
        mix(UInt64(value.count))
        for byte in value {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
    }

    /// Adds one value of a SQL result row (the SQL benchmark's rows are integers).
    mutating func add(_ word: UInt64) {
        mix(word)
    }

    /// Ends a SQL result row.
    mutating func countRow() {
        rowCount += 1
    }

    private mutating func mix(_ word: UInt64) {
        hash = (hash ^ word) &* 0x100_0000_01B3
    }

    var description: String {
        "\(rowCount) rows, hash \(String(hash, radix: 16))"
    }
}
