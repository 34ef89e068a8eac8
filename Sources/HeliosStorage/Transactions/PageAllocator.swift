// Which pages of the data file are free, and when a freed page may be written again.
//
// Pages are copy-on-write: a transaction never changes a page another version can see; it copies
// it and frees the original. A freed page may be reused only when
// - no reader can still see it: every snapshot is at least the version that freed it, and
// - no checkpoint on disk still needs it: if the page is part of the last durable checkpoint (or
//   of one being written), or was written outside the log (bulk load), a newer checkpoint must
//   be durable first, or a crash would find it overwritten.
// Pages a transaction allocated and freed itself were never visible to anyone: reusable at once.

package import HeliosCore
import Synchronization

/// The free-space state of the data file.
///
/// Invariants:
/// 1. a page number is in at most one of: reusable, waiting on readers, waiting on a checkpoint,
///    the durable checkpoint's free-list pages, or in use;
/// 2. every page number below `highWater` that is not in use is in one of those free sets
///    (no page leaks; `Store.checkIntegrity` verifies it against the trees).
package final class PageAllocator: Sendable {
    struct Freed {
        var version: UInt64
        var pages: [UInt32]
    }

    struct State {
        var highWater: UInt32
        var reusable: [UInt32]
        var waitingOnReaders: [Freed] = []      // ordered by version
        var waitingOnCheckpoint: [Freed] = []   // ordered by version
        /// Pages holding the durable checkpoint's free list: free once a newer checkpoint is durable.
        var checkpointFreeListPages: [UInt32]
        /// The newest checkpoint that is durable, or being written (pages it holds are gated).
        var protectedVersion: UInt64
        var durableVersion: UInt64
    }

    private let state: Mutex<State>

    package init(highWater: UInt32, free: [UInt32], freeListPages: [UInt32], checkpointVersion: UInt64) {
        state = Mutex(State(highWater: highWater, reusable: free.sorted(by: >),
                            checkpointFreeListPages: freeListPages, protectedVersion: checkpointVersion,
                            durableVersion: checkpointVersion))
    }

    /// Takes a page to write: a reusable one (lowest numbers first, keeping the file compact), or a
    /// new one at the end of the file. `horizon` is the oldest version any reader may still see.
    package func allocate(horizon: UInt64) throws(DatabaseError) -> PageID {
        try state.withLock { (state) throws(DatabaseError) -> PageID in
            if state.reusable.isEmpty { state.releaseReaderGated(upTo: horizon) }
            if let page = state.reusable.popLast() { return PageID(page) }
            guard state.highWater < UInt32.max - 1 else {
                throw DatabaseError(.programLimitExceeded, "data file is full",
                                    detail: "The data file has reached \(UInt32.max) pages.")
            }
            state.highWater += 1
            return PageID(state.highWater - 1)
        }
    }

    /// Returns pages that no one but their own transaction ever saw (rolled back, or freed by the
    /// transaction that allocated them).
    package func releaseUnpublished(_ pages: some Collection<UInt32>) {
        guard !pages.isEmpty else { return }
        state.withLock { $0.reusable.append(contentsOf: pages) }
    }

    /// Records the pages a committed transaction freed, classified by what they wait for.
    /// `frees` holds (page, page version, page flags).
    package func commitFrees(version: UInt64, _ frees: [(page: UInt32, version: UInt64, flags: UInt8)]) {
        guard !frees.isEmpty else { return }
        state.withLock { state in
            var readerGated: [UInt32] = []
            var checkpointGated: [UInt32] = []
            for free in frees {
                if free.version <= state.protectedVersion || free.flags & PageFlags.durableOutsideLog != 0 {
                    checkpointGated.append(free.page)
                } else {
                    readerGated.append(free.page)
                }
            }
            if !readerGated.isEmpty { state.waitingOnReaders.append(Freed(version: version, pages: readerGated)) }
            if !checkpointGated.isEmpty {
                state.waitingOnCheckpoint.append(Freed(version: version, pages: checkpointGated))
            }
        }
    }

    /// Pages above which nothing has ever been allocated.
    package var highWater: UInt32 { state.withLock { $0.highWater } }

    package var freePageCount: Int {
        state.withLock { state in
            state.reusable.count + state.waitingOnReaders.reduce(0) { $0 + $1.pages.count }
                + state.waitingOnCheckpoint.reduce(0) { $0 + $1.pages.count } + state.checkpointFreeListPages.count
        }
    }

    // MARK: checkpoints

    /// The free set as of the current committed version, for a checkpoint of that version; the
    /// caller holds the writer gate, so no transaction is changing it. Marks the version as being
    /// checkpointed, so pages it holds stay put once freed.
    package func beginCheckpoint(version: UInt64) -> (free: [UInt32], highWater: UInt32) {
        state.withLock { state in
            state.protectedVersion = max(state.protectedVersion, version)
            var free = state.reusable
            for entry in state.waitingOnReaders { free.append(contentsOf: entry.pages) }
            for entry in state.waitingOnCheckpoint { free.append(contentsOf: entry.pages) }
            free.append(contentsOf: state.checkpointFreeListPages)
            return (free, state.highWater)
        }
    }

    /// Takes pages for a checkpoint's free list out of the reusable set (or extends the file),
    /// so the running writer cannot take them.
    package func allocateForCheckpoint(count: Int) -> [UInt32] {
        state.withLock { state in
            var pages: [UInt32] = []
            for _ in 0..<count {
                if let page = state.reusable.popLast() {
                    pages.append(page)
                } else {
                    pages.append(state.highWater)
                    state.highWater += 1
                }
            }
            return pages
        }
    }

    /// The checkpoint of `version` is durable: pages it no longer needs become reusable once
    /// readers allow, and the previous checkpoint's free-list pages are free now.
    package func checkpointDurable(version: UInt64, freeListPages: [UInt32]) {
        state.withLock { state in
            state.durableVersion = version
            state.reusable.append(contentsOf: state.checkpointFreeListPages)
            state.reusable.sort(by: >)
            state.checkpointFreeListPages = freeListPages
            var stillWaiting: [Freed] = []
            for entry in state.waitingOnCheckpoint {
                if entry.version <= version {
                    state.waitingOnReaders.append(entry)
                } else {
                    stillWaiting.append(entry)
                }
            }
            state.waitingOnCheckpoint = stillWaiting
            state.waitingOnReaders.sort { $0.version < $1.version }
        }
    }

    // MARK: recovery

    /// Takes pages written outside the log by committed bulk loads out of the free set, before the
    /// log is replayed, so replay never allocates them.
    package func reserve(_ pages: some Sequence<UInt32>) {
        state.withLock { state in
            var reserved = Set<UInt32>()
            for page in pages {
                reserved.insert(page)
                if page >= state.highWater {
                    for gap in state.highWater..<page { state.reusable.append(gap) }
                    state.highWater = page + 1
                }
            }
            state.reusable.removeAll { reserved.contains($0) }
            state.reusable.sort(by: >)
        }
    }

    /// Every free page number and where it waits; for integrity checks.
    package func allFreePages() -> [UInt32] {
        state.withLock { state in
            var free = state.reusable
            for entry in state.waitingOnReaders { free.append(contentsOf: entry.pages) }
            for entry in state.waitingOnCheckpoint { free.append(contentsOf: entry.pages) }
            free.append(contentsOf: state.checkpointFreeListPages)
            return free
        }
    }
}

extension PageAllocator.State {
    /// Moves pages whose freeing version every reader has passed into the reusable set.
    mutating func releaseReaderGated(upTo horizon: UInt64) {
        var released = 0
        for entry in waitingOnReaders {
            guard entry.version <= horizon else { break }
            reusable.append(contentsOf: entry.pages)
            released += 1
        }
        if released > 0 {
            waitingOnReaders.removeFirst(released)
            reusable.sort(by: >)
        }
    }
}
