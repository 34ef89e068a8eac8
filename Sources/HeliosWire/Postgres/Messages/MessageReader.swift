// Reads the fields of one message body the way PostgreSQL's pqformat.c does: every read checks
// the bytes left first, and every shortfall becomes the error PostgreSQL reports (08P01
// "insufficient data left in message", "invalid string in message", "invalid message format"),
// never a trap. Strings are checked to be UTF-8 (22021, in PostgreSQL's words).

public import HeliosCore
public import NIOCore

/// A cursor over one message body.
public struct MessageReader {
    public private(set) var buffer: ByteBuffer

    public init(_ buffer: ByteBuffer) { self.buffer = buffer }

    public var remainingByteCount: Int { buffer.readableBytes }

    public mutating func readByte() throws(DatabaseError) -> UInt8 {
        guard let value = buffer.readInteger(as: UInt8.self) else { throw Self.insufficientData }
        return value
    }

    public mutating func readInt16() throws(DatabaseError) -> Int16 {
        guard let value = buffer.readInteger(endianness: .big, as: Int16.self) else { throw Self.insufficientData }
        return value
    }

    /// A count: PostgreSQL reads 16-bit counts as unsigned (`pq_getmsgint(msg, 2)`).
    public mutating func readCount() throws(DatabaseError) -> Int {
        guard let value = buffer.readInteger(endianness: .big, as: UInt16.self) else { throw Self.insufficientData }
        return Int(value)
    }

    public mutating func readInt32() throws(DatabaseError) -> Int32 {
        guard let value = buffer.readInteger(endianness: .big, as: Int32.self) else { throw Self.insufficientData }
        return value
    }

    public mutating func readUInt32() throws(DatabaseError) -> UInt32 {
        guard let value = buffer.readInteger(endianness: .big, as: UInt32.self) else { throw Self.insufficientData }
        return value
    }

    /// `byteCount` bytes; a negative or too large count is the same error as PostgreSQL's.
    public mutating func readBytes(count byteCount: Int) throws(DatabaseError) -> ByteBuffer {
        guard byteCount >= 0, byteCount <= buffer.readableBytes,
              let slice = buffer.readSlice(length: byteCount) else { throw Self.insufficientData }
        return slice
    }

    /// A NUL-terminated string, checked to be UTF-8.
    public mutating func readString() throws(DatabaseError) -> String {
        guard let length = buffer.readableBytesView.firstIndex(of: 0).map({ $0 - buffer.readerIndex }) else {
            throw DatabaseError(.protocolViolation, "invalid string in message")
        }
        let bytes = buffer.readSlice(length: length)!  // length < readableBytes: found above
        buffer.moveReaderIndex(forwardBy: 1)
        return try UTF8Text.decode(bytes.readableBytesView)
    }

    /// Everything left in the body.
    public mutating func readRemaining() -> ByteBuffer {
        buffer.readSlice(length: buffer.readableBytes)!
    }

    /// Fails unless the whole body was read (`pq_getmsgend`).
    public func expectEnd() throws(DatabaseError) {
        if buffer.readableBytes != 0 { throw DatabaseError(.protocolViolation, "invalid message format") }
    }

    static var insufficientData: DatabaseError {
        DatabaseError(.protocolViolation, "insufficient data left in message")
    }
}
