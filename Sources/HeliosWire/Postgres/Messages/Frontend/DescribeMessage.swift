// Describe: asks for a prepared statement's parameter and result types ('S'), or for a
// portal's result columns ('P').
//
// | bytes | field                                          |
// |-------|------------------------------------------------|
// | 1     | 'D'                                            |
// | 4     | Int32 length, counting itself                  |
// | 1     | 'S' (statement) or 'P' (portal)                |
// | n     | NUL-terminated name ("" = the unnamed one)     |

public import HeliosCore
public import NIOCore

/// What a Describe or Close message names.
public enum StatementOrPortal: Equatable, Sendable {
    case statement(String)
    case portal(String)

    var kindByte: UInt8 {
        switch self {
        case .statement: UInt8(ascii: "S")
        case .portal: UInt8(ascii: "P")
        }
    }

    var name: String {
        switch self {
        case .statement(let name), .portal(let name): name
        }
    }

    /// Reads the kind byte and name; `messageName` words the error for a bad kind as
    /// PostgreSQL does ("invalid DESCRIBE message subtype 88").
    static func decode(_ reader: inout MessageReader, messageName: String) throws(DatabaseError) -> Self {
        let kind = try reader.readByte()
        let name = try reader.readString()
        try reader.expectEnd()
        switch kind {
        case UInt8(ascii: "S"): return .statement(name)
        case UInt8(ascii: "P"): return .portal(name)
        default: throw DatabaseError(.protocolViolation, "invalid \(messageName) message subtype \(kind)")
        }
    }
}

/// A request to describe a statement or portal.
public struct DescribeMessage: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "D")

    public var target: StatementOrPortal

    public init(_ target: StatementOrPortal) { self.target = target }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        Self(try StatementOrPortal.decode(&reader, messageName: "DESCRIBE"))
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { body in
            body.writeInteger(target.kindByte)
            body.writeCString(target.name)
        }
    }
}
