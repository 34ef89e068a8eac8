// The byte layout of a table row (the data of one row version):
//
// | size          | field                                                           |
// |---------------|-----------------------------------------------------------------|
// | 2             | column count n (u16 LE): columns at and beyond n read as NULL   |
// |               | (rows written before ADD COLUMN)                                |
// | ceil(n / 8)   | null bitmap: bit i set = column i is NULL                       |
// | ...           | each non-NULL column in order: fixed-size types as their binary |
// |               | wire format (bool 1, int2 2, int4 4, int8 8, float4 4, float8 8,|
// |               | date 4, time 8, timestamp[tz] 8, interval 16, uuid 16, oid 4);  |
// |               | every other type as u32 LE length + its binary wire format      |

public import HeliosCore
public import HeliosValues

/// Encodes and decodes rows.
package enum RowCodec {
    /// The width of a type stored without a length, or nil for length-prefixed types.
    @inline(__always)
    static func fixedWidth(_ type: SQLType) -> Int? {
        if type.isArray { return nil }
        switch type.kind {
        case .boolean: return 1
        case .smallint: return 2
        case .integer, .real, .date, .oid, .regclass, .regtype, .regproc, .regnamespace, .regrole: return 4
        case .bigint, .doublePrecision, .time, .timestamp, .timestampWithTimeZone: return 8
        case .interval, .uuid: return 16
        default: return nil
        }
    }

    package static func encode(_ values: [SQLValue], types: [SQLType]) -> [UInt8] {
        precondition(values.count == types.count, "one value per column")
        let count = values.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 + (count + 7) / 8 + count * 8)
        bytes.append(UInt8(truncatingIfNeeded: count))
        bytes.append(UInt8(truncatingIfNeeded: count >> 8))
        let bitmapStart = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: (count + 7) / 8))
        for (index, value) in values.enumerated() {
            if value.isNull {
                bytes[bitmapStart + index / 8] |= UInt8(1 << (index % 8))
                continue
            }
            append(value, as: types[index], to: &bytes)
        }
        return bytes
    }

    @inline(__always)
    static func append(_ value: SQLValue, as type: SQLType, to bytes: inout [UInt8]) {
        switch value {
        case .bool(let flag) where !type.isArray: bytes.append(flag ? 1 : 0)
        case .int16(let number): appendBigEndian(UInt16(bitPattern: number), to: &bytes)
        case .int32(let number): appendBigEndian(UInt32(bitPattern: number), to: &bytes)
        case .int64(let number): appendBigEndian(UInt64(bitPattern: number), to: &bytes)
        case .float64(let number): appendBigEndian(number.bitPattern, to: &bytes)
        case .text(let string) where type.kind != .singleCharacter && !type.isArray:
            var string = string
            string.withUTF8 { utf8 in
                appendLength(utf8.count, to: &bytes)
                bytes.append(contentsOf: utf8)
            }
        default:
            let encoded = BinaryFormat.encode(value, as: type)
            if fixedWidth(type) == nil { appendLength(encoded.count, to: &bytes) }
            bytes.append(contentsOf: encoded)
        }
    }

    @inline(__always)
    static func appendLength(_ length: Int, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(length).littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    static func appendBigEndian<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// Decodes every column.
    package static func decode(_ bytes: UnsafeRawBufferPointer, types: [SQLType]) throws(DatabaseError) -> [SQLValue] {
        var values: [SQLValue] = []
        values.reserveCapacity(types.count)
        try decode(bytes, types: types) { _, value in values.append(value) }
        return values
    }

    /// Calls `visit` with each column's position and value, in order.
    @inline(__always)
    package static func decode(_ bytes: UnsafeRawBufferPointer, types: [SQLType],
                               _ visit: (Int, SQLValue) -> Void) throws(DatabaseError) {
        guard bytes.count >= 2 else { throw corrupt("row is shorter than its header") }
        let stored = Int(bytes[0]) | Int(bytes[1]) << 8
        let bitmapBytes = (stored + 7) / 8
        guard bytes.count >= 2 + bitmapBytes else { throw corrupt("row is shorter than its null bitmap") }
        var offset = 2 + bitmapBytes
        for index in 0..<types.count {
            if index >= stored || bytes[2 + index / 8] & UInt8(1 << (index % 8)) != 0 {
                visit(index, .null)
                continue
            }
            let type = types[index]
            let length: Int
            if let width = fixedWidth(type) {
                length = width
            } else {
                guard offset + 4 <= bytes.count else { throw corrupt("row ends inside a length") }
                length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                offset += 4
            }
            guard length >= 0, offset + length <= bytes.count else { throw corrupt("row ends inside a value") }
            let field = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
            visit(index, try decodeField(field, as: type))
            offset += length
        }
    }

    @inline(__always)
    static func decodeField(_ field: UnsafeRawBufferPointer, as type: SQLType) throws(DatabaseError) -> SQLValue {
        if !type.isArray {
            switch type.kind {
            case .boolean: return .bool(field[0] != 0)
            case .smallint: return .int16(Int16(bitPattern: UInt16(bigEndian: field.loadUnaligned(as: UInt16.self))))
            case .integer: return .int32(Int32(bitPattern: UInt32(bigEndian: field.loadUnaligned(as: UInt32.self))))
            case .bigint: return .int64(Int64(bitPattern: UInt64(bigEndian: field.loadUnaligned(as: UInt64.self))))
            case .doublePrecision: return .float64(Double(bitPattern: UInt64(bigEndian: field.loadUnaligned(as: UInt64.self))))
            case .text, .varchar, .name, .unknown: return .text(String(decoding: field, as: UTF8.self))
            default: break
            }
        }
        return try BinaryFormat.decode(Array(field), as: type)
    }

    static func corrupt(_ detail: String) -> DatabaseError {
        DatabaseError(.dataCorrupted, "table row is corrupted", detail: detail)
    }
}
