// The rows both engines store: an 8-byte big-endian unsigned key (so byte order is numeric
// order, which is what HeliosDB's trees compare and what SQLite's INTEGER PRIMARY KEY sorts by)
// and a 100-byte value of pseudo-random bytes. Keys are numbers below 2^63, so they fit SQLite's
// signed 64-bit rowid unchanged.

/// The shape of a benchmark row.
enum RowShape {
    static let keyByteCount = 8
    static let valueByteCount = 100

    /// The key as HeliosDB stores it.
    static func keyBytes(_ key: UInt64) -> [UInt8] {
        withUnsafeBytes(of: key.bigEndian) { Array($0) }
    }

    /// A fresh value, drawn from `random`.
    static func valueBytes(_ random: inout SplitMix64) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: valueByteCount) { buffer, count in
            fillValue(UnsafeMutableRawBufferPointer(buffer), &random)
            count = valueByteCount
        }
    }

    /// Fills `value` (of `valueByteCount` bytes) from `random`: 13 draws, the last one cut short.
    static func fillValue(_ value: UnsafeMutableRawBufferPointer, _ random: inout SplitMix64) {
        precondition(value.count == valueByteCount, "a value is \(valueByteCount) bytes")
        var offset = 0
        while offset < valueByteCount {
            let word = random.next()
            let byteCount = min(8, valueByteCount - offset)
            withUnsafeBytes(of: word) { bytes in
                value.baseAddress!.advanced(by: offset).copyMemory(from: bytes.baseAddress!, byteCount: byteCount)
            }
            offset += byteCount
        }
    }

    /// Decodes a key stored by HeliosDB.
    static func decodeKey(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        precondition(bytes.count == keyByteCount, "a key is \(keyByteCount) bytes")
        return UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self))
    }
}

/// One row's key and value in reusable memory, so that writing a row allocates nothing.
/// Owned by one thread.
final class RowScratch {
    let key = UnsafeMutableRawBufferPointer.allocate(byteCount: RowShape.keyByteCount, alignment: 8)
    let value = UnsafeMutableRawBufferPointer.allocate(byteCount: RowShape.valueByteCount, alignment: 8)

    deinit {
        key.deallocate()
        value.deallocate()
    }

    /// Stores `number` as the key, big-endian.
    func setKey(_ number: UInt64) {
        key.storeBytes(of: number.bigEndian, as: UInt64.self)
    }

    /// Draws a fresh value.
    func fillValue(_ random: inout SplitMix64) {
        RowShape.fillValue(value, &random)
    }

    var keyBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(key) }
    var valueBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(value) }
}
