// ParameterDescription: the types of a prepared statement's parameters, answering Describe S;
// parameters sent with type 0 appear with the type the server inferred.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 't'                                    |
// | 4     | Int32 length, counting itself          |
// | 2     | Int16 parameter count                  |
// | 4 × k | Int32 type OID of each                 |

public import HeliosCore
public import NIOCore

/// A prepared statement's parameter types.
public struct ParameterDescription: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "t")

    public var typeOIDs: [UInt32]

    public init(typeOIDs: [UInt32]) { self.typeOIDs = typeOIDs }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let count = try reader.readCount()
        var types: [UInt32] = []
        for _ in 0..<count { types.append(try reader.readUInt32()) }
        try reader.expectEnd()
        return Self(typeOIDs: types)
    }

    public func encode(into buffer: inout ByteBuffer) {
        precondition(typeOIDs.count <= Int(UInt16.max), "at most 65535 parameters")
        buffer.writeMessage(typeCode: Self.typeCode) { body in
            body.writeInteger(UInt16(typeOIDs.count), endianness: .big)
            for type in typeOIDs { body.writeUInt32(type) }
        }
    }
}
