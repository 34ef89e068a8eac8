// CancelRequest: sent on a fresh connection to cancel the statement running in another
// session, named by the process ID and secret key of its BackendKeyData. The server answers
// nothing and closes the connection, whether or not the pair matched.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 4     | Int32 16, the length                   |
// | 4     | Int32 80877102 (1234 << 16 | 5678)     |
// | 4     | Int32 process ID of the target session |
// | 4     | Int32 secret key of the target session |

public import NIOCore

/// A request to cancel another session's statement.
public struct CancelRequest: Equatable, Sendable {
    public static let code: Int32 = 80_877_102

    public var processID: Int32
    public var secretKey: Int32

    public init(processID: Int32, secretKey: Int32) {
        self.processID = processID
        self.secretKey = secretKey
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInt32(16)
        buffer.writeInt32(Self.code)
        buffer.writeInt32(processID)
        buffer.writeInt32(secretKey)
    }
}
