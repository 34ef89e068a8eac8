// SSLRequest: asks, before the StartupMessage, whether the server will speak TLS. The server
// answers with one unframed byte, 'S' (then the TLS handshake) or 'N' (carry on in the clear).
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 4     | Int32 8, the length                    |
// | 4     | Int32 80877103 (1234 << 16 | 5679)     |

public import NIOCore

/// A request to switch to TLS.
public struct SSLRequest: Equatable, Sendable {
    public static let code: Int32 = 80_877_103

    /// Bytes followed the request in the same read. A client must wait for the answer, so after
    /// an 'S' such bytes were not encrypted and may have been injected (CVE-2021-23214).
    public var isFollowedByData: Bool

    public init(isFollowedByData: Bool = false) { self.isFollowedByData = isFollowedByData }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInt32(8)
        buffer.writeInt32(Self.code)
    }
}
