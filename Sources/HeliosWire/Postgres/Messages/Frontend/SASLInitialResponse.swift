// SASLInitialResponse: the client's choice of SASL mechanism and its first message
// (for SCRAM, client-first-message such as "n,,n=,r=<nonce>").
//
// | bytes | field                                                          |
// |-------|----------------------------------------------------------------|
// | 1     | 'p'                                                            |
// | 4     | Int32 length, counting itself                                  |
// | n     | NUL-terminated mechanism name, e.g. "SCRAM-SHA-256"            |
// | 4     | Int32 length of the initial response, or -1 for none           |
// | m     | the initial response                                           |

public import HeliosCore
public import NIOCore

/// The first message of a SASL exchange.
public struct SASLInitialResponse: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "p")

    public var mechanism: String
    /// Nil when the client sent length -1.
    public var initialResponse: [UInt8]?

    public init(mechanism: String, initialResponse: [UInt8]?) {
        self.mechanism = mechanism
        self.initialResponse = initialResponse
    }

    public static func decode(_ body: ByteBuffer) throws(DatabaseError) -> Self {
        var reader = MessageReader(body)
        let mechanism = try reader.readString()
        let length = try reader.readInt32()
        let response = length == -1 ? nil : Array(try reader.readBytes(count: Int(length)).readableBytesView)
        try reader.expectEnd()
        return Self(mechanism: mechanism, initialResponse: response)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { body in
            body.writeCString(mechanism)
            if let initialResponse {
                body.writeInt32(Int32(initialResponse.count))
                body.writeBytes(initialResponse)
            } else {
                body.writeInt32(-1)
            }
        }
    }
}
