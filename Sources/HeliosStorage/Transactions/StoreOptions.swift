// Settings of a store: fixed at creation (page size, log segment size) or per open.

/// When a commit is acknowledged, relative to the disk.
public enum Durability: String, Sendable, CaseIterable {
    /// After the commit's log records are synced (fsync): survives a crash of the machine.
    case full
    /// After the records are handed to the operating system; synced within `syncInterval`.
    /// Survives a crash of the process; a crash of the machine may lose the last moments.
    case normal
    /// At once; the log is written and synced in the background within `syncInterval`. A crash
    /// may lose recent commits, but never leaves a partial transaction.
    case off
}

/// How to open (or create) a store.
public struct StoreOptions: Sendable {
    /// Page size of a new data file (4096, 8192, 16384 or 32768); an existing file keeps its own.
    public var pageSize = 8192
    /// Log segment size of a new store; an existing store keeps its own.
    public var logSegmentSize = 16 << 20
    /// Buffer pool size, in pages.
    public var bufferPoolPages = 16_384
    public var durability = Durability.full
    /// A checkpoint starts once this much log was written since the last one (bounds recovery
    /// time and log size).
    public var checkpointLogBytes = 64 << 20
    /// And at least this often, in seconds, if anything was written.
    public var checkpointInterval: Double = 300
    /// How often the log is synced when durability is `normal` or `off`, in seconds.
    public var syncInterval: Double = 0.2
    /// Whether a background thread runs checkpoints and log syncs (tests may turn it off).
    public var backgroundWork = true
    public var fileSystem: any FileSystem = PosixFileSystem()

    public init() {}
}
