// Terminate: the client is leaving; the server ends the session and closes the connection.
// Like PostgreSQL, the body is not checked.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'X'                                    |
// | 4     | Int32 4                                |

public import NIOCore

/// The end of a session.
public enum TerminateMessage {
    public static let typeCode = UInt8(ascii: "X")

    public static func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: typeCode) { _ in }
    }
}
