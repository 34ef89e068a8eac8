// A page pinned in the buffer pool; it is unpinned when this value goes away.

package import HeliosCore

/// A pinned page. While it exists the frame cannot be evicted, and (for an exclusive pin) no one
/// writes the frame out, so its bytes may be changed.
package struct PinnedPage: ~Copyable {
    package let id: PageID
    package let frame: Int32
    package let bytes: PageBytes
    package let isExclusive: Bool
    // Strong: a pin may outlive every other reference to its pool (optimized builds end a
    // local's lifetime at its last use), and unpinning a freed pool would corrupt memory.
    private let pool: BufferPool

    init(id: PageID, frame: Int32, bytes: PageBytes, isExclusive: Bool, pool: BufferPool) {
        self.id = id
        self.frame = frame
        self.bytes = bytes
        self.isExclusive = isExclusive
        self.pool = pool
    }

    deinit { pool.unpin(frame: frame, exclusive: isExclusive) }
}
