// GSSENCRequest: asks whether the server will encrypt with GSSAPI. HeliosDB always answers 'N',
// after which the client may send an SSLRequest or its StartupMessage on the same socket.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 4     | Int32 8, the length                    |
// | 4     | Int32 80877104 (1234 << 16 | 5680)     |

public import NIOCore

/// A request for GSSAPI encryption.
public struct GSSEncryptionRequest: Equatable, Sendable {
    public static let code: Int32 = 80_877_104

    public init() {}

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInt32(8)
        buffer.writeInt32(Self.code)
    }
}
