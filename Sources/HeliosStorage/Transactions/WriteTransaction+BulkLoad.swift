// Bulk loading through a write transaction, and its replay during recovery.

public import HeliosCore

extension WriteTransaction {
    /// Loads entries in strictly increasing key order into an empty tree, much faster than
    /// putting them one by one (see BTree+BulkLoad). Returns the number of entries loaded.
    @discardableResult
    public func bulkLoad<Entries: Sequence>(
        into id: TreeID, _ entries: Entries
    ) throws(DatabaseError) -> UInt64 where Entries.Element == (key: [UInt8], value: [UInt8]) {
        try checkActive()
        let loaded = try load(id)
        guard loaded.tree.root.root.isNone else {
            throw DatabaseError(.objectNotInPrerequisiteState, "bulk load needs an empty tree",
                                detail: "\(id) holds \(loaded.tree.root.entryCount) entries.")
        }
        return try mutate { () throws(DatabaseError) -> UInt64 in
            pages.lsn = log.nextLSN
            let written = try trees[id]!.tree.bulkLoad(entries, pages: pages)
            let root = trees[id]!.tree.root
            trees[id]!.isDirty = true
            logRecord { $0.appendBulkInstall(tree: id, root: root, ranges: Self.ranges(of: written)) }
            return root.entryCount
        }
    }

    /// Recovery: the bulk-loaded pages are already on disk; point the tree at them.
    func installBulkRoot(_ root: TreeRoot, in id: TreeID) throws(DatabaseError) {
        let loaded = try load(id)
        guard loaded.tree.root.root.isNone else {
            throw DatabaseError(.dataCorrupted, "bulk load record for \(id) finds the tree not empty")
        }
        try mutate { () throws(DatabaseError) in
            trees[id]!.tree.root = root
            trees[id]!.isDirty = true
        }
    }

    /// Consecutive page numbers as ranges.
    static func ranges(of pages: [UInt32]) -> [PageRange] {
        var ranges: [PageRange] = []
        for page in pages.sorted() {
            if let last = ranges.last, last.first + last.count == page {
                ranges[ranges.count - 1].count += 1
            } else {
                ranges.append(PageRange(first: page, count: 1))
            }
        }
        return ranges
    }
}
