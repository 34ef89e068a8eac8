// NegotiateProtocolVersion: sent after the StartupMessage when the client asked for a newer
// minor version than 3.0 or for protocol options ("_pq_.*") the server does not know. The
// session then goes on with protocol 3.0 and without those options. Like PostgreSQL 15, the
// version field holds the whole newest version supported, 196608 (3.0).
//
// | bytes | field                                              |
// |-------|----------------------------------------------------|
// | 1     | 'v'                                                |
// | 4     | Int32 length, counting itself                      |
// | 4     | Int32 newest protocol version supported (196608)   |
// | 4     | Int32 count of options not recognized              |
// | n × k | NUL-terminated names of those options              |

public import HeliosCore
public import NIOCore

/// The server's counter-offer of protocol version and options.
public struct NegotiateProtocolVersion: Equatable, Sendable {
    public static let typeCode = UInt8(ascii: "v")

    public var newestVersion: Int32
    public var unrecognizedOptions: [String]

    public init(newestVersion: Int32 = StartupMessage.protocolVersion3, unrecognizedOptions: [String]) {
        self.newestVersion = newestVersion
        self.unrecognizedOptions = unrecognizedOptions
    }

    public static func decode(_ reader: inout MessageReader) throws(DatabaseError) -> Self {
        let version = try reader.readInt32()
        let count = try reader.readInt32()
        guard count >= 0 else { throw MessageReader.insufficientData }
        var options: [String] = []
        for _ in 0..<count { options.append(try reader.readString()) }
        try reader.expectEnd()
        return Self(newestVersion: version, unrecognizedOptions: options)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMessage(typeCode: Self.typeCode) { body in
            body.writeInt32(newestVersion)
            body.writeInt32(Int32(unrecognizedOptions.count))
            for option in unrecognizedOptions { body.writeCString(option) }
        }
    }
}
