// The header every page starts with, and raw accessors for reading pages in place.
//
// Common page header (all integers little-endian):
//
// | offset | size | field                                                                  |
// |--------|------|------------------------------------------------------------------------|
// | 0      | 4    | checksum: CRC-32C of bytes 4..<pageSize                                |
// | 4      | 4    | page ID: the page's own number (catches misdirected reads and writes)  |
// | 8      | 8    | page LSN: the log position of the last change the page holds           |
// | 16     | 8    | version: commit version of the transaction that created the page       |
// | 24     | 1    | kind (PageKind)                                                        |
// | 25     | 1    | flags (PageFlags)                                                      |
// | 26     | 2    | cell count (tree nodes); entry count low bits elsewhere                |
// | 28     | 2    | content start: offset of the lowest cell byte (tree nodes)             |
// | 30     | 2    | fragmented bytes: dead bytes inside the cell area (tree nodes)         |
// | 32     | 4    | link: rightmost child (branch), next page (overflow, free list)        |
// | 36     | 4    | count: payload bytes (overflow), entries (free list)                   |
// | 40     | ...  | kind-specific body                                                     |

package import HeliosCore

/// What a page holds.
package enum PageKind: UInt8, Sendable {
    case fileHeader = 1
    case checkpoint = 2
    case leaf = 3
    case branch = 4
    case overflow = 5
    case freeList = 6
}

/// Page flag bits.
package enum PageFlags {
    /// Written straight to the data file and synced before its transaction committed (bulk load),
    /// so the log cannot rebuild it: it may be reused only after a checkpoint no longer needs it.
    package static let durableOutsideLog: UInt8 = 1
}

/// Byte offsets of the common header's fields.
package enum PageHeader {
    package static let checksum = 0
    package static let pageID = 4
    package static let pageLSN = 8
    package static let version = 16
    package static let kind = 24
    package static let flags = 25
    package static let cellCount = 26
    package static let contentStart = 28
    package static let fragmentedBytes = 30
    package static let link = 32
    package static let count = 36
    package static let size = 40
}

/// Page sizes a data file may be created with. Offsets inside a page fit in 16 bits.
package enum PageSize {
    package static let allowed: Set<Int> = [4096, 8192, 16384, 32768]
    package static let `default` = 8192
}

/// A non-owning view of one page's bytes, with little-endian accessors.
/// Invariant: every access is bounds-checked against `size` (a raw read past the page would read
/// another frame's memory).
package struct PageBytes {
    package let base: UnsafeMutableRawPointer
    package let size: Int

    @inline(__always)
    package init(_ base: UnsafeMutableRawPointer, size: Int) {
        self.base = base
        self.size = size
    }

    @inline(__always)
    package func uint8(at offset: Int) -> UInt8 {
        precondition(offset >= 0 && offset < size, "read past end of page")
        return base.load(fromByteOffset: offset, as: UInt8.self)
    }

    @inline(__always)
    package func uint16(at offset: Int) -> UInt16 {
        precondition(offset >= 0 && offset + 2 <= size, "read past end of page")
        return UInt16(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inline(__always)
    package func uint32(at offset: Int) -> UInt32 {
        precondition(offset >= 0 && offset + 4 <= size, "read past end of page")
        return UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always)
    package func uint64(at offset: Int) -> UInt64 {
        precondition(offset >= 0 && offset + 8 <= size, "read past end of page")
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    package func setUInt8(_ value: UInt8, at offset: Int) {
        precondition(offset >= 0 && offset < size, "write past end of page")
        base.storeBytes(of: value, toByteOffset: offset, as: UInt8.self)
    }

    @inline(__always)
    package func setUInt16(_ value: UInt16, at offset: Int) {
        precondition(offset >= 0 && offset + 2 <= size, "write past end of page")
        base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt16.self)
    }

    @inline(__always)
    package func setUInt32(_ value: UInt32, at offset: Int) {
        precondition(offset >= 0 && offset + 4 <= size, "write past end of page")
        base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
    }

    @inline(__always)
    package func setUInt64(_ value: UInt64, at offset: Int) {
        precondition(offset >= 0 && offset + 8 <= size, "write past end of page")
        base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self)
    }

    /// A read-only view of `count` bytes at `offset`.
    @inline(__always)
    package func bytes(at offset: Int, count: Int) -> UnsafeRawBufferPointer {
        precondition(offset >= 0 && count >= 0 && offset + count <= size, "read past end of page")
        return UnsafeRawBufferPointer(start: base + offset, count: count)
    }

    package func copyBytes(from source: UnsafeRawBufferPointer, to offset: Int) {
        precondition(offset >= 0 && offset + source.count <= size, "write past end of page")
        if let address = source.baseAddress { (base + offset).copyMemory(from: address, byteCount: source.count) }
    }

    package func zero(from offset: Int, count: Int) {
        precondition(offset >= 0 && offset + count <= size, "write past end of page")
        (base + offset).initializeMemory(as: UInt8.self, repeating: 0, count: count)
    }

    // MARK: common header

    package var pageID: PageID {
        get { PageID(uint32(at: PageHeader.pageID)) }
        nonmutating set { setUInt32(newValue.rawValue, at: PageHeader.pageID) }
    }
    package var pageLSN: LSN {
        get { LSN(uint64(at: PageHeader.pageLSN)) }
        nonmutating set { setUInt64(newValue.rawValue, at: PageHeader.pageLSN) }
    }
    package var version: UInt64 {
        get { uint64(at: PageHeader.version) }
        nonmutating set { setUInt64(newValue, at: PageHeader.version) }
    }
    package var kindByte: UInt8 {
        get { uint8(at: PageHeader.kind) }
        nonmutating set { setUInt8(newValue, at: PageHeader.kind) }
    }
    package var flags: UInt8 {
        get { uint8(at: PageHeader.flags) }
        nonmutating set { setUInt8(newValue, at: PageHeader.flags) }
    }
    package var link: PageID {
        get { PageID(uint32(at: PageHeader.link)) }
        nonmutating set { setUInt32(newValue.rawValue, at: PageHeader.link) }
    }
    package var count: UInt32 {
        get { uint32(at: PageHeader.count) }
        nonmutating set { setUInt32(newValue, at: PageHeader.count) }
    }

    /// Zeroes the page and writes a fresh common header.
    package func initialize(id: PageID, kind: PageKind, version: UInt64, lsn: LSN, flags: UInt8 = 0) {
        zero(from: 0, count: size)
        pageID = id
        self.version = version
        pageLSN = lsn
        kindByte = kind.rawValue
        self.flags = flags
    }

    /// The checksum the page should carry.
    package func computeChecksum() -> UInt32 {
        CRC32C.checksum(UnsafeRawBufferPointer(start: base + 4, count: size - 4))
    }

    package func storeChecksum() { setUInt32(computeChecksum(), at: PageHeader.checksum) }

    /// Whether the stored checksum matches the content.
    package var hasValidChecksum: Bool { uint32(at: PageHeader.checksum) == computeChecksum() }
}
