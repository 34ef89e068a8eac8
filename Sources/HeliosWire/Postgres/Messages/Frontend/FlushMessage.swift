// Flush: asks the server to send everything it has produced so far, without ending the batch
// (asyncpg sends Parse, Describe, Flush and waits for the descriptions).
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'H'                                    |
// | 4     | Int32 4                                |

public import NIOCore

/// A request to flush pending output.
public enum FlushMessage {
    public static let typeCode = UInt8(ascii: "H")

    public static func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: typeCode) { _ in }
    }
}
