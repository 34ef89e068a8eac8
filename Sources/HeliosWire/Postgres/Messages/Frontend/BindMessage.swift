// Bind: creates a portal from a prepared statement and parameter values. The empty portal name
// is the unnamed portal, which the next Bind replaces.
//
// | bytes | field                                                                  |
// |-------|------------------------------------------------------------------------|
// | 1     | 'B'                                                                    |
// | 4     | Int32 length, counting itself                                          |
// | n     | NUL-terminated portal name ("" = unnamed)                              |
// | n     | NUL-terminated statement name ("" = unnamed)                           |
// | 2     | Int16 count of parameter format codes: 0 (all text), 1 (all alike), or |
// |       | one per parameter                                                      |
// | 2 × k | Int16 format code of each: 0 text, 1 binary                            |
// | 2     | Int16 count of parameter values                                        |
// | ...   | per value: Int32 length (-1 = NULL), then that many bytes              |
// | 2     | Int16 count of result format codes: 0, 1 or one per column             |
// | 2 × r | Int16 format code of each                                              |
//
// Counts are read as unsigned, as PostgreSQL does. Format codes stay raw here: checking them
// (22023 "unsupported format code") and their counts (08P01) is the connection's job.

public import HeliosCore
public import NIOCore

/// A request to bind parameters to a prepared statement, creating a portal.
public struct BindMessage: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "B")

    public var portalName: String
    public var statementName: String
    public var parameterFormatCodes: [Int16]
    /// nil is SQL NULL.
    public var parameterValues: [ByteBuffer?]
    public var resultFormatCodes: [Int16]

    public init(portalName: String, statementName: String, parameterFormatCodes: [Int16] = [],
                parameterValues: [ByteBuffer?] = [], resultFormatCodes: [Int16] = []) {
        self.portalName = portalName
        self.statementName = statementName
        self.parameterFormatCodes = parameterFormatCodes
        self.parameterValues = parameterValues
        self.resultFormatCodes = resultFormatCodes
    }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let portal = try reader.readString()
        let statement = try reader.readString()
        let parameterFormats = try readFormatCodes(&reader)
        let valueCount = try reader.readCount()
        guard valueCount * 4 <= reader.remainingByteCount else { throw MessageReader.insufficientData }
        var values: [ByteBuffer?] = []
        values.reserveCapacity(valueCount)
        for _ in 0..<valueCount {
            let length = try reader.readInt32()
            values.append(length == -1 ? nil : try reader.readBytes(count: Int(length)))
        }
        let resultFormats = try readFormatCodes(&reader)
        try reader.expectEnd()
        return Self(portalName: portal, statementName: statement, parameterFormatCodes: parameterFormats,
                    parameterValues: values, resultFormatCodes: resultFormats)
    }

    static func readFormatCodes(_ reader: inout MessageReader) throws(DatabaseError) -> [Int16] {
        let count = try reader.readCount()
        guard count * 2 <= reader.remainingByteCount else { throw MessageReader.insufficientData }
        var codes: [Int16] = []
        codes.reserveCapacity(count)
        for _ in 0..<count { codes.append(try reader.readInt16()) }
        return codes
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { body in
            body.writeCString(portalName)
            body.writeCString(statementName)
            body.writeInteger(UInt16(parameterFormatCodes.count), endianness: .big)
            for code in parameterFormatCodes { body.writeInt16(code) }
            body.writeInteger(UInt16(parameterValues.count), endianness: .big)
            for value in parameterValues {
                if var value {
                    body.writeInt32(Int32(value.readableBytes))
                    body.writeBuffer(&value)
                } else {
                    body.writeInt32(-1)
                }
            }
            body.writeInteger(UInt16(resultFormatCodes.count), endianness: .big)
            for code in resultFormatCodes { body.writeInt16(code) }
        }
    }
}
