// A B+ tree node: a slotted page of cells, read and changed in place.
//
// | offset          | size   | field                                                      |
// |-----------------|--------|------------------------------------------------------------|
// | 0               | 40     | common page header (kind leaf or branch; cell count,       |
// |                 |        | content start, fragmented bytes; link = rightmost child)   |
// | 40              | 2 * n  | slot array: offset of each cell, in key order              |
// | ...             |        | free space                                                 |
// | content start   | ...    | cells, packed towards the end of the page                  |
//
// Leaf cell:    key length u16 | value length u16 | key | value
//               value length 0xFFFF: the value lives in an overflow chain, and the cell holds
//               key length u16 | 0xFFFF | key | total value length u32 | first overflow page u32
// Branch cell:  key length u16 | child page u32 | key
//
// A branch with n cells has n + 1 children: cell i's child holds the keys below cell i's key
// (and at or above cell i - 1's key); the rightmost child, in the header's link field, holds the
// keys at or above the last cell's key.

package import HeliosCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Compares two byte strings the way keys are ordered: lexicographically, unsigned bytes, a
/// proper prefix first.
@inline(__always)
package func compareKeys(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let common = min(a.count, b.count)
    if common > 0 {
        let order = memcmp(a.baseAddress!, b.baseAddress!, common)
        if order != 0 { return Int(order) }
    }
    return a.count - b.count
}

/// A view of one B+ tree node in a pinned page.
///
/// Invariants (checked by `checkInvariants`):
/// 1. keys strictly increase from slot 0 to slot n - 1;
/// 2. every cell lies between content start and the page end, and cells do not overlap;
/// 3. the slot array ends at or before content start;
/// 4. a branch's children are all non-zero pages.
package struct Node {
    package let bytes: PageBytes

    @inline(__always)
    package init(_ bytes: PageBytes) { self.bytes = bytes }

    package static let overflowMarker: UInt16 = 0xFFFF
    package static let slotSize = 2
    package static let leafCellOverhead = 4
    package static let branchCellOverhead = 6
    package static let overflowReferenceSize = 8

    // MARK: header fields

    package var isLeaf: Bool { bytes.kindByte == PageKind.leaf.rawValue }

    package var cellCount: Int {
        get { Int(bytes.uint16(at: PageHeader.cellCount)) }
        nonmutating set { bytes.setUInt16(UInt16(newValue), at: PageHeader.cellCount) }
    }

    /// Offset of the lowest cell byte; a page with no cells has it at the page size.
    package var contentStart: Int {
        get {
            let stored = Int(bytes.uint16(at: PageHeader.contentStart))
            return stored == 0 ? bytes.size : stored
        }
        nonmutating set { bytes.setUInt16(newValue == bytes.size ? 0 : UInt16(newValue), at: PageHeader.contentStart) }
    }

    package var fragmentedBytes: Int {
        get { Int(bytes.uint16(at: PageHeader.fragmentedBytes)) }
        nonmutating set { bytes.setUInt16(UInt16(newValue), at: PageHeader.fragmentedBytes) }
    }

    package var rightmostChild: PageID {
        get { bytes.link }
        nonmutating set { bytes.link = newValue }
    }

    /// Bytes available to slots and cells in an empty node.
    package static func capacity(pageSize: Int) -> Int { pageSize - PageHeader.size }

    /// The largest cell (with its slot) a node accepts, so that every node holds at least four.
    package static func maximumCellSize(pageSize: Int) -> Int { capacity(pageSize: pageSize) / 4 }

    /// The longest key a tree accepts with pages of this size.
    package static func maximumKeyLength(pageSize: Int) -> Int {
        maximumCellSize(pageSize: pageSize) - slotSize - leafCellOverhead - overflowReferenceSize
    }

    /// Free bytes between the slot array and the cells.
    package var contiguousFreeSpace: Int { contentStart - (PageHeader.size + Node.slotSize * cellCount) }

    /// Free bytes after compaction.
    package var freeSpace: Int { contiguousFreeSpace + fragmentedBytes }

    /// Bytes used by cells and slots.
    package var usedSpace: Int { Node.capacity(pageSize: bytes.size) - freeSpace }

    /// Turns a freshly allocated page into an empty node.
    package func initializeEmpty() {
        cellCount = 0
        contentStart = bytes.size
        fragmentedBytes = 0
        bytes.link = .none
    }

    // MARK: cells

    @inline(__always)
    package func cellOffset(_ slot: Int) -> Int {
        precondition(slot >= 0 && slot < cellCount, "slot out of range")
        return Int(bytes.uint16(at: PageHeader.size + Node.slotSize * slot))
    }

    @inline(__always)
    package func key(_ slot: Int) -> UnsafeRawBufferPointer {
        let offset = cellOffset(slot)
        let keyLength = Int(bytes.uint16(at: offset))
        return bytes.bytes(at: offset + (isLeaf ? Node.leafCellOverhead : Node.branchCellOverhead), count: keyLength)
    }

    /// The size of cell `slot` in bytes, without its slot.
    package func cellSize(_ slot: Int) -> Int {
        let offset = cellOffset(slot)
        let keyLength = Int(bytes.uint16(at: offset))
        if !isLeaf { return Node.branchCellOverhead + keyLength }
        let valueLength = bytes.uint16(at: offset + 2)
        return Node.leafCellOverhead + keyLength
            + (valueLength == Node.overflowMarker ? Node.overflowReferenceSize : Int(valueLength))
    }

    /// The raw bytes of cell `slot`, to move it to another node.
    package func cell(_ slot: Int) -> UnsafeRawBufferPointer {
        bytes.bytes(at: cellOffset(slot), count: cellSize(slot))
    }

    // Leaf cells

    package func isOverflow(_ slot: Int) -> Bool {
        bytes.uint16(at: cellOffset(slot) + 2) == Node.overflowMarker
    }

    /// The inline value of a leaf cell (not an overflow one).
    package func inlineValue(_ slot: Int) -> UnsafeRawBufferPointer {
        let offset = cellOffset(slot)
        let keyLength = Int(bytes.uint16(at: offset))
        let valueLength = Int(bytes.uint16(at: offset + 2))
        precondition(valueLength != Int(Node.overflowMarker), "inline value of an overflow cell")
        return bytes.bytes(at: offset + Node.leafCellOverhead + keyLength, count: valueLength)
    }

    /// The overflow reference of a leaf cell: total value length and first chain page.
    package func overflowReference(_ slot: Int) -> (length: Int, first: PageID) {
        let offset = cellOffset(slot)
        let keyLength = Int(bytes.uint16(at: offset))
        precondition(bytes.uint16(at: offset + 2) == Node.overflowMarker, "not an overflow cell")
        let reference = offset + Node.leafCellOverhead + keyLength
        return (Int(bytes.uint32(at: reference)), PageID(bytes.uint32(at: reference + 4)))
    }

    // Branch cells

    /// Child `slot`; slot == cellCount is the rightmost child.
    @inline(__always)
    package func child(_ slot: Int) -> PageID {
        if slot == cellCount { return rightmostChild }
        return PageID(bytes.uint32(at: cellOffset(slot) + 2))
    }

    package func setChild(_ slot: Int, to page: PageID) {
        if slot == cellCount { rightmostChild = page } else { bytes.setUInt32(page.rawValue, at: cellOffset(slot) + 2) }
    }

    // MARK: search

    /// The first slot whose key is at or above `key`, and whether it is equal.
    @inline(__always)
    package func lowerBound(_ key: UnsafeRawBufferPointer) -> (slot: Int, found: Bool) {
        var low = 0
        var high = cellCount
        while low < high {
            let middle = (low + high) >> 1
            let order = compareKeys(self.key(middle), key)
            if order < 0 { low = middle + 1 } else if order > 0 { high = middle } else { return (middle, true) }
        }
        return (low, false)
    }

    /// The child of a branch that may hold `key`: the first slot whose key is above it.
    @inline(__always)
    package func childSlot(for key: UnsafeRawBufferPointer) -> Int {
        var low = 0
        var high = cellCount
        while low < high {
            let middle = (low + high) >> 1
            if compareKeys(self.key(middle), key) <= 0 { low = middle + 1 } else { high = middle }
        }
        return low
    }

    // MARK: changes (only on exclusively pinned pages)

    /// Inserts a cell of `size` bytes at `slot`, written by `fill`; returns false if it does not fit.
    package func insertCell(at slot: Int, size: Int, _ fill: (UnsafeMutableRawPointer) -> Void) -> Bool {
        precondition(slot >= 0 && slot <= cellCount, "slot out of range")
        if contiguousFreeSpace < size + Node.slotSize {
            guard freeSpace >= size + Node.slotSize else { return false }
            compact()
        }
        let offset = contentStart - size
        fill(bytes.base + offset)
        contentStart = offset
        let slotsStart = PageHeader.size
        let count = cellCount
        if slot < count {
            let source = bytes.base + slotsStart + Node.slotSize * slot
            (source + Node.slotSize).copyMemory(from: source, byteCount: Node.slotSize * (count - slot))
        }
        bytes.setUInt16(UInt16(offset), at: slotsStart + Node.slotSize * slot)
        cellCount = count + 1
        return true
    }

    /// Inserts a copy of `cell` at `slot`.
    package func insertCell(_ cell: UnsafeRawBufferPointer, at slot: Int) -> Bool {
        insertCell(at: slot, size: cell.count) { destination in
            if let source = cell.baseAddress { destination.copyMemory(from: source, byteCount: cell.count) }
        }
    }

    /// Removes the cell at `slot`; its bytes become fragmented space.
    package func removeCell(at slot: Int) {
        let size = cellSize(slot)
        let offset = cellOffset(slot)
        let count = cellCount
        let slotsStart = PageHeader.size
        if slot < count - 1 {
            let destination = bytes.base + slotsStart + Node.slotSize * slot
            destination.copyMemory(from: destination + Node.slotSize, byteCount: Node.slotSize * (count - 1 - slot))
        }
        cellCount = count - 1
        if offset == contentStart {
            contentStart = offset + size
        } else {
            fragmentedBytes += size
        }
        if cellCount == 0 {
            contentStart = bytes.size
            fragmentedBytes = 0
        }
    }

    /// Packs the cells against the end of the page, so all free space is contiguous.
    package func compact() {
        let count = cellCount
        guard fragmentedBytes > 0 else { return }
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: bytes.size, alignment: 8)
        defer { scratch.deallocate() }
        var end = bytes.size
        var offsets = [Int](repeating: 0, count: count)
        for slot in 0..<count {
            let size = cellSize(slot)
            end -= size
            (scratch + end).copyMemory(from: bytes.base + cellOffset(slot), byteCount: size)
            offsets[slot] = end
        }
        (bytes.base + end).copyMemory(from: scratch + end, byteCount: bytes.size - end)
        for slot in 0..<count {
            bytes.setUInt16(UInt16(offsets[slot]), at: PageHeader.size + Node.slotSize * slot)
        }
        contentStart = end
        fragmentedBytes = 0
    }

    /// Removes every cell.
    package func removeAll() {
        cellCount = 0
        contentStart = bytes.size
        fragmentedBytes = 0
    }

    // MARK: cell encoding

    package static func leafCellSize(keyLength: Int, valueLength: Int) -> Int {
        leafCellOverhead + keyLength + valueLength
    }

    package static func overflowCellSize(keyLength: Int) -> Int {
        leafCellOverhead + keyLength + overflowReferenceSize
    }

    package static func branchCellSize(keyLength: Int) -> Int { branchCellOverhead + keyLength }

    package static func writeLeafCell(to destination: UnsafeMutableRawPointer, key: UnsafeRawBufferPointer,
                                      value: UnsafeRawBufferPointer) {
        destination.storeBytes(of: UInt16(key.count).littleEndian, toByteOffset: 0, as: UInt16.self)
        destination.storeBytes(of: UInt16(value.count).littleEndian, toByteOffset: 2, as: UInt16.self)
        if let base = key.baseAddress { (destination + leafCellOverhead).copyMemory(from: base, byteCount: key.count) }
        if let base = value.baseAddress {
            (destination + leafCellOverhead + key.count).copyMemory(from: base, byteCount: value.count)
        }
    }

    package static func writeOverflowCell(to destination: UnsafeMutableRawPointer, key: UnsafeRawBufferPointer,
                                          length: Int, first: PageID) {
        destination.storeBytes(of: UInt16(key.count).littleEndian, toByteOffset: 0, as: UInt16.self)
        destination.storeBytes(of: overflowMarker.littleEndian, toByteOffset: 2, as: UInt16.self)
        if let base = key.baseAddress { (destination + leafCellOverhead).copyMemory(from: base, byteCount: key.count) }
        let reference = leafCellOverhead + key.count
        destination.storeBytes(of: UInt32(length).littleEndian, toByteOffset: reference, as: UInt32.self)
        destination.storeBytes(of: first.rawValue.littleEndian, toByteOffset: reference + 4, as: UInt32.self)
    }

    package static func writeBranchCell(to destination: UnsafeMutableRawPointer, key: UnsafeRawBufferPointer,
                                        child: PageID) {
        destination.storeBytes(of: UInt16(key.count).littleEndian, toByteOffset: 0, as: UInt16.self)
        destination.storeBytes(of: child.rawValue.littleEndian, toByteOffset: 2, as: UInt32.self)
        if let base = key.baseAddress {
            (destination + branchCellOverhead).copyMemory(from: base, byteCount: key.count)
        }
    }

    // MARK: invariants

    /// Checks invariants 1–4; returns a description of the first violation.
    package func checkInvariants() -> String? {
        let count = cellCount
        let slotsEnd = PageHeader.size + Node.slotSize * count
        if slotsEnd > contentStart { return "invariant 3: slot array overlaps cells" }
        var used = 0
        var ranges: [(Int, Int)] = []
        for slot in 0..<count {
            let offset = Int(bytes.uint16(at: PageHeader.size + Node.slotSize * slot))
            guard offset >= contentStart, offset + 4 <= bytes.size else { return "invariant 2: cell \(slot) outside cell area" }
            let size = cellSize(slot)
            guard offset + size <= bytes.size else { return "invariant 2: cell \(slot) runs past the page" }
            ranges.append((offset, offset + size))
            used += size
            if slot > 0 && compareKeys(key(slot - 1), key(slot)) >= 0 { return "invariant 1: keys out of order at slot \(slot)" }
            if !isLeaf && child(slot).isNone { return "invariant 4: branch cell \(slot) has no child" }
        }
        ranges.sort { $0.0 < $1.0 }
        for index in ranges.indices.dropFirst() where ranges[index].0 < ranges[index - 1].1 {
            return "invariant 2: cells overlap"
        }
        if !isLeaf && rightmostChild.isNone { return "invariant 4: branch has no rightmost child" }
        if used + fragmentedBytes != bytes.size - contentStart { return "invariant 2: fragmented byte count is wrong" }
        return nil
    }
}
