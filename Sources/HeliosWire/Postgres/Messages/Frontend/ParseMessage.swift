// Parse: creates a prepared statement from one SQL statement. The empty name is the unnamed
// statement, which the next Parse replaces; a parameter type OID of 0 asks the server to infer it.
//
// | bytes | field                                                      |
// |-------|------------------------------------------------------------|
// | 1     | 'P'                                                        |
// | 4     | Int32 length, counting itself                              |
// | n     | NUL-terminated statement name ("" = unnamed)               |
// | n     | NUL-terminated query text                                  |
// | 2     | Int16 count of parameter types given (read as unsigned)    |
// | 4 × k | Int32 type OID of each, 0 = unspecified                    |

public import HeliosCore
public import NIOCore

/// A request to prepare a statement.
public struct ParseMessage: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "P")

    public var statementName: String
    public var query: String
    public var parameterTypeOIDs: [UInt32]

    public init(statementName: String, query: String, parameterTypeOIDs: [UInt32] = []) {
        self.statementName = statementName
        self.query = query
        self.parameterTypeOIDs = parameterTypeOIDs
    }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let name = try reader.readString()
        let query = try reader.readString()
        let count = try reader.readCount()
        guard count * 4 <= reader.remainingByteCount else { throw MessageReader.insufficientData }
        var types: [UInt32] = []
        types.reserveCapacity(count)
        for _ in 0..<count { types.append(try reader.readUInt32()) }
        try reader.expectEnd()
        return Self(statementName: name, query: query, parameterTypeOIDs: types)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { body in
            body.writeCString(statementName)
            body.writeCString(query)
            body.writeInteger(UInt16(parameterTypeOIDs.count), endianness: .big)
            for type in parameterTypeOIDs { body.writeUInt32(type) }
        }
    }
}
