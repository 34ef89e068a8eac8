// CloseComplete: Close is done (also when the name did not exist).
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | '3'                                    |
// | 4     | Int32 4                                |

public import NIOCore

/// A finished Close.
public enum CloseComplete {
    public static let typeCode = UInt8(ascii: "3")

    public static func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: typeCode) { _ in }
    }
}
