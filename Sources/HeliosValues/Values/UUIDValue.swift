// UUIDValue: the 16 bytes of a uuid, held as two big-endian words so that comparing the words
// compares the bytes in order, as PostgreSQL's uuid_cmp (memcmp) does.

/// A uuid: 128 bits, ordered bytewise.
public struct UUIDValue: Hashable, Comparable, Sendable {
    /// Bytes 0...7, most significant first.
    public var high: UInt64
    /// Bytes 8...15, most significant first.
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The uuid whose bytes are `bytes`; nil unless there are exactly 16.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<8 { high = high << 8 | UInt64(bytes[index]) }
        for index in 8..<16 { low = low << 8 | UInt64(bytes[index]) }
        self.init(high: high, low: low)
    }

    /// The 16 bytes in order.
    public var bytes: [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(16)
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: low >> UInt64(shift))) }
        return result
    }

    public static func < (left: UUIDValue, right: UUIDValue) -> Bool {
        left.high != right.high ? left.high < right.high : left.low < right.low
    }
}
