// BindComplete: Bind succeeded.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | '2'                                    |
// | 4     | Int32 4                                |

public import NIOCore

/// A successful Bind.
public enum BindComplete {
    public static let typeCode = UInt8(ascii: "2")

    public static func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: typeCode) { _ in }
    }
}
