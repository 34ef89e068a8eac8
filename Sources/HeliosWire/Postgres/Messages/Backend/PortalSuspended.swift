// PortalSuspended: Execute stopped at its row limit; another Execute of the portal continues it. Sent whenever exactly the limit was returned, even if no row is left: PostgreSQL does not look ahead.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 's'                                    |
// | 4     | Int32 4                                |

public import NIOCore

/// A portal paused at its row limit.
public enum PortalSuspended {
    public static let typeCode = UInt8(ascii: "s")

    public static func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: typeCode) { _ in }
    }
}
