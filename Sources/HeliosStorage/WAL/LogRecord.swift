// Write-ahead log records. The log is logical: it records what a transaction did to which tree
// (put, delete, create, drop), not which bytes changed on which page. Recovery starts from the
// last checkpoint, whose pages are all on disk, and replays the committed transactions after it.
//
// Record framing (integers little-endian):
//
// | offset | size | field                                                          |
// |--------|------|----------------------------------------------------------------|
// | 0      | 4    | CRC-32C of bytes 4..<length                                    |
// | 4      | 4    | length of the whole record, header included                    |
// | 8      | 8    | LSN: the record's own position in the log (rejects stale bytes) |
// | 16     | 1    | kind (LogRecordKind)                                           |
// | 17     | ...  | body, by kind:                                                 |
//
// | kind         | body                                                                   |
// |--------------|------------------------------------------------------------------------|
// | begin        | version u64                                                            |
// | put          | tree u64, key length u32, key, value (to the end of the record)        |
// | delete       | tree u64, key (to the end)                                             |
// | createTree   | tree u64, split policy u8, fill factor u8, name (UTF-8, to the end)    |
// | dropTree     | tree u64                                                               |
// | setOptions   | tree u64, split policy u8, fill factor u8                              |
// | bulkInstall  | tree u64, root (TreeRoot, 24 bytes), range count u32, ranges           |
// |              | (first page u32, page count u32) — pages written and synced outside the log |
// | commit       | version u64, durable LSN u64 (log flushed this far when appended),     |
// |              | time u64 (microseconds since 1970)                                     |
// | abort        | version u64                                                            |

package import HeliosCore

package enum LogRecordKind: UInt8, Sendable {
    case begin = 1, put, delete, createTree, dropTree, setOptions, bulkInstall, commit, abort
}

/// A decoded log record.
package enum LogRecord: Equatable, Sendable {
    case begin(version: UInt64)
    case put(tree: TreeID, key: [UInt8], value: [UInt8])
    case delete(tree: TreeID, key: [UInt8])
    case createTree(tree: TreeID, name: String, options: TreeOptions)
    case dropTree(tree: TreeID)
    case setOptions(tree: TreeID, options: TreeOptions)
    case bulkInstall(tree: TreeID, root: TreeRoot, ranges: [PageRange])
    case commit(version: UInt64, durableLSN: LSN, time: UInt64)
    case abort(version: UInt64)
}

/// A run of consecutive pages.
package struct PageRange: Equatable, Sendable {
    package var first: UInt32
    package var count: UInt32
    package init(first: UInt32, count: UInt32) {
        self.first = first
        self.count = count
    }
}

/// Appends framed records to a byte buffer whose first byte sits at log position `baseLSN`.
package struct LogEncoder {
    package static let headerSize = 17
    /// A record longer than this is garbage (the largest value is 1 GiB).
    package static let maximumRecordLength = (1 << 30) + 64 * 1024

    package private(set) var bytes: [UInt8] = []
    package private(set) var baseLSN: LSN

    package init(baseLSN: LSN) { self.baseLSN = baseLSN }

    /// The log position the next record gets.
    package var nextLSN: LSN { baseLSN + bytes.count }

    /// Hands the encoded bytes over and starts a new buffer at the position after them.
    package mutating func take() -> [UInt8] {
        let taken = bytes
        baseLSN = nextLSN
        bytes = []
        bytes.reserveCapacity(taken.count)
        return taken
    }

    package mutating func appendBegin(version: UInt64) {
        record(.begin) { $0.appendUInt64(version) }
    }

    package mutating func appendPut(tree: TreeID, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        record(.put) { encoder in
            encoder.appendUInt64(tree.rawValue)
            encoder.appendUInt32(UInt32(key.count))
            encoder.bytes.append(contentsOf: key)
            encoder.bytes.append(contentsOf: value)
        }
    }

    package mutating func appendDelete(tree: TreeID, key: UnsafeRawBufferPointer) {
        record(.delete) { encoder in
            encoder.appendUInt64(tree.rawValue)
            encoder.bytes.append(contentsOf: key)
        }
    }

    package mutating func appendCreateTree(tree: TreeID, name: String, options: TreeOptions) {
        record(.createTree) { encoder in
            encoder.appendUInt64(tree.rawValue)
            encoder.bytes.append(options.splitPolicy.rawValue)
            encoder.bytes.append(UInt8(options.fillFactor))
            encoder.bytes.append(contentsOf: Array(name.utf8))
        }
    }

    package mutating func appendDropTree(tree: TreeID) {
        record(.dropTree) { $0.appendUInt64(tree.rawValue) }
    }

    package mutating func appendSetOptions(tree: TreeID, options: TreeOptions) {
        record(.setOptions) { encoder in
            encoder.appendUInt64(tree.rawValue)
            encoder.bytes.append(options.splitPolicy.rawValue)
            encoder.bytes.append(UInt8(options.fillFactor))
        }
    }

    package mutating func appendBulkInstall(tree: TreeID, root: TreeRoot, ranges: [PageRange]) {
        record(.bulkInstall) { encoder in
            encoder.appendUInt64(tree.rawValue)
            encoder.appendUInt32(root.root.rawValue)
            encoder.appendUInt32(UInt32(root.height))
            encoder.appendUInt64(root.entryCount)
            encoder.appendUInt64(root.pageCount)
            encoder.appendUInt32(UInt32(ranges.count))
            for range in ranges {
                encoder.appendUInt32(range.first)
                encoder.appendUInt32(range.count)
            }
        }
    }

    package mutating func appendCommit(version: UInt64, durableLSN: LSN, time: UInt64) {
        record(.commit) { encoder in
            encoder.appendUInt64(version)
            encoder.appendUInt64(durableLSN.rawValue)
            encoder.appendUInt64(time)
        }
    }

    package mutating func appendAbort(version: UInt64) {
        record(.abort) { $0.appendUInt64(version) }
    }

    /// Frames one record: header, body written by `body`, then length and checksum.
    private mutating func record(_ kind: LogRecordKind, _ body: (inout LogEncoder) -> Void) {
        let start = bytes.count
        let lsn = baseLSN + start
        appendUInt32(0)  // checksum, patched below
        appendUInt32(0)  // length, patched below
        appendUInt64(lsn.rawValue)
        bytes.append(kind.rawValue)
        body(&self)
        let length = bytes.count - start
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt32(length).littleEndian, toByteOffset: start + 4, as: UInt32.self)
            let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[(start + 4)..<(start + length)]))
            raw.storeBytes(of: crc.littleEndian, toByteOffset: start, as: UInt32.self)
        }
    }

    mutating func appendUInt32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func appendUInt64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Decoding of one framed record.
package enum LogDecoder {
    /// Checks a record's framing at `lsn`: returns its length if the header is plausible (length
    /// in range, LSN field equal to its position). The checksum is checked by `decode`.
    package static func plausibleLength(header: UnsafeRawBufferPointer, at lsn: LSN) -> Int? {
        guard header.count >= 16 else { return nil }
        let length = Int(UInt32(littleEndian: header.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
        let position = UInt64(littleEndian: header.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        guard position == lsn.rawValue, length >= LogEncoder.headerSize,
              length <= LogEncoder.maximumRecordLength else { return nil }
        return length
    }

    /// Decodes a whole record (header included); nil if the checksum or body is wrong.
    package static func decode(_ record: UnsafeRawBufferPointer) -> LogRecord? {
        guard record.count >= LogEncoder.headerSize else { return nil }
        let stored = UInt32(littleEndian: record.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
        guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: record[4...])) == stored,
              let kind = LogRecordKind(rawValue: record[16]) else { return nil }
        var reader = BodyReader(bytes: UnsafeRawBufferPointer(rebasing: record[LogEncoder.headerSize...]))
        switch kind {
        case .begin:
            guard let version = reader.uint64() else { return nil }
            return .begin(version: version)
        case .put:
            guard let tree = reader.uint64(), let keyLength = reader.uint32(),
                  let key = reader.bytes(Int(keyLength)) else { return nil }
            return .put(tree: TreeID(tree), key: key, value: reader.rest())
        case .delete:
            guard let tree = reader.uint64() else { return nil }
            return .delete(tree: TreeID(tree), key: reader.rest())
        case .createTree:
            guard let tree = reader.uint64(), let options = reader.options() else { return nil }
            return .createTree(tree: TreeID(tree), name: String(decoding: reader.rest(), as: UTF8.self), options: options)
        case .dropTree:
            guard let tree = reader.uint64() else { return nil }
            return .dropTree(tree: TreeID(tree))
        case .setOptions:
            guard let tree = reader.uint64(), let options = reader.options() else { return nil }
            return .setOptions(tree: TreeID(tree), options: options)
        case .bulkInstall:
            guard let tree = reader.uint64(), let root = reader.uint32(), let height = reader.uint32(),
                  let entries = reader.uint64(), let pageCount = reader.uint64(), let count = reader.uint32(),
                  Int(count) * 8 <= reader.remaining else { return nil }
            var ranges: [PageRange] = []
            for _ in 0..<count {
                guard let first = reader.uint32(), let length = reader.uint32() else { return nil }
                ranges.append(PageRange(first: first, count: length))
            }
            return .bulkInstall(tree: TreeID(tree), root: TreeRoot(root: PageID(root), height: Int(height),
                                                                    entryCount: entries, pageCount: pageCount),
                                ranges: ranges)
        case .commit:
            guard let version = reader.uint64(), let durable = reader.uint64(), let time = reader.uint64() else { return nil }
            return .commit(version: version, durableLSN: LSN(durable), time: time)
        case .abort:
            guard let version = reader.uint64() else { return nil }
            return .abort(version: version)
        }
    }

    private struct BodyReader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        var remaining: Int { bytes.count - offset }

        mutating func uint64() -> UInt64? {
            guard remaining >= 8 else { return nil }
            defer { offset += 8 }
            return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }

        mutating func uint32() -> UInt32? {
            guard remaining >= 4 else { return nil }
            defer { offset += 4 }
            return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }

        mutating func bytes(_ count: Int) -> [UInt8]? {
            guard count >= 0, remaining >= count else { return nil }
            defer { offset += count }
            return Array(bytes[offset..<(offset + count)])
        }

        mutating func options() -> TreeOptions? {
            guard remaining >= 2, let policy = SplitPolicy(rawValue: bytes[offset]) else { return nil }
            let fill = Int(bytes[offset + 1])
            offset += 2
            guard (10...100).contains(fill) else { return nil }
            return TreeOptions(splitPolicy: policy, fillFactor: fill)
        }

        mutating func rest() -> [UInt8] {
            defer { offset = bytes.count }
            return Array(bytes[offset...])
        }
    }
}
