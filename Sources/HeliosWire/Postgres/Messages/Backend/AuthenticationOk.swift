// AuthenticationOk: authentication succeeded; the server goes on with ParameterStatus, BackendKeyData and ReadyForQuery.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'R'                                    |
// | 4     | Int32 8                                |
// | 4     | Int32 0                                |

public import NIOCore

/// Authentication succeeded.
public enum AuthenticationOk {
    public static let requestCode: Int32 = 0

    public static func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: AuthenticationRequestCode.typeCode) { $0.writeInt32(requestCode) }
    }
}
