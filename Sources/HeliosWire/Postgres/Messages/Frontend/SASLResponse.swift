// SASLResponse: a later message of a SASL exchange (for SCRAM, client-final-message such as
// "c=biws,r=<nonce>,p=<proof>"). The body is the raw data, no length of its own.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'p'                                    |
// | 4     | Int32 length, counting itself          |
// | n     | the mechanism's data                   |

public import NIOCore

/// A continuation of a SASL exchange.
public struct SASLResponse: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "p")

    public var data: [UInt8]

    public init(data: [UInt8]) { self.data = data }

    public static func decode(_ body: ByteBuffer) -> Self {
        Self(data: Array(body.readableBytesView))
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { $0.writeBytes(data) }
    }
}
