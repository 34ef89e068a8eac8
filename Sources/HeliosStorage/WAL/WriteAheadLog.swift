// Appending to the log, and group commit.
//
// Transactions append their encoded records to an in-memory buffer (under a lock, a memcpy).
// Making them durable is leader/follower: the first committer to find no write in progress
// takes the whole buffer, writes it to the segment files and fsyncs them, while committers that
// arrive meanwhile append to a fresh buffer and wait; when the leader finishes, every commit
// its write covered is durable. With N concurrent committers one fsync covers up to N commits.
// Two details matter on small machines, where a thread wake-up costs about as much as a
// small transaction: the leader wakes only the waiters its flush satisfied (not all of them),
// and if more commits arrived meanwhile it flushes those too before handing over (a few rounds
// at most), instead of waking a sleeping thread to do it.
//
// A failed write or fsync is never retried (the kernel may have dropped the dirty pages): the
// log fails, every waiter and every later append gets the error, and only recovery, which reads
// what really reached the disk, revives the store.

package import HeliosCore
import Synchronization

/// The writer side of the write-ahead log.
///
/// Invariants: 1. flushed <= written <= end, and all three only grow; 2. the buffer holds
/// exactly the bytes [bufferStart, end); 3. at most one thread writes to the files at a time.
package final class WriteAheadLog: @unchecked Sendable {  // mutable state lives in `lock`
    package let segments: LogSegments
    private let lock: ConditionLock<State>
    private let flushedPosition = Atomic<UInt64>(0)
    private let syncs = Atomic<Int>(0)

    struct State {
        var buffer: [UInt8] = []
        var bufferStart: LSN
        var end: LSN
        var written: LSN
        var flushed: LSN
        var isWriting = false
        var failure: DatabaseError?
        /// Segments written since their last fsync.
        var unsyncedSegments: Set<UInt64> = []
        /// Threads waiting for a position to be written or flushed, oldest first.
        var waiters: [Waiter] = []
        /// Appends since the leader last took the buffer.
        var appendsSinceTake = 0

        func isDone(_ target: LSN, sync: Bool) -> Bool { (sync ? flushed : written) >= target }
    }

    struct Waiter {
        var target: LSN
        var sync: Bool
        let event: WakeEvent
    }

    /// Extra flushes a leader runs for commits that arrived during its own.
    static let maximumExtraRounds = 3

    /// Starts appending at `end`, the position after the last valid record.
    package init(segments: LogSegments, end: LSN) {
        self.segments = segments
        lock = ConditionLock(State(bufferStart: end, end: end, written: end, flushed: end))
        flushedPosition.store(end.rawValue, ordering: .releasing)
    }

    /// The position the next appended byte gets.
    package var endLSN: LSN { lock.withLock { $0.end } }

    /// Everything before this position is on disk and synced.
    package var flushedLSN: LSN { LSN(flushedPosition.load(ordering: .acquiring)) }

    /// How many fsyncs the log has issued (group commit makes this smaller than the commit count).
    package var syncCount: Int { syncs.load(ordering: .relaxed) }

    /// The error that stopped the log, if any.
    package var failure: DatabaseError? { lock.withLock { $0.failure } }

    /// Appends encoded records that were encoded for position `at` (which must be the current
    /// end); returns the position after them.
    @discardableResult
    package func append(_ bytes: [UInt8], at position: LSN) throws(DatabaseError) -> LSN {
        // Signals a leader that may be waiting for its peers' commits (cheap when none waits).
        try lock.withLockThenSignal { (state) throws(DatabaseError) -> LSN in
            if let failure = state.failure { throw failure }
            precondition(position == state.end, "records were encoded for another log position")
            state.buffer.append(contentsOf: bytes)
            state.end = state.end + bytes.count
            state.appendsSinceTake += 1
            return state.end
        }
    }

    /// Returns once every byte before `lsn` is written to the files and synced.
    package func waitUntilDurable(_ lsn: LSN) throws(DatabaseError) {
        try flush(upTo: lsn, sync: true)
    }

    /// Returns once every byte before `lsn` is handed to the operating system (it survives a crash
    /// of this process, not of the machine).
    package func waitUntilWritten(_ lsn: LSN) throws(DatabaseError) {
        try flush(upTo: lsn, sync: false)
    }

    /// Writes and syncs everything appended so far.
    package func flushAll() throws(DatabaseError) {
        try flush(upTo: endLSN, sync: true)
    }

    private enum Step {
        case done
        case failed(DatabaseError)
        case wait(WakeEvent)
        case lead(bytes: [UInt8], start: LSN)
        case waitForPeers(expected: Int)
    }

    /// How long a leader waits for just-woken committers to commit again.
    static let peerWait = 0.0002

    private func flush(upTo target: LSN, sync: Bool) throws(DatabaseError) {
        while true {
            let step: Step = lock.withLock { state in
                if let failure = state.failure { return .failed(failure) }
                if state.isDone(target, sync: sync) { return .done }
                if state.isWriting {
                    let event = WakeEvent()
                    state.waiters.append(Waiter(target: target, sync: sync, event: event))
                    return .wait(event)
                }
                state.isWriting = true
                return Self.takeBuffer(&state)
            }
            switch step {
            case .done:
                return
            case .failed(let error):
                throw error
            case .wait(let event):
                event.wait()
            case .lead(let bytes, let start):
                try lead(bytes: bytes, start: start, sync: sync)
            case .waitForPeers:
                preconditionFailure("only a leader waits for peers")
            }
        }
    }

    private static func takeBuffer(_ state: inout State) -> Step {
        state.appendsSinceTake = 0
        let bytes = state.buffer
        let start = state.bufferStart
        state.buffer = []
        state.buffer.reserveCapacity(bytes.count)
        state.bufferStart = state.end
        return .lead(bytes: bytes, start: start)
    }

    /// The leader's work: write the batch, fsync if asked, publish the new positions, wake the
    /// waiters it satisfied; repeat while more arrived (bounded), then hand over.
    private func lead(bytes firstBytes: [UInt8], start firstStart: LSN, sync: Bool) throws(DatabaseError) {
        var bytes = firstBytes
        var start = firstStart
        var rounds = 0
        while true {
            let failure = writeAndSync(bytes, at: start, sync: sync)
            let end = start + bytes.count
            var wake: [WakeEvent] = []
            let next: Step? = lock.withLock { state in
                if let failure {
                    state.failure = state.failure ?? failure
                    state.isWriting = false
                    wake = state.waiters.map(\.event)
                    state.waiters = []
                    return nil
                }
                state.written = max(state.written, end)
                if sync {
                    state.flushed = max(state.flushed, end)
                    flushedPosition.store(state.flushed.rawValue, ordering: .releasing)
                }
                var remaining: [Waiter] = []
                for waiter in state.waiters {
                    if state.isDone(waiter.target, sync: waiter.sync) { wake.append(waiter.event) } else { remaining.append(waiter) }
                }
                state.waiters = remaining
                if sync && rounds < Self.maximumExtraRounds && (!remaining.isEmpty || !wake.isEmpty) {
                    return .waitForPeers(expected: wake.count)
                }
                state.isWriting = false
                // Someone must lead the rest: wake the oldest waiter left.
                if let first = remaining.first {
                    wake.append(first.event)
                    state.waiters.removeFirst()
                }
                return nil
            }
            for event in wake { event.signal() }
            if let failure { throw failure }
            guard case .waitForPeers(let expected)? = next else { return }
            // The committers just woken will commit again in a moment: let their commits
            // join the next fsync rather than the one after.
            let step: Step = lock.withLock(when: { $0.appendsSinceTake >= expected || $0.failure != nil },
                                           timeout: Self.peerWait) { state, _ in
                if state.buffer.isEmpty || state.failure != nil {
                    state.isWriting = false
                    if let first = state.waiters.first {
                        state.waiters.removeFirst()
                        return .wait(first.event)
                    }
                    return .done
                }
                return Self.takeBuffer(&state)
            }
            switch step {
            case .lead(let nextBytes, let nextStart):
                bytes = nextBytes
                start = nextStart
                rounds += 1
            case .wait(let nextLeader):
                nextLeader.signal()
                return
            default:
                return
            }
        }
    }

    /// Writes a batch and, if asked, syncs every segment written since the last sync.
    private func writeAndSync(_ bytes: [UInt8], at start: LSN, sync: Bool) -> DatabaseError? {
        do {
            let written = try writeToSegments(bytes, at: start)
            let toSync: Set<UInt64> = lock.withLock { state in
                state.unsyncedSegments.formUnion(written)
                return sync ? state.unsyncedSegments : []
            }
            for segment in toSync.sorted() {
                guard let file = try segments.fileIfExists(segment) else { continue }
                try file.sync()
                syncs.add(1, ordering: .relaxed)
            }
            if !toSync.isEmpty { lock.withLock { $0.unsyncedSegments.subtract(toSync) } }
            return nil
        } catch {
            return error
        }
    }

    /// Writes `bytes` at log position `start`, across segment boundaries; returns the segments touched.
    private func writeToSegments(_ bytes: [UInt8], at start: LSN) throws(DatabaseError) -> [UInt64] {
        let size = UInt64(segments.segmentSize)
        var touched: [UInt64] = []
        var offset = 0
        while offset < bytes.count {
            let position = start.rawValue + UInt64(offset)
            let segment = position / size
            let inSegment = Int(position % size)
            let count = min(bytes.count - offset, segments.segmentSize - inSegment)
            let file = try segments.file(for: segment)
            try bytes.withBytes { (raw) throws(DatabaseError) in
                try file.write(UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count)]), at: inSegment)
            }
            touched.append(segment)
            offset += count
        }
        return touched
    }
}

/// A one-shot wake-up for one waiting thread.
final class WakeEvent: Sendable {
    private let lock = ConditionLock(false)

    func wait() {
        lock.withLock(when: { $0 }) { $0 = false }
    }

    func signal() {
        lock.withLockThenSignal { $0 = true }
    }
}
