// 2Q eviction (Johnson and Shasha, VLDB 1994), the simplified full version:
// - A1in ("recent"): a FIFO of pages seen once. A sequential scan passes through it and out
//   again without touching the hot set.
// - A1out ("ghosts"): page numbers (no data) recently evicted from A1in.
// - Am ("main"): an LRU list of pages referenced again after leaving A1in; only a miss on a
//   ghost promotes a page here, so one-time scans never enter it.
// Departure from the paper: a hit on a page in A1in leaves it where it is (as the paper does),
// and the victim is the first unpinned frame from the preferred list's cold end rather than
// strictly its last element, since pinned frames cannot be evicted.

import DequeModule

/// Which eviction list a frame is on.
package enum FrameList: UInt8, Sendable {
    case none, recent, main
}

/// An intrusive doubly linked list over frame indices; links live in the frames themselves.
struct FrameQueue {
    var head: Int32 = -1
    var tail: Int32 = -1
    var count = 0
}

/// The ghost list: page numbers recently evicted from the recent queue, with a bounded size.
struct GhostList {
    private var order: Deque<(page: UInt32, stamp: UInt64)> = []
    private var stampOfPage: [UInt32: UInt64] = [:]
    private var nextStamp: UInt64 = 0
    var capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    var count: Int { stampOfPage.count }

    func contains(_ page: UInt32) -> Bool { stampOfPage[page] != nil }

    mutating func insert(_ page: UInt32) {
        nextStamp += 1
        stampOfPage[page] = nextStamp
        order.append((page, nextStamp))
        trim()
    }

    mutating func remove(_ page: UInt32) { stampOfPage[page] = nil }

    mutating func trim() {
        while stampOfPage.count > capacity || order.count > 2 * capacity + 16, let oldest = order.popFirst() {
            if stampOfPage[oldest.page] == oldest.stamp { stampOfPage[oldest.page] = nil }
        }
    }
}
