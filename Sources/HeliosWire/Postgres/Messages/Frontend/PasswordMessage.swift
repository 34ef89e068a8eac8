// PasswordMessage: the answer to AuthenticationCleartextPassword or AuthenticationMD5Password.
// Its type byte 'p' is shared with SASLInitialResponse and SASLResponse; which one a 'p' is
// depends on what the server asked for, so the connection decodes it, not the framer.
//
// | bytes | field                                                        |
// |-------|--------------------------------------------------------------|
// | 1     | 'p'                                                          |
// | 4     | Int32 length, counting itself                                |
// | n     | NUL-terminated password (cleartext, or "md5" + 32 hex digits)|

public import HeliosCore
public import NIOCore

/// A password or an MD5 response.
public struct PasswordMessage: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "p")

    public var password: String

    public init(password: String) { self.password = password }

    /// PostgreSQL's recv_password_packet: exactly one string filling the body.
    public static func decode(_ body: ByteBuffer) throws(DatabaseError) -> Self {
        var reader = MessageReader(body)
        guard let terminator = body.readableBytesView.firstIndex(of: 0),
              terminator == body.readableBytesView.endIndex - 1 else {
            throw DatabaseError(.protocolViolation, "invalid password packet size")
        }
        let password = try reader.readString()
        if password.isEmpty {
            throw DatabaseError(.invalidPassword, "empty password returned by client")
        }
        return Self(password: password)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { $0.writeCString(password) }
    }
}
