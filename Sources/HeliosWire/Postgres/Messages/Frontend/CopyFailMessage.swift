// CopyFail: the client aborts a COPY FROM STDIN; the statement fails with 57014
// "COPY from stdin failed: <message>".
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'f'                                    |
// | 4     | Int32 length, counting itself          |
// | n     | NUL-terminated reason                  |

public import HeliosCore
public import NIOCore

/// The client's abort of a COPY FROM STDIN.
public struct CopyFailMessage: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "f")

    public var reason: String

    public init(reason: String) { self.reason = reason }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let reason = try reader.readString()
        try reader.expectEnd()
        return Self(reason: reason)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { $0.writeCString(reason) }
    }
}
