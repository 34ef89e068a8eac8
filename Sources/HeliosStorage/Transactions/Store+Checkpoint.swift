// Checkpoints: make one committed version whole on disk, so recovery can start from it and the
// log before it can go. Writers keep working meanwhile; the checkpoint only holds the writer gate
// while it captures the version and its free set.
//
// 1. (writer gate held) Take the newest committed version V, wait for its commit to be durable,
//    capture the free pages as of V, allocate pages for the free list, and register a reader
//    at V so none of V's pages is reused while the checkpoint writes.
// 2. Write the free list; write every dirty page of version V or older; sync the data file.
// 3. Write the checkpoint record to the older of the two slots and sync it. Now V is durable
//    on its own: pages that only older checkpoints needed become reusable.
// 4. Recycle log segments before V's end.

public import HeliosCore

extension Store {
    /// Takes a checkpoint now (it returns once the checkpoint is durable).
    public func checkpoint() throws(DatabaseError) {
        try checkWritable()
        checkpointGate.withLock(when: { !$0 }) { $0 = true }
        defer { checkpointGate.withLockThenBroadcast { $0 = false } }
        do {
            try runCheckpoint()
        } catch {
            fail(error)
            checkpointState.withLock { $0.failures += 1 }
            throw error
        }
    }

    private func runCheckpoint() throws(DatabaseError) {
        let last = checkpointState.withLock { $0.last }
        let perPage = (dataFile.pageSize - PageHeader.size) / 4

        // Step 1, under the writer gate.
        writerGate.acquire()
        let version: CommittedState
        let free: [UInt32]
        let listPages: [UInt32]
        let highWater: UInt32
        do {
            defer { releaseWriterGate() }
            version = latest.withLock { $0 }
            if version.version == last.version && version.end == last.redoLSN { return }
            try log.waitUntilDurable(version.end)
            let captured = allocator.beginCheckpoint(version: version.version)
            let pageCount = (captured.free.count + perPage - 1) / perPage
            listPages = allocator.allocateForCheckpoint(count: pageCount)
            let taken = Set(listPages)
            free = captured.free.filter { !taken.contains($0) }
            highWater = allocator.highWater
            beginInternalRead(version.version)
        }
        defer { endRead(version: version.version) }
        publishDurable()

        // Step 2.
        let buffer = PageBuffer(size: dataFile.pageSize)
        for (index, page) in listPages.enumerated() {
            pool.discard(PageID(page))  // a stale cached copy must never be written over the list
            let entries = free.dropFirst(index * perPage).prefix(perPage)
            let bytes = buffer.page
            bytes.initialize(id: PageID(page), kind: .freeList, version: version.version, lsn: version.end)
            bytes.link = index + 1 < listPages.count ? PageID(listPages[index + 1]) : .none
            bytes.count = UInt32(entries.count)
            for (slot, entry) in entries.enumerated() { bytes.setUInt32(entry, at: PageHeader.size + 4 * slot) }
            bytes.storeChecksum()
            try dataFile.writePage(PageID(page), from: buffer.base)
        }
        try pool.writeDirtyPages(upToVersion: version.version)
        try dataFile.sync()

        // Step 3.
        let checkpoint = Checkpoint(
            sequence: last.sequence + 1, version: version.version, redoLSN: version.end, master: version.catalog,
            highWater: highWater, freeListHead: listPages.first.map(PageID.init) ?? .none,
            freePageCount: UInt32(free.count), freeListPageCount: UInt32(listPages.count))
        try dataFile.writeCheckpoint(checkpoint)
        allocator.checkpointDurable(version: version.version, freeListPages: listPages)
        checkpointState.withLock { $0.last = checkpoint }

        // Step 4.
        try log.segments.recycle(before: version.end)
    }

    /// Called after each commit: wakes the background worker when enough log has accumulated.
    func commitFinished(logEnd: LSN) {
        let sinceCheckpoint = logEnd.rawValue - checkpointState.withLock { $0.last.redoLSN.rawValue }
        if sinceCheckpoint >= UInt64(options.checkpointLogBytes) { background?.requestCheckpoint() }
    }

    /// Whether a checkpoint is due: log volume or time since the last one.
    func checkpointIsDue(secondsSinceLast: Double) -> Bool {
        let (redo, lastVersion) = checkpointState.withLock { ($0.last.redoLSN, $0.last.version) }
        let current = latest.withLock { $0 }
        if current.version == lastVersion && current.end == redo { return false }
        return current.end.rawValue - redo.rawValue >= UInt64(options.checkpointLogBytes)
            || secondsSinceLast >= options.checkpointInterval
    }

    /// Stops background work, takes a final checkpoint (so the next open replays nothing) and
    /// releases the directory. Further use of the store throws.
    public func close() throws(DatabaseError) {
        let proceed = lifecycle.withLock { state -> Bool in
            guard state == .open else { return false }
            state = .closing
            return true
        }
        guard proceed else { return }
        background?.stop()
        var closingError: DatabaseError?
        if writeFailure == nil {
            do {
                try log.flushAll()
                publishDurable()
                try checkpoint()
            } catch {
                closingError = error
            }
        }
        log.segments.closeAll()
        directoryLock.unlock()
        lifecycle.withLock { $0 = .closed }
        if let closingError { throw closingError }
    }
}

/// The store's background thread: syncs the log for `normal` and `off` durability, and runs
/// checkpoints when enough log has accumulated or enough time has passed.
final class BackgroundWorker: @unchecked Sendable {  // mutable state is inside `signal`
    private struct Signal {
        var stop = false
        var checkpointRequested = false
    }

    private let signal = ConditionLock(Signal())
    private var thread: BackgroundThread?

    init(store: Store) {
        thread = BackgroundThread(name: "helios-bg") { [weak store, signal] in
            var lastCheckpoint = BackgroundWorker.monotonicSeconds()
            let tick = store.map { min($0.options.syncInterval, 1.0) } ?? 1.0
            while true {
                let (stop, requested) = signal.withLock(when: { $0.stop || $0.checkpointRequested }, timeout: tick) { state, _ in
                    defer { state.checkpointRequested = false }
                    return (state.stop, state.checkpointRequested)
                }
                guard !stop, let store else { return }
                // Durability normal/off, and commits that deferred their durability: sync and
                // publish them within a tick.
                if store.options.durability != .full || store.hasPendingPublications {
                    if (try? store.log.flushAll()) != nil { store.publishDurable() }
                }
                let now = BackgroundWorker.monotonicSeconds()
                if requested || store.checkpointIsDue(secondsSinceLast: now - lastCheckpoint) {
                    if store.writeFailure == nil { try? store.checkpoint() }
                    lastCheckpoint = now
                }
            }
        }
    }

    func requestCheckpoint() {
        signal.withLockThenBroadcast { $0.checkpointRequested = true }
    }

    func stop() {
        signal.withLockThenBroadcast { $0.stop = true }
        thread?.join()
        thread = nil
    }

    static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
