// Appending to the log, and group commit.
//
// Transactions append their encoded records to an in-memory buffer (under a lock, a memcpy).
// Making them durable is leader/follower: the first committer to find no write in progress
// takes the whole buffer, writes it to the segment files and fsyncs them, while committers that
// arrive meanwhile append to a fresh buffer and wait; when the leader finishes, every commit
// its write covered is durable, and one of the waiters leads the next batch. With N concurrent
// committers one fsync covers up to N commits.
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
    }

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
        try lock.withLock { (state) throws(DatabaseError) -> LSN in
            if let failure = state.failure { throw failure }
            precondition(position == state.end, "records were encoded for another log position")
            state.buffer.append(contentsOf: bytes)
            state.end = state.end + bytes.count
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
        case lead(bytes: [UInt8], start: LSN, sync: Bool)
    }

    private func flush(upTo target: LSN, sync: Bool) throws(DatabaseError) {
        while true {
            let step: Step = lock.withLock(when: { state in
                state.failure != nil || (sync ? state.flushed : state.written) >= target || !state.isWriting
            }) { state in
                if let failure = state.failure { return .failed(failure) }
                if (sync ? state.flushed : state.written) >= target { return .done }
                state.isWriting = true
                let bytes = state.buffer
                let start = state.bufferStart
                state.buffer = []
                state.buffer.reserveCapacity(bytes.count)
                state.bufferStart = state.end
                return .lead(bytes: bytes, start: start, sync: sync)
            }
            switch step {
            case .done:
                return
            case .failed(let error):
                throw error
            case .lead(let bytes, let start, let shouldSync):
                try lead(bytes: bytes, start: start, sync: shouldSync)
            }
        }
    }

    /// The leader's work: write the batch, fsync if asked, publish the new positions.
    private func lead(bytes: [UInt8], start: LSN, sync: Bool) throws(DatabaseError) {
        var toSync: Set<UInt64> = []
        var failure: DatabaseError?
        do {
            let written = try writeToSegments(bytes, at: start)
            toSync = lock.withLock { state in
                state.unsyncedSegments.formUnion(written)
                return sync ? state.unsyncedSegments : []
            }
            for segment in toSync.sorted() {
                guard let file = try segments.fileIfExists(segment) else { continue }
                try file.sync()
                syncs.add(1, ordering: .relaxed)
            }
        } catch {
            failure = error
        }
        let end = start + bytes.count
        lock.withLockThenBroadcast { state in
            state.isWriting = false
            if let failure {
                state.failure = state.failure ?? failure
                return
            }
            state.written = max(state.written, end)
            if sync {
                state.unsyncedSegments.subtract(toSync)
                state.flushed = max(state.flushed, end)
                flushedPosition.store(state.flushed.rawValue, ordering: .releasing)
            }
        }
        if let failure { throw failure }
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
