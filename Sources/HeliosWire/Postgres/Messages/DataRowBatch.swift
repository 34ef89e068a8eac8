// A batch of result rows, already framed as DataRow messages in one buffer, so the connection
// writes a batch with one call and the engine allocates nothing per row. The engine fills it
// through `appendRow`; values are bytes it has already encoded (text or binary, as the column's
// format says).
//
// Each row is written as DataRow.swift draws it: 'D', Int32 length, Int16 value count, then
// per value an Int32 length (-1 for NULL) and the bytes. Lengths are patched in after the
// values are written, and checked against the protocol's limits.

public import HeliosCore
internal import NIOCore

/// Rows ready to send.
public struct DataRowBatch: Sendable {
    var buffer: ByteBuffer
    public private(set) var rowCount = 0

    public init(reservingCapacity byteCount: Int = 0) {
        buffer = ByteBufferAllocator().buffer(capacity: byteCount)
    }

    /// Encoded bytes in the batch.
    public var byteCount: Int { buffer.readableBytes }

    public var isEmpty: Bool { rowCount == 0 }

    /// Appends one row; `write` appends its values in column order.
    public mutating func appendRow(_ write: (inout DataRowWriter) throws(DatabaseError) -> Void) throws(DatabaseError) {
        let rowStart = buffer.writerIndex
        buffer.writeInteger(DataRow.typeCode)
        buffer.writeInt32(0)  // the length, patched below
        buffer.writeInt16(0)  // the value count, patched below
        var writer = DataRowWriter(buffer: buffer)
        buffer = ByteBuffer()  // the writer owns the storage meanwhile: no copy on write
        do throws(DatabaseError) {
            try write(&writer)
        } catch {
            buffer = writer.buffer
            buffer.moveWriterIndex(to: rowStart)
            throw error
        }
        buffer = writer.buffer
        let length = buffer.writerIndex - rowStart - 1
        guard length <= MessageLimits.largeMessageByteCount, writer.valueCount <= RowDescription.maximumColumnCount else {
            buffer.moveWriterIndex(to: rowStart)
            throw DatabaseError(.programLimitExceeded, "row is too big: size \(length), maximum size \(MessageLimits.largeMessageByteCount)")
        }
        buffer.setInteger(Int32(length), at: rowStart + 1, endianness: .big)
        buffer.setInteger(Int16(writer.valueCount), at: rowStart + 5, endianness: .big)
        rowCount += 1
    }

    /// Appends one row of values given as bytes; nil is NULL.
    public mutating func appendRow(_ values: [[UInt8]?]) throws(DatabaseError) {
        try appendRow { (row: inout DataRowWriter) throws(DatabaseError) in
            for value in values {
                if let value { row.append(value) } else { row.appendNull() }
            }
        }
    }

    /// Appends one row of text values; nil is NULL.
    public mutating func appendTextRow(_ values: [String?]) throws(DatabaseError) {
        try appendRow { (row: inout DataRowWriter) throws(DatabaseError) in
            for value in values {
                if let value { row.append(text: value) } else { row.appendNull() }
            }
        }
    }

    /// The rows one by one, for tests and debugging.
    public var rows: [[[UInt8]?]] {
        var copy = buffer
        var rows: [[[UInt8]?]] = []
        while copy.readableBytes > 0 {
            copy.moveReaderIndex(forwardBy: 1)
            let length = Int(copy.readInteger(endianness: .big, as: Int32.self)!)
            var body = copy.readSlice(length: length - 4)!
            let count = Int(body.readInteger(endianness: .big, as: Int16.self)!)
            var row: [[UInt8]?] = []
            for _ in 0..<count {
                let valueLength = Int(body.readInteger(endianness: .big, as: Int32.self)!)
                row.append(valueLength < 0 ? nil : body.readBytes(length: valueLength)!)
            }
            rows.append(row)
        }
        return rows
    }
}

/// Appends the values of one row to a `DataRowBatch`.
public struct DataRowWriter {
    var buffer: ByteBuffer
    public private(set) var valueCount = 0

    init(buffer: ByteBuffer) { self.buffer = buffer }

    public mutating func appendNull() {
        buffer.writeInt32(-1)
        valueCount += 1
    }

    public mutating func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        let lengthIndex = buffer.writerIndex
        buffer.writeInt32(0)
        let written = buffer.writeBytes(bytes)
        buffer.setInteger(Int32(truncatingIfNeeded: written), at: lengthIndex, endianness: .big)
        valueCount += 1
    }

    public mutating func append(text: String) {
        let lengthIndex = buffer.writerIndex
        buffer.writeInt32(0)
        let written = buffer.writeString(text)
        buffer.setInteger(Int32(truncatingIfNeeded: written), at: lengthIndex, endianness: .big)
        valueCount += 1
    }

    /// Appends a value written directly into the row's storage by `body`, which receives
    /// the capacity it asked for and returns the bytes it used.
    public mutating func append(maximumByteCount: Int, _ body: (UnsafeMutableRawBufferPointer) -> Int) {
        let lengthIndex = buffer.writerIndex
        buffer.writeInt32(0)
        let written = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: maximumByteCount) { raw in
            let used = body(UnsafeMutableRawBufferPointer(rebasing: raw.prefix(maximumByteCount)))
            precondition(used >= 0 && used <= maximumByteCount, "a value wrote outside the space it asked for")
            return used
        }
        buffer.setInteger(Int32(truncatingIfNeeded: written), at: lengthIndex, endianness: .big)
        valueCount += 1
    }
}
