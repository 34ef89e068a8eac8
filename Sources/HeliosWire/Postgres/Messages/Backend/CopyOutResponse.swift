// CopyOutResponse: COPY TO STDOUT begins: CopyData messages (one per row) follow, then CopyDone and CommandComplete. Layout: CopyResponseLayout.swift, with type byte 'H'.
//
// | bytes | field                                       |
// |-------|---------------------------------------------|
// | 1     | 'H'                                         |
// | 4     | Int32 length, counting itself               |
// | 1     | Int8 overall format: 0 text, 1 binary       |
// | 2     | Int16 column count                          |
// | 2 × k | Int16 format of each column                 |

public import HeliosCore
public import NIOCore

/// The start of COPY TO STDOUT.
public struct CopyOutResponse: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "H")

    public var format: CopyFormat

    public init(format: CopyFormat) { self.format = format }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        Self(format: try CopyFormat.decode(&reader))
    }

    public func encode(into buffer: inout ByteBuffer) {
        format.encode(typeCode: Self.typeCode, into: &buffer)
    }
}
