// Opening a store: create it, or find the last checkpoint and replay the log after it.
//
// Recovery, in three steps:
// 1. Read the newest valid checkpoint: every tree as of its version, all pages on disk.
// 2. Scan the log from the checkpoint's redo position to the end of the valid log, noting the
//    pages of committed bulk loads (written outside the log) so that replay never allocates
//    them; check that nothing durable lies beyond the end (a damaged record, not a torn tail).
// 3. Replay each committed transaction through the ordinary write path; drop incomplete ones.
// Then zero what follows the end of the log, so stale bytes are never read as records, and
// take a checkpoint so the next start has nothing to replay.

public import HeliosCore

extension Store {
    /// Opens the store in `directory`, creating it if it does not exist, and recovers it.
    public static func open(at directory: String, options: StoreOptions = StoreOptions()) throws(DatabaseError) -> Store {
        let fileSystem = options.fileSystem
        if !fileSystem.fileExists(directory) { try fileSystem.createDirectory(directory) }
        let directoryLock = try fileSystem.lockDirectory(directory)
        let dataPath = joinPath(directory, dataFileName)
        let logDirectory = joinPath(directory, logDirectoryName)
        let dataFile: DataFile
        if fileSystem.fileExists(dataPath) {
            dataFile = try DataFile.open(fileSystem, path: dataPath)
            if !fileSystem.fileExists(logDirectory) { try fileSystem.createDirectory(logDirectory) }
        } else {
            guard options.logSegmentSize >= 64 * 1024, options.logSegmentSize % 4096 == 0 else {
                throw DatabaseError(.invalidParameterValue, "invalid log segment size \(options.logSegmentSize)",
                                    hint: "Use a multiple of 4096 bytes, at least 64 KiB.")
            }
            try fileSystem.createDirectory(logDirectory)
            dataFile = try DataFile.create(fileSystem, path: dataPath, pageSize: options.pageSize,
                                           walSegmentSize: options.logSegmentSize, identity: randomIdentity(),
                                           createdAt: WriteTransaction.now() / 1_000_000)
            try fileSystem.syncDirectory(directory)
        }
        let checkpoint = try dataFile.readCheckpoint()
        let pool = BufferPool(dataFile: dataFile, capacity: options.bufferPoolPages)
        let (free, freeListPages) = try readFreeList(of: checkpoint, dataFile: dataFile)
        let allocator = PageAllocator(highWater: checkpoint.highWater, free: free, freeListPages: freeListPages,
                                      checkpointVersion: checkpoint.version)
        let segments = LogSegments(directory: logDirectory, segmentSize: dataFile.header.walSegmentSize,
                                   fileSystem: fileSystem)

        // Step 2: find the end of the log and the pages committed bulk loads own.
        let (end, bulkPages) = try scanLog(segments: segments, from: checkpoint.redoLSN)
        try LogReader.checkNothingDurableAfter(end, segments: segments)
        allocator.reserve(bulkPages)

        let log = WriteAheadLog(segments: segments, end: end)
        let state = CommittedState(version: checkpoint.version, catalog: checkpoint.master, end: checkpoint.redoLSN)
        let store = Store(directory: directory, options: options, dataFile: dataFile, pool: pool, allocator: allocator,
                          log: log, directoryLock: directoryLock, state: state, checkpoint: checkpoint)
        // Step 3: replay.
        let replayed = try store.replay(segments: segments, from: checkpoint.redoLSN, to: end)
        try store.clearLog(after: end, segments: segments)
        if replayed > 0 { try store.checkpoint() }
        if options.backgroundWork { store.background = BackgroundWorker(store: store) }
        return store
    }

    static func randomIdentity() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// Reads a checkpoint's free list: the free pages and the pages holding the list.
    static func readFreeList(of checkpoint: Checkpoint, dataFile: DataFile) throws(DatabaseError) -> ([UInt32], [UInt32]) {
        var free: [UInt32] = []
        var listPages: [UInt32] = []
        var next = checkpoint.freeListHead
        let buffer = PageBuffer(size: dataFile.pageSize)
        let perPage = (dataFile.pageSize - PageHeader.size) / 4
        while !next.isNone {
            guard listPages.count <= Int(checkpoint.freeListPageCount), next.rawValue < checkpoint.highWater else {
                throw DatabaseError(.dataCorrupted, "free list of checkpoint \(checkpoint.sequence) is corrupted",
                                    detail: "It is longer than the \(checkpoint.freeListPageCount) pages the checkpoint records.")
            }
            try dataFile.readPage(next, into: buffer.base)
            let page = buffer.page
            let count = Int(page.count)
            guard page.kindByte == PageKind.freeList.rawValue, count <= perPage else {
                throw DatabaseError.corruptPage(next, file: dataFile.path, detail: "Expected a free-list page.")
            }
            listPages.append(next.rawValue)
            for index in 0..<count { free.append(page.uint32(at: PageHeader.size + 4 * index)) }
            next = page.link
        }
        guard free.count == Int(checkpoint.freePageCount), listPages.count == Int(checkpoint.freeListPageCount) else {
            throw DatabaseError(.dataCorrupted, "free list of checkpoint \(checkpoint.sequence) is corrupted",
                                detail: "It holds \(free.count) pages in \(listPages.count) list pages; the checkpoint records \(checkpoint.freePageCount) in \(checkpoint.freeListPageCount).")
        }
        return (free, listPages)
    }

    /// Finds the end of the valid log and the pages written by committed bulk loads.
    static func scanLog(segments: LogSegments, from start: LSN) throws(DatabaseError) -> (LSN, [UInt32]) {
        var reader = LogReader(segments: segments, start: start)
        var reserved: [UInt32] = []
        var pending: [UInt32] = []
        while let (_, record) = try reader.next() {
            switch record {
            case .begin, .abort:
                pending = []
            case .bulkInstall(_, _, let ranges):
                for range in ranges { pending.append(contentsOf: range.first..<(range.first + range.count)) }
            case .commit:
                reserved.append(contentsOf: pending)
                pending = []
            default:
                break
            }
        }
        return (reader.position, reserved)
    }

    /// Replays the committed transactions in [start, end); returns how many.
    func replay(segments: LogSegments, from start: LSN, to end: LSN) throws(DatabaseError) -> Int {
        var reader = LogReader(segments: segments, start: start)
        var transaction: WriteTransaction?
        var replayed = 0
        while reader.position < end, let (lsn, record) = try reader.next() {
            switch record {
            case .begin(let version):
                transaction?.rollback()
                let base = latest.withLock { $0 }
                guard version == base.version + 1 else {
                    throw DatabaseError(.dataCorrupted, "write-ahead log record at \(lsn) is out of sequence",
                                        detail: "It begins version \(version), but the store is at version \(base.version).")
                }
                let pages = TransactionPages(pool: pool, allocator: allocator, version: version, horizon: base.version)
                transaction = WriteTransaction(store: self, base: base, pages: pages, logStart: lsn, replaying: true)
            case .commit(let version, _, _):
                guard let current = transaction, current.version == version else {
                    throw DatabaseError(.dataCorrupted, "write-ahead log record at \(lsn) commits an unknown transaction")
                }
                current.replayEnd = reader.position
                try current.commit()
                transaction = nil
                replayed += 1
            case .abort:
                transaction?.rollback()
                transaction = nil
            default:
                guard let current = transaction else {
                    throw DatabaseError(.dataCorrupted, "write-ahead log record at \(lsn) is outside a transaction")
                }
                try current.replay(record, at: lsn)
            }
        }
        transaction?.rollback()
        let state = latest.withLock { $0 }
        visibility.withLock { visibility in
            visibility.published = state
            visibility.pending = []
        }
        return replayed
    }

    /// Zeroes the rest of the segment holding `end` and removes later segments.
    func clearLog(after end: LSN, segments: LogSegments) throws(DatabaseError) {
        let size = UInt64(segments.segmentSize)
        let segment = end.rawValue / size
        if let file = try segments.fileIfExists(segment) {
            let offset = Int(end.rawValue % size)
            let zeros = [UInt8](repeating: 0, count: segments.segmentSize - offset)
            if !zeros.isEmpty {
                try file.write(zeros, at: offset)
                try file.sync()
            }
        }
        try segments.removeSegments(after: segment)
    }
}

extension WriteTransaction {
    /// Applies one logged change during recovery.
    func replay(_ record: LogRecord, at lsn: LSN) throws(DatabaseError) {
        log = LogEncoder(baseLSN: lsn)  // pages the change touches carry the record's own LSN
        switch record {
        case .put(let tree, let key, let value):
            try put(key, value, in: tree)
        case .delete(let tree, let key):
            try delete(key, in: tree)
        case .createTree(let tree, let name, let options):
            guard try nextTreeID() == tree else {
                throw DatabaseError(.dataCorrupted, "write-ahead log record at \(lsn) creates \(tree) out of order")
            }
            _ = try applyCreate(id: tree, name: name, options: options)
        case .dropTree(let tree):
            try dropTree(tree)
        case .setOptions(let tree, let options):
            try setOptions(options, for: tree)
        case .bulkInstall(let tree, let root, _):
            try installBulkRoot(root, in: tree)
        case .begin, .commit, .abort:
            preconditionFailure("handled by the replay loop")
        }
    }
}
