// A B+ tree node: a slotted page of cells, read and changed in place.
//
// | offset          | size   | field                                                      |
// |-----------------|--------|------------------------------------------------------------|
// | 0               | 40     | common page header (kind leaf or branch; cell count,       |
// |                 |        | content start, fragmented bytes; link = rightmost child;   |
// |                 |        | bytes 36-37: prefix length P)                              |
// | 40              | P      | prefix: bytes every key in the node starts with (P <= 64)  |
// | 40 + P          | 6 * n  | slot array, in key order: cell offset u16, then the key's  |
// |                 |        | head u32: its 4 bytes after the prefix, big-endian, zero-  |
// |                 |        | padded                                                     |
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
//
// Why heads: a lookup in a cold page pays one cache miss per cell it compares against. Binary
// search over the slot array compares the heads (the next 4 bytes after the shared prefix), which
// sit together in a few cache lines; only when heads are equal does it read a cell. Heads are
// monotone in key order, so comparing them first never changes a result.

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
/// 4. a branch's children are all non-zero pages;
/// 5. every key starts with the prefix, which is at most 64 bytes;
/// 6. each slot's head is its key's 4 bytes after the prefix.
package struct Node {
    package let bytes: PageBytes

    @inline(__always)
    package init(_ bytes: PageBytes) { self.bytes = bytes }

    package static let overflowMarker: UInt16 = 0xFFFF
    /// Cell offset (2 bytes) and head (4 bytes).
    package static let slotSize = 6
    package static let headSize = 4
    /// Longer shared prefixes add little: heads already skip past them.
    package static let maximumPrefixLength = 64
    static let prefixLengthOffset = 36
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

    /// Bytes for slots and cells that a node always has room for, whatever its prefix: layout
    /// decisions (splits, merges, bulk loads) plan with this.
    package static func capacity(pageSize: Int) -> Int { pageSize - PageHeader.size - maximumPrefixLength }

    /// The largest cell (with its slot) a node accepts, so that every node holds at least four.
    package static func maximumCellSize(pageSize: Int) -> Int { capacity(pageSize: pageSize) / 4 }

    /// The longest key a tree accepts with pages of this size.
    package static func maximumKeyLength(pageSize: Int) -> Int {
        maximumCellSize(pageSize: pageSize) - slotSize - leafCellOverhead - overflowReferenceSize
    }

    /// Length of the prefix every key in the node shares.
    package var prefixLength: Int {
        get { Int(bytes.uint16(at: Node.prefixLengthOffset)) }
        nonmutating set { bytes.setUInt16(UInt16(newValue), at: Node.prefixLengthOffset) }
    }

    /// The shared prefix's bytes.
    package var prefix: UnsafeRawBufferPointer { bytes.bytes(at: PageHeader.size, count: prefixLength) }

    @inline(__always)
    var slotsStart: Int { PageHeader.size + prefixLength }

    /// Free bytes between the slot array and the cells.
    package var contiguousFreeSpace: Int { contentStart - (slotsStart + Node.slotSize * cellCount) }

    /// Free bytes after compaction.
    package var freeSpace: Int { contiguousFreeSpace + fragmentedBytes }

    /// Bytes used by cells and slots (not the prefix).
    package var usedSpace: Int { bytes.size - contentStart - fragmentedBytes + Node.slotSize * cellCount }

    /// Turns a freshly allocated page into an empty node.
    package func initializeEmpty() {
        cellCount = 0
        contentStart = bytes.size
        fragmentedBytes = 0
        prefixLength = 0
        bytes.link = .none
    }

    // MARK: cells

    @inline(__always)
    package func cellOffset(_ slot: Int) -> Int {
        precondition(slot >= 0 && slot < cellCount, "slot out of range")
        return Int(bytes.uint16(at: slotsStart + Node.slotSize * slot))
    }

    /// The head stored for cell `slot`.
    @inline(__always)
    func head(_ slot: Int) -> UInt32 {
        bytes.uint32(at: slotsStart + Node.slotSize * slot + 2)
    }

    /// The 4 bytes of `key` after `prefixLength`, big-endian, zero-padded.
    @inline(__always)
    static func head(of key: UnsafeRawBufferPointer, after prefixLength: Int) -> UInt32 {
        var head: UInt32 = 0
        for index in 0..<headSize {
            let position = prefixLength + index
            head = head << 8 | (position < key.count ? UInt32(key[position]) : 0)
        }
        return head
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

    /// How `key` relates to the node's prefix: -1 below every key the node can hold, +1 above,
    /// 0 when it starts with the prefix (then heads decide).
    @inline(__always)
    private func comparePrefix(_ key: UnsafeRawBufferPointer) -> Int {
        let length = prefixLength
        guard length > 0 else { return 0 }
        let common = min(length, key.count)
        if common > 0 {
            let order = memcmp(key.baseAddress!, bytes.base + PageHeader.size, common)
            if order != 0 { return order < 0 ? -1 : 1 }
        }
        return key.count < length ? -1 : 0
    }

    /// Compares `key` (which starts with the prefix) with cell `slot`'s key: heads first.
    @inline(__always)
    private func compare(_ key: UnsafeRawBufferPointer, head keyHead: UInt32, toSlot slot: Int) -> Int {
        let slotHead = head(slot)
        if keyHead != slotHead { return keyHead < slotHead ? -1 : 1 }
        let skip = prefixLength + Node.headSize
        let cellKey = self.key(slot)
        let rest = UnsafeRawBufferPointer(rebasing: key[min(skip, key.count)...])
        let cellRest = UnsafeRawBufferPointer(rebasing: cellKey[min(skip, cellKey.count)...])
        let order = compareKeys(rest, cellRest)
        if order != 0 || (key.count > skip && cellKey.count > skip) { return order }
        // Both end within the head: equal heads with zero padding; the shorter key is smaller.
        return key.count - cellKey.count
    }

    /// The first slot whose key is at or above `key`, and whether it is equal.
    @inline(__always)
    package func lowerBound(_ key: UnsafeRawBufferPointer) -> (slot: Int, found: Bool) {
        switch comparePrefix(key) {
        case -1: return (0, false)
        case 1: return (cellCount, false)
        default: break
        }
        let keyHead = Node.head(of: key, after: prefixLength)
        var low = 0
        var high = cellCount
        while low < high {
            let middle = (low + high) >> 1
            let order = compare(key, head: keyHead, toSlot: middle)
            if order > 0 { low = middle + 1 } else if order < 0 { high = middle } else { return (middle, true) }
        }
        return (low, false)
    }

    /// The child of a branch that may hold `key`: the first slot whose key is above it.
    @inline(__always)
    package func childSlot(for key: UnsafeRawBufferPointer) -> Int {
        switch comparePrefix(key) {
        case -1: return 0
        case 1: return cellCount
        default: break
        }
        let keyHead = Node.head(of: key, after: prefixLength)
        var low = 0
        var high = cellCount
        while low < high {
            let middle = (low + high) >> 1
            if compare(key, head: keyHead, toSlot: middle) >= 0 { low = middle + 1 } else { high = middle }
        }
        return low
    }

    // MARK: changes (only on exclusively pinned pages)

    /// Inserts a cell of `size` bytes at `slot`, written by `fill`; returns false if it does not fit.
    /// The caller keeps keys in order; the prefix shrinks if the new key does not share it.
    package func insertCell(at slot: Int, size: Int, _ fill: (UnsafeMutableRawPointer) -> Void) -> Bool {
        precondition(slot >= 0 && slot <= cellCount, "slot out of range")
        if contiguousFreeSpace < size + Node.slotSize {
            guard freeSpace >= size + Node.slotSize else { return false }
            compact()
        }
        let offset = contentStart - size
        fill(bytes.base + offset)
        contentStart = offset
        let key = Node.cellKey(at: offset, in: bytes, isLeaf: isLeaf)
        let count = cellCount
        if count == 0 {
            // The first key sets the prefix; later keys only shorten it.
            setPrefix(UnsafeRawBufferPointer(rebasing: key[0..<min(key.count, Node.maximumPrefixLength)]))
        } else {
            let shared = Node.commonPrefixLength(prefix, key)
            if shared < prefixLength { shortenPrefix(to: shared) }
        }
        let start = slotsStart
        if slot < count {
            let source = bytes.base + start + Node.slotSize * slot
            (source + Node.slotSize).copyMemory(from: source, byteCount: Node.slotSize * (count - slot))
        }
        bytes.setUInt16(UInt16(offset), at: start + Node.slotSize * slot)
        bytes.setUInt32(Node.head(of: key, after: prefixLength), at: start + Node.slotSize * slot + 2)
        cellCount = count + 1
        return true
    }

    /// The key of the cell at byte `offset`.
    @inline(__always)
    static func cellKey(at offset: Int, in bytes: PageBytes, isLeaf: Bool) -> UnsafeRawBufferPointer {
        let keyLength = Int(bytes.uint16(at: offset))
        return bytes.bytes(at: offset + (isLeaf ? leafCellOverhead : branchCellOverhead), count: keyLength)
    }

    static func commonPrefixLength(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        var index = 0
        let limit = min(a.count, b.count)
        while index < limit && a[index] == b[index] { index += 1 }
        return index
    }

    /// Sets the prefix of an empty node.
    private func setPrefix(_ newPrefix: UnsafeRawBufferPointer) {
        precondition(cellCount == 0, "the prefix of a non-empty node only shrinks")
        prefixLength = newPrefix.count
        bytes.copyBytes(from: newPrefix, to: PageHeader.size)
    }

    /// Shortens the prefix: the slot array moves down and every head is recomputed.
    private func shortenPrefix(to length: Int) {
        let oldStart = slotsStart
        let count = cellCount
        prefixLength = length
        let newStart = slotsStart
        (bytes.base + newStart).copyMemory(from: bytes.base + oldStart, byteCount: Node.slotSize * count)
        for slot in 0..<count {
            let offset = Int(bytes.uint16(at: newStart + Node.slotSize * slot))
            let key = Node.cellKey(at: offset, in: bytes, isLeaf: isLeaf)
            bytes.setUInt32(Node.head(of: key, after: length), at: newStart + Node.slotSize * slot + 2)
        }
    }

    /// Inserts a copy of `cell` at `slot`.
    package func insertCell(_ cell: UnsafeRawBufferPointer, at slot: Int) -> Bool {
        insertCell(at: slot, size: cell.count) { destination in
            if let source = cell.baseAddress { destination.copyMemory(from: source, byteCount: cell.count) }
        }
    }

    /// Removes the cell at `slot`; its bytes become fragmented space. (The prefix stays: it is
    /// still shared by the remaining keys.)
    package func removeCell(at slot: Int) {
        let size = cellSize(slot)
        let offset = cellOffset(slot)
        let count = cellCount
        let slotsStart = self.slotsStart
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
            prefixLength = 0
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
        let start = slotsStart
        for slot in 0..<count {
            bytes.setUInt16(UInt16(offsets[slot]), at: start + Node.slotSize * slot)
        }
        contentStart = end
        fragmentedBytes = 0
    }

    /// Removes every cell.
    package func removeAll() {
        cellCount = 0
        contentStart = bytes.size
        fragmentedBytes = 0
        prefixLength = 0
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

    /// Checks invariants 1–6; returns a description of the first violation.
    package func checkInvariants() -> String? {
        let count = cellCount
        if prefixLength > Node.maximumPrefixLength { return "invariant 5: prefix too long" }
        let slotsEnd = slotsStart + Node.slotSize * count
        if slotsEnd > contentStart { return "invariant 3: slot array overlaps cells" }
        var used = 0
        var ranges: [(Int, Int)] = []
        for slot in 0..<count {
            let offset = Int(bytes.uint16(at: slotsStart + Node.slotSize * slot))
            guard offset >= contentStart, offset + 4 <= bytes.size else { return "invariant 2: cell \(slot) outside cell area" }
            let size = cellSize(slot)
            guard offset + size <= bytes.size else { return "invariant 2: cell \(slot) runs past the page" }
            ranges.append((offset, offset + size))
            used += size
            if slot > 0 && compareKeys(key(slot - 1), key(slot)) >= 0 { return "invariant 1: keys out of order at slot \(slot)" }
            if Node.commonPrefixLength(prefix, key(slot)) < prefixLength { return "invariant 5: key \(slot) lacks the prefix" }
            if head(slot) != Node.head(of: key(slot), after: prefixLength) { return "invariant 6: head of slot \(slot) is stale" }
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
