// Execute: runs a portal, returning at most `maxRows` rows (0 or less: all). A portal stopped
// by the limit answers PortalSuspended, and a later Execute continues it.
//
// | bytes | field                                          |
// |-------|------------------------------------------------|
// | 1     | 'E'                                            |
// | 4     | Int32 length, counting itself                  |
// | n     | NUL-terminated portal name ("" = unnamed)      |
// | 4     | Int32 maximum rows, 0 = no limit               |

public import HeliosCore
public import NIOCore

/// A request to run a portal.
public struct ExecuteMessage: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "E")

    public var portalName: String
    /// As sent; the connection treats values <= 0 as "no limit", as PostgreSQL does.
    public var maxRows: Int32

    public init(portalName: String, maxRows: Int32 = 0) {
        self.portalName = portalName
        self.maxRows = maxRows
    }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let portal = try reader.readString()
        let maxRows = try reader.readInt32()
        try reader.expectEnd()
        return Self(portalName: portal, maxRows: maxRows)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { body in
            body.writeCString(portalName)
            body.writeInt32(maxRows)
        }
    }
}
