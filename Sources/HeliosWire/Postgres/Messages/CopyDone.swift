// CopyDone: the end of COPY data, in either direction.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'c'                                    |
// | 4     | Int32 4                                |

public import NIOCore

/// The end of COPY data.
public enum CopyDone {
    public static let typeCode = UInt8(ascii: "c")

    public static func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: typeCode) { _ in }
    }
}
