// Sync: ends an extended-query batch. The server closes the implicit transaction (commit, or
// rollback after an error), stops skipping messages after an error, and answers ReadyForQuery.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'S'                                    |
// | 4     | Int32 4                                |

public import NIOCore

/// The end of an extended-query batch.
public enum SyncMessage {
    public static let typeCode = UInt8(ascii: "S")

    public static func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: typeCode) { _ in }
    }
}
