// Branch pages a snapshot keeps pinned while it lives. A snapshot's pages never change, so the
// top levels of the trees it reads can stay pinned: repeated lookups then pin only their leaf
// instead of every page on the path (a pin is a lock round trip and a hash lookup).

package import HeliosCore

/// A small set of pinned branch pages, owned by one snapshot and used from one thread.
/// Invariant: every frame listed holds exactly one pin taken by this cache.
package final class SnapshotPageCache {
    private let pool: BufferPool
    private let capacity: Int
    private var ids: ContiguousArray<UInt32> = []
    private var frames: ContiguousArray<Int32> = []
    private var pages: ContiguousArray<PageBytes> = []

    /// At most 64 pages, and never more than 1/16 of the pool: pinned frames cannot be evicted.
    package init(pool: BufferPool) {
        self.pool = pool
        capacity = min(64, pool.statistics.capacity / 16)
    }

    deinit {
        for frame in frames { pool.releasePage(frame: frame) }
    }

    /// The cached page, or the page newly pinned into the cache; nil when the cache is full.
    @inline(__always)
    package func page(_ id: PageID) throws(DatabaseError) -> PageBytes? {
        for index in ids.indices where ids[index] == id.rawValue { return pages[index] }
        guard ids.count < capacity else { return nil }
        let (frame, bytes) = try pool.retainPage(id)
        ids.append(id.rawValue)
        frames.append(frame)
        pages.append(bytes)
        return bytes
    }
}
