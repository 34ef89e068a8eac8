// Deleting: remove the cell from its leaf, then merge nodes that fell below a quarter page into
// a sibling when both fit in one page, and shrink the root while it has a single child. An
// empty node always merges, so deletes never leave a tree taller or wider than it needs to be.

package import HeliosCore

extension BTree {
    /// Removes `key`; returns whether it was there.
    package mutating func delete(_ key: UnsafeRawBufferPointer, pages: TransactionPages) throws(DatabaseError) -> Bool {
        guard !root.root.isNone else { return false }
        pages.pageCountDelta = 0
        defer { root.pageCount = UInt64(Int(root.pageCount) + pages.pageCountDelta) }
        guard let (change, _) = try remove(key, from: root.root, level: root.height, pages: pages) else { return false }
        try adopt(change, pages: pages)
        root.entryCount -= 1
        try collapseRoot(pages: pages)
        return true
    }

    /// Drops root levels with a single child, and an empty leaf root.
    mutating func collapseRoot(pages: TransactionPages) throws(DatabaseError) {
        while !root.root.isNone {
            let (cellCount, onlyChild, version, flags): (Int, PageID, UInt64, UInt8) = try {
                () throws(DatabaseError) in
                let page = try pages.pool.pin(root.root)
                let node = Node(page.bytes)
                return (node.cellCount, node.isLeaf ? .none : node.rightmostChild, page.bytes.version, page.bytes.flags)
            }()
            guard cellCount == 0 else { return }
            pages.free(root.root, pageVersion: version, flags: flags)
            root.root = onlyChild
            root.height = onlyChild.isNone ? 0 : root.height - 1
        }
    }

    /// Removes `key` from the subtree at `id`; nil if it is not there. The flag says whether the
    /// subtree's root node is now underfull.
    private mutating func remove(_ key: UnsafeRawBufferPointer, from id: PageID, level: Int,
                                 pages: TransactionPages) throws(DatabaseError) -> (ChildChange, Bool)? {
        let threshold = Node.capacity(pageSize: pages.pool.pageSize) / 4
        if level <= 1 {
            let (slot, found, overflow): (Int, Bool, (length: Int, first: PageID)?) = try {
                () throws(DatabaseError) in
                let page = try pages.pool.pin(id)
                guard page.bytes.kindByte == PageKind.leaf.rawValue else { throw BTreeReader.corruptTree(id, "expected a leaf") }
                let node = Node(page.bytes)
                let (slot, found) = node.lowerBound(key)
                return (slot, found, found && node.isOverflow(slot) ? node.overflowReference(slot) : nil)
            }()
            guard found else { return nil }
            if let overflow { try Overflow.free(first: overflow.first, length: overflow.length, pages: pages) }
            let page = try pages.makeWritable(id)
            let node = Node(page.bytes)
            node.removeCell(at: slot)
            return (page.id == id ? .same : .moved(page.id), node.usedSpace < threshold)
        }
        let (slot, child): (Int, PageID) = try {
            () throws(DatabaseError) in
            let page = try pages.pool.pin(id)
            guard page.bytes.kindByte == PageKind.branch.rawValue else { throw BTreeReader.corruptTree(id, "expected a branch") }
            let node = Node(page.bytes)
            let slot = node.childSlot(for: key)
            return (slot, node.child(slot))
        }()
        guard let (change, childUnderfull) = try remove(key, from: child, level: level - 1, pages: pages) else { return nil }
        if case .same = change, !childUnderfull { return (.same, false) }
        let page = try pages.makeWritable(id)
        let node = Node(page.bytes)
        if case .moved(let newChild) = change { node.setChild(slot, to: newChild) }
        if childUnderfull { try mergeChild(at: slot, of: node, childLevel: level - 1, pages: pages) }
        return (page.id == id ? .same : .moved(page.id), node.usedSpace < threshold || node.cellCount == 0)
    }

    /// Merges the child at `slot` of `parent` (writable) with its left or right neighbour,
    /// whichever fits in one page with it (trying the left first: after a run of deletes in key
    /// order, the left neighbour is the one left nearly empty).
    private func mergeChild(at slot: Int, of parent: Node, childLevel: Int,
                            pages: TransactionPages) throws(DatabaseError) {
        if slot > 0, try mergeChildren(leftSlot: slot - 1, of: parent, childLevel: childLevel, pages: pages) { return }
        if slot < parent.cellCount { _ = try mergeChildren(leftSlot: slot, of: parent, childLevel: childLevel, pages: pages) }
    }

    /// Merges the children at `leftSlot` and `leftSlot + 1` if they fit one page; returns
    /// whether it did.
    private func mergeChildren(leftSlot: Int, of parent: Node, childLevel: Int,
                               pages: TransactionPages) throws(DatabaseError) -> Bool {
        guard leftSlot >= 0 && leftSlot < parent.cellCount else { return false }
        let leftID = parent.child(leftSlot)
        let rightID = parent.child(leftSlot + 1)
        let separator = Array(parent.key(leftSlot))
        let isLeaf = childLevel <= 1
        let capacity = Node.capacity(pageSize: pages.pool.pageSize)
        let combined: Int = try {
            () throws(DatabaseError) in
            let left = try pages.pool.pin(leftID)
            let right = try pages.pool.pin(rightID)
            let separatorSize = isLeaf ? 0 : Node.branchCellSize(keyLength: separator.count) + Node.slotSize
            return Node(left.bytes).usedSpace + Node(right.bytes).usedSpace + separatorSize
        }()
        guard combined <= capacity else { return false }

        let leftPage = try pages.makeWritable(leftID)
        let left = Node(leftPage.bytes)
        let (rightVersion, rightFlags): (UInt64, UInt8) = try {
            () throws(DatabaseError) in
            let rightPage = try pages.pool.pin(rightID)
            let right = Node(rightPage.bytes)
            if !isLeaf {
                let size = Node.branchCellSize(keyLength: separator.count)
                let fitted = separator.withUnsafeBytes { key in
                    left.insertCell(at: left.cellCount, size: size) {
                        Node.writeBranchCell(to: $0, key: key, child: left.rightmostChild)
                    }
                }
                precondition(fitted, "merged nodes fit one page")
                left.rightmostChild = right.rightmostChild
            }
            for index in 0..<right.cellCount {
                let fitted = left.insertCell(right.cell(index), at: left.cellCount)
                precondition(fitted, "merged nodes fit one page")
            }
            return (rightPage.bytes.version, rightPage.bytes.flags)
        }()
        pages.free(rightID, pageVersion: rightVersion, flags: rightFlags)
        parent.removeCell(at: leftSlot)
        parent.setChild(leftSlot, to: leftPage.id)
        return true
    }
}
