// The log is one stream of bytes, stored in fixed-size segment files in the `wal` directory:
// segment n holds log positions [n * size, (n + 1) * size) and is named by n in 16 hex digits
// ("000000000000002A.wal"). New segments are filled with zeros and synced before use, so that
// committing overwrites allocated blocks (fdatasync then writes no file-size metadata: about
// twice the commit rate of appending). Segments no checkpoint needs are renamed to future
// numbers and reused; their stale records carry old LSNs and are rejected by the reader.

package import HeliosCore

/// Segment files of one log directory.
package final class LogSegments: @unchecked Sendable {  // `open` is guarded by `lock`
    package let directory: String
    package let segmentSize: Int
    let fileSystem: any FileSystem
    private let lock = ConditionLock<[UInt64: any StorageFile]>([:])
    /// How many recycled segments to keep ready, beyond the ones in use.
    package static let spareSegments = 2

    package init(directory: String, segmentSize: Int, fileSystem: any FileSystem) {
        self.directory = directory
        self.segmentSize = segmentSize
        self.fileSystem = fileSystem
    }

    package static func name(of segment: UInt64) -> String {
        let hex = String(segment, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex + ".wal"
    }

    package static func number(fromName name: String) -> UInt64? {
        guard name.hasSuffix(".wal"), name.count == 20 else { return nil }
        return UInt64(name.prefix(16), radix: 16)
    }

    package func path(of segment: UInt64) -> String { joinPath(directory, Self.name(of: segment)) }

    /// Segment numbers present on disk, ascending.
    package func existingSegments() throws(DatabaseError) -> [UInt64] {
        try fileSystem.listDirectory(directory).compactMap(Self.number(fromName:)).sorted()
    }

    /// The open file of an existing segment, or nil if it does not exist.
    package func fileIfExists(_ segment: UInt64) throws(DatabaseError) -> (any StorageFile)? {
        if let file = lock.withLock({ $0[segment] }) { return file }
        let path = path(of: segment)
        guard fileSystem.fileExists(path) else { return nil }
        let file = try fileSystem.openFile(path, create: false)
        lock.withLock { $0[segment] = file }
        return file
    }

    /// The file of segment `segment`, zero-filling a new one if no recycled segment already
    /// carries that number. Only the log writer calls this.
    package func file(for segment: UInt64) throws(DatabaseError) -> any StorageFile {
        if let existing = try fileIfExists(segment) { return existing }
        let target = path(of: segment)
        let temporary = joinPath(directory, "segment.tmp")
        try? fileSystem.removeFile(temporary)
        let file = try fileSystem.openFile(temporary, create: true)
        let zeros = [UInt8](repeating: 0, count: min(segmentSize, 1 << 20))
        var offset = 0
        while offset < segmentSize {
            let count = min(zeros.count, segmentSize - offset)
            try zeros.withBytes { (raw) throws(DatabaseError) in
                try file.write(UnsafeRawBufferPointer(rebasing: raw[0..<count]), at: offset)
            }
            offset += count
        }
        try file.sync()
        try fileSystem.renameFile(temporary, to: target)
        try fileSystem.syncDirectory(directory)
        let opened = try fileSystem.openFile(target, create: false)
        lock.withLock { $0[segment] = opened }
        return opened
    }

    /// Segments wholly below `lsn` are no longer needed: a few are renamed to follow the newest
    /// segment (ready for reuse), the rest are removed.
    package func recycle(before lsn: LSN) throws(DatabaseError) {
        let firstNeeded = lsn.rawValue / UInt64(segmentSize)
        let present = try existingSegments()
        let obsolete = present.filter { $0 < firstNeeded }
        guard !obsolete.isEmpty else { return }
        var newest = present.last ?? firstNeeded
        var spares = present.filter { $0 > firstNeeded }.count
        for segment in obsolete {
            lock.withLock { $0[segment] = nil }
            if spares < Self.spareSegments {
                newest += 1
                try fileSystem.renameFile(path(of: segment), to: path(of: newest))
                spares += 1
            } else {
                try fileSystem.removeFile(path(of: segment))
            }
        }
        try fileSystem.syncDirectory(directory)
    }

    /// Removes every segment above `segment` (after recovery, whatever follows the end of the log
    /// is stale and must not be mistaken for records later).
    package func removeSegments(after segment: UInt64) throws(DatabaseError) {
        var removed = false
        for later in try existingSegments() where later > segment {
            lock.withLock { $0[later] = nil }
            try fileSystem.removeFile(path(of: later))
            removed = true
        }
        if removed { try fileSystem.syncDirectory(directory) }
    }

    /// Closes every open segment file.
    package func closeAll() {
        lock.withLock { files in
            for file in files.values { file.close() }
            files.removeAll()
        }
    }
}
