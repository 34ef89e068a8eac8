// Inserting and replacing values: descend to the leaf, change it (copying it if another version
// can see it), and carry copies and splits back up to the root.

package import HeliosCore

/// How a child changed, as its parent must learn it.
enum ChildChange {
    /// Changed in place (or not at all): the parent's pointer stays.
    case same
    /// Copied: the parent must point at the new page.
    case moved(PageID)
    /// Split in two: the parent points at `left` below `separator` and at `right` above.
    case split(left: PageID, separator: [UInt8], right: PageID)
}

extension BTree {
    /// Stores `value` under `key`, replacing any previous value; returns whether the key existed.
    package mutating func put(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer,
                              pages: TransactionPages) throws(DatabaseError) -> Bool {
        let pageSize = pages.pool.pageSize
        try Self.validate(key: key, valueLength: value.count, pageSize: pageSize)
        pages.pageCountDelta = 0
        defer { root.pageCount = UInt64(Int(root.pageCount) + pages.pageCountDelta) }

        // Encode the cell once; values too large for a quarter page go to an overflow chain.
        let cell = pages.cellScratch
        let cellSize: Int
        if Node.leafCellSize(keyLength: key.count, valueLength: value.count) + Node.slotSize
            <= Node.maximumCellSize(pageSize: pageSize) {
            cellSize = Node.leafCellSize(keyLength: key.count, valueLength: value.count)
            Node.writeLeafCell(to: cell.base, key: key, value: value)
        } else {
            let first = try Overflow.write(value, pages: pages)
            cellSize = Node.overflowCellSize(keyLength: key.count)
            Node.writeOverflowCell(to: cell.base, key: key, length: value.count, first: first)
        }
        let encoded = UnsafeRawBufferPointer(start: cell.base, count: cellSize)

        if root.root.isNone {
            let leaf = try pages.allocate(kind: .leaf)
            let node = Node(leaf.bytes)
            node.initializeEmpty()
            _ = node.insertCell(encoded, at: 0)
            root.root = leaf.id
            root.height = 1
            root.entryCount = 1
            pattern.lastLeaf = leaf.id
            pattern.lastDirection = 1
            return false
        }
        let (change, existed) = try insert(encoded, key: key, into: root.root, level: root.height, pages: pages)
        try adopt(change, pages: pages)
        if !existed { root.entryCount += 1 }
        return existed
    }

    static func validate(key: UnsafeRawBufferPointer, valueLength: Int, pageSize: Int) throws(DatabaseError) {
        let maximumKey = Node.maximumKeyLength(pageSize: pageSize)
        if key.count > maximumKey {
            throw DatabaseError(.programLimitExceeded,
                                "index row size \(key.count) exceeds btree maximum, \(maximumKey)",
                                hint: "Values larger than 1/4 of a page cannot be indexed.")
        }
        if valueLength > Overflow.maximumValueLength {
            throw DatabaseError(.programLimitExceeded, "row is too big: size \(valueLength), maximum size \(Overflow.maximumValueLength)")
        }
    }

    /// Points the tree at a new root after a change to the old one.
    mutating func adopt(_ change: ChildChange, pages: TransactionPages) throws(DatabaseError) {
        switch change {
        case .same:
            break
        case .moved(let page):
            root.root = page
        case .split(let left, let separator, let right):
            let page = try pages.allocate(kind: .branch)
            let node = Node(page.bytes)
            node.initializeEmpty()
            node.rightmostChild = right
            let inserted = separator.withUnsafeBytes { key in
                node.insertCell(at: 0, size: Node.branchCellSize(keyLength: key.count)) {
                    Node.writeBranchCell(to: $0, key: key, child: left)
                }
            }
            precondition(inserted, "a separator fits an empty root")
            root.root = page.id
            root.height += 1
        }
    }

    /// Inserts `cell` (holding `key`) into the subtree at `id`.
    private mutating func insert(_ cell: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, into id: PageID,
                                 level: Int, pages: TransactionPages) throws(DatabaseError) -> (ChildChange, Bool) {
        if level <= 1 { return try insertIntoLeaf(cell, key: key, id: id, pages: pages) }
        let (slot, child): (Int, PageID) = try {
            () throws(DatabaseError) in
            let page = try pages.pool.pin(id)
            guard page.bytes.kindByte == PageKind.branch.rawValue else {
                throw BTreeReader.corruptTree(id, "expected a branch")
            }
            let node = Node(page.bytes)
            let slot = node.childSlot(for: key)
            return (slot, node.child(slot))
        }()
        let (change, existed) = try insert(cell, key: key, into: child, level: level - 1, pages: pages)
        switch change {
        case .same:
            return (.same, existed)
        case .moved(let newChild):
            let page = try pages.makeWritable(id)
            Node(page.bytes).setChild(slot, to: newChild)
            return (page.id == id ? .same : .moved(page.id), existed)
        case .split(let left, let separator, let right):
            let page = try pages.makeWritable(id)
            let node = Node(page.bytes)
            node.setChild(slot, to: right)
            let size = Node.branchCellSize(keyLength: separator.count)
            let fitted = separator.withUnsafeBytes { key in
                node.insertCell(at: slot, size: size) { Node.writeBranchCell(to: $0, key: key, child: left) }
            }
            if fitted { return (page.id == id ? .same : .moved(page.id), existed) }
            let split = try splitBranch(page, insertSlot: slot, separator: separator, child: left, pages: pages)
            return (.split(left: page.id, separator: split.separator, right: split.right), existed)
        }
    }

    private mutating func insertIntoLeaf(_ cell: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, id: PageID,
                                         pages: TransactionPages) throws(DatabaseError) -> (ChildChange, Bool) {
        let (slot, found, oldOverflow): (Int, Bool, (length: Int, first: PageID)?) = try {
            () throws(DatabaseError) in
            let page = try pages.pool.pin(id)
            guard page.bytes.kindByte == PageKind.leaf.rawValue else { throw BTreeReader.corruptTree(id, "expected a leaf") }
            let node = Node(page.bytes)
            let (slot, found) = node.lowerBound(key)
            return (slot, found, found && node.isOverflow(slot) ? node.overflowReference(slot) : nil)
        }()
        if let oldOverflow { try Overflow.free(first: oldOverflow.first, length: oldOverflow.length, pages: pages) }
        let page = try pages.makeWritable(id)
        let node = Node(page.bytes)
        if found { node.removeCell(at: slot) }
        let direction: Int8 = slot == node.cellCount ? 1 : (slot == 0 ? -1 : 0)
        let sequential = direction != 0 && pattern.lastLeaf == id && pattern.lastDirection == direction
        if sequential { pattern.sequentialInserts += 1 } else { pattern.otherInserts += 1 }
        if found { pattern.replacements += 1 } else if direction != 0 { pattern.leafEndInserts += 1 }

        if node.insertCell(cell, at: slot) {
            pattern.lastLeaf = page.id
            pattern.lastDirection = direction
            return (page.id == id ? .same : .moved(page.id), found)
        }
        let kind: SplitKind
        switch (options.splitPolicy, direction) {
        case (.balanced, _), (_, 0): kind = .balanced
        case (.append, 1): kind = .atEnd
        case (.append, _): kind = .atStart
        case (.automatic, 1): kind = sequential ? .atEnd : .balanced
        case (.automatic, _): kind = sequential ? .atStart : .balanced
        }
        let split = try splitLeaf(page, insertSlot: slot, cell: cell, kind: kind, pages: pages)
        lastSplit = kind
        pattern.leafSplits += 1
        if kind != .balanced { pattern.sequentialSplits += 1 }
        pattern.lastLeaf = split.newCellWentRight ? split.right : page.id
        pattern.lastDirection = direction
        return (.split(left: page.id, separator: split.separator, right: split.right), found)
    }
}
