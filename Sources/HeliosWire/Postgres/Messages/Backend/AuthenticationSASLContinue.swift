// AuthenticationSASLContinue: a step of the SASL exchange (for SCRAM, server-first-message "r=...,s=...,i=4096").
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'R'                                    |
// | 4     | Int32 length, counting itself          |
// | 4     | Int32 11                               |
// | n     | the mechanism's data                   |

public import NIOCore

/// A SASL challenge.
public struct AuthenticationSASLContinue: Equatable, Sendable {
    public static let requestCode: Int32 = 11

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
