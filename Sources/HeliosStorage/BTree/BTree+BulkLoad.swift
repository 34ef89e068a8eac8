// Sorted bulk load: build a tree bottom-up from entries in key order, each page filled to the
// tree's fill factor, with no splits and no copying. The pages are written straight to the data
// file and synced before the transaction may commit, so the log records only where they are
// (one small record) instead of every entry: a bulk load writes its data once, not twice.
// Such pages carry the durable-outside-log flag: later changes copy them, and they are reused
// only after a checkpoint no longer needs them (PageAllocator).

package import HeliosCore

extension BTree {
    /// Builds this (empty) tree from `entries`, which must be in strictly increasing key order.
    /// Returns the pages written, for the log record.
    package mutating func bulkLoad<Entries: Sequence>(
        _ entries: Entries, pages: TransactionPages
    ) throws(DatabaseError) -> [UInt32] where Entries.Element == (key: [UInt8], value: [UInt8]) {
        precondition(root.root.isNone, "bulk load builds an empty tree")
        let pageSize = pages.pool.pageSize
        let target = Node.capacity(pageSize: pageSize) * options.fillFactor / 100
        let flags = PageFlags.durableOutsideLog
        pages.capturedAllocations = []
        pages.pageCountDelta = 0
        defer { pages.capturedAllocations = nil }

        let scratch = PageBuffer(size: pageSize)
        var level = LevelBuilder(kind: .leaf, scratch: scratch, target: target)
        var count: UInt64 = 0
        let cell = PageBuffer(size: Node.maximumCellSize(pageSize: pageSize))
        for (key, value) in entries {
            try key.withBytes { (rawKey) throws(DatabaseError) in
                try value.withBytes { (rawValue) throws(DatabaseError) in
                    try Self.validate(key: rawKey, valueLength: rawValue.count, pageSize: pageSize)
                    try level.checkAscending(rawKey)
                    let size: Int
                    if Node.leafCellSize(keyLength: rawKey.count, valueLength: rawValue.count) + Node.slotSize
                        <= Node.maximumCellSize(pageSize: pageSize) {
                        size = Node.leafCellSize(keyLength: rawKey.count, valueLength: rawValue.count)
                        Node.writeLeafCell(to: cell.base, key: rawKey, value: rawValue)
                    } else {
                        let first = try Overflow.write(rawValue, pages: pages, flags: flags)
                        size = Node.overflowCellSize(keyLength: rawKey.count)
                        Node.writeOverflowCell(to: cell.base, key: rawKey, length: rawValue.count, first: first)
                    }
                    try level.add(cell: UnsafeRawBufferPointer(start: cell.base, count: size), key: rawKey, pages: pages)
                }
            }
            count += 1
        }
        guard count > 0 else { return [] }
        var children = try level.finish(pages: pages)
        var height = 1
        while children.count > 1 {
            children = try Self.buildBranchLevel(children, scratch: scratch, target: target, pages: pages)
            height += 1
        }
        root = TreeRoot(root: children[0].page, height: height, entryCount: count,
                        pageCount: UInt64(pages.pageCountDelta))
        let written = pages.capturedAllocations ?? []
        for page in written { try pages.pool.writePage(PageID(page)) }
        try pages.pool.dataFile.sync()
        return written
    }

    /// Builds one branch level over `children` (each with the separator below it; the first's
    /// is unused). Returns the new level's nodes the same way.
    static func buildBranchLevel(_ children: [(separator: [UInt8], page: PageID)], scratch: PageBuffer, target: Int,
                                 pages: TransactionPages) throws(DatabaseError) -> [(separator: [UInt8], page: PageID)] {
        // Group children greedily: a branch with k children has k - 1 cells.
        var groups: [Range<Int>] = []
        var start = 0
        var used = 0
        for index in 1..<children.count {
            let size = Node.branchCellSize(keyLength: children[index].separator.count) + Node.slotSize
            if used + size > target && index - start >= 2 {
                groups.append(start..<index)
                start = index
                used = 0
            } else {
                used += size
            }
        }
        groups.append(start..<children.count)
        if groups.count >= 2 && groups[groups.count - 1].count == 1 {
            // Never leave a branch with a single child: take one from its neighbour, or merge.
            let last = groups.removeLast()
            let previous = groups.removeLast()
            if previous.count > 2 {
                groups.append(previous.lowerBound..<(previous.upperBound - 1))
                groups.append((last.lowerBound - 1)..<last.upperBound)
            } else {
                groups.append(previous.lowerBound..<last.upperBound)
            }
        }
        var level: [(separator: [UInt8], page: PageID)] = []
        for group in groups {
            let node = Node(scratch.page)
            scratch.page.initialize(id: .none, kind: .branch, version: pages.version, lsn: pages.lsn,
                                    flags: PageFlags.durableOutsideLog)
            node.initializeEmpty()
            for index in group.dropLast() {
                let key = children[index + 1].separator
                let fitted = key.withUnsafeBytes { raw in
                    node.insertCell(at: node.cellCount, size: Node.branchCellSize(keyLength: raw.count)) {
                        Node.writeBranchCell(to: $0, key: raw, child: children[index].page)
                    }
                }
                precondition(fitted, "a branch group fits one page")
            }
            node.rightmostChild = children[group.upperBound - 1].page
            let page = try LevelBuilder.store(scratch, kind: .branch, pages: pages)
            level.append((children[group.lowerBound].separator, page))
        }
        return level
    }
}

/// Fills leaf pages one after another in a scratch buffer, copying each into a new page when full.
struct LevelBuilder {
    let kind: PageKind
    let scratch: PageBuffer
    let target: Int
    var nodes: [(separator: [UInt8], page: PageID)] = []
    var previousLastKey: [UInt8]?
    var firstKey: [UInt8]?
    var started = false

    init(kind: PageKind, scratch: PageBuffer, target: Int) {
        self.kind = kind
        self.scratch = scratch
        self.target = target
    }

    /// Throws unless `key` sorts after the previous key.
    func checkAscending(_ key: UnsafeRawBufferPointer) throws(DatabaseError) {
        let previous: Int?
        if started && Node(scratch.page).cellCount > 0 {
            let node = Node(scratch.page)
            previous = compareKeys(node.key(node.cellCount - 1), key)
        } else if let previousLastKey {
            previous = previousLastKey.withUnsafeBytes { compareKeys($0, key) }
        } else {
            previous = nil
        }
        if let previous, previous >= 0 {
            throw DatabaseError(.invalidParameterValue, "bulk load input is not in strictly increasing key order",
                                hint: "Sort the entries by key and remove duplicates.")
        }
    }

    mutating func add(cell: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, pages: TransactionPages) throws(DatabaseError) {
        if !started { begin(pages: pages) }
        var node = Node(scratch.page)
        if node.cellCount > 0 && node.usedSpace + cell.count + Node.slotSize > target {
            try flush(pages: pages)
            begin(pages: pages)
            node = Node(scratch.page)
        }
        if node.cellCount == 0 { firstKey = Array(key) }
        let fitted = node.insertCell(cell, at: node.cellCount)
        precondition(fitted, "a cell fits an empty page")
    }

    mutating func finish(pages: TransactionPages) throws(DatabaseError) -> [(separator: [UInt8], page: PageID)] {
        if started && Node(scratch.page).cellCount > 0 { try flush(pages: pages) }
        return nodes
    }

    private mutating func begin(pages: TransactionPages) {
        scratch.page.initialize(id: .none, kind: kind, version: pages.version, lsn: pages.lsn,
                                flags: PageFlags.durableOutsideLog)
        Node(scratch.page).initializeEmpty()
        started = true
    }

    private mutating func flush(pages: TransactionPages) throws(DatabaseError) {
        let node = Node(scratch.page)
        let lastKey = Array(node.key(node.cellCount - 1))
        let separator: [UInt8]
        if let previousLastKey, let firstKey {
            separator = previousLastKey.withUnsafeBytes { left in
                firstKey.withUnsafeBytes { right in BTree.shortestSeparator(left, right) }
            }
        } else {
            separator = []
        }
        let page = try Self.store(scratch, kind: kind, pages: pages)
        nodes.append((separator, page))
        previousLastKey = lastKey
        started = false
    }

    /// Copies a finished scratch page into a newly allocated page.
    static func store(_ scratch: PageBuffer, kind: PageKind, pages: TransactionPages) throws(DatabaseError) -> PageID {
        let page = try pages.allocate(kind: kind, flags: PageFlags.durableOutsideLog)
        page.bytes.base.copyMemory(from: scratch.base, byteCount: scratch.size)
        page.bytes.pageID = page.id
        page.bytes.version = pages.version
        page.bytes.pageLSN = pages.lsn
        page.bytes.flags = PageFlags.durableOutsideLog
        return page.id
    }
}
