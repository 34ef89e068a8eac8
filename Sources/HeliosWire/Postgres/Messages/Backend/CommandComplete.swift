// CommandComplete: a statement finished; the tag says what it did ("SELECT 3", "INSERT 0 1",
// "UPDATE 2", "COPY 100", "BEGIN", ...). Clients parse the row counts in it.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'C'                                    |
// | 4     | Int32 length, counting itself          |
// | n     | NUL-terminated command tag             |

public import HeliosCore
public import NIOCore

/// The end of one statement's results.
public struct CommandComplete: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "C")

    public var tag: String

    public init(tag: String) { self.tag = tag }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let tag = try reader.readString()
        try reader.expectEnd()
        return Self(tag: tag)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { $0.writeCString(tag) }
    }
}
