// The layout CopyInResponse ('G') and CopyOutResponse ('H') share (and CopyBothResponse 'W',
// which HeliosDB does not use): the overall format and one format per column. In text and CSV
// COPY everything is 0; binary COPY is 1 throughout.
//
// | bytes | field                                       |
// |-------|---------------------------------------------|
// | 1     | 'G' or 'H'                                  |
// | 4     | Int32 length, counting itself               |
// | 1     | Int8 overall format: 0 text, 1 binary       |
// | 2     | Int16 column count                          |
// | 2 × k | Int16 format of each column                 |

internal import HeliosCore
internal import NIOCore

/// The format of a COPY's data.
public struct CopyFormat: Equatable, Sendable {
    public var overall: FormatCode
    public var columns: [FormatCode]

    public init(overall: FormatCode, columns: [FormatCode]) {
        self.overall = overall
        self.columns = columns
    }

    /// Text (or CSV) COPY of `columnCount` columns.
    public static func text(columnCount: Int) -> Self {
        Self(overall: .text, columns: Array(repeating: .text, count: columnCount))
    }

    /// Binary COPY of `columnCount` columns.
    public static func binary(columnCount: Int) -> Self {
        Self(overall: .binary, columns: Array(repeating: .binary, count: columnCount))
    }

    static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let overall = try FormatCode.validated(Int16(try reader.readByte()))
        let count = try reader.readCount()
        var columns: [FormatCode] = []
        for _ in 0..<count { columns.append(try FormatCode.validated(try reader.readInt16())) }
        try reader.expectEnd()
        return Self(overall: overall, columns: columns)
    }

    func encode(typeCode: UInt8, into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: typeCode) { body in
            body.writeInteger(UInt8(overall.rawValue))
            body.writeInt16(Int16(columns.count))
            for column in columns { body.writeInt16(column.rawValue) }
        }
    }
}
