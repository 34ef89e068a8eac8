// A small binary writer and reader for the engine's own persistent structures (catalog
// descriptors, row encodings): little-endian integers, length-prefixed strings and lists.
// Readers check every length against what is left, so damaged bytes become an error, never a
// trap.

public import HeliosCore

/// Appends values to a byte buffer.
package struct BinaryWriter {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    package mutating func write(_ value: UInt8) { bytes.append(value) }
    package mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }
    package mutating func write(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    package mutating func write(_ value: Int16) { write(UInt16(bitPattern: value)) }
    package mutating func write(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    package mutating func write(_ value: Int32) { write(UInt32(bitPattern: value)) }
    package mutating func write(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    package mutating func write(_ value: Int64) { write(UInt64(bitPattern: value)) }

    package mutating func write(_ value: [UInt8]) {
        write(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    package mutating func write(_ value: String) { write(Array(value.utf8)) }

    package mutating func write(_ value: String?) {
        write(value != nil)
        if let value { write(value) }
    }

    package mutating func writeList<Element>(_ elements: [Element], _ writeElement: (inout BinaryWriter, Element) -> Void) {
        write(UInt32(elements.count))
        for element in elements { writeElement(&self, element) }
    }
}

/// Reads values written by `BinaryWriter`, in the same order.
package struct BinaryReader {
    private let bytes: [UInt8]
    private var offset = 0
    private let what: String

    /// `what` names the structure in error messages.
    package init(_ bytes: [UInt8], what: String) {
        self.bytes = bytes
        self.what = what
    }

    package var isAtEnd: Bool { offset == bytes.count }

    private mutating func take(_ count: Int) throws(DatabaseError) -> ArraySlice<UInt8> {
        guard count >= 0, offset + count <= bytes.count else {
            throw DatabaseError(.dataCorrupted, "\(what) is corrupted", detail: "It ends \(offset + count - bytes.count) bytes early.")
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    package mutating func readUInt8() throws(DatabaseError) -> UInt8 { try take(1).first! }
    package mutating func readBool() throws(DatabaseError) -> Bool { try readUInt8() != 0 }

    package mutating func readUInt16() throws(DatabaseError) -> UInt16 {
        let slice = try take(2)
        return UInt16(slice[slice.startIndex]) | UInt16(slice[slice.startIndex + 1]) << 8
    }

    package mutating func readInt16() throws(DatabaseError) -> Int16 { Int16(bitPattern: try readUInt16()) }

    package mutating func readUInt32() throws(DatabaseError) -> UInt32 {
        let slice = try take(4)
        return slice.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    package mutating func readInt32() throws(DatabaseError) -> Int32 { Int32(bitPattern: try readUInt32()) }

    package mutating func readUInt64() throws(DatabaseError) -> UInt64 {
        let slice = try take(8)
        return slice.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    package mutating func readInt64() throws(DatabaseError) -> Int64 { Int64(bitPattern: try readUInt64()) }

    package mutating func readBytes() throws(DatabaseError) -> [UInt8] {
        let count = Int(try readUInt32())
        return Array(try take(count))
    }

    package mutating func readString() throws(DatabaseError) -> String {
        String(decoding: try readBytes(), as: UTF8.self)
    }

    package mutating func readOptionalString() throws(DatabaseError) -> String? {
        try readBool() ? try readString() : nil
    }

    package mutating func readList<Element>(_ readElement: (inout BinaryReader) throws(DatabaseError) -> Element) throws(DatabaseError) -> [Element] {
        let count = Int(try readUInt32())
        guard count <= bytes.count - offset else {
            throw DatabaseError(.dataCorrupted, "\(what) is corrupted", detail: "A list claims \(count) elements.")
        }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try readElement(&self)) }
        return elements
    }
}
