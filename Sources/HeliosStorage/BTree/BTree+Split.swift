// Splitting full nodes. Where the split point goes is the tree's adaptive page layout:
// - balanced: halves by bytes, for random inserts (pages end up ~70% full on average);
// - at end: the left page keeps the fill factor's share and the right page takes the rest, for
//   ascending runs, so pages left behind by an append stream are full (~100% by default);
// - at start: the mirror image, for descending runs.
// Separators pushed up from leaves are the shortest prefix of the right page's first key that
// still sorts above the left page's last key (suffix truncation), which keeps branches wide.

import HeliosCore

/// Where a full node is split.
package enum SplitKind: Sendable {
    case balanced, atEnd, atStart
}

/// The outcome of a split: the new right sibling and the key that separates it from the left.
struct SplitResult {
    var separator: [UInt8]
    var right: PageID
    var newCellWentRight: Bool
}

extension BTree {
    /// Splits a full leaf, inserting `cell` at `insertSlot`; `page` keeps the left part.
    func splitLeaf(_ page: borrowing PinnedPage, insertSlot: Int, cell: UnsafeRawBufferPointer, kind: SplitKind,
                   pages: TransactionPages) throws(DatabaseError) -> SplitResult {
        let scratch = PageBuffer(size: page.bytes.size)
        scratch.base.copyMemory(from: page.bytes.base, byteCount: page.bytes.size)
        let old = Node(scratch.page)
        var cells: [UnsafeRawBufferPointer] = []
        cells.reserveCapacity(old.cellCount + 1)
        for slot in 0..<old.cellCount { cells.append(old.cell(slot)) }
        cells.insert(cell, at: insertSlot)

        let splitAt = Self.splitPoint(sizes: cells.map { $0.count + Node.slotSize }, kind: kind,
                                      fillFactor: options.fillFactor, pageSize: page.bytes.size)
        let left = Node(page.bytes)
        left.removeAll()
        for index in 0..<splitAt {
            let fitted = left.insertCell(cells[index], at: index)
            precondition(fitted, "split point keeps the left half within a page")
        }
        let rightPage = try pages.allocate(kind: .leaf)
        let right = Node(rightPage.bytes)
        right.initializeEmpty()
        for index in splitAt..<cells.count {
            let fitted = right.insertCell(cells[index], at: index - splitAt)
            precondition(fitted, "split point keeps the right half within a page")
        }
        let separator = Self.shortestSeparator(Self.leafCellKey(cells[splitAt - 1]), Self.leafCellKey(cells[splitAt]))
        return SplitResult(separator: separator, right: rightPage.id, newCellWentRight: insertSlot >= splitAt)
    }

    /// Splits a full branch, inserting the cell (separator, child) at `insertSlot`. The middle key
    /// moves up; `page` keeps the left part.
    mutating func splitBranch(_ page: borrowing PinnedPage, insertSlot: Int, separator: [UInt8], child: PageID,
                              pages: TransactionPages) throws(DatabaseError) -> SplitResult {
        let scratch = PageBuffer(size: page.bytes.size)
        scratch.base.copyMemory(from: page.bytes.base, byteCount: page.bytes.size)
        let old = Node(scratch.page)
        let newCell = PageBuffer(size: Node.branchCellSize(keyLength: separator.count))
        separator.withUnsafeBytes { Node.writeBranchCell(to: newCell.base, key: $0, child: child) }
        var cells: [UnsafeRawBufferPointer] = []
        cells.reserveCapacity(old.cellCount + 1)
        for slot in 0..<old.cellCount { cells.append(old.cell(slot)) }
        let appending = insertSlot == cells.count
        cells.insert(UnsafeRawBufferPointer(start: newCell.base, count: newCell.size), at: insertSlot)

        let kind: SplitKind = appending && lastSplit == .atEnd ? .atEnd
            : (insertSlot == 0 && lastSplit == .atStart ? .atStart : .balanced)
        // The middle cell moves up, so split among cells.count - 1 survivors: choose the index of
        // the cell that moves up such that both sides keep at least one cell where possible.
        var middle = Self.splitPoint(sizes: cells.map { $0.count + Node.slotSize }, kind: kind,
                                     fillFactor: options.fillFactor, pageSize: page.bytes.size)
        middle = min(max(middle, 1), cells.count - 2)
        let rightmost = old.rightmostChild
        let up = cells[middle]
        let upKey = Array(Self.branchCellKey(up))
        let upChild = PageID(up.loadUnaligned(fromByteOffset: 2, as: UInt32.self).littleEndian)

        let left = Node(page.bytes)
        left.removeAll()
        for index in 0..<middle {
            let fitted = left.insertCell(cells[index], at: index)
            precondition(fitted, "split point keeps the left half within a page")
        }
        left.rightmostChild = upChild
        let rightPage = try pages.allocate(kind: .branch)
        let right = Node(rightPage.bytes)
        right.initializeEmpty()
        for index in (middle + 1)..<cells.count {
            let fitted = right.insertCell(cells[index], at: index - middle - 1)
            precondition(fitted, "split point keeps the right half within a page")
        }
        right.rightmostChild = rightmost
        lastSplit = kind
        return SplitResult(separator: upKey, right: rightPage.id, newCellWentRight: insertSlot > middle)
    }

    /// The index of the first cell that goes right, given each cell's size with its slot.
    /// Both sides fit a page and hold at least one cell.
    static func splitPoint(sizes: [Int], kind: SplitKind, fillFactor: Int, pageSize: Int) -> Int {
        let capacity = Node.capacity(pageSize: pageSize)
        let total = sizes.reduce(0, +)
        let count = sizes.count
        precondition(count >= 2, "a split needs two cells")
        var prefix = [0]
        prefix.reserveCapacity(count + 1)
        for size in sizes { prefix.append(prefix.last! + size) }
        let fits = { (index: Int) in prefix[index] <= capacity && total - prefix[index] <= capacity }
        let target = capacity * fillFactor / 100
        var index: Int
        switch kind {
        case .balanced:
            index = 1
            var best = Int.max
            for candidate in 1..<count where fits(candidate) {
                let imbalance = abs(prefix[candidate] * 2 - total)
                if imbalance < best { best = imbalance; index = candidate }
            }
        case .atEnd:
            index = 1
            while index + 1 < count && prefix[index + 1] <= target { index += 1 }
            while index + 1 < count && total - prefix[index] > capacity { index += 1 }
        case .atStart:
            index = count - 1
            while index - 1 >= 1 && total - prefix[index - 1] <= target { index -= 1 }
            while index - 1 >= 1 && prefix[index] > capacity { index -= 1 }
        }
        precondition(fits(index), "no split point fits: cells larger than a quarter page")
        return index
    }

    /// The shortest key above `left` and at or below `right` (which is above `left`).
    static func shortestSeparator(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> [UInt8] {
        var common = 0
        while common < left.count && common < right.count && left[common] == right[common] { common += 1 }
        precondition(common < right.count, "separator: right key sorts above left key")
        return Array(right[0...common])
    }

    static func leafCellKey(_ cell: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let length = Int(cell.loadUnaligned(fromByteOffset: 0, as: UInt16.self).littleEndian)
        return UnsafeRawBufferPointer(rebasing: cell[Node.leafCellOverhead..<(Node.leafCellOverhead + length)])
    }

    static func branchCellKey(_ cell: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let length = Int(cell.loadUnaligned(fromByteOffset: 0, as: UInt16.self).littleEndian)
        return UnsafeRawBufferPointer(rebasing: cell[Node.branchCellOverhead..<(Node.branchCellOverhead + length)])
    }
}
