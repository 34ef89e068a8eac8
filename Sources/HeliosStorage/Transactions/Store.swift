// A store: one data directory holding B+ trees, with atomic write transactions and snapshot
// reads.
//
// Concurrency model. One write transaction at a time (the writer gate); any number of readers.
// Every commit makes a new version: the writer copies the pages it changes, so the pages of
// older versions stay intact for readers that still use them. A reader takes the newest
// published version when it begins and sees exactly it until it ends: readers never block the
// writer, the writer never blocks readers. Isolation delivered: snapshot reads; writes are
// serializable (they are serial).
//
// Durability. A commit appends its log records, releases the writer gate (so the next writer
// can start while this one waits: early lock release) and waits for the log to be synced. A
// version is published to readers only once it is durable, so no reader ever sees data a crash
// could undo, and a client that was told "committed" sees its writes in its next snapshot.

public import HeliosCore
import Synchronization

/// A committed version of the store.
package struct CommittedState: Sendable, Equatable {
    package var version: UInt64
    package var catalog: TreeRoot
    /// The log position after the commit record (the start of the log for a checkpoint).
    package var end: LSN
    /// Catalog entries of recently changed trees, exactly as the catalog holds them in this
    /// version: transactions and snapshots look here before searching the catalog tree.
    package var recentTrees: [TreeID: TreeDescriptor] = [:]

    /// At most this many entries are carried from version to version.
    static let recentTreeLimit = 64
}

/// A database store in one directory.
public final class Store: @unchecked Sendable {  // mutable state sits in Mutex/ConditionLock fields
    package let directory: String
    package let options: StoreOptions
    package let dataFile: DataFile
    package let pool: BufferPool
    package let allocator: PageAllocator
    package let log: WriteAheadLog
    let directoryLock: any DirectoryLock

    /// Held by the one write transaction (or checkpoint preparation) in progress.
    let writerGate = WriterGate()
    /// The newest committed version: the base of the next write transaction.
    let latest: Mutex<CommittedState>
    let visibility: Mutex<Visibility>
    let insertPatterns = Mutex<[TreeID: InsertPattern]>([:])
    /// Set when the store can no longer write safely (a failed fsync, a failed page write).
    let failure = Mutex<DatabaseError?>(nil)
    let lifecycle = Mutex<Lifecycle>(.open)
    let checkpointState: Mutex<CheckpointState>
    /// Serializes checkpoints.
    let checkpointGate = ConditionLock(false)
    /// Set once while opening, before the store is shared; stopped by `close`.
    var background: BackgroundWorker?

    enum Lifecycle { case open, closing, closed }

    struct Visibility {
        var published: CommittedState
        /// Versions committed but not yet durable, oldest first.
        var pending: [CommittedState] = []
        /// Active snapshots: version -> number of readers.
        var readers: [UInt64: Int] = [:]
    }

    struct CheckpointState {
        var last: Checkpoint
        var failures = 0
    }

    package static let dataFileName = "heliosdb.data"
    package static let logDirectoryName = "wal"

    init(directory: String, options: StoreOptions, dataFile: DataFile, pool: BufferPool, allocator: PageAllocator,
         log: WriteAheadLog, directoryLock: any DirectoryLock, state: CommittedState, checkpoint: Checkpoint) {
        self.directory = directory
        self.options = options
        self.dataFile = dataFile
        self.pool = pool
        self.allocator = allocator
        self.log = log
        self.directoryLock = directoryLock
        latest = Mutex(state)
        visibility = Mutex(Visibility(published: state))
        checkpointState = Mutex(CheckpointState(last: checkpoint))
    }

    deinit {
        background?.stop()
    }

    // MARK: transactions

    /// Begins a snapshot of the newest published version, or with `latestCommitted`, of the
    /// newest committed one even if its commit is not durable yet. The second is for callers
    /// that decide visibility themselves (the SQL engine's row versions and commit log, which
    /// never show a client data before it is durable).
    public func beginRead(latestCommitted: Bool = false) throws(DatabaseError) -> ReadTransaction {
        try checkOpen()
        let state = visibility.withLock { visibility in
            let state = latestCommitted ? latest.withLock { $0 } : visibility.published
            visibility.readers[state.version, default: 0] += 1
            return state
        }
        return ReadTransaction(store: self, state: state)
    }

    /// Whether committed versions are waiting to become durable and visible.
    var hasPendingPublications: Bool { visibility.withLock { !$0.pending.isEmpty } }

    /// Runs `body` on a snapshot. (Untyped `throws`, so closures need no annotation; the store's
    /// own errors are DatabaseError.)
    public func read<Result>(_ body: (ReadTransaction) throws -> Result) throws -> Result {
        let transaction = try beginRead()
        return try body(transaction)
    }

    /// Begins the write transaction, waiting for the one in progress (if any) to finish.
    public func beginWrite() throws(DatabaseError) -> WriteTransaction {
        try checkOpen()
        writerGate.acquire()
        do {
            try checkWritable()
        } catch {
            releaseWriterGate()
            throw error
        }
        let base = latest.withLock { $0 }
        let pages = TransactionPages(pool: pool, allocator: allocator, version: base.version + 1, horizon: readerHorizon())
        return WriteTransaction(store: self, base: base, pages: pages, logStart: log.endLSN, replaying: false)
    }

    /// Runs `body` in a write transaction and commits it; rolls back if `body` throws.
    @discardableResult
    public func write<Result>(_ body: (WriteTransaction) throws -> Result) throws -> Result {
        let transaction = try beginWrite()
        let result: Result
        do {
            result = try body(transaction)
        } catch {
            transaction.rollback()
            throw error
        }
        try transaction.commit()
        return result
    }

    // MARK: versions

    /// The oldest version a reader may still see: pages freed after it must stay.
    func readerHorizon() -> UInt64 {
        visibility.withLock { visibility in
            min(visibility.readers.keys.min() ?? .max, visibility.published.version)
        }
    }

    func endRead(version: UInt64) {
        visibility.withLock { visibility in
            guard let count = visibility.readers[version] else { preconditionFailure("ending an unknown snapshot") }
            visibility.readers[version] = count == 1 ? nil : count - 1
        }
    }

    /// Registers a reader at a version newer than the published one (checkpoints read the
    /// newest committed version).
    func beginInternalRead(_ version: UInt64) {
        visibility.withLock { $0.readers[version, default: 0] += 1 }
    }

    /// Called by a committing transaction with the writer gate held.
    func recordCommit(_ state: CommittedState, patterns: [TreeID: InsertPattern]) {
        latest.withLock { $0 = state }
        if !patterns.isEmpty {
            insertPatterns.withLock { stored in
                for (tree, pattern) in patterns { stored[tree] = pattern }
            }
        }
        visibility.withLock { visibility in
            if options.durability == .off {
                visibility.published = state
            } else {
                visibility.pending.append(state)
            }
        }
    }

    /// Makes every committed version up to `version` visible to new readers (they are durable).
    func publish(upTo version: UInt64) {
        visibility.withLock { visibility in
            var newest: CommittedState?
            while let first = visibility.pending.first, first.version <= version {
                newest = first
                visibility.pending.removeFirst()
            }
            if let newest, newest.version > visibility.published.version { visibility.published = newest }
        }
    }

    /// Publishes everything the log has made durable (or written, for `normal`).
    func publishDurable() {
        let flushed = log.flushedLSN
        let version = visibility.withLock { visibility in
            visibility.pending.last(where: { $0.end <= flushed })?.version ?? 0
        }
        if version > 0 { publish(upTo: version) }
    }

    func releaseWriterGate() {
        writerGate.release()
    }

    // MARK: state checks

    func checkOpen() throws(DatabaseError) {
        if lifecycle.withLock({ $0 }) != .open {
            throw DatabaseError(.objectNotInPrerequisiteState, "store \"\(directory)\" is closed")
        }
    }

    func checkWritable() throws(DatabaseError) {
        if let failure = failure.withLock({ $0 }) {
            throw DatabaseError(.ioError, "store \"\(directory)\" cannot accept writes after an I/O failure",
                                detail: failure.message,
                                hint: "Restart the server: recovery will restore the last durable state.")
        }
    }

    /// Stops all writes after an error that leaves the cache or log untrustworthy.
    func fail(_ error: DatabaseError) {
        failure.withLock { if $0 == nil { $0 = error } }
    }

    /// The error that stopped writes, if any.
    public var writeFailure: DatabaseError? { failure.withLock { $0 } }

    // MARK: public information

    /// Counters for monitoring and the autopilot.
    public struct Statistics: Sendable {
        public var bufferPool: BufferPoolStatistics
        public var committedVersion: UInt64
        public var publishedVersion: UInt64
        public var logEnd: UInt64
        public var logFlushed: UInt64
        public var logSyncs: Int
        public var lastCheckpointLSN: UInt64
        public var dataFilePages: UInt32
        public var freePages: Int
        public var activeReaders: Int
    }

    public var statistics: Statistics {
        let pool = pool.statistics
        let visible = visibility.withLock { ($0.published.version, $0.readers.values.reduce(0, +)) }
        return Statistics(
            bufferPool: BufferPoolStatistics(pool),
            committedVersion: latest.withLock { $0.version }, publishedVersion: visible.0,
            logEnd: log.endLSN.rawValue, logFlushed: log.flushedLSN.rawValue, logSyncs: log.syncCount,
            lastCheckpointLSN: checkpointState.withLock { $0.last.redoLSN.rawValue },
            dataFilePages: allocator.highWater, freePages: allocator.freePageCount, activeReaders: visible.1)
    }

    /// Resizes the buffer pool while the store is in use.
    public func setBufferPoolCapacity(pages: Int) throws(DatabaseError) {
        try pool.resize(capacity: pages)
    }

    /// The insert pattern a tree has shown since the store opened.
    public func insertPattern(of tree: TreeID) -> InsertPattern {
        insertPatterns.withLock { $0[tree] ?? InsertPattern() }
    }
}

/// Buffer pool counters, as the public API reports them.
public struct BufferPoolStatistics: Sendable, Equatable {
    public var hits: Int
    public var misses: Int
    public var evictions: Int
    public var pagesWritten: Int
    public var dirtyFrames: Int
    public var residentPages: Int
    public var capacity: Int
    public var hitRatio: Double

    init(_ statistics: BufferPool.Statistics) {
        hits = statistics.hits
        misses = statistics.misses
        evictions = statistics.evictions
        pagesWritten = statistics.pagesWritten
        dirtyFrames = statistics.dirtyFrames
        residentPages = statistics.residentPages
        capacity = statistics.capacity
        hitRatio = statistics.hitRatio
    }
}
