// ParameterStatus: the value of a setting clients track (server_version, client_encoding,
// DateStyle, ...): sent after authentication, and again before ReadyForQuery whenever one of
// them changed.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'S'                                    |
// | 4     | Int32 length, counting itself          |
// | n     | NUL-terminated name                    |
// | n     | NUL-terminated value                   |

public import HeliosCore
public import NIOCore

/// A reported setting.
public struct ParameterStatus: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "S")

    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let name = try reader.readString()
        let value = try reader.readString()
        try reader.expectEnd()
        return Self(name: name, value: value)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { body in
            body.writeCString(name)
            body.writeCString(value)
        }
    }
}
