// RowDescription: the columns of the rows that follow (simple query), or that a statement or
// portal will return (Describe).
//
// | bytes | field                                                                  |
// |-------|------------------------------------------------------------------------|
// | 1     | 'T'                                                                    |
// | 4     | Int32 length, counting itself                                          |
// | 2     | Int16 column count                                                     |
// |       | per column:                                                            |
// | n     |   NUL-terminated name ("?column?" for an unnamed expression)           |
// | 4     |   Int32 table OID, or 0                                                |
// | 2     |   Int16 column's attribute number, or 0                                |
// | 4     |   Int32 type OID (PostgreSQL's own: int4 = 23, text = 25, ...)         |
// | 2     |   Int16 type size (pg_type.typlen; negative: variable)                 |
// | 4     |   Int32 type modifier (pg_attribute.atttypmod; -1: none)               |
// | 2     |   Int16 format code: 0 text, 1 binary (0 in a statement's description) |

public import HeliosCore
public import NIOCore

/// One result column, as RowDescription reports it.
public struct ColumnDescription: Equatable, Sendable {
    public var name: String
    /// The table the column comes from, or 0 for an expression.
    public var tableOID: UInt32
    /// The column's attribute number in that table, or 0.
    public var columnNumber: Int16
    public var typeOID: UInt32
    /// pg_type.typlen: 4 for int4, -1 for text, -2 for cstring.
    public var typeSize: Int16
    /// pg_attribute.atttypmod, e.g. varchar(n) is n + 4; -1 when there is none.
    public var typeModifier: Int32
    public var format: FormatCode

    public init(name: String, tableOID: UInt32 = 0, columnNumber: Int16 = 0, typeOID: UInt32,
                typeSize: Int16, typeModifier: Int32 = -1, format: FormatCode = .text) {
        self.name = name
        self.tableOID = tableOID
        self.columnNumber = columnNumber
        self.typeOID = typeOID
        self.typeSize = typeSize
        self.typeModifier = typeModifier
        self.format = format
    }
}

/// The shape of the rows to come.
public struct RowDescription: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "T")
    /// PostgreSQL's MaxTupleAttributeNumber; a row description never has more columns.
    public static let maximumColumnCount = 1664

    public var columns: [ColumnDescription]

    public init(columns: [ColumnDescription]) { self.columns = columns }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let count = try reader.readCount()
        var columns: [ColumnDescription] = []
        for _ in 0..<count {
            let name = try reader.readString()
            let table = try reader.readUInt32()
            let number = try reader.readInt16()
            let type = try reader.readUInt32()
            let size = try reader.readInt16()
            let modifier = try reader.readInt32()
            let format = try FormatCode.validated(try reader.readInt16())
            columns.append(ColumnDescription(name: name, tableOID: table, columnNumber: number, typeOID: type,
                                             typeSize: size, typeModifier: modifier, format: format))
        }
        try reader.expectEnd()
        return Self(columns: columns)
    }

    public func encode(into buffer: inout ByteBuffer) {
        precondition(columns.count <= Self.maximumColumnCount, "a row has at most 1664 columns")
        buffer.writeMessage(typeCode: Self.typeCode) { body in
            body.writeInt16(Int16(columns.count))
            for column in columns {
                body.writeCString(column.name)
                body.writeUInt32(column.tableOID)
                body.writeInt16(column.columnNumber)
                body.writeUInt32(column.typeOID)
                body.writeInt16(column.typeSize)
                body.writeInt32(column.typeModifier)
                body.writeInt16(column.format.rawValue)
            }
        }
    }
}
