// The buffer pool: a fixed number of frames, each holding one page of the data file, with a page
// table from page number to frame, pin counts, dirty tracking, 2Q eviction and resizing at run
// time. Pages are copy-on-write above this layer, so a committed page's bytes never change while
// it is cached; only the single writer changes pages, and only those its own transaction created.

package import HeliosCore

/// Caches pages of one data file.
///
/// Invariants:
/// 1. `frameOfPage[p] == f` exactly when `frames[f].page == p` and the frame is loading or ready.
/// 2. A frame with a pin count above zero is never evicted or retired.
/// 3. A frame being written out is not pinned exclusively, and vice versa: bytes don't change
///    while they are written.
/// 4. A dirty frame is written to the data file before its frame is reused.
/// 5. Frames on the eviction lists are exactly the loaded, ready frames.
package final class BufferPool: @unchecked Sendable {  // all mutable state is inside `lock`
    package let pageSize: Int
    let dataFile: DataFile
    private let lock: ConditionLock<State>

    /// Counters, for statistics views and the autopilot's buffer-pool advisor.
    package struct Statistics: Sendable, Equatable {
        package var hits = 0
        package var misses = 0
        package var evictions = 0
        package var pagesWritten = 0
        package var dirtyFrames = 0
        package var residentPages = 0
        package var frameCount = 0
        package var capacity = 0
        package var ghostHits = 0
        package var hitRatio: Double { hits + misses == 0 ? 1 : Double(hits) / Double(hits + misses) }
    }

    enum Status: UInt8 { case empty, loading, ready, failed }

    /// One frame's bookkeeping; fields ordered to pack into 48 bytes.
    struct Frame {
        var memory: UnsafeMutableRawPointer?  // from the arena; kept when the frame is retired
        var version: UInt64 = 0
        var page: UInt32 = 0
        var pinCount: Int32 = 0
        var modification: UInt32 = 0
        var previous: Int32 = -1
        var next: Int32 = -1
        var status: Status = .empty
        var list: FrameList = .none
        var isRetired = false
        var isDirty = false
        var isWritingOut = false
        var isExclusive = false
    }

    struct State {
        let pageSize: Int
        var frames: [Frame] = []
        var retiredFrames: [Int32] = []
        /// Why a failed load failed, for the threads that waited on it (kept out of Frame, which
        /// stays small: pinning touches one Frame per page visit).
        var loadErrors: [Int32: DatabaseError] = [:]
        var arena: FrameArena
        var frameOfPage: [UInt32: Int32] = [:]
        var freeFrames: [Int32] = []
        var capacity: Int
        var liveFrames = 0
        var recent = FrameQueue()
        var main = FrameQueue()
        var ghosts: GhostList
        var statistics = Statistics()
        /// Set when a page write failed: the store must not trust its cache any more.
        var failure: DatabaseError?

        init(capacity: Int, pageSize: Int) {
            self.pageSize = pageSize
            self.capacity = capacity
            arena = FrameArena(frameSize: pageSize)
            ghosts = GhostList(capacity: max(capacity / 2, 8))
        }
    }

    /// The smallest pool: a B+ tree operation pins a root-to-leaf path plus a few siblings.
    package static let minimumCapacity = 64

    package init(dataFile: DataFile, capacity: Int) {
        self.dataFile = dataFile
        pageSize = dataFile.pageSize
        lock = ConditionLock(State(capacity: max(capacity, Self.minimumCapacity), pageSize: dataFile.pageSize))
    }

    deinit {
        lock.withLock { $0.arena.deallocateAll() }
    }

    // MARK: pinning

    /// Pins page `id` for reading, loading it from the data file if it is not cached.
    package func pin(_ id: PageID) throws(DatabaseError) -> PinnedPage {
        try pin(id, exclusive: false)
    }

    /// Pins a page the caller's transaction created, to change it: waits out a write-out in
    /// progress and marks the frame dirty.
    package func pinExclusive(_ id: PageID) throws(DatabaseError) -> PinnedPage {
        try pin(id, exclusive: true)
    }

    private func pin(_ id: PageID, exclusive: Bool) throws(DatabaseError) -> PinnedPage {
        let (frame, memory) = try pinFrame(id, exclusive: exclusive)
        return PinnedPage(id: id, frame: frame, bytes: PageBytes(memory, size: pageSize), isExclusive: exclusive, pool: self)
    }

    /// Pins a page for reading without a PinnedPage to unpin it: the caller must call
    /// `releasePage(frame:)` exactly once. For caches that keep pages pinned across calls.
    package func retainPage(_ id: PageID) throws(DatabaseError) -> (frame: Int32, bytes: PageBytes) {
        let (frame, memory) = try pinFrame(id, exclusive: false)
        return (frame, PageBytes(memory, size: pageSize))
    }

    /// Releases a pin taken by `retainPage`.
    package func releasePage(frame: Int32) {
        unpin(frame: frame, exclusive: false)
    }

    private func pinFrame(_ id: PageID, exclusive: Bool) throws(DatabaseError) -> (Int32, UnsafeMutableRawPointer) {
        while true {
            let outcome: PinOutcome = lock.withLock { state in
                if let failure = state.failure { return .failed(failure) }
                if let frame = state.frameOfPage[id.rawValue] {
                    if exclusive && (state.frames[Int(frame)].isWritingOut || state.frames[Int(frame)].status == .loading) {
                        return .retryAfterWait(frame)
                    }
                    state.frames[Int(frame)].pinCount += 1
                    if state.frames[Int(frame)].status == .loading { return .waitForLoad(frame) }
                    state.statistics.hits += 1
                    if exclusive { state.markExclusive(frame) }
                    state.touch(frame)
                    return .pinned(frame, state.frames[Int(frame)].memory!)
                }
                switch state.acquireFrame() {
                case .frame(let frame):
                    state.statistics.misses += 1
                    state.install(page: id.rawValue, in: frame, status: .loading)
                    state.frames[Int(frame)].pinCount = 1
                    return .load(frame, state.frames[Int(frame)].memory!)
                case .mustWriteOut(let frame, let page):
                    return .writeOutFirst(frame, page)
                case .exhausted:
                    return .failed(Self.noUnpinnedBuffers)
                }
            }
            switch outcome {
            case .pinned(let frame, let memory):
                return (frame, memory)
            case .failed(let error):
                throw error
            case .writeOutFirst(let frame, let page):
                try writeOut(frame: frame, page: page)
            case .retryAfterWait(let frame):
                lock.withLock(when: { state in
                    state.frames[Int(frame)].page != id.rawValue
                        || (!state.frames[Int(frame)].isWritingOut && state.frames[Int(frame)].status != .loading)
                }, { _ in })
            case .waitForLoad(let frame):
                let loaded: DatabaseError? = lock.withLock(when: { $0.frames[Int(frame)].status != .loading }) { state in
                    if state.frames[Int(frame)].status == .failed {
                        state.unpinFailed(frame)
                        return state.loadErrors[frame] ?? DatabaseError.internalError("page load failed")
                    }
                    state.statistics.hits += 1
                    state.touch(frame)
                    return nil
                }
                if let loaded { throw loaded }
                let memory = lock.withLock { $0.frames[Int(frame)].memory! }
                if exclusive {
                    // Rare: an exclusive pin of a page another thread was loading. Retry cleanly.
                    unpin(frame: frame, exclusive: false)
                    continue
                }
                return (frame, memory)
            case .load(let frame, let memory):
                do {
                    try dataFile.readPage(id, into: memory)
                } catch {
                    lock.withLockThenBroadcast { state in
                        state.frames[Int(frame)].status = .failed
                        state.loadErrors[frame] = error
                        // New readers must try the disk again, not find this failed frame.
                        if state.frameOfPage[id.rawValue] == frame { state.frameOfPage[id.rawValue] = nil }
                        state.unpinFailed(frame)
                    }
                    throw error
                }
                let version = PageBytes(memory, size: pageSize).version
                lock.withLockThenBroadcast { state in
                    state.frames[Int(frame)].status = .ready
                    state.frames[Int(frame)].version = version
                    state.enqueueLoaded(frame)
                    if exclusive { state.markExclusive(frame) }
                }
                return (frame, memory)
            }
        }
    }

    private enum PinOutcome {
        case pinned(Int32, UnsafeMutableRawPointer)
        case load(Int32, UnsafeMutableRawPointer)
        case waitForLoad(Int32)
        case retryAfterWait(Int32)
        case writeOutFirst(Int32, UInt32)
        case failed(DatabaseError)
    }

    /// Pins a frame for a page just allocated by the caller's transaction: nothing is read, the
    /// frame is dirty and exclusively pinned, and its bytes are undefined until the caller writes
    /// a whole page. A stale copy of the page (it was freed and is being reused) is overwritten.
    package func pinNew(_ id: PageID, version: UInt64) throws(DatabaseError) -> PinnedPage {
        while true {
            let outcome: PinOutcome = lock.withLock { state in
                if let failure = state.failure { return .failed(failure) }
                if let frame = state.frameOfPage[id.rawValue] {
                    let current = state.frames[Int(frame)]
                    if current.isWritingOut || current.status == .loading { return .retryAfterWait(frame) }
                    precondition(current.pinCount == 0, "invariant 2: a reused page is not pinned")
                    state.frames[Int(frame)].pinCount = 1
                    state.frames[Int(frame)].version = version
                    state.markExclusive(frame)
                    state.touch(frame)
                    return .pinned(frame, current.memory!)
                }
                switch state.acquireFrame() {
                case .frame(let frame):
                    state.install(page: id.rawValue, in: frame, status: .ready)
                    state.frames[Int(frame)].pinCount = 1
                    state.frames[Int(frame)].version = version
                    state.markExclusive(frame)
                    state.enqueueLoaded(frame)
                    return .pinned(frame, state.frames[Int(frame)].memory!)
                case .mustWriteOut(let frame, let page):
                    return .writeOutFirst(frame, page)
                case .exhausted:
                    return .failed(Self.noUnpinnedBuffers)
                }
            }
            switch outcome {
            case .pinned(let frame, let memory):
                return PinnedPage(id: id, frame: frame, bytes: PageBytes(memory, size: pageSize), isExclusive: true, pool: self)
            case .failed(let error):
                throw error
            case .writeOutFirst(let frame, let page):
                try writeOut(frame: frame, page: page)
            case .retryAfterWait(let frame):
                lock.withLock(when: { state in
                    state.frames[Int(frame)].page != id.rawValue
                        || (!state.frames[Int(frame)].isWritingOut && state.frames[Int(frame)].status != .loading)
                }, { _ in })
            case .load, .waitForLoad:
                preconditionFailure("pinNew never loads")
            }
        }
    }

    /// Releases one pin; called by PinnedPage's deinit.
    func unpin(frame: Int32, exclusive: Bool) {
        lock.withLock { state in
            precondition(state.frames[Int(frame)].pinCount > 0, "invariant 2: pin count never below zero")
            state.frames[Int(frame)].pinCount -= 1
            if exclusive { state.frames[Int(frame)].isExclusive = false }
        }
    }

    /// Records the version of a page whose header the writer just rewrote (used by checkpoints to
    /// tell committed pages from the running transaction's).
    package func setVersion(_ version: UInt64, frame: Int32) {
        lock.withLock { $0.frames[Int(frame)].version = version }
    }

    /// Forgets a cached page without writing it (its page was freed and nobody can read it).
    package func discard(_ id: PageID) {
        lock.withLock(when: { state in
            guard let frame = state.frameOfPage[id.rawValue] else { return true }
            return !state.frames[Int(frame)].isWritingOut
        }) { state in
            guard let frame = state.frameOfPage[id.rawValue] else { return }
            let current = state.frames[Int(frame)]
            guard current.pinCount == 0, current.status == .ready else { return }
            if current.isDirty { state.statistics.dirtyFrames -= 1 }
            state.frames[Int(frame)].isDirty = false
            state.evict(frame, remember: false)
            state.freeFrames.append(frame)
        }
    }

    // MARK: writing out

    /// Writes a dirty frame's page to the data file (not synced) and marks it clean if nobody
    /// changed it meanwhile. Waits for another write-out of the same frame to finish first.
    package func writeOut(frame: Int32, page: UInt32) throws(DatabaseError) {
        enum Step { case done, write(UnsafeMutableRawPointer, UInt32), failed(DatabaseError) }
        let step: Step = lock.withLock(when: { $0.frames[Int(frame)].isWritingOut == false }) { state in
            if let failure = state.failure { return .failed(failure) }
            let current = state.frames[Int(frame)]
            guard current.page == page, current.status == .ready, current.isDirty, !current.isExclusive else {
                return .done
            }
            state.frames[Int(frame)].isWritingOut = true
            state.frames[Int(frame)].pinCount += 1
            return .write(current.memory!, current.modification)
        }
        guard case .write(let memory, let modification) = step else {
            if case .failed(let error) = step { throw error }
            return
        }
        let scratch = PageBuffer(size: pageSize, zeroed: false)
        scratch.base.copyMemory(from: memory, byteCount: pageSize)
        scratch.page.storeChecksum()
        var failure: DatabaseError?
        do {
            try dataFile.writePage(PageID(page), from: scratch.base)
        } catch {
            failure = error
        }
        lock.withLockThenBroadcast { state in
            state.frames[Int(frame)].isWritingOut = false
            state.frames[Int(frame)].pinCount -= 1
            if let failure {
                state.failure = state.failure ?? failure
            } else {
                state.statistics.pagesWritten += 1
                if state.frames[Int(frame)].modification == modification && state.frames[Int(frame)].isDirty {
                    state.frames[Int(frame)].isDirty = false
                    state.statistics.dirtyFrames -= 1
                }
            }
        }
        if let failure { throw failure }
    }

    /// Writes page `id` to the data file if it is cached and dirty (not synced).
    package func writePage(_ id: PageID) throws(DatabaseError) {
        guard let frame = lock.withLock({ $0.frameOfPage[id.rawValue] }) else { return }
        try writeOut(frame: frame, page: id.rawValue)
    }

    /// Writes every dirty page whose version is at most `version` (committed pages of that
    /// version), waiting for write-outs already in progress. The caller syncs the file after.
    package func writeDirtyPages(upToVersion version: UInt64) throws(DatabaseError) {
        let dirty: [(Int32, UInt32)] = lock.withLock { state in
            var list: [(Int32, UInt32)] = []
            for index in state.frames.indices
            where state.frames[index].isDirty && state.frames[index].version <= version
                && state.frames[index].status == .ready {
                list.append((Int32(index), state.frames[index].page))
            }
            return list
        }
        for (frame, page) in dirty.sorted(by: { $0.1 < $1.1 }) {
            try writeOut(frame: frame, page: page)
        }
    }

    // MARK: size and statistics

    /// Grows or shrinks the pool to `capacity` frames while it is in use. Shrinking evicts
    /// unpinned pages (writing dirty ones first); pinned ones leave as they are unpinned.
    package func resize(capacity requested: Int) throws(DatabaseError) {
        let capacity = max(requested, Self.minimumCapacity)
        lock.withLock { state in
            state.capacity = capacity
            state.ghosts.capacity = max(capacity / 2, 8)
            state.ghosts.trim()
        }
        while true {
            enum Step { case done, writeOut(Int32, UInt32), failed(DatabaseError) }
            let step: Step = lock.withLock { state in
                if let failure = state.failure { return .failed(failure) }
                while state.liveFrames > state.capacity, let frame = state.freeFrames.popLast() {
                    state.retire(frame)
                }
                guard state.liveFrames > state.capacity else { return .done }
                switch state.acquireFrame(allowGrowth: false) {
                case .frame(let frame):
                    state.retire(frame)
                    return .writeOut(-1, 0)
                case .mustWriteOut(let frame, let page):
                    return .writeOut(frame, page)
                case .exhausted:
                    return .done  // the rest is pinned; it shrinks as frames are released
                }
            }
            switch step {
            case .done: return
            case .failed(let error): throw error
            case .writeOut(let frame, let page):
                if frame >= 0 { try writeOut(frame: frame, page: page) }
            }
        }
    }

    package var statistics: Statistics {
        lock.withLock { state in
            var statistics = state.statistics
            statistics.residentPages = state.frameOfPage.count
            statistics.frameCount = state.liveFrames
            statistics.capacity = state.capacity
            return statistics
        }
    }

    /// Whether a page is cached (for tests of the eviction policy).
    package func isResident(_ id: PageID) -> Bool {
        lock.withLock { $0.frameOfPage[id.rawValue] != nil }
    }

    /// Checks the invariants above; for tests.
    package func checkInvariants() {
        lock.withLock { state in
            var onLists = 0
            for (page, frame) in state.frameOfPage {
                precondition(state.frames[Int(frame)].page == page, "invariant 1")
            }
            for (index, frame) in state.frames.enumerated() where frame.status == .ready || frame.status == .loading {
                precondition(state.frameOfPage[frame.page] == Int32(index), "invariant 1")
                precondition(!(frame.isWritingOut && frame.isExclusive), "invariant 3")
                if frame.list != .none { onLists += 1 }
            }
            precondition(onLists == state.recent.count + state.main.count, "invariant 5")
        }
    }

    static let noUnpinnedBuffers = DatabaseError(.insufficientResources, "no unpinned buffers available",
                                                 hint: "Increase the buffer pool size.")
}

// MARK: state transitions (all called with the lock held)

extension BufferPool.State {
    enum Acquired { case frame(Int32), mustWriteOut(Int32, UInt32), exhausted }

    /// A frame to load a new page into: a free one, a new one while below capacity, or a victim.
    mutating func acquireFrame(allowGrowth: Bool = true) -> Acquired {
        if allowGrowth, let frame = freeFrames.popLast() { return .frame(frame) }
        // Growing can fail only if the system is out of memory: then evict instead.
        if allowGrowth && liveFrames < capacity, let frame = addFrame() { return .frame(frame) }
        guard let victim = chooseVictim() else { return .exhausted }
        if frames[Int(victim)].isDirty { return .mustWriteOut(victim, frames[Int(victim)].page) }
        evict(victim, remember: true)
        return .frame(victim)
    }

    mutating func addFrame() -> Int32? {
        if let retired = retiredFrames.popLast() {
            liveFrames += 1
            frames[Int(retired)].isRetired = false
            return retired
        }
        guard let memory = arena.allocate() else { return nil }
        liveFrames += 1
        var frame = BufferPool.Frame()
        frame.memory = memory
        frames.append(frame)
        return Int32(frames.count - 1)
    }

    /// Gives a free frame's memory back to the system; the frame is reused when the pool grows.
    mutating func retire(_ frame: Int32) {
        arena.release(frames[Int(frame)].memory!)
        frames[Int(frame)].isRetired = true
        frames[Int(frame)].status = .empty
        retiredFrames.append(frame)
        liveFrames -= 1
    }

    /// The first evictable frame from the cold end of the preferred list (2Q: the recent queue
    /// while it is over its share, else the main LRU list), falling back to the other list.
    func chooseVictim() -> Int32? {
        let recentShare = max(capacity / 4, 1)
        let preferRecent = recent.count > recentShare || main.count == 0
        let order = preferRecent ? [recent, main] : [main, recent]
        for queue in order {
            var candidate = queue.head
            while candidate >= 0 {
                let frame = frames[Int(candidate)]
                if frame.pinCount == 0 && !frame.isWritingOut && frame.status == .ready { return candidate }
                candidate = frame.next
            }
        }
        return nil
    }

    mutating func install(page: UInt32, in frame: Int32, status: BufferPool.Status) {
        frames[Int(frame)].page = page
        frames[Int(frame)].status = status
        frames[Int(frame)].isDirty = false
        frames[Int(frame)].isExclusive = false
        loadErrors[frame] = nil
        frameOfPage[page] = frame
    }

    /// Puts a newly loaded page on its list: main if it was recently evicted (a ghost hit),
    /// otherwise the recent queue.
    mutating func enqueueLoaded(_ frame: Int32) {
        let page = frames[Int(frame)].page
        if ghosts.contains(page) {
            ghosts.remove(page)
            statistics.ghostHits += 1
            pushBack(frame, to: .main)
        } else {
            pushBack(frame, to: .recent)
        }
    }

    /// A hit: pages on the main list move to its hot end; pages in the recent queue stay put.
    mutating func touch(_ frame: Int32) {
        if frames[Int(frame)].list == .main && main.tail != frame {
            unlink(frame)
            pushBack(frame, to: .main)
        }
    }

    mutating func markExclusive(_ frame: Int32) {
        precondition(!frames[Int(frame)].isWritingOut, "invariant 3")
        frames[Int(frame)].isExclusive = true
        frames[Int(frame)].modification &+= 1
        if !frames[Int(frame)].isDirty {
            frames[Int(frame)].isDirty = true
            statistics.dirtyFrames += 1
        }
    }

    /// Removes a clean, unpinned page from the pool; its frame is then unused.
    mutating func evict(_ frame: Int32, remember: Bool) {
        precondition(frames[Int(frame)].pinCount == 0, "invariant 2")
        precondition(!frames[Int(frame)].isDirty, "invariant 4")
        let page = frames[Int(frame)].page
        if remember && frames[Int(frame)].list == .recent { ghosts.insert(page) }
        unlink(frame)
        frameOfPage[page] = nil
        frames[Int(frame)].page = 0
        frames[Int(frame)].status = .empty
        statistics.evictions += 1
    }

    /// Undoes a pin taken for a load that failed; the frame becomes free again.
    mutating func unpinFailed(_ frame: Int32) {
        frames[Int(frame)].pinCount -= 1
        if frames[Int(frame)].pinCount == 0 {
            let page = frames[Int(frame)].page
            if frameOfPage[page] == frame { frameOfPage[page] = nil }
            unlink(frame)
            frames[Int(frame)].page = 0
            frames[Int(frame)].status = .empty
            freeFrames.append(frame)
        }
    }

    mutating func pushBack(_ frame: Int32, to list: FrameList) {
        precondition(frames[Int(frame)].list == .none, "invariant 5: on one list at a time")
        frames[Int(frame)].list = list
        frames[Int(frame)].next = -1
        switch list {
        case .recent:
            frames[Int(frame)].previous = recent.tail
            if recent.tail >= 0 { frames[Int(recent.tail)].next = frame } else { recent.head = frame }
            recent.tail = frame
            recent.count += 1
        case .main:
            frames[Int(frame)].previous = main.tail
            if main.tail >= 0 { frames[Int(main.tail)].next = frame } else { main.head = frame }
            main.tail = frame
            main.count += 1
        case .none:
            break
        }
    }

    mutating func unlink(_ frame: Int32) {
        let list = frames[Int(frame)].list
        guard list != .none else { return }
        let previous = frames[Int(frame)].previous
        let next = frames[Int(frame)].next
        if previous >= 0 { frames[Int(previous)].next = next }
        if next >= 0 { frames[Int(next)].previous = previous }
        switch list {
        case .recent:
            if recent.head == frame { recent.head = next }
            if recent.tail == frame { recent.tail = previous }
            recent.count -= 1
        case .main:
            if main.head == frame { main.head = next }
            if main.tail == frame { main.tail = previous }
            main.count -= 1
        case .none:
            break
        }
        frames[Int(frame)].list = .none
        frames[Int(frame)].previous = -1
        frames[Int(frame)].next = -1
    }
}
