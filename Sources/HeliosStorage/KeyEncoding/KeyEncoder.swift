// Memcomparable keys: the key columns of a row, encoded so that comparing two keys as bytes
// (memcmp, then the shorter first) orders them exactly as SQL orders the rows. B+ trees compare
// keys this way and never look at values.
//
// Format version 1. A key is its components in column order, with nothing between or after
// them. Each component is self-delimiting and, for one column type and order, no component's
// encoding is a proper prefix of another's. So a byte comparison of two keys decides on the
// first column whose values differ, whatever lengths the earlier values had: ("a", 2) < ("ab", 1)
// and ("a", 1) < ("a", 2).
//
// A component is one tag byte, then, for a value, its payload:
//
//   tag    meaning                                      payload
//   0x01   NULL in a NULLS FIRST column                 none
//   0x02   a value                                      by type, below
//   0x03   NULL in a NULLS LAST column                  none
//
// The tag is never inverted: NULLs go first or last as the column says, in either direction
// (PostgreSQL's `DESC NULLS LAST` puts them after the smallest value). No key starts with 0x00
// or 0xFF, so the empty key sorts before every key and [0xFF] after every key.
//
// Payloads, ascending; for DESC every payload byte, terminator included, is inverted (b ^ 0xFF):
//
//   type        bytes        layout
//   Int64       8            big-endian two's complement, sign bit flipped:
//                            Int64.min = 00 00 00 00 00 00 00 00, -1 = 7F FF .. FF,
//                            0 = 80 00 .. 00, Int64.max = FF FF .. FF
//   UInt64      8            big-endian
//   Double      8            big-endian IEEE 754 bits b, canonicalised first (-0.0 becomes +0.0,
//                            every NaN becomes 7F F8 00 00 00 00 00 00); then b with its sign
//                            bit set if b is not negative, ~b if it is. Result:
//                            -inf < negatives < 0 < positives < +inf < NaN (NaN above all
//                            numbers, as in PostgreSQL)
//   Bool        1            00 false, 01 true
//   text, bytes n + z + 2    the bytes, each 00 written as 00 FF, then the terminator 00 01
//                            (n bytes, z of them 00); text is its UTF-8, compared bytewise
//
// Why the text escape orders correctly: after equal bytes, a string that ends shows 00 01,
// one that goes on shows a byte of 01 or more, or 00 FF for a 00; 00 01 is below all of these,
// so a proper prefix sorts first, and 00 FF sorts after the terminator and before every 01.
// Inverted for DESC, the terminator FF FE sorts after everything instead, so "ab" comes before
// "a". For example:
//
//   "a"       02 61 00 01              DESC  02 9E FF FE
//   "ab"      02 61 62 00 01           DESC  02 9E 9D FF FE
//   "a\0"     02 61 00 FF 00 01        DESC  02 9E FF 00 FF FE
//
// Float goes through Double, which holds every Float exactly; smaller integers go through Int64
// or UInt64. Text and bytes share a payload, so UTF-8 bytes encode as the String would.
//
// Every encoding is canonical, one byte string per key value, and the decoder accepts only
// canonical bytes; so equal keys are equal bytes and a decoded key encodes back to its input.

/// Appends key components to a byte buffer whose byte order is the SQL order of the keys.
///
/// Reuse one encoder for many keys with `removeAll(keepingCapacity:)`; appending allocates
/// nothing beyond the buffer's growth.
public struct KeyEncoder: Sendable {
    /// The version of the byte layout above; changes whenever the layout does.
    public static let formatVersion = 1

    /// The key encoded so far.
    public private(set) var bytes: [UInt8]

    public init() {
        bytes = []
    }

    public init(reservingCapacity byteCount: Int) {
        bytes = []
        bytes.reserveCapacity(byteCount)
    }

    /// Starts a new key, by default keeping the buffer for it.
    public mutating func removeAll(keepingCapacity: Bool = true) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
    }

    /// Encodes `values`, one per column, each with the order of its column.
    public static func encode(_ values: [KeyValue], orders: [KeyOrder]) -> [UInt8] {
        precondition(values.count == orders.count, "one order per key column")
        var encoder = KeyEncoder()
        for index in values.indices {
            encoder.append(values[index], order: orders[index])
        }
        return encoder.bytes
    }

    // MARK: Components

    public mutating func appendNull(order: KeyOrder) {
        bytes.append(order.nulls == .first ? KeyFormat.nullFirstTag : KeyFormat.nullLastTag)
    }

    public mutating func append(_ value: KeyValue, order: KeyOrder) {
        switch value {
        case .null: appendNull(order: order)
        case .int(let value): append(value, order: order)
        case .uint(let value): append(value, order: order)
        case .double(let value): append(value, order: order)
        case .text(let value): append(value, order: order)
        case .bytes(let value): append(value, order: order)
        case .bool(let value): append(value, order: order)
        }
    }

    /// A signed integer; smaller signed types convert to Int64 first.
    public mutating func append(_ value: Int64, order: KeyOrder) {
        bytes.append(KeyFormat.valueTag)
        appendWord(UInt64(bitPattern: value) ^ KeyFormat.signBit, order: order)
    }

    /// An Int, as the Int64 it is on every platform we run on.
    public mutating func append(_ value: Int, order: KeyOrder) {
        append(Int64(value), order: order)
    }

    /// An unsigned integer; smaller unsigned types convert to UInt64 first.
    public mutating func append(_ value: UInt64, order: KeyOrder) {
        bytes.append(KeyFormat.valueTag)
        appendWord(value, order: order)
    }

    /// A float8: -0.0 encodes as 0.0, and every NaN as one value above +infinity.
    public mutating func append(_ value: Double, order: KeyOrder) {
        bytes.append(KeyFormat.valueTag)
        appendWord(KeyFormat.orderedBits(value), order: order)
    }

    /// A float4, encoded as the Double that holds it exactly.
    public mutating func append(_ value: Float, order: KeyOrder) {
        append(Double(value), order: order)
    }

    public mutating func append(_ value: Bool, order: KeyOrder) {
        bytes.append(KeyFormat.valueTag)
        let byte: UInt8 = value ? 1 : 0
        bytes.append(order.isDescending ? ~byte : byte)
    }

    /// Text in C collation: ordered by its UTF-8 bytes.
    public mutating func append(_ value: String, order: KeyOrder) {
        bytes.append(KeyFormat.valueTag)
        let payloadStart = bytes.count
        var text = value  // withUTF8 is mutating: it makes a bridged string contiguous
        text.withUTF8 { appendEscaped($0) }
        if order.isDescending { invertBytes(from: payloadStart) }
    }

    /// A bytea, ordered bytewise.
    public mutating func append(_ value: [UInt8], order: KeyOrder) {
        bytes.append(KeyFormat.valueTag)
        let payloadStart = bytes.count
        value.withUnsafeBufferPointer { appendEscaped($0) }
        if order.isDescending { invertBytes(from: payloadStart) }
    }

    // MARK: Prefix ranges

    /// The smallest byte string greater than every byte string that starts with `prefix`, or nil
    /// if there is none (the prefix is empty or all 0xFF).
    ///
    /// The keys that start with `prefix` are exactly those in `prefix ..< successor`, so a scan
    /// for the leading columns of a composite key, or for text starting with a given string,
    /// seeks to `prefix` and stops at `successor` (or the end of the tree when it is nil).
    public static func successor(ofPrefix prefix: [UInt8]) -> [UInt8]? {
        guard let last = prefix.lastIndex(where: { $0 != 0xFF }) else { return nil }
        var result = Array(prefix[...last])
        result[last] += 1
        return result
    }

    // MARK: Private

    private mutating func appendWord(_ word: UInt64, order: KeyOrder) {
        let stored = order.isDescending ? ~word : word
        withUnsafeBytes(of: stored.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends `source` with each 00 escaped as 00 FF, then the terminator 00 01.
    private mutating func appendEscaped(_ source: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        while let zero = source[runStart...].firstIndex(of: 0) {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart...zero]))
            bytes.append(KeyFormat.escapedZeroSecondByte)
            runStart = zero + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart...]))
        bytes.append(0x00)
        bytes.append(KeyFormat.terminatorSecondByte)
    }

    private mutating func invertBytes(from start: Int) {
        bytes.withUnsafeMutableBufferPointer { buffer in
            for index in start..<buffer.count { buffer[index] = ~buffer[index] }
        }
    }
}

/// Constants and pure functions of the layout, shared by the encoder and the decoder.
enum KeyFormat {
    static let nullFirstTag: UInt8 = 0x01
    static let valueTag: UInt8 = 0x02
    static let nullLastTag: UInt8 = 0x03

    /// In an escaped payload (ascending), 00 FF is a 00 byte of the value and 00 01 ends it.
    static let escapedZeroSecondByte: UInt8 = 0xFF
    static let terminatorSecondByte: UInt8 = 0x01

    static let signBit: UInt64 = 1 << 63
    static let canonicalNaNBits: UInt64 = 0x7FF8_0000_0000_0000

    /// The bits of `value` with -0.0 made 0.0 and every NaN made the one quiet NaN we store.
    static func canonicalBits(_ value: Double) -> UInt64 {
        if value.isNaN { return canonicalNaNBits }
        if value == 0 { return 0 }
        return value.bitPattern
    }

    /// Bits whose unsigned order is the SQL order of doubles: positives (and NaN, which is the
    /// largest positive bit pattern after infinity) get the sign bit set, negatives are flipped.
    static func orderedBits(_ value: Double) -> UInt64 {
        let bits = canonicalBits(value)
        return bits & signBit == 0 ? bits | signBit : ~bits
    }

    /// The inverse of `orderedBits`; nil for bits no canonical double encodes to.
    static func double(fromOrderedBits ordered: UInt64) -> Double? {
        let bits = ordered & signBit != 0 ? ordered & ~signBit : ~ordered
        let value = Double(bitPattern: bits)
        guard canonicalBits(value) == bits else { return nil }
        return value
    }
}
