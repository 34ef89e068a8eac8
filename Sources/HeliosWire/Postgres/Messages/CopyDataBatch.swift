// A batch of COPY TO STDOUT data, already framed as CopyData messages ('d', Int32 length, the
// bytes; see CopyData.swift) in one buffer: one message per row, as PostgreSQL sends them.

public import HeliosCore
internal import NIOCore

/// COPY output ready to send.
public struct CopyDataBatch: Sendable {
    var buffer: ByteBuffer
    public private(set) var messageCount = 0

    public init(reservingCapacity byteCount: Int = 0) {
        buffer = ByteBufferAllocator().buffer(capacity: byteCount)
    }

    public var byteCount: Int { buffer.readableBytes }

    /// Appends one CopyData message holding `bytes` (usually one row, with its newline).
    public mutating func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes) throws(DatabaseError) {
        let start = buffer.writerIndex
        buffer.writeInteger(CopyData.typeCode)
        buffer.writeInt32(0)
        let written = buffer.writeBytes(bytes)
        guard written + 4 <= MessageLimits.largeMessageByteCount else {
            buffer.moveWriterIndex(to: start)
            throw DatabaseError(.programLimitExceeded, "COPY data row is too big")
        }
        buffer.setInteger(Int32(written + 4), at: start + 1, endianness: .big)
        messageCount += 1
    }

    /// Appends one CopyData message holding `text`.
    public mutating func append(text: String) throws(DatabaseError) {
        try append(text.utf8)
    }

    /// The messages' payloads, for tests.
    public var chunks: [[UInt8]] {
        var copy = buffer
        var chunks: [[UInt8]] = []
        while copy.readableBytes > 0 {
            copy.moveReaderIndex(forwardBy: 1)
            let length = Int(copy.readInteger(endianness: .big, as: Int32.self)!)
            chunks.append(copy.readBytes(length: length - 4)!)
        }
        return chunks
    }
}
