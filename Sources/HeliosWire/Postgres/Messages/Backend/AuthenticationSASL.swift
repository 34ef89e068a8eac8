// AuthenticationSASL: the server starts a SASL exchange and lists the mechanisms it offers.
// HeliosDB offers SCRAM-SHA-256 only (no -PLUS: no channel binding).
//
// | bytes | field                                              |
// |-------|----------------------------------------------------|
// | 1     | 'R'                                                |
// | 4     | Int32 length, counting itself                      |
// | 4     | Int32 10                                           |
// | n     | NUL-terminated mechanism names, e.g. "SCRAM-SHA-256"|
// | 1     | a final NUL                                        |

public import HeliosCore
public import NIOCore

/// The start of a SASL exchange.
public struct AuthenticationSASL: Equatable, Sendable {
    public static let requestCode: Int32 = 10

    public var mechanisms: [String]

    public init(mechanisms: [String]) { self.mechanisms = mechanisms }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        var mechanisms: [String] = []
        while true {
            let name = try reader.readString()
            if name.isEmpty { break }
            mechanisms.append(name)
        }
        try reader.expectEnd()
        return Self(mechanisms: mechanisms)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: AuthenticationRequestCode.typeCode) { body in
            body.writeInt32(Self.requestCode)
            for mechanism in mechanisms { body.writeCString(mechanism) }
            body.writeInteger(UInt8(0))
        }
    }
}
