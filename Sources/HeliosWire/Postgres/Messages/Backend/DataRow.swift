// DataRow: one row of a result. The values are already encoded, as text or binary per the
// column's format, by the engine; the wire layer only frames them. Rows usually travel as a
// `DataRowBatch` of ready-made messages; this type reads and writes a single one.
//
// | bytes | field                                                  |
// |-------|--------------------------------------------------------|
// | 1     | 'D'                                                    |
// | 4     | Int32 length, counting itself                          |
// | 2     | Int16 value count                                      |
// |       | per value:                                             |
// | 4     |   Int32 length of the value, -1 for NULL               |
// | n     |   the value's bytes                                    |

public import HeliosCore
public import NIOCore

/// One row.
public struct DataRow: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "D")

    /// nil is SQL NULL.
    public var values: [ByteBuffer?]

    public init(values: [ByteBuffer?]) { self.values = values }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let count = try reader.readCount()
        guard count * 4 <= reader.remainingByteCount else { throw MessageReader.insufficientData }
        var values: [ByteBuffer?] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            let length = try reader.readInt32()
            values.append(length == -1 ? nil : try reader.readBytes(count: Int(length)))
        }
        try reader.expectEnd()
        return Self(values: values)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { body in
            body.writeInt16(Int16(values.count))
            for value in values {
                if var value {
                    body.writeInt32(Int32(value.readableBytes))
                    body.writeBuffer(&value)
                } else {
                    body.writeInt32(-1)
                }
            }
        }
    }

    /// The values as text, for tests and debugging; nil for NULL.
    public var textValues: [String?] {
        values.map { $0.map { String(decoding: $0.readableBytesView, as: UTF8.self) } }
    }
}
