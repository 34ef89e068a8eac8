// NoData: the described statement or portal returns no rows (INSERT, SET, ...).
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'n'                                    |
// | 4     | Int32 4                                |

public import NIOCore

/// A description of no rows.
public enum NoData {
    public static let typeCode = UInt8(ascii: "n")

    public static func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: typeCode) { _ in }
    }
}
