// Frames the bytes a client sends into messages. A connection starts in startup mode (packets
// with no type byte: SSLRequest, GSSENCRequest, CancelRequest, StartupMessage) and moves to
// regular mode after a StartupMessage; after a CancelRequest or an unsupported protocol
// version it discards everything, since the connection is about to close.
//
// Framing errors throw a `DatabaseError` (08P01): a length outside the limits of
// `MessageLimits`, or an unknown type byte. The stream cannot be resynchronised after one, so
// the connection reports it as FATAL and closes. Lengths are checked from the header, before
// the body is buffered. Errors inside a well-framed body are not thrown: they come out as
// `FrontendMessage.malformed`.

internal import HeliosCore
public import NIOCore

/// The frontend side of the protocol, as a NIO decoder.
public struct FrontendMessageDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = FrontendMessage

    public enum Mode: Sendable {
        case startup, regular, discarding
    }

    public private(set) var mode: Mode

    public init(mode: Mode = .startup) { self.mode = mode }

    public mutating func decode(buffer: inout ByteBuffer) throws -> FrontendMessage? {
        switch mode {
        case .startup: return try decodeStartupPacket(&buffer)
        case .regular: return try decodeRegularMessage(&buffer)
        case .discarding:
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            return nil
        }
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> FrontendMessage? {
        // A message cut short by the end of the stream is dropped: the client is gone.
        try decode(buffer: &buffer)
    }

    private mutating func decodeStartupPacket(_ buffer: inout ByteBuffer) throws(DatabaseError) -> FrontendMessage? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: Int32.self) else {
            return nil
        }
        guard length >= 8, length <= MessageLimits.startupPacketByteCount else {
            throw Self.invalidStartupLength
        }
        guard buffer.readableBytes >= Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        var body = buffer.readSlice(length: Int(length) - 4)!  // length checked above
        let code = body.readInteger(endianness: .big, as: Int32.self)!  // length >= 8
        switch code {
        case SSLRequest.code:
            guard length == 8 else { throw Self.invalidStartupLength }
            return .sslRequest(SSLRequest(isFollowedByData: buffer.readableBytes > 0))
        case GSSEncryptionRequest.code:
            guard length == 8 else { throw Self.invalidStartupLength }
            return .gssEncryptionRequest
        case CancelRequest.code:
            guard length == 16 else { throw Self.invalidStartupLength }
            mode = .discarding
            return .cancelRequest(CancelRequest(processID: body.readInteger(endianness: .big)!,
                                                secretKey: body.readInteger(endianness: .big)!))
        default:
            var message = StartupMessage(protocolVersion: code, parameters: [])
            if message.majorVersion == 3 {
                message.parameters = try StartupMessage.decodeParameters(body)
                mode = .regular
            } else {
                mode = .discarding  // the connection rejects the version and closes
            }
            return .startup(message)
        }
    }

    private func decodeRegularMessage(_ buffer: inout ByteBuffer) throws(DatabaseError) -> FrontendMessage? {
        guard let typeCode = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        guard let maximum = MessageLimits.maximumByteCount(forType: typeCode) else {
            throw DatabaseError(.protocolViolation, "invalid frontend message type \(typeCode)")
        }
        guard let length = buffer.getInteger(at: buffer.readerIndex + 1, endianness: .big, as: Int32.self) else {
            return nil
        }
        guard length >= 4, Int(length) <= maximum else {
            throw DatabaseError(.protocolViolation, "invalid message length")
        }
        guard buffer.readableBytes >= 1 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 5)
        let body = buffer.readSlice(length: Int(length) - 4)!  // length checked above
        return FrontendMessage.decode(typeCode: typeCode, body: body)
    }

    static var invalidStartupLength: DatabaseError {
        DatabaseError(.protocolViolation, "invalid length of startup packet")
    }
}
