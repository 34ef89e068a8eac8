// AuthenticationSASLFinal: the last SASL message (for SCRAM, server-final-message "v=<ServerSignature>"), followed by AuthenticationOk.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'R'                                    |
// | 4     | Int32 length, counting itself          |
// | 4     | Int32 12                               |
// | n     | the mechanism's data                   |

public import NIOCore

/// The outcome of a SASL exchange.
public struct AuthenticationSASLFinal: Equatable, Sendable {
    public static let requestCode: Int32 = 12

    public var data: [UInt8]

    public init(data: [UInt8]) { self.data = data }

    public static func decode(_ reader: inout MessageReader) -> Self {
        Self(data: Array(reader.readRemaining().readableBytesView))
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: AuthenticationRequestCode.typeCode) { body in
            body.writeInt32(Self.requestCode)
            body.writeBytes(data)
        }
    }
}
