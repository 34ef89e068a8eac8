// The pages one write transaction allocates, copies and frees. Copy-on-write lives here: a page
// the transaction did not create is never changed; `makeWritable` copies it to a new page and
// frees the original once the transaction commits.

package import HeliosCore

/// Page allocation and copy-on-write for one write transaction.
/// Invariants: 1. a page is changed in place only if this transaction created it and it was not
/// written outside the log; 2. every page allocated is either in the tree, freed, or released at
/// rollback.
package final class TransactionPages {
    package let pool: BufferPool
    let allocator: PageAllocator
    /// The version this transaction commits as; pages it creates carry it.
    package let version: UInt64
    /// The oldest version a reader may still see, fixed when the transaction began.
    let horizon: UInt64
    /// The LSN of the log record being applied; stamped on every page it changes.
    @exclusivity(unchecked) package var lsn: LSN = .zero
    /// Pages allocated by this transaction.
    @exclusivity(unchecked) private(set) var allocated = PageNumberSet()
    /// Pages freed by this transaction that others may still see: released when it commits.
    @exclusivity(unchecked) private(set) var frees: [(page: UInt32, version: UInt64, flags: UInt8)] = []
    /// Pages allocated minus pages freed since the counter was last reset (per-tree page counts).
    @exclusivity(unchecked) package var pageCountDelta = 0
    /// While set, every page allocated is also recorded here (bulk loads write them out).
    @exclusivity(unchecked) package var capturedAllocations: [UInt32]?

    init(pool: BufferPool, allocator: PageAllocator, version: UInt64, horizon: UInt64) {
        self.pool = pool
        self.allocator = allocator
        self.version = version
        self.horizon = horizon
    }

    /// A scratch buffer for encoding one cell, reused by every change of the transaction.
    package private(set) lazy var cellScratch = PageBuffer(size: Node.maximumCellSize(pageSize: pool.pageSize), zeroed: false)

    /// A new, exclusively pinned page with a fresh header and zeroed body.
    package func allocate(kind: PageKind, flags: UInt8 = 0) throws(DatabaseError) -> PinnedPage {
        let page = try allocateUninitialized()
        page.bytes.initialize(id: page.id, kind: kind, version: version, lsn: lsn, flags: flags)
        return page
    }

    /// A new, exclusively pinned page holding a copy of `source` under its own ID and this
    /// transaction's version.
    package func allocateCopy(of source: PageBytes) throws(DatabaseError) -> PinnedPage {
        let page = try allocateUninitialized()
        page.bytes.base.copyMemory(from: source.base, byteCount: pool.pageSize)
        page.bytes.pageID = page.id
        page.bytes.version = version
        page.bytes.pageLSN = lsn
        page.bytes.flags = 0
        return page
    }

    private func allocateUninitialized() throws(DatabaseError) -> PinnedPage {
        let id = try allocator.allocate(horizon: horizon)
        allocated.insert(id.rawValue)
        capturedAllocations?.append(id.rawValue)
        let page = try pool.pinNew(id, version: version)
        pageCountDelta += 1
        return page
    }

    /// Whether this transaction may change the page in place (invariant 1).
    @inline(__always)
    package func isWritable(_ bytes: PageBytes) -> Bool {
        bytes.version == version && bytes.flags & PageFlags.durableOutsideLog == 0
    }

    /// An exclusive pin on `id` or, if the page is not this transaction's, on a copy of it; the
    /// caller must point the parent at the returned page's ID.
    package func makeWritable(_ id: PageID) throws(DatabaseError) -> PinnedPage {
        let original = try pool.pin(id)
        if isWritable(original.bytes) {
            _ = consume original
            let page = try pool.pinExclusive(id)
            page.bytes.pageLSN = lsn
            return page
        }
        let (pageVersion, flags) = (original.bytes.version, original.bytes.flags)
        let copy = try allocateCopy(of: original.bytes)
        _ = consume original
        free(id, pageVersion: pageVersion, flags: flags)
        return copy
    }

    /// Frees a page, reading its header to learn how long it must stay untouched.
    package func free(_ id: PageID) throws(DatabaseError) {
        let (pageVersion, flags): (UInt64, UInt8) = try {
            () throws(DatabaseError) in
            let page = try pool.pin(id)
            return (page.bytes.version, page.bytes.flags)
        }()
        free(id, pageVersion: pageVersion, flags: flags)
    }

    /// Frees a page whose header fields the caller already read.
    package func free(_ id: PageID, pageVersion: UInt64, flags: UInt8) {
        pageCountDelta -= 1
        let writtenOutsideLog = flags & PageFlags.durableOutsideLog != 0
        if pageVersion == version && !writtenOutsideLog && allocated.remove(id.rawValue) {
            // Never visible to anyone else: reusable at once, and its bytes need not reach disk.
            pool.discard(id)
            allocator.releaseUnpublished(CollectionOfOne(id.rawValue))
        } else {
            frees.append((id.rawValue, pageVersion, flags))
        }
    }

    /// Commit: frees become visible to the allocator under this transaction's version.
    func commit() {
        allocator.commitFrees(version: version, frees)
        frees = []
        allocated = PageNumberSet()
    }

    /// Rollback: everything allocated is free again, nothing freed was.
    func rollback() {
        let pages = Array(allocated)
        for page in pages { pool.discard(PageID(page)) }
        allocator.releaseUnpublished(pages)
        allocated = PageNumberSet()
        frees = []
    }
}
