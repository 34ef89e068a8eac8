// Query: a simple-protocol query string, which may hold several statements separated by
// semicolons; each gets its own results, and one ReadyForQuery ends the cycle.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'Q'                                    |
// | 4     | Int32 length, counting itself          |
// | n     | NUL-terminated query text              |

public import HeliosCore
public import NIOCore

/// A simple query.
public struct QueryMessage: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "Q")

    public var text: String

    public init(text: String) { self.text = text }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let text = try reader.readString()
        try reader.expectEnd()
        return Self(text: text)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { $0.writeCString(text) }
    }
}
