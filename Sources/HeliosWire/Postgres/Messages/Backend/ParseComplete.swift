// ParseComplete: Parse succeeded.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | '1'                                    |
// | 4     | Int32 4                                |

public import NIOCore

/// A successful Parse.
public enum ParseComplete {
    public static let typeCode = UInt8(ascii: "1")

    public static func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: typeCode) { _ in }
    }
}
