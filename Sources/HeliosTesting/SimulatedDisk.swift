// An in-memory file system that behaves like a disk across crashes: writes sit in a volatile
// cache until fsync; a crash keeps a random subset of unsynced writes (some torn at 512-byte
// sector boundaries); directory entries become durable only when the directory is synced.
// Faults can be injected: failing fsync, short writes, flipped bits.

public import HeliosCore
public import HeliosStorage
import Synchronization

/// A simulated disk shared by every store opened on it until `crash`.
public final class SimulatedDisk: FileSystem, @unchecked Sendable {  // all state is inside `state`
    /// Faults to inject; counters count calls from the moment they are set.
    public struct Faults: Sendable {
        /// The next `sync` after this many successful ones fails with EIO.
        public var failSyncAfter: Int?
        /// The next write after this many successful ones writes half its bytes, then fails with ENOSPC.
        public var shortWriteAfter: Int?
        /// Only files whose path contains this are affected (nil: all).
        public var pathFilter: String?
        public init() {}
    }

    final class FileState {
        var durable: [UInt8] = []
        var current: [UInt8] = []
        /// Writes since the last sync, in order: offset and bytes.
        var pending: [(offset: Int, bytes: [UInt8], truncate: Int?)] = []
    }

    struct State {
        /// Directory entries as the running system sees them, and as they survive a crash.
        var currentEntries: [String: FileState] = [:]
        var durableEntries: [String: FileState] = [:]
        var currentDirectories: Set<String> = ["/"]
        var durableDirectories: Set<String> = ["/"]
        var locked: Set<String> = []
        var faults = Faults()
        var syncCount = 0
        var writeCount = 0
        var isDead = false
        var random: SeededRandom
    }

    private let state: Mutex<State>

    public init(seed: UInt64) {
        state = Mutex(State(random: SeededRandom(seed: seed)))
    }

    private init(state: sending State) {
        self.state = Mutex(state)
    }

    // MARK: test controls

    public func setFaults(_ faults: Faults) {
        state.withLock { state in
            state.faults = faults
            state.syncCount = 0
            state.writeCount = 0
        }
    }

    /// The disk as the machine finds it after a power failure: durable contents plus a random
    /// subset of unsynced writes, some torn. This disk goes dead (stores still using it fail).
    public func crash(keepingUnsyncedWrites keepAll: Bool = false) -> SimulatedDisk {
        state.withLock { state in
            state.isDead = true
            var random = state.random
            var after = State(random: SeededRandom(seed: random.next()))
            after.currentDirectories = keepAll ? state.currentDirectories : state.durableDirectories
            after.durableDirectories = after.currentDirectories
            let entries = keepAll ? state.currentEntries : state.durableEntries
            var copies: [ObjectIdentifier: FileState] = [:]
            for (path, file) in entries {
                if let copy = copies[ObjectIdentifier(file)] {
                    after.currentEntries[path] = copy
                    continue
                }
                let copy = FileState()
                if keepAll {
                    copy.durable = file.current
                } else {
                    copy.durable = file.durable
                    for write in file.pending where random.chance(0.5) {
                        Self.apply(write, to: &copy.durable, tearing: random.chance(0.3), random: &random)
                    }
                }
                copy.current = copy.durable
                copies[ObjectIdentifier(file)] = copy
                after.currentEntries[path] = copy
            }
            after.durableEntries = after.currentEntries
            return SimulatedDisk(state: after)
        }
    }

    /// Flips one bit of a file's durable and current content.
    public func flipBit(path: String, byteOffset: Int, bit: Int = 0) {
        state.withLock { state in
            guard let file = state.currentEntries[path], byteOffset < file.current.count else { return }
            file.current[byteOffset] ^= UInt8(1 << bit)
            if byteOffset < file.durable.count { file.durable[byteOffset] ^= UInt8(1 << bit) }
        }
    }

    /// A file's current content, for inspection.
    public func contents(of path: String) -> [UInt8]? {
        state.withLock { $0.currentEntries[path]?.current }
    }

    /// Paths of all files.
    public func allFiles() -> [String] {
        state.withLock { $0.currentEntries.keys.sorted() }
    }

    static func apply(_ write: (offset: Int, bytes: [UInt8], truncate: Int?), to content: inout [UInt8],
                      tearing: Bool, random: inout SeededRandom) {
        if let size = write.truncate {
            if size < content.count { content.removeLast(content.count - size) } else {
                content.append(contentsOf: repeatElement(0, count: size - content.count))
            }
            return
        }
        var bytes = write.bytes
        if tearing && bytes.count > 512 {
            // Only some sectors made it.
            for sector in stride(from: 0, to: bytes.count, by: 512) where random.chance(0.5) {
                let end = min(sector + 512, bytes.count)
                for index in sector..<end { bytes[index] = index + write.offset < content.count ? content[index + write.offset] : 0 }
            }
        }
        let end = write.offset + bytes.count
        if content.count < end { content.append(contentsOf: repeatElement(0, count: end - content.count)) }
        content.replaceSubrange(write.offset..<end, with: bytes)
    }

    // MARK: FileSystem

    public func openFile(_ path: String, create: Bool) throws(DatabaseError) -> any StorageFile {
        try state.withLock { (state) throws(DatabaseError) -> any StorageFile in
            try Self.checkAlive(state, path)
            if state.currentEntries[path] == nil {
                guard create else { throw DatabaseError.io("open", path: path, errno: 2) }
                guard state.currentDirectories.contains(Self.parent(of: path)) else {
                    throw DatabaseError.io("open", path: path, errno: 2)
                }
                state.currentEntries[path] = FileState()
            }
            return SimulatedFile(disk: self, path: path, file: state.currentEntries[path]!)
        }
    }

    public func fileExists(_ path: String) -> Bool {
        state.withLock { $0.currentEntries[path] != nil || $0.currentDirectories.contains(path) }
    }

    public func createDirectory(_ path: String) throws(DatabaseError) {
        try state.withLock { (state) throws(DatabaseError) in
            try Self.checkAlive(state, path)
            var ancestors: [String] = []
            var current = path
            while current != "/" && !current.isEmpty {
                ancestors.append(current)
                current = Self.parent(of: current)
            }
            for directory in ancestors.reversed() { state.currentDirectories.insert(directory) }
            // Creating a directory is made durable by syncing its parent; keep it simple and
            // treat directory creation as durable at once (stores sync their directory anyway).
            for directory in ancestors { state.durableDirectories.insert(directory) }
        }
    }

    public func listDirectory(_ path: String) throws(DatabaseError) -> [String] {
        try state.withLock { (state) throws(DatabaseError) -> [String] in
            try Self.checkAlive(state, path)
            let prefix = path.hasSuffix("/") ? path : path + "/"
            return state.currentEntries.keys.filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains("/") }
                .map { String($0.dropFirst(prefix.count)) }.sorted()
        }
    }

    public func removeFile(_ path: String) throws(DatabaseError) {
        try state.withLock { (state) throws(DatabaseError) in
            try Self.checkAlive(state, path)
            state.currentEntries[path] = nil
        }
    }

    public func renameFile(_ source: String, to destination: String) throws(DatabaseError) {
        try state.withLock { (state) throws(DatabaseError) in
            try Self.checkAlive(state, source)
            guard let file = state.currentEntries[source] else { throw DatabaseError.io("rename", path: source, errno: 2) }
            state.currentEntries[source] = nil
            state.currentEntries[destination] = file
        }
    }

    public func syncDirectory(_ path: String) throws(DatabaseError) {
        try state.withLock { (state) throws(DatabaseError) in
            try Self.checkAlive(state, path)
            let prefix = path.hasSuffix("/") ? path : path + "/"
            for key in state.durableEntries.keys where key.hasPrefix(prefix) && !key.dropFirst(prefix.count).contains("/") {
                state.durableEntries[key] = nil
            }
            for (key, file) in state.currentEntries where key.hasPrefix(prefix) && !key.dropFirst(prefix.count).contains("/") {
                state.durableEntries[key] = file
            }
        }
    }

    public func lockDirectory(_ path: String) throws(DatabaseError) -> any DirectoryLock {
        try state.withLock { (state) throws(DatabaseError) -> any DirectoryLock in
            guard !state.locked.contains(path) else {
                throw DatabaseError(.objectInUse, "data directory \"\(path)\" is in use by another process")
            }
            state.locked.insert(path)
            return SimulatedLock(disk: self, path: path)
        }
    }

    func unlock(_ path: String) {
        state.withLock { _ = $0.locked.remove(path) }
    }

    // MARK: file operations

    func read(_ file: FileState, path: String, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(DatabaseError) -> Int {
        try state.withLock { (state) throws(DatabaseError) -> Int in
            try Self.checkAlive(state, path)
            guard offset < file.current.count else { return 0 }
            let count = min(buffer.count, file.current.count - offset)
            file.current.withUnsafeBytes { raw in
                buffer.baseAddress!.copyMemory(from: raw.baseAddress! + offset, byteCount: count)
            }
            return count
        }
    }

    func write(_ file: FileState, path: String, _ bytes: UnsafeRawBufferPointer, at offset: Int) throws(DatabaseError) {
        try state.withLock { (state) throws(DatabaseError) in
            try Self.checkAlive(state, path)
            var data = Array(bytes)
            var failure: DatabaseError?
            if Self.applies(state.faults.pathFilter, path) {
                state.writeCount += 1
                if let limit = state.faults.shortWriteAfter, state.writeCount > limit {
                    data = Array(data.prefix(data.count / 2))
                    failure = DatabaseError.io("write", path: path, errno: 28)
                    state.faults.shortWriteAfter = nil
                }
            }
            let write: (offset: Int, bytes: [UInt8], truncate: Int?) = (offset, data, nil)
            var random = state.random
            Self.apply(write, to: &file.current, tearing: false, random: &random)
            state.random = random
            file.pending.append(write)
            if let failure { throw failure }
        }
    }

    func sync(_ file: FileState, path: String) throws(DatabaseError) {
        try state.withLock { (state) throws(DatabaseError) in
            try Self.checkAlive(state, path)
            if Self.applies(state.faults.pathFilter, path) {
                state.syncCount += 1
                if let limit = state.faults.failSyncAfter, state.syncCount > limit {
                    state.faults.failSyncAfter = nil
                    // Like Linux: the dirty pages are dropped, the error reported once.
                    file.pending = []
                    file.current = file.durable
                    throw DatabaseError.io("fsync", path: path, errno: 5)
                }
            }
            // Replay the pending writes onto the durable copy: O(bytes written), where copying
            // the whole file (and then un-sharing it on the next write) was O(file size).
            var random = state.random
            for write in file.pending { Self.apply(write, to: &file.durable, tearing: false, random: &random) }
            file.pending = []
        }
    }

    func size(_ file: FileState, path: String) throws(DatabaseError) -> Int {
        try state.withLock { (state) throws(DatabaseError) -> Int in
            try Self.checkAlive(state, path)
            return file.current.count
        }
    }

    func truncate(_ file: FileState, path: String, to size: Int) throws(DatabaseError) {
        try state.withLock { (state) throws(DatabaseError) in
            try Self.checkAlive(state, path)
            let write: (offset: Int, bytes: [UInt8], truncate: Int?) = (0, [], size)
            var random = state.random
            Self.apply(write, to: &file.current, tearing: false, random: &random)
            file.pending.append(write)
        }
    }

    private static func applies(_ filter: String?, _ path: String) -> Bool {
        guard let filter else { return true }
        return path.contains(filter)
    }

    private static func checkAlive(_ state: State, _ path: String) throws(DatabaseError) {
        if state.isDead { throw DatabaseError.io("access", path: path, errno: 5) }
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "/" }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }
}

/// A handle on a simulated file.
final class SimulatedFile: StorageFile, @unchecked Sendable {  // delegates to the disk's lock
    let disk: SimulatedDisk
    let path: String
    let file: SimulatedDisk.FileState

    init(disk: SimulatedDisk, path: String, file: SimulatedDisk.FileState) {
        self.disk = disk
        self.path = path
        self.file = file
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(DatabaseError) -> Int {
        try disk.read(file, path: path, into: buffer, at: offset)
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(DatabaseError) {
        try disk.write(file, path: path, bytes, at: offset)
    }

    func sync() throws(DatabaseError) { try disk.sync(file, path: path) }
    func size() throws(DatabaseError) -> Int { try disk.size(file, path: path) }
    func truncate(to byteCount: Int) throws(DatabaseError) { try disk.truncate(file, path: path, to: byteCount) }
    func close() {}
}

final class SimulatedLock: DirectoryLock, @unchecked Sendable {  // immutable
    let disk: SimulatedDisk
    let path: String
    init(disk: SimulatedDisk, path: String) {
        self.disk = disk
        self.path = path
    }
    func unlock() { disk.unlock(path) }
}
