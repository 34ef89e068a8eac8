// StartupMessage: the first packet of a session, with no type byte. It names the protocol
// version and the session's parameters (user, database, options, GUC settings).
//
// | bytes  | field                                                                        |
// |--------|------------------------------------------------------------------------------|
// | 4      | Int32 length of the whole packet, counting itself (8...10000)                |
// | 4      | Int32 protocol version: major << 16 | minor; 3.0 is 196608                     |
// | n      | pairs of NUL-terminated name and value, e.g. "user\0alice\0"                  |
// | 1      | a final NUL                                                                  |
//
// Parsed as PostgreSQL's ProcessStartupPacket does: a name without a value ends the list, and
// anything but a single NUL after the last pair is "invalid startup packet layout".

public import HeliosCore
public import NIOCore

/// One name and value from a startup packet, as sent.
public struct StartupParameter: Equatable, Sendable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The packet that starts a session.
public struct StartupMessage: Equatable, Sendable {
    /// Protocol 3.0.
    public static let protocolVersion3: Int32 = 196_608

    /// major << 16 | minor.
    public var protocolVersion: Int32
    /// In the order sent; empty when the major version is not 3 (the layout is then unknown).
    public var parameters: [StartupParameter]

    public init(protocolVersion: Int32 = StartupMessage.protocolVersion3, parameters: [StartupParameter]) {
        self.protocolVersion = protocolVersion
        self.parameters = parameters
    }

    public var majorVersion: Int { Int(UInt32(bitPattern: protocolVersion) >> 16) }
    public var minorVersion: Int { Int(UInt32(bitPattern: protocolVersion) & 0xFFFF) }

    /// Decodes what follows the version field of a packet whose major version is 3.
    public static func decodeParameters(_ body: ByteBuffer) throws(DatabaseError) -> [StartupParameter] {
        let bytes = body.readableBytesView
        let start = bytes.startIndex, end = bytes.endIndex
        var parameters: [StartupParameter] = []
        var offset = start
        func stringEnd(from index: Int) -> Int { bytes[index...].firstIndex(of: 0) ?? end }
        while offset < end {
            if bytes[offset] == 0 { break }  // the terminator
            let nameEnd = stringEnd(from: offset)
            let valueStart = nameEnd + 1
            if valueStart >= end { break }  // a name without a value: complained about below
            let valueEnd = stringEnd(from: valueStart)
            let name = try UTF8Text.decode(bytes[offset..<nameEnd])
            let value = try UTF8Text.decode(bytes[valueStart..<valueEnd])
            parameters.append(StartupParameter(name: name, value: value))
            offset = valueEnd + 1
        }
        if offset != end - 1 {
            throw DatabaseError(.protocolViolation, "invalid startup packet layout: expected terminator as last byte")
        }
        return parameters
    }

    public func encode(into buffer: inout ByteBuffer) {
        let lengthIndex = buffer.writerIndex
        buffer.writeInt32(0)
        buffer.writeInt32(protocolVersion)
        for parameter in parameters {
            buffer.writeCString(parameter.name)
            buffer.writeCString(parameter.value)
        }
        buffer.writeInteger(UInt8(0))
        buffer.setInteger(Int32(buffer.writerIndex - lengthIndex), at: lengthIndex, endianness: .big)
    }
}
