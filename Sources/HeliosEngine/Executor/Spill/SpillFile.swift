// Rows that did not fit in an operator's memory budget (work_mem): written to a temporary file
// that is unlinked as soon as it is created (so a crash leaves nothing behind), then read back
// once, in order. Each value carries its own type tag, so any row an operator holds — whatever
// types its plan columns claim — comes back exactly as it went in.

import Foundation
public import HeliosCore
import HeliosValues

package final class SpillFile {
    private let descriptor: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private var readPosition = 0
    private var reading = false
    private var endOfFile = false
    /// Rows and bytes written.
    package private(set) var count = 0
    package private(set) var bytesWritten = 0

    private static let bufferSize = 256 << 10

    package init() throws(DatabaseError) {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(directory)/heliosdb-spill-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        path = String(cString: template)
        guard descriptor >= 0 else { throw DatabaseError.io("create temporary", path: path, errno: errno) }
        unlink(path)
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit {
        close(descriptor)
    }

    package func append(_ row: Row) throws(DatabaseError) {
        precondition(!reading, "a spill file is written, then read")
        let start = buffer.count
        buffer.append(contentsOf: [0, 0, 0, 0])
        SpillCodec.append(row, to: &buffer)
        let length = UInt32(buffer.count - start - 4)
        withUnsafeBytes(of: length.littleEndian) { bytes in
            for index in 0..<4 { buffer[start + index] = bytes[index] }
        }
        count += 1
        if buffer.count >= Self.bufferSize { try flush() }
    }

    private func flush() throws(DatabaseError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw DatabaseError.io("write to temporary", path: path, errno: errno)
            }
            offset += written
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// The next row, in the order written (the first call ends writing).
    package func next() throws(DatabaseError) -> Row? {
        if !reading {
            try flush()
            guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw DatabaseError.io("seek in temporary", path: path, errno: errno) }
            reading = true
        }
        guard try available(4) else { return nil }
        let length = buffer.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: readPosition, as: UInt32.self))) }
        readPosition += 4
        guard try available(length) else { throw DatabaseError(.dataCorrupted, "temporary file \"\(path)\" ends inside a row") }
        let position = readPosition
        let row = buffer.withUnsafeBytes { raw in
            Result { () throws(DatabaseError) -> Row in
                try SpillCodec.decode(UnsafeRawBufferPointer(rebasing: raw[position..<(position + length)]))
            }
        }
        readPosition += length
        return try row.get()
    }

    /// Whether `wanted` more bytes are buffered, reading more from the file if needed.
    private func available(_ wanted: Int) throws(DatabaseError) -> Bool {
        if buffer.count - readPosition >= wanted { return true }
        buffer.removeFirst(readPosition)
        readPosition = 0
        while buffer.count < wanted && !endOfFile {
            let chunk = max(Self.bufferSize, wanted - buffer.count)
            let start = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: chunk))
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + start, chunk) }
            if got < 0 {
                buffer.removeLast(chunk)
                if errno == EINTR { continue }
                throw DatabaseError.io("read temporary", path: path, errno: errno)
            }
            buffer.removeLast(chunk - got)
            if got == 0 { endOfFile = true }
        }
        return buffer.count >= wanted
    }
}

/// Self-describing row bytes: a u16 value count, then per value a type tag (0xFF for NULL;
/// else the type's kind, with 0x80 set for arrays) and the value as RowCodec stores it.
enum SpillCodec {
    static func append(_ row: Row, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: row.count))
        bytes.append(UInt8(truncatingIfNeeded: row.count >> 8))
        for value in row {
            guard !value.isNull else { bytes.append(0xFF); continue }
            let type = value.naturalType
            bytes.append(type.kind.rawValue | (type.isArray ? 0x80 : 0))
            RowCodec.append(value, as: type, to: &bytes)
        }
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws(DatabaseError) -> Row {
        func corrupt() -> DatabaseError { DatabaseError(.dataCorrupted, "temporary file row is corrupted") }
        guard bytes.count >= 2 else { throw corrupt() }
        let count = Int(bytes[0]) | Int(bytes[1]) << 8
        var offset = 2
        var row: Row = []
        row.reserveCapacity(count)
        for _ in 0..<count {
            guard offset < bytes.count else { throw corrupt() }
            let tag = bytes[offset]
            offset += 1
            if tag == 0xFF { row.append(.null); continue }
            guard let kind = SQLType.Kind(rawValue: tag & 0x7F) else { throw corrupt() }
            let type = SQLType(kind, isArray: tag & 0x80 != 0)
            let length: Int
            if let width = RowCodec.fixedWidth(type) {
                length = width
            } else {
                guard offset + 4 <= bytes.count else { throw corrupt() }
                length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                offset += 4
            }
            guard offset + length <= bytes.count else { throw corrupt() }
            row.append(try RowCodec.decodeField(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]), as: type))
            offset += length
        }
        return row
    }

    /// Roughly the bytes a row occupies in memory, for memory budgets.
    static func footprint(_ row: Row) -> Int {
        var bytes = 32 + row.count * 16
        for value in row {
            switch value {
            case .text(let string), .character(let string), .json(let string), .jsonb(let string): bytes += string.utf8.count
            case .bytes(let data): bytes += data.count
            case .array(let array): bytes += array.elements.count * 24
            case .numeric: bytes += 16
            default: break
            }
        }
        return bytes
    }
}
