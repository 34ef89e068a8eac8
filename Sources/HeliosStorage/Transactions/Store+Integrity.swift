// A full integrity check: every tree's structure and order, every page accounted for exactly
// once (in a tree, in the free set, or holding the checkpoint's free list). `heliosdb check`
// and the tests run it.

public import HeliosCore

/// What an integrity check found.
public struct IntegrityReport: Sendable, Equatable {
    public var trees = 0
    public var entries: UInt64 = 0
    public var treePages = 0
    public var freePages = 0
    public var filePages = 0
}

extension Store {
    /// Walks the newest committed version and the free space; throws on the first inconsistency.
    public func checkIntegrity() throws(DatabaseError) -> IntegrityReport {
        try checkOpen()
        checkpointGate.withLock(when: { !$0 }) { $0 = true }
        defer { checkpointGate.withLockThenBroadcast { $0 = false } }
        writerGate.acquire()
        defer { releaseWriterGate() }

        let state = latest.withLock { $0 }
        var checker = IntegrityChecker(pool: pool)
        var report = IntegrityReport()
        try checker.check(tree: .catalog, root: state.catalog)
        let transaction = ReadTransaction(store: self, state: state)
        beginInternalRead(state.version)
        for (id, _) in try transaction.trees() {
            let descriptor = try transaction.descriptor(of: id)
            try checker.check(tree: id, root: descriptor.root)
            report.trees += 1
            report.entries += descriptor.root.entryCount
        }
        report.treePages = checker.owner.count
        let highWater = allocator.highWater
        for page in allocator.allFreePages() {
            guard page >= Checkpoint.firstDataPage, page < highWater else {
                throw DatabaseError(.dataCorrupted, "free page \(page) lies outside the data file")
            }
            if let tree = checker.owner[page] {
                throw DatabaseError(.dataCorrupted, "page \(page) is both free and used by \(tree)")
            }
            checker.owner[page] = TreeID(.max)
        }
        report.freePages = checker.owner.count - report.treePages
        report.filePages = Int(highWater)
        let accounted = checker.owner.count + Int(Checkpoint.firstDataPage)
        if accounted != Int(highWater) {
            let missing = (Checkpoint.firstDataPage..<highWater).filter { checker.owner[$0] == nil }
            throw DatabaseError(.dataCorrupted, "\(missing.count) pages are neither used nor free",
                                detail: "Leaked pages: \(missing.prefix(20).map(String.init).joined(separator: ", ")).")
        }
        return report
    }
}

/// Walks trees, checking structure and recording which tree owns each page.
struct IntegrityChecker {
    let pool: BufferPool
    var owner: [UInt32: TreeID] = [:]

    mutating func check(tree: TreeID, root: TreeRoot) throws(DatabaseError) {
        guard !root.root.isNone else {
            guard root.height == 0, root.entryCount == 0, root.pageCount == 0 else {
                throw Self.broken(tree, "is empty but records \(root.entryCount) entries and height \(root.height)")
            }
            return
        }
        var entries: UInt64 = 0
        var pages: UInt64 = 0
        try checkNode(root.root, level: root.height, lower: nil, upper: nil, tree: tree, entries: &entries, pages: &pages)
        guard entries == root.entryCount else {
            throw Self.broken(tree, "holds \(entries) entries but records \(root.entryCount)")
        }
        guard pages == root.pageCount else {
            throw Self.broken(tree, "occupies \(pages) pages but records \(root.pageCount)")
        }
    }

    private mutating func claim(_ page: PageID, for tree: TreeID) throws(DatabaseError) {
        if let other = owner[page.rawValue] {
            throw Self.broken(tree, "reaches page \(page.rawValue), which \(other) reaches too")
        }
        owner[page.rawValue] = tree
    }

    private mutating func checkNode(_ id: PageID, level: Int, lower: [UInt8]?, upper: [UInt8]?, tree: TreeID,
                                    entries: inout UInt64, pages: inout UInt64) throws(DatabaseError) {
        try claim(id, for: tree)
        pages += 1
        var children: [(PageID, [UInt8]?, [UInt8]?)] = []
        var chains: [(PageID, Int)] = []
        do {
            let page = try pool.pin(id)
            let node = Node(page.bytes)
            let expected: PageKind = level <= 1 ? .leaf : .branch
            guard page.bytes.kindByte == expected.rawValue else { throw Self.broken(tree, "has a wrong page kind at page \(id.rawValue)") }
            if let problem = node.checkInvariants() { throw Self.broken(tree, "page \(id.rawValue): \(problem)") }
            let count = node.cellCount
            if count > 0 {
                let first = Array(node.key(0))
                let last = Array(node.key(count - 1))
                if let lower, first.lexicographicallyPrecedes(lower) {
                    throw Self.broken(tree, "page \(id.rawValue) holds a key below its parent's separator")
                }
                if let upper, !last.lexicographicallyPrecedes(upper) {
                    throw Self.broken(tree, "page \(id.rawValue) holds a key at or above its parent's separator")
                }
            }
            if level > 1 {
                var previous = lower
                for slot in 0..<count {
                    let key = Array(node.key(slot))
                    children.append((node.child(slot), previous, key))
                    previous = key
                }
                children.append((node.rightmostChild, previous, upper))
            } else {
                entries += UInt64(count)
                for slot in 0..<count where node.isOverflow(slot) {
                    let reference = node.overflowReference(slot)
                    chains.append((reference.first, reference.length))
                }
            }
        }
        for (first, length) in chains {
            var chain: [PageID] = []
            try Overflow.forEachPage(first: first, length: length, pool: pool) { (page, _) in chain.append(page) }
            for page in chain { try claim(page, for: tree) }
            pages += UInt64(chain.count)
        }
        for (child, childLower, childUpper) in children {
            try checkNode(child, level: level - 1, lower: childLower, upper: childUpper, tree: tree,
                          entries: &entries, pages: &pages)
        }
    }

    static func broken(_ tree: TreeID, _ detail: String) -> DatabaseError {
        DatabaseError(.indexCorrupted, "\(tree) is corrupted", detail: "The tree \(detail).")
    }
}
