// AuthenticationCleartextPassword: the server asks for the password in clear (method "password"); the client answers with a PasswordMessage.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'R'                                    |
// | 4     | Int32 8                                |
// | 4     | Int32 3                                |

public import NIOCore

/// A request for the password in clear.
public enum AuthenticationCleartextPassword {
    public static let requestCode: Int32 = 3

    public static func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: AuthenticationRequestCode.typeCode) { $0.writeInt32(requestCode) }
    }
}
