// A B+ tree of variable-length keys and values over copy-on-write pages.
//
// Reads descend from a root that belongs to one committed version (a snapshot), pinning one page
// at a time; pages reachable from a committed root never change, so readers take no latches.
// Writes (BTree+Insert, BTree+Delete) happen inside one write transaction and copy every page
// they change that the transaction did not create, up to a new root. Values too large for a
// quarter page live in overflow chains (Overflow.swift).

package import HeliosCore

/// Identifies a tree in a store.
public struct TreeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    /// The tree of trees: maps tree IDs and names to roots and options.
    static let catalog = TreeID(0)
    public var description: String { "tree \(rawValue)" }
    public static func < (a: TreeID, b: TreeID) -> Bool { a.rawValue < b.rawValue }
}

/// One tree as a write transaction edits it.
package struct BTree {
    package let id: TreeID
    package var root: TreeRoot
    package var options: TreeOptions
    package var pattern: InsertPattern
    /// How the last leaf split went; a branch split above it follows suit.
    var lastSplit: SplitKind = .balanced

    package init(id: TreeID, root: TreeRoot, options: TreeOptions, pattern: InsertPattern = InsertPattern()) {
        self.id = id
        self.root = root
        self.options = options
        self.pattern = pattern
    }
}

/// Read-only tree operations, usable from any snapshot or from a write transaction.
package enum BTreeReader {
    /// Calls `body` with the value stored under `key` (nil if absent). Inline values are passed
    /// straight from the pinned page; overflow values are assembled first. Branch pages come
    /// from `cache` when one is given.
    @inline(__always)
    package static func withValue<Result>(
        root: TreeRoot, key: UnsafeRawBufferPointer, pool: BufferPool, cache: SnapshotPageCache? = nil,
        _ body: (UnsafeRawBufferPointer?) throws(DatabaseError) -> Result
    ) throws(DatabaseError) -> Result {
        guard !root.root.isNone else { return try body(nil) }
        let leaf = try findLeaf(root: root, key: key, pool: pool, cache: cache)
        let page = try pool.pin(leaf)
        let node = Node(page.bytes)
        guard node.isLeaf else { throw corruptTree(page.id, "expected a leaf") }
        let (slot, found) = node.lowerBound(key)
        guard found else { return try body(nil) }
        if node.isOverflow(slot) {
            let (length, first) = node.overflowReference(slot)
            let value = try Overflow.read(first: first, length: length, pool: pool)
            return try value.withBytes { (raw) throws(DatabaseError) in try body(raw) }
        }
        return try body(node.inlineValue(slot))
    }

    /// The leaf that may hold `key`: descends the branch levels.
    @inline(__always)
    static func findLeaf(root: TreeRoot, key: UnsafeRawBufferPointer, pool: BufferPool,
                         cache: SnapshotPageCache?) throws(DatabaseError) -> PageID {
        var page = root.root
        var level = root.height
        while level > 1 {
            if let cache, let bytes = try cache.page(page) {
                page = try childFor(key, in: bytes, page: page)
            } else {
                let pinned = try pool.pin(page)
                page = try childFor(key, in: pinned.bytes, page: page)
            }
            level -= 1
        }
        return page
    }

    @inline(__always)
    static func childFor(_ key: UnsafeRawBufferPointer, in bytes: PageBytes, page: PageID) throws(DatabaseError) -> PageID {
        guard bytes.kindByte == PageKind.branch.rawValue else { throw corruptTree(page, "expected a branch") }
        let node = Node(bytes)
        return node.child(node.childSlot(for: key))
    }

    /// The value stored under `key`, copied out.
    package static func get(root: TreeRoot, key: UnsafeRawBufferPointer, pool: BufferPool) throws(DatabaseError) -> [UInt8]? {
        try withValue(root: root, key: key, pool: pool) { $0.map { Array($0) } }
    }

    /// Calls `visit` for every page of the tree (branches, leaves, overflow pages) with its level
    /// (leaves are level 1, overflow pages level 0); for freeing whole trees and integrity checks.
    package static func forEachPage(
        root: TreeRoot, pool: BufferPool,
        _ visit: (PageID, Int, PageBytes) throws(DatabaseError) -> Void
    ) throws(DatabaseError) {
        guard !root.root.isNone else { return }
        try visitPage(root.root, level: root.height, pool: pool, visit)
    }

    private static func visitPage(
        _ id: PageID, level: Int, pool: BufferPool,
        _ visit: (PageID, Int, PageBytes) throws(DatabaseError) -> Void
    ) throws(DatabaseError) {
        var children: [PageID] = []
        var overflow: [(PageID, Int)] = []
        do {
            let page = try pool.pin(id)
            let node = Node(page.bytes)
            let expected: PageKind = level <= 1 ? .leaf : .branch
            guard page.bytes.kindByte == expected.rawValue else {
                throw corruptTree(id, "expected a \(expected == .leaf ? "leaf" : "branch") at level \(level)")
            }
            try visit(id, level, page.bytes)
            if level > 1 {
                for slot in 0...node.cellCount { children.append(node.child(slot)) }
            } else {
                for slot in 0..<node.cellCount where node.isOverflow(slot) {
                    let reference = node.overflowReference(slot)
                    overflow.append((reference.first, reference.length))
                }
            }
        }
        for (first, length) in overflow {
            try Overflow.forEachPage(first: first, length: length, pool: pool) { (page, bytes) throws(DatabaseError) in
                try visit(page, 0, bytes)
            }
        }
        for child in children { try visitPage(child, level: level - 1, pool: pool, visit) }
    }

    static func corruptTree(_ page: PageID, _ detail: String) -> DatabaseError {
        DatabaseError(.indexCorrupted, "B-tree page \(page.rawValue) is corrupted", detail: "The tree \(detail) there.")
    }
}
