// AuthenticationMD5Password: the server asks for an MD5 response salted with four random bytes:
// "md5" + hex(md5(hex(md5(password + user)) + salt)).
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'R'                                    |
// | 4     | Int32 12                               |
// | 4     | Int32 5                                |
// | 4     | the salt                               |

public import HeliosCore
public import NIOCore

/// A request for an MD5-hashed password.
public struct AuthenticationMD5Password: Equatable, Sendable {
    public static let requestCode: Int32 = 5

    public var salt: [UInt8]

    public init(salt: [UInt8]) {
        precondition(salt.count == 4, "an MD5 salt has four bytes")
        self.salt = salt
    }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let salt = Array(try reader.readBytes(count: 4).readableBytesView)
        try reader.expectEnd()
        return Self(salt: salt)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: AuthenticationRequestCode.typeCode) { body in
            body.writeInt32(Self.requestCode)
            body.writeBytes(salt)
        }
    }
}
