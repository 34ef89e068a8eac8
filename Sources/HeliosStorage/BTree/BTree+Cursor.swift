// Ordered cursors over one tree, in both directions. Copy-on-write trees have no sibling links
// (a link would force copying the neighbour), so a cursor keeps the path from the root: one
// (page, child slot) per branch level, and moves to the next leaf by climbing that path.
//
// In a snapshot the pages never change, so the cursor keeps its leaf pinned between calls. In a
// write transaction the tree may change between calls; the cursor then remembers its key, pins
// nothing between calls, and finds its place again after a change.

public import HeliosCore

/// A position in a tree: before the first entry, at an entry, or past the last.
public final class TreeCursor {
    private let pool: BufferPool
    private let rootProvider: () -> (TreeRoot, UInt64)
    private var root: TreeRoot
    /// The tree's change counter when the path was built (write transactions only).
    private var generation: UInt64
    private let followsChanges: Bool
    private var path: [(page: PageID, slot: Int)] = []
    private var leaf: PageID = .none
    private var leafPin: PinnedPage?
    private var leafBytes: PageBytes?
    private var slot = 0
    /// The current key, kept only by cursors that must find their place again after a change.
    private var rememberedKey: [UInt8] = []
    public private(set) var isValid = false

    /// `rootProvider` returns the tree's current root and change counter; snapshots return the
    /// same values forever.
    deinit { releaseLeaf() }

    init(pool: BufferPool, followsChanges: Bool, rootProvider: @escaping () -> (TreeRoot, UInt64)) {
        self.pool = pool
        self.rootProvider = rootProvider
        self.followsChanges = followsChanges
        (root, generation) = rootProvider()
    }

    // MARK: positioning

    /// Moves to the first entry.
    @discardableResult
    public func first() throws(DatabaseError) -> Bool {
        refreshRoot()
        try descend(from: root.root, level: root.height, toward: .leftmost)
        return try settleForward()
    }

    /// Moves to the last entry.
    @discardableResult
    public func last() throws(DatabaseError) -> Bool {
        refreshRoot()
        try descend(from: root.root, level: root.height, toward: .rightmost)
        return try settleBackward()
    }

    /// Moves to the first entry at or above `key`.
    @discardableResult
    public func seek(atOrAfter key: [UInt8]) throws(DatabaseError) -> Bool {
        refreshRoot()
        try key.withBytes { (raw) throws(DatabaseError) in
            try descend(from: root.root, level: root.height, toward: .key(raw))
        }
        return try settleForward()
    }

    /// Moves to the last entry at or below `key`.
    @discardableResult
    public func seek(atOrBefore key: [UInt8]) throws(DatabaseError) -> Bool {
        guard try seek(atOrAfter: key) else { return try last() }
        if self.key == key { return true }
        return try previous()
    }

    /// Moves to the next entry; false (and invalid) past the last.
    @discardableResult
    public func next() throws(DatabaseError) -> Bool {
        guard isValid else { return false }
        if try findPlaceAfterChange() {
            // The remembered key is gone: the cursor now sits at the entry after it.
            return isValid
        }
        try pinLeaf()
        slot += 1
        return try settleForward()
    }

    /// Moves to the previous entry; false (and invalid) before the first.
    @discardableResult
    public func previous() throws(DatabaseError) -> Bool {
        guard isValid else { return false }
        if try findPlaceAfterChange() {
            // At the entry after the vanished key: step back once to reach the one before it.
            if !isValid { return try last() }
        }
        try pinLeaf()
        slot -= 1
        return try settleBackward()
    }

    // MARK: current entry

    /// The current key.
    public var key: [UInt8] {
        precondition(isValid, "cursor is not on an entry")
        if followsChanges { return rememberedKey }
        return Array(Node(leafBytes!).key(slot))
    }

    /// Calls `body` with the current key's bytes, without copying them.
    public func withKey<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        precondition(isValid, "cursor is not on an entry")
        if followsChanges { return try rememberedKey.withUnsafeBytes(body) }
        return try body(Node(leafBytes!).key(slot))
    }

    /// The current value, assembled from its overflow chain if it has one.
    public func value() throws(DatabaseError) -> [UInt8] {
        try withValue { Array($0) }
    }

    /// Calls `body` with the current value's bytes.
    public func withValue<Result>(_ body: (UnsafeRawBufferPointer) throws(DatabaseError) -> Result) throws(DatabaseError) -> Result {
        precondition(isValid, "cursor is not on an entry")
        _ = try findPlaceAfterChange()
        precondition(isValid, "cursor entry vanished")
        try pinLeaf()
        defer { releaseLeafIfFollowing() }
        let node = Node(leafBytes!)
        if node.isOverflow(slot) {
            let (length, first) = node.overflowReference(slot)
            let value = try Overflow.read(first: first, length: length, pool: pool)
            return try value.withBytes { (raw) throws(DatabaseError) in try body(raw) }
        }
        return try body(node.inlineValue(slot))
    }

    // MARK: internals

    private enum Target {
        case leftmost, rightmost, key(UnsafeRawBufferPointer)
    }

    private func refreshRoot() {
        (root, generation) = rootProvider()
    }

    /// Builds the path from `page` down to a leaf and sets the slot in it.
    private func descend(from start: PageID, level startLevel: Int, toward target: Target) throws(DatabaseError) {
        if start == root.root { path.removeAll(keepingCapacity: true) }
        guard !start.isNone else {
            releaseLeaf()
            leaf = .none
            isValid = false
            return
        }
        var page = start
        var level = startLevel
        while level > 1 {
            let pinned = try pool.pin(page)
            guard pinned.bytes.kindByte == PageKind.branch.rawValue else { throw BTreeReader.corruptTree(page, "expected a branch") }
            let node = Node(pinned.bytes)
            let childSlot: Int
            switch target {
            case .leftmost: childSlot = 0
            case .rightmost: childSlot = node.cellCount
            case .key(let key): childSlot = node.childSlot(for: key)
            }
            path.append((page, childSlot))
            page = node.child(childSlot)
            level -= 1
        }
        leaf = page
        releaseLeaf()
        try pinLeaf()
        guard leafBytes!.kindByte == PageKind.leaf.rawValue else { throw BTreeReader.corruptTree(page, "expected a leaf") }
        let node = Node(leafBytes!)
        switch target {
        case .leftmost: slot = 0
        case .rightmost: slot = node.cellCount - 1
        case .key(let key): slot = node.lowerBound(key).slot
        }
        isValid = true
    }

    /// After a forward move: if the slot ran off the leaf, continue in the next leaf.
    private func settleForward() throws(DatabaseError) -> Bool {
        guard !leaf.isNone else { return finish(valid: false) }
        while slot >= Node(leafBytes!).cellCount {
            guard let (page, level) = try climbToNext() else { return finish(valid: false) }
            try descend(from: page, level: level, toward: .leftmost)
        }
        return finish(valid: true)
    }

    /// After a backward move: if the slot ran off the leaf's start, continue in the previous leaf.
    private func settleBackward() throws(DatabaseError) -> Bool {
        guard !leaf.isNone else { return finish(valid: false) }
        while slot < 0 {
            guard let (page, level) = try climbToPrevious() else { return finish(valid: false) }
            try descend(from: page, level: level, toward: .rightmost)
        }
        return finish(valid: true)
    }

    /// Pops path levels until one has a next child; returns that child and its level.
    private func climbToNext() throws(DatabaseError) -> (PageID, Int)? {
        while let top = path.popLast() {
            let pinned = try pool.pin(top.page)
            let node = Node(pinned.bytes)
            if top.slot < node.cellCount {
                path.append((top.page, top.slot + 1))
                let level = root.height - path.count
                return (node.child(top.slot + 1), level)
            }
        }
        return nil
    }

    private func climbToPrevious() throws(DatabaseError) -> (PageID, Int)? {
        while let top = path.popLast() {
            if top.slot > 0 {
                let pinned = try pool.pin(top.page)
                let node = Node(pinned.bytes)
                path.append((top.page, top.slot - 1))
                let level = root.height - path.count
                return (node.child(top.slot - 1), level)
            }
        }
        return nil
    }

    private func finish(valid: Bool) -> Bool {
        isValid = valid
        if valid && followsChanges { rememberedKey = Array(Node(leafBytes!).key(slot)) }
        if !valid { releaseLeaf() } else { releaseLeafIfFollowing() }
        return valid
    }

    private func pinLeaf() throws(DatabaseError) {
        if leafBytes == nil {
            let pinned = try pool.pin(leaf)
            leafBytes = pinned.bytes
            leafPin = consume pinned
        }
    }

    private func releaseLeaf() {
        leafPin = nil
        leafBytes = nil
    }

    private func releaseLeafIfFollowing() {
        if followsChanges { releaseLeaf() }
    }

    /// If the tree changed since the path was built, rebuilds it at the remembered key. Returns
    /// true if that key is gone (the cursor then sits at the next entry, or is invalid).
    private func findPlaceAfterChange() throws(DatabaseError) -> Bool {
        guard followsChanges else { return false }
        let (currentRoot, currentGeneration) = rootProvider()
        guard currentGeneration != generation else { return false }
        root = currentRoot
        generation = currentGeneration
        let remembered = rememberedKey
        try remembered.withBytes { (raw) throws(DatabaseError) in
            try descend(from: root.root, level: root.height, toward: .key(raw))
        }
        let stillThere: Bool
        if leaf.isNone {
            stillThere = false
        } else {
            let node = Node(leafBytes!)
            stillThere = slot < node.cellCount
                && remembered.withUnsafeBytes { compareKeys(node.key(slot), $0) == 0 }
        }
        if stillThere {
            releaseLeafIfFollowing()
            return false
        }
        _ = try settleForward()
        return true
    }
}
