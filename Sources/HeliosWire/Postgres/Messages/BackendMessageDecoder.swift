// Frames the bytes a server sends into messages: the client side of the codec, used by the
// tests' protocol client. The single-byte answers to SSLRequest and GSSENCRequest are not
// messages; a client reads them before it starts this decoder.

internal import HeliosCore
public import NIOCore

/// The backend side of the protocol, as a NIO decoder.
public struct BackendMessageDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = BackendMessage

    public init() {}

    public mutating func decode(buffer: inout ByteBuffer) throws -> BackendMessage? {
        guard buffer.readableBytes >= 5,
              let typeCode = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
              let length = buffer.getInteger(at: buffer.readerIndex + 1, endianness: .big, as: Int32.self) else {
            return nil
        }
        guard length >= 4, Int(length) <= MessageLimits.largeMessageByteCount else {
            throw DatabaseError(.protocolViolation, "invalid message length")
        }
        guard buffer.readableBytes >= 1 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 5)
        let body = buffer.readSlice(length: Int(length) - 4)!  // length checked above
        return try BackendMessage.decode(typeCode: typeCode, body: body)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> BackendMessage? {
        try decode(buffer: &buffer)
    }
}
