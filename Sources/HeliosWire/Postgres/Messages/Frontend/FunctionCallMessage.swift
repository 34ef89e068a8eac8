// FunctionCall: the legacy fast-path call of a function by OID. HeliosDB decodes it, so that a
// malformed one is reported like any other, and answers 0A000 followed by ReadyForQuery.
//
// | bytes | field                                                       |
// |-------|-------------------------------------------------------------|
// | 1     | 'F'                                                         |
// | 4     | Int32 length, counting itself                               |
// | 4     | Int32 OID of the function                                   |
// | 2     | Int16 count of argument format codes                        |
// | 2 × k | Int16 format codes                                          |
// | 2     | Int16 count of arguments                                    |
// | ...   | per argument: Int32 length (-1 = NULL), then the bytes      |
// | 2     | Int16 format code of the result                             |

public import HeliosCore
public import NIOCore

/// A fast-path function call.
public struct FunctionCallMessage: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "F")

    public var functionOID: UInt32
    public var argumentFormatCodes: [Int16]
    public var arguments: [ByteBuffer?]
    public var resultFormatCode: Int16

    public init(functionOID: UInt32, argumentFormatCodes: [Int16] = [], arguments: [ByteBuffer?] = [],
                resultFormatCode: Int16 = 0) {
        self.functionOID = functionOID
        self.argumentFormatCodes = argumentFormatCodes
        self.arguments = arguments
        self.resultFormatCode = resultFormatCode
    }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let oid = try reader.readUInt32()
        let formats = try BindMessage.readFormatCodes(&reader)
        let count = try reader.readCount()
        guard count * 4 <= reader.remainingByteCount else { throw MessageReader.insufficientData }
        var arguments: [ByteBuffer?] = []
        for _ in 0..<count {
            let length = try reader.readInt32()
            arguments.append(length == -1 ? nil : try reader.readBytes(count: Int(length)))
        }
        let resultFormat = try reader.readInt16()
        try reader.expectEnd()
        return Self(functionOID: oid, argumentFormatCodes: formats, arguments: arguments,
                    resultFormatCode: resultFormat)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { body in
            body.writeUInt32(functionOID)
            body.writeInteger(UInt16(argumentFormatCodes.count), endianness: .big)
            for code in argumentFormatCodes { body.writeInt16(code) }
            body.writeInteger(UInt16(arguments.count), endianness: .big)
            for argument in arguments {
                if var argument {
                    body.writeInt32(Int32(argument.readableBytes))
                    body.writeBuffer(&argument)
                } else {
                    body.writeInt32(-1)
                }
            }
            body.writeInt16(resultFormatCode)
        }
    }
}
