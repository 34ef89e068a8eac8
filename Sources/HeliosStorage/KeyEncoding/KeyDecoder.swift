// Reads keys written by KeyEncoder back into values, given each column's kind and order (the
// layout is drawn in KeyEncoder.swift). Keys come from pages on disk, so anything the encoder
// could not have written is corruption: the decoder throws `dataCorrupted` and never traps.
// It accepts only canonical bytes (no -0.0, one NaN, escapes as written, valid UTF-8, booleans
// 00 or 01), so a key that decodes encodes back to exactly the bytes it came from.

public import HeliosCore

/// Reads the components of a key one at a time, in column order.
///
/// The typed reads (`decodeInt64(order:)` and its siblings) return nil for NULL; `skip` passes
/// over a column without building its value, so a scan decodes only the columns it uses.
public struct KeyDecoder: Sendable {
    /// The key being read.
    public let bytes: ArraySlice<UInt8>
    /// The index in `bytes` of the next component.
    public private(set) var position: Int
    /// How many components have been started, for error messages (column numbers are 1-based).
    private var columnNumber = 0

    public init(_ bytes: [UInt8]) {
        self.init(bytes[...])
    }

    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    /// True once every byte has been read.
    public var isAtEnd: Bool { position == bytes.endIndex }

    /// Decodes a whole key: one value per column, and no bytes left over.
    public static func decode(_ bytes: [UInt8], kinds: [KeyValue.Kind], orders: [KeyOrder])
        throws(DatabaseError) -> [KeyValue]
    {
        precondition(kinds.count == orders.count, "one order per key column")
        var decoder = KeyDecoder(bytes)
        var values: [KeyValue] = []
        values.reserveCapacity(kinds.count)
        for index in kinds.indices {
            values.append(try decoder.decode(kinds[index], order: orders[index]))
        }
        guard decoder.isAtEnd else {
            throw decoder.corrupted("The key has \(bytes.count - decoder.position) bytes after its last column.")
        }
        return values
    }

    // MARK: Components

    public mutating func decode(_ kind: KeyValue.Kind, order: KeyOrder) throws(DatabaseError) -> KeyValue {
        switch kind {
        case .int: try decodeInt64(order: order).map(KeyValue.int) ?? .null
        case .uint: try decodeUInt64(order: order).map(KeyValue.uint) ?? .null
        case .double: try decodeDouble(order: order).map(KeyValue.double) ?? .null
        case .text: try decodeText(order: order).map(KeyValue.text) ?? .null
        case .bytes: try decodeBytes(order: order).map(KeyValue.bytes) ?? .null
        case .bool: try decodeBool(order: order).map(KeyValue.bool) ?? .null
        }
    }

    public mutating func decodeInt64(order: KeyOrder) throws(DatabaseError) -> Int64? {
        guard try readTag(order: order) else { return nil }
        return Int64(bitPattern: try readWord(order: order) ^ KeyFormat.signBit)
    }

    public mutating func decodeUInt64(order: KeyOrder) throws(DatabaseError) -> UInt64? {
        guard try readTag(order: order) else { return nil }
        return try readWord(order: order)
    }

    public mutating func decodeDouble(order: KeyOrder) throws(DatabaseError) -> Double? {
        guard try readTag(order: order) else { return nil }
        let ordered = try readWord(order: order)
        guard let value = KeyFormat.double(fromOrderedBits: ordered) else {
            throw corrupted("Column \(columnNumber) holds a non-canonical float (negative zero or a NaN payload).")
        }
        return value
    }

    public mutating func decodeBool(order: KeyOrder) throws(DatabaseError) -> Bool? {
        guard try readTag(order: order) else { return nil }
        guard position < bytes.endIndex else {
            throw corrupted("Column \(columnNumber) ends before its boolean byte.")
        }
        let byte = bytes[position] ^ mask(order)
        guard byte <= 1 else {
            throw corrupted("Column \(columnNumber) holds boolean byte \(hex(bytes[position])).")
        }
        position += 1
        return byte == 1
    }

    /// Text, which must be valid UTF-8.
    public mutating func decodeText(order: KeyOrder) throws(DatabaseError) -> String? {
        guard let utf8 = try decodeBytes(order: order) else { return nil }
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw corrupted("Column \(columnNumber) is not valid UTF-8.")
        }
        return text
    }

    public mutating func decodeBytes(order: KeyOrder) throws(DatabaseError) -> [UInt8]? {
        guard try readTag(order: order) else { return nil }
        let (end, byteCount) = try escapedPayloadEnd(order: order)
        let mask = mask(order)
        var result: [UInt8] = []
        result.reserveCapacity(byteCount)
        var index = position
        while index < end - 2 {
            let byte = bytes[index] ^ mask
            result.append(byte)
            index += byte == 0 ? 2 : 1  // 00 FF stands for 00
        }
        position = end
        return result
    }

    /// Passes over one component, checking its bytes as a full decode would, except that text
    /// is not checked for valid UTF-8.
    public mutating func skip(_ kind: KeyValue.Kind, order: KeyOrder) throws(DatabaseError) {
        switch kind {
        case .int, .uint:
            if try readTag(order: order) { _ = try readWord(order: order) }
        case .double: _ = try decodeDouble(order: order)
        case .bool: _ = try decodeBool(order: order)
        case .text, .bytes:
            if try readTag(order: order) { position = try escapedPayloadEnd(order: order).end }
        }
    }

    // MARK: Private

    /// Starts a component: reads its tag, true for a value and false for NULL.
    private mutating func readTag(order: KeyOrder) throws(DatabaseError) -> Bool {
        columnNumber += 1
        guard position < bytes.endIndex else {
            throw corrupted("The key ends before column \(columnNumber).")
        }
        let tag = bytes[position]
        let nullTag = order.nulls == .first ? KeyFormat.nullFirstTag : KeyFormat.nullLastTag
        guard tag == KeyFormat.valueTag || tag == nullTag else {
            throw corrupted("Column \(columnNumber) (\(order)) starts with tag byte \(hex(tag)).")
        }
        position += 1
        return tag == KeyFormat.valueTag
    }

    /// Reads 8 big-endian payload bytes, un-inverted.
    private mutating func readWord(order: KeyOrder) throws(DatabaseError) -> UInt64 {
        let available = bytes.endIndex - position
        guard available >= 8 else {
            throw corrupted("Column \(columnNumber) ends after \(available) of its 8 bytes.")
        }
        var word: UInt64 = 0
        for index in position..<(position + 8) {
            word = word << 8 | UInt64(bytes[index])
        }
        position += 8
        return order.isDescending ? ~word : word
    }

    /// Checks the escaped payload at `position`: returns the index just past its terminator and
    /// the number of value bytes it holds. Moves nothing.
    private func escapedPayloadEnd(order: KeyOrder) throws(DatabaseError) -> (end: Int, byteCount: Int) {
        let mask = mask(order)
        var index = position
        var byteCount = 0
        while true {
            guard index < bytes.endIndex else {
                throw corrupted("Column \(columnNumber) ends before its terminator.")
            }
            if bytes[index] ^ mask != 0 {
                index += 1
                byteCount += 1
                continue
            }
            guard index + 1 < bytes.endIndex else {
                throw corrupted("Column \(columnNumber) ends inside an escape.")
            }
            switch bytes[index + 1] ^ mask {
            case KeyFormat.escapedZeroSecondByte:
                index += 2
                byteCount += 1
            case KeyFormat.terminatorSecondByte:
                return (index + 2, byteCount)
            default:
                throw corrupted("Column \(columnNumber) holds an invalid escape \(hex(bytes[index])) \(hex(bytes[index + 1])).")
            }
        }
    }

    private func mask(_ order: KeyOrder) -> UInt8 {
        order.isDescending ? 0xFF : 0x00
    }

    private func corrupted(_ detail: String) -> DatabaseError {
        let offset = position - bytes.startIndex
        return DatabaseError(.dataCorrupted, "corrupted index key",
                             detail: detail + " Decoding stopped at byte \(offset) of \(bytes.count).")
    }

    private func hex(_ byte: UInt8) -> String {
        (byte < 0x10 ? "0x0" : "0x") + String(byte, radix: 16, uppercase: true)
    }
}
