// Writing messages: a type byte, a length that counts itself and the body, then the body.
// The length is patched in after the body is written, and checked on the way out as the
// decoder checks it on the way in.

public import NIOCore

extension ByteBuffer {
    /// Writes one message: `typeCode`, the length, then whatever `body` writes.
    public mutating func writeMessage(typeCode: UInt8, body: (inout ByteBuffer) -> Void) {
        writeInteger(typeCode)
        let lengthIndex = writerIndex
        writeInteger(Int32(0), endianness: .big)
        body(&self)
        let length = writerIndex - lengthIndex
        precondition(length <= MessageLimits.largeMessageByteCount, "message of \(length) bytes exceeds the protocol's limit")
        setInteger(Int32(length), at: lengthIndex, endianness: .big)
    }

    /// A NUL-terminated string. PostgreSQL strings cannot hold NUL, so any NUL is dropped rather
    /// than let it end the field early and shift every field after it.
    public mutating func writeCString(_ text: String) {
        if text.utf8.contains(0) {
            writeBytes(text.utf8.filter { $0 != 0 })
        } else {
            writeString(text)
        }
        writeInteger(UInt8(0))
    }

    public mutating func writeInt16(_ value: Int16) { writeInteger(value, endianness: .big) }
    public mutating func writeInt32(_ value: Int32) { writeInteger(value, endianness: .big) }
    public mutating func writeUInt32(_ value: UInt32) { writeInteger(value, endianness: .big) }
}
