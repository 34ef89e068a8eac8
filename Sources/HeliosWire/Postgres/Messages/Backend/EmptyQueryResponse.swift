// EmptyQueryResponse: the answer to an empty query string (or one holding only comments, like pgx's "-- ping"), in place of CommandComplete.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'I'                                    |
// | 4     | Int32 4                                |

public import NIOCore

/// The result of an empty query.
public enum EmptyQueryResponse {
    public static let typeCode = UInt8(ascii: "I")

    public static func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: typeCode) { _ in }
    }
}
