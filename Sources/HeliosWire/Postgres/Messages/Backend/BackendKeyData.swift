// BackendKeyData: the process ID and secret key that identify the session; a CancelRequest
// must quote both to cancel its statements.
//
// | bytes | field                                  |
// |-------|----------------------------------------|
// | 1     | 'K'                                    |
// | 4     | Int32 12                               |
// | 4     | Int32 process ID                       |
// | 4     | Int32 secret key                       |

public import HeliosCore
public import NIOCore

/// The key that cancels this session's statements.
public struct BackendKeyData: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "K")

    public var processID: Int32
    public var secretKey: Int32

    public init(processID: Int32, secretKey: Int32) {
        self.processID = processID
        self.secretKey = secretKey
    }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let processID = try reader.readInt32()
        let secretKey = try reader.readInt32()
        try reader.expectEnd()
        return Self(processID: processID, secretKey: secretKey)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { body in
            body.writeInt32(processID)
            body.writeInt32(secretKey)
        }
    }
}
