// Close: drops a prepared statement ('S') or a portal ('P'). Closing a name that does not
// exist is not an error: the answer is CloseComplete all the same.
//
// | bytes | field                                          |
// |-------|------------------------------------------------|
// | 1     | 'C'                                            |
// | 4     | Int32 length, counting itself                  |
// | 1     | 'S' (statement) or 'P' (portal)                |
// | n     | NUL-terminated name ("" = the unnamed one)     |

public import HeliosCore
public import NIOCore

/// A request to close a statement or portal.
public struct CloseMessage: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "C")

    public var target: StatementOrPortal

    public init(_ target: StatementOrPortal) { self.target = target }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        Self(try StatementOrPortal.decode(&reader, messageName: "CLOSE"))
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { body in
            body.writeInteger(target.kindByte)
            body.writeCString(target.name)
        }
    }
}
