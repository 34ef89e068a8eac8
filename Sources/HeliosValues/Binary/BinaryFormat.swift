// The binary format of every type in the PostgreSQL wire protocol (typsend / typreceive).
// All integers are big-endian.
//
//   type                     bytes
//   bool, "char"             1            0 or 1 / the byte
//   int2 | int4 | int8       2 | 4 | 8    two's complement
//   float4 | float8          4 | 8        IEEE 754
//   oid, reg*                4            unsigned
//   numeric                  8 + 2n       int16 ndigits | int16 weight | uint16 sign (0x0000 +, 0x4000 -,
//                                         0xC000 NaN, 0xD000 +Inf, 0xF000 -Inf) | uint16 dscale |
//                                         ndigits x int16 base-10000 digits
//   text, varchar, bpchar, name, json, unknown   the UTF-8 bytes
//   jsonb                    1 + n        version byte 1 | the canonical text
//   bytea                    n            the bytes
//   date                     4            int32 days since 2000-01-01
//   time                     8            int64 microseconds since midnight
//   timetz                   12           int64 microseconds | int32 zone in seconds *west* of UTC
//   timestamp, timestamptz   8            int64 microseconds since 2000-01-01
//   interval                 16           int64 microseconds | int32 days | int32 months
//   uuid                     16           the bytes
//   array (1-D)              20 + ...     int32 ndim (0 or 1) | int32 has-nulls flag | uint32 element OID |
//                                         per dimension: int32 length, int32 lower bound |
//                                         per element: int32 length (-1 for NULL) | element bytes

public import HeliosCore

/// Binary send and receive of values.
public enum BinaryFormat {
    static let incorrect = DatabaseError(.invalidBinaryRepresentation, "incorrect binary data format")

    // MARK: Send

    /// typsend: the binary representation of a non-NULL value of `type`.
    public static func encode(_ value: SQLValue, as type: SQLType) -> [UInt8] {
        var writer = BinaryWriter()
        write(value, as: type, into: &writer)
        return writer.bytes
    }

    static func write(_ value: SQLValue, as type: SQLType, into writer: inout BinaryWriter) {
        if type.isArray, case .array(let array) = value {
            writeArray(array, elementType: SQLType(type.kind, modifier: type.modifier), into: &writer)
            return
        }
        switch value {
        case .null: break
        case .bool(let flag): writer.append(UInt8(flag ? 1 : 0))
        case .int16(let number): writer.append(UInt16(bitPattern: number))
        case .int32(let number): writer.append(UInt32(bitPattern: number))
        case .int64(let number): writer.append(UInt64(bitPattern: number))
        case .float32(let number): writer.append(number.bitPattern)
        case .float64(let number): writer.append(number.bitPattern)
        case .numeric(let number): writeNumeric(number, into: &writer)
        case .text(let string):
            if type.kind == .singleCharacter {
                writer.append(CharacterText.singleCharacterByte(string))
            } else {
                writer.append(contentsOf: Array(string.utf8))
            }
        case .character(let string), .json(let string):
            writer.append(contentsOf: Array(string.utf8))
        case .jsonb(let string):
            writer.append(UInt8(1))
            writer.append(contentsOf: Array(string.utf8))
        case .bytes(let bytes): writer.append(contentsOf: bytes)
        case .date(let days): writer.append(UInt32(bitPattern: days))
        case .time(let time): writer.append(UInt64(bitPattern: time))
        case .timeWithTimeZone(let time):
            writer.append(UInt64(bitPattern: time.microseconds))
            writer.append(UInt32(bitPattern: -time.offsetSeconds))
        case .timestamp(let time), .timestampWithTimeZone(let time): writer.append(UInt64(bitPattern: time))
        case .interval(let interval):
            writer.append(UInt64(bitPattern: interval.microseconds))
            writer.append(UInt32(bitPattern: interval.days))
            writer.append(UInt32(bitPattern: interval.months))
        case .uuid(let uuid):
            writer.append(uuid.high)
            writer.append(uuid.low)
        case .oid(let oid): writer.append(oid)
        case .array(let array): writeArray(array, elementType: array.elementType, into: &writer)
        case .record(let fields): writeRecord(fields, type: type, into: &writer)
        }
    }

    /// record_send: the field count, then per field its type's OID and its length (-1 for NULL)
    /// and bytes.
    static func writeRecord(_ fields: [SQLValue], type: SQLType, into writer: inout BinaryWriter) {
        let declared = RecordType.fields(of: type)
        writer.append(UInt32(fields.count))
        for (index, field) in fields.enumerated() {
            let fieldType = declared.flatMap { index < $0.count ? $0[index].type : nil } ?? field.naturalType
            writer.append(fieldType.oid)
            if field.isNull {
                writer.append(UInt32(bitPattern: -1))
            } else {
                let bytes = encode(field, as: fieldType)
                writer.append(UInt32(bytes.count))
                writer.append(contentsOf: bytes)
            }
        }
    }

    static func writeNumeric(_ number: Numeric, into writer: inout BinaryWriter) {
        let sign: UInt16
        switch number.form {
        case .nan: sign = 0xC000
        case .positiveInfinity: sign = 0xD000
        case .negativeInfinity: sign = 0xF000
        case .finite: sign = number.isNegative ? 0x4000 : 0x0000
        }
        let finite = number.isFinite
        writer.append(UInt16(finite ? number.digits.count : 0))
        writer.append(UInt16(bitPattern: Int16(truncatingIfNeeded: finite ? Int(number.weight) : 0)))
        writer.append(sign)
        // PostgreSQL sends the header bits of an infinity as its display scale: 32.
        writer.append(UInt16(finite ? number.displayScale : (number.isInfinite ? 32 : 0)))
        if finite { for digit in number.digits { writer.append(UInt16(bitPattern: digit)) } }
    }

    static func writeArray(_ array: SQLArray, elementType: SQLType, into writer: inout BinaryWriter) {
        let isEmpty = array.elements.isEmpty
        writer.append(UInt32(isEmpty ? 0 : 1))
        writer.append(UInt32(array.containsNull ? 1 : 0))
        writer.append(elementType.kind.oid)
        if !isEmpty {
            writer.append(UInt32(array.elements.count))
            writer.append(UInt32(bitPattern: array.lowerBound))
        }
        for element in array.elements {
            if element.isNull {
                writer.append(UInt32(bitPattern: -1))
                continue
            }
            var elementWriter = BinaryWriter()
            write(element, as: elementType, into: &elementWriter)
            writer.append(UInt32(elementWriter.bytes.count))
            writer.append(contentsOf: elementWriter.bytes)
        }
    }

    // MARK: Receive

    /// typreceive: the value of `type` whose binary representation is `bytes`, with the type's
    /// typmod applied (numeric(p,s), varchar(n) ...).
    public static func decode(_ bytes: [UInt8], as type: SQLType) throws(DatabaseError) -> SQLValue {
        var reader = BinaryReader(bytes: bytes[...])
        let value = try read(&reader, as: type, length: bytes.count)
        guard reader.isAtEnd else { throw incorrect }
        return value
    }

    static func read(_ reader: inout BinaryReader, as type: SQLType, length: Int) throws(DatabaseError) -> SQLValue {
        if type.isArray { return .array(try readArray(&reader, elementType: SQLType(type.kind, modifier: type.modifier))) }
        switch type.kind {
        case .boolean: return .bool(try reader.byte() != 0)
        case .smallint: return .int16(Int16(bitPattern: try reader.uint16()))
        case .integer: return .int32(Int32(bitPattern: try reader.uint32()))
        case .bigint: return .int64(Int64(bitPattern: try reader.uint64()))
        case .real: return .float32(Float(bitPattern: try reader.uint32()))
        case .doublePrecision: return .float64(Double(bitPattern: try reader.uint64()))
        case .numeric:
            let number = try readNumeric(&reader)
            return .numeric(try number.coerced(toModifier: type.modifier))
        case .text, .unknown:
            return .text(try readText(&reader, length: length))
        case .varchar:
            return .text(try CharacterText.coerceVarchar(try readText(&reader, length: length), modifier: type.modifier, isExplicit: false))
        case .character:
            return .character(try CharacterText.coerceCharacter(try readText(&reader, length: length), modifier: type.modifier, isExplicit: false))
        case .name:
            return .text(CharacterText.coerceName(try readText(&reader, length: length)))
        case .singleCharacter:
            return .text(CharacterText.singleCharacterText(try reader.byte()))
        case .json:
            let text = try readText(&reader, length: length)
            try JSONParser.validate(text)
            return .json(text)
        case .jsonb:
            let version = try reader.byte()
            guard version == 1 else {
                throw DatabaseError(.invalidBinaryRepresentation, "unsupported jsonb version number \(version)")
            }
            let text = try readText(&reader, length: length - 1)
            return .jsonb(JSONBOrdering.text(JSONBOrdering.canonical(try JSONParser.parse(text, forJSONB: true))))
        case .bytea:
            return .bytes(try reader.bytes(length))
        case .date:
            return .date(Int32(bitPattern: try reader.uint32()))
        case .time:
            let time = Int64(bitPattern: try reader.uint64())
            guard time >= 0 && time <= CivilCalendar.microsecondsPerDay else {
                throw DatabaseError(.datetimeFieldOverflow, "time out of range")
            }
            return .time(DateTimeText.roundTime(time, modifier: type.modifier))
        case .timeWithTimeZone:
            let time = Int64(bitPattern: try reader.uint64())
            let west = Int32(bitPattern: try reader.uint32())
            guard time >= 0 && time <= CivilCalendar.microsecondsPerDay else {
                throw DatabaseError(.datetimeFieldOverflow, "time out of range")
            }
            guard west >= -15 * 3600 - 59 * 60 - 59 && west <= 15 * 3600 + 59 * 60 + 59 else {
                throw DatabaseError(.invalidTimeZoneDisplacementValue, "time zone displacement out of range")
            }
            return .timeWithTimeZone(TimeWithTimeZone(microseconds: DateTimeText.roundTime(time, modifier: type.modifier), offsetSeconds: -west))
        case .timestamp, .timestampWithTimeZone:
            let time = Int64(bitPattern: try reader.uint64())
            if DateTimeArithmetic.isFinite(time) && !CivilCalendar.isValidTimestamp(time) {
                throw DateTimeArithmetic.timestampOutOfRange
            }
            let rounded = try DateTimeText.roundTimestamp(time, modifier: type.modifier)
            return type.kind == .timestamp ? .timestamp(rounded) : .timestampWithTimeZone(rounded)
        case .interval:
            let time = Int64(bitPattern: try reader.uint64())
            let days = Int32(bitPattern: try reader.uint32())
            let months = Int32(bitPattern: try reader.uint32())
            return .interval(DateTimeText.adjustInterval(Interval(months: months, days: days, microseconds: time), modifier: type.modifier))
        case .uuid:
            return .uuid(UUIDValue(high: try reader.uint64(), low: try reader.uint64()))
        case .oid, .regclass, .regtype, .regproc, .regnamespace, .regrole:
            return .oid(try reader.uint32())
        case .any, .anyElement, .anyArray, .anyNonArray, .anyCompatible, .anyCompatibleArray, .record, .void:
            throw DatabaseError(.featureNotSupported, "cannot accept a value of type \(type.formatted)")
        }
    }

    /// UTF-8 text that PostgreSQL would accept (valid, no NUL bytes).
    static func readText(_ reader: inout BinaryReader, length: Int) throws(DatabaseError) -> String {
        let bytes = try reader.bytes(length)
        try validateUTF8(bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Rejects invalid UTF-8 and NUL as pg_verify_mbstr does.
    public static func validateUTF8(_ bytes: [UInt8]) throws(DatabaseError) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let width: Int
            switch byte {
            case 0x01...0x7F: width = 1
            case 0xC2...0xDF: width = 2
            case 0xE0...0xEF: width = 3
            case 0xF0...0xF4: width = 4
            default: width = 0
            }
            var valid = width > 0 && index + width <= bytes.count
            if valid && width > 1 {
                for offset in 1..<width where bytes[index + offset] & 0xC0 != 0x80 { valid = false }
                if valid && width == 3 {
                    let second = bytes[index + 1]
                    if (byte == 0xE0 && second < 0xA0) || (byte == 0xED && second > 0x9F) { valid = false }
                }
                if valid && width == 4 {
                    let second = bytes[index + 1]
                    if (byte == 0xF0 && second < 0x90) || (byte == 0xF4 && second > 0x8F) { valid = false }
                }
            }
            if !valid {
                let shown = bytes[index..<min(bytes.count, index + max(width, 1))]
                    .map { "0x" + (String($0, radix: 16).count < 2 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
                throw DatabaseError(.characterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": \(shown)")
            }
            index += width
        }
    }

    static func readNumeric(_ reader: inout BinaryReader) throws(DatabaseError) -> Numeric {
        let count = Int(try reader.uint16())
        if count > TypeModifier.maximumNumericPrecision + Numeric.maximumResultScale {
            throw DatabaseError(.invalidBinaryRepresentation, "invalid length in external \"numeric\" value")
        }
        let weight = Int(Int16(bitPattern: try reader.uint16()))
        let sign = try reader.uint16()
        let scale = Int(try reader.uint16())
        var digits: [Int16] = []
        digits.reserveCapacity(count)
        for _ in 0..<count {
            let digit = Int16(bitPattern: try reader.uint16())
            guard digit >= 0 && digit < 10_000 else {
                throw DatabaseError(.invalidBinaryRepresentation, "invalid digit in external \"numeric\" value")
            }
            digits.append(digit)
        }
        switch sign {
        case 0xC000: return .nan
        case 0xD000: return .infinity
        case 0xF000: return .negativeInfinity
        case 0x0000, 0x4000: break
        default: throw DatabaseError(.invalidBinaryRepresentation, "invalid sign in external \"numeric\" value")
        }
        guard scale <= Numeric.maximumStoredScale else {
            throw DatabaseError(.invalidBinaryRepresentation, "invalid scale in external \"numeric\" value")
        }
        var number = Numeric(negative: sign == 0x4000, weight: weight, scale: scale, digits: digits)
        number.truncateDigits(toScale: scale)
        return try number.checkedForStorage()
    }

    static func readArray(_ reader: inout BinaryReader, elementType: SQLType) throws(DatabaseError) -> SQLArray {
        let dimensions = Int32(bitPattern: try reader.uint32())
        let flags = Int32(bitPattern: try reader.uint32())
        let elementOID = try reader.uint32()
        guard dimensions >= 0 && dimensions <= 6 else {
            throw DatabaseError(.invalidBinaryRepresentation, "invalid number of dimensions: \(dimensions)")
        }
        guard flags == 0 || flags == 1 else { throw DatabaseError(.invalidBinaryRepresentation, "invalid array flags") }
        guard elementOID == elementType.kind.oid else {
            throw DatabaseError(.datatypeMismatch, "binary data has array element type \(elementOID) instead of expected \(elementType.kind.oid)")
        }
        if dimensions == 0 { return SQLArray(elementType: elementType, elements: []) }
        guard dimensions == 1 else {
            throw DatabaseError(.featureNotSupported, "multidimensional arrays are not supported")
        }
        let count = Int32(bitPattern: try reader.uint32())
        let lowerBound = Int32(bitPattern: try reader.uint32())
        guard count >= 0 && count <= 134_217_727 else {
            throw DatabaseError(.programLimitExceeded, "array size exceeds the maximum allowed (134217727)")
        }
        var elements: [SQLValue] = []
        elements.reserveCapacity(Int(count))
        for _ in 0..<count {
            let length = Int32(bitPattern: try reader.uint32())
            if length == -1 {
                elements.append(.null)
                continue
            }
            guard length >= 0 else { throw DatabaseError(.invalidBinaryRepresentation, "insufficient data left in message") }
            var elementReader = BinaryReader(bytes: try reader.slice(Int(length)))
            elements.append(try read(&elementReader, as: elementType, length: Int(length)))
            guard elementReader.isAtEnd else {
                throw DatabaseError(.invalidBinaryRepresentation, "improper binary format in array element 1")
            }
        }
        return SQLArray(elementType: elementType, elements: elements, lowerBound: lowerBound)
    }
}

/// Big-endian output.
struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func append(_ byte: UInt8) { bytes.append(byte) }
    mutating func append(contentsOf data: [UInt8]) { bytes.append(contentsOf: data) }
    mutating func append<Value: FixedWidthInteger>(_ value: Value) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Big-endian input with PostgreSQL's "insufficient data" error.
struct BinaryReader {
    var bytes: ArraySlice<UInt8>

    var isAtEnd: Bool { bytes.isEmpty }

    static let insufficient = DatabaseError(.invalidBinaryRepresentation, "insufficient data left in message")

    mutating func byte() throws(DatabaseError) -> UInt8 {
        guard let first = bytes.first else { throw BinaryReader.insufficient }
        bytes = bytes.dropFirst()
        return first
    }

    mutating func integer<Value: FixedWidthInteger>(_ type: Value.Type) throws(DatabaseError) -> Value {
        let size = MemoryLayout<Value>.size
        guard bytes.count >= size else { throw BinaryReader.insufficient }
        var value: Value = 0
        for byte in bytes.prefix(size) { value = value << 8 | Value(byte) }
        bytes = bytes.dropFirst(size)
        return value
    }

    mutating func uint16() throws(DatabaseError) -> UInt16 { try integer(UInt16.self) }
    mutating func uint32() throws(DatabaseError) -> UInt32 { try integer(UInt32.self) }
    mutating func uint64() throws(DatabaseError) -> UInt64 { try integer(UInt64.self) }

    mutating func slice(_ count: Int) throws(DatabaseError) -> ArraySlice<UInt8> {
        guard count >= 0 && bytes.count >= count else { throw BinaryReader.insufficient }
        let result = bytes.prefix(count)
        bytes = bytes.dropFirst(count)
        return result
    }

    mutating func bytes(_ count: Int) throws(DatabaseError) -> [UInt8] { Array(try slice(count)) }
}
