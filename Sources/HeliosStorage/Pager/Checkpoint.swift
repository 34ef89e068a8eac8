// A checkpoint: a consistent version of every tree whose pages are all on disk and synced, plus
// where in the log replay must start. Two slots (pages 1 and 2) alternate, so a torn checkpoint
// write leaves the previous one intact; the valid slot with the highest sequence wins.
//
// | offset | size | field                                                         |
// |--------|------|---------------------------------------------------------------|
// | 0      | 40   | common page header (kind = checkpoint, page ID 1 or 2)        |
// | 40     | 8    | sequence: 1, 2, 3, ... (0 = the empty store at creation)      |
// | 48     | 8    | version: commit version the checkpoint captured               |
// | 56     | 8    | redo LSN: replay of the log starts here                       |
// | 64     | 24   | master tree root (TreeRoot layout)                            |
// | 88     | 4    | high water: pages in use or free; pages at and above never used |
// | 92     | 4    | first free-list page (0 = none)                               |
// | 96     | 4    | free page count (entries in the free list)                    |
// | 100    | 4    | free-list page count                                          |

package import HeliosCore

/// The root of one B+ tree, as stored in a checkpoint or a tree's catalog entry.
///
/// | offset | size | field                       |
/// |--------|------|-----------------------------|
/// | 0      | 4    | root page (0 = empty tree)  |
/// | 4      | 4    | height (0 = empty, 1 = a leaf root) |
/// | 8      | 8    | entry count                 |
/// | 16     | 8    | page count (incl. overflow) |
package struct TreeRoot: Equatable, Sendable {
    package var root: PageID = .none
    package var height: Int = 0
    package var entryCount: UInt64 = 0
    package var pageCount: UInt64 = 0

    package static let byteCount = 24
    package static let empty = TreeRoot()

    package init(root: PageID = .none, height: Int = 0, entryCount: UInt64 = 0, pageCount: UInt64 = 0) {
        self.root = root
        self.height = height
        self.entryCount = entryCount
        self.pageCount = pageCount
    }

    package func write(to page: PageBytes, at offset: Int) {
        page.setUInt32(root.rawValue, at: offset)
        page.setUInt32(UInt32(height), at: offset + 4)
        page.setUInt64(entryCount, at: offset + 8)
        page.setUInt64(pageCount, at: offset + 16)
    }

    package static func read(from page: PageBytes, at offset: Int) -> TreeRoot {
        TreeRoot(root: PageID(page.uint32(at: offset)), height: Int(page.uint32(at: offset + 4)),
                 entryCount: page.uint64(at: offset + 8), pageCount: page.uint64(at: offset + 16))
    }
}

/// The decoded content of a checkpoint slot.
package struct Checkpoint: Equatable, Sendable {
    package static let slotPages = [PageID(1), PageID(2)]
    /// Pages 0 (header), 1 and 2 (checkpoint slots) are never allocated.
    package static let firstDataPage: UInt32 = 3

    package var sequence: UInt64
    package var version: UInt64
    package var redoLSN: LSN
    package var master: TreeRoot
    package var highWater: UInt32
    package var freeListHead: PageID
    package var freePageCount: UInt32
    package var freeListPageCount: UInt32

    /// The checkpoint of a store that has just been created.
    package static func initial(redoLSN: LSN) -> Checkpoint {
        Checkpoint(sequence: 0, version: 0, redoLSN: redoLSN, master: .empty, highWater: firstDataPage,
                   freeListHead: .none, freePageCount: 0, freeListPageCount: 0)
    }

    /// The slot this checkpoint is written to: slots alternate with the sequence.
    package var slot: PageID { Self.slotPages[Int(sequence % 2)] }

    package func write(to page: PageBytes) {
        page.initialize(id: slot, kind: .checkpoint, version: version, lsn: redoLSN)
        page.setUInt64(sequence, at: 40)
        page.setUInt64(version, at: 48)
        page.setUInt64(redoLSN.rawValue, at: 56)
        master.write(to: page, at: 64)
        page.setUInt32(highWater, at: 88)
        page.setUInt32(freeListHead.rawValue, at: 92)
        page.setUInt32(freePageCount, at: 96)
        page.setUInt32(freeListPageCount, at: 100)
        page.storeChecksum()
    }

    /// Decodes a slot; nil if the slot is torn or was never written.
    package static func read(from page: PageBytes, slot: PageID) -> Checkpoint? {
        guard page.hasValidChecksum, page.kindByte == PageKind.checkpoint.rawValue,
              page.pageID == slot else { return nil }
        let checkpoint = Checkpoint(
            sequence: page.uint64(at: 40), version: page.uint64(at: 48), redoLSN: LSN(page.uint64(at: 56)),
            master: TreeRoot.read(from: page, at: 64), highWater: page.uint32(at: 88),
            freeListHead: PageID(page.uint32(at: 92)), freePageCount: page.uint32(at: 96),
            freeListPageCount: page.uint32(at: 100))
        return checkpoint.slot == slot ? checkpoint : nil
    }
}
