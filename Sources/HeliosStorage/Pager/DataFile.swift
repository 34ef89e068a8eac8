// The data file: a header page, two checkpoint slots, then tree, overflow and free-list pages.
// Every page is checksummed when written and verified when read; a page that fails is reported
// by number and never returned as data.

package import HeliosCore

/// Page-granular access to the data file.
/// Invariants: 1. every page written carries a correct checksum and its own page ID;
/// 2. a page read is returned only if both check out.
package final class DataFile: @unchecked Sendable {  // immutable after init; the file is thread-safe
    package let file: any StorageFile
    package let header: FileHeader
    package var pageSize: Int { header.pageSize }
    package var path: String { file.path }

    private init(file: any StorageFile, header: FileHeader) {
        self.file = file
        self.header = header
    }

    /// Creates a new data file with its header and an initial checkpoint in slot 0, synced.
    package static func create(_ fileSystem: any FileSystem, path: String, pageSize: Int, walSegmentSize: Int,
                               identity: [UInt8], createdAt: UInt64) throws(DatabaseError) -> DataFile {
        guard PageSize.allowed.contains(pageSize) else {
            throw DatabaseError(.invalidParameterValue, "invalid page size \(pageSize)",
                                hint: "Use 4096, 8192, 16384 or 32768.")
        }
        let file = try fileSystem.openFile(path, create: true)
        let header = FileHeader(pageSize: pageSize, walSegmentSize: walSegmentSize, createdAt: createdAt,
                                identity: identity)
        let dataFile = DataFile(file: file, header: header)
        let buffer = PageBuffer(size: pageSize)
        header.write(to: buffer.page)
        try file.write(buffer.raw, at: 0)
        for slot in Checkpoint.slotPages {
            // Slot 1 gets the initial checkpoint; slot 2 an invalid page (sequence 0 lives in slot 1).
            if slot == Checkpoint.initial(redoLSN: .zero).slot {
                Checkpoint.initial(redoLSN: .zero).write(to: buffer.page)
            } else {
                buffer.page.zero(from: 0, count: pageSize)
            }
            try file.write(buffer.raw, at: Int(slot.rawValue) * pageSize)
        }
        try file.sync()
        return dataFile
    }

    /// Opens an existing data file, checking magic, format version and page size.
    package static func open(_ fileSystem: any FileSystem, path: String) throws(DatabaseError) -> DataFile {
        let file = try fileSystem.openFile(path, create: false)
        let probe = PageBuffer(size: FileHeader.probeSize)
        if try file.read(into: probe.mutableRaw, at: 0) < FileHeader.probeSize {
            throw DatabaseError(.dataCorrupted, "file \"\(path)\" is not a HeliosDB data file",
                                detail: "The file is too short to hold a header.")
        }
        let pageSize = try FileHeader.probePageSize(probe.page, path: path)
        let buffer = PageBuffer(size: pageSize)
        try file.readExactly(into: buffer.mutableRaw, at: 0)
        let header = try FileHeader.read(from: buffer.page, path: path)
        return DataFile(file: file, header: header)
    }

    /// Reads the newest valid checkpoint.
    package func readCheckpoint() throws(DatabaseError) -> Checkpoint {
        let buffer = PageBuffer(size: pageSize)
        var best: Checkpoint?
        for slot in Checkpoint.slotPages {
            let count = try file.read(into: buffer.mutableRaw, at: Int(slot.rawValue) * pageSize)
            guard count == pageSize, let checkpoint = Checkpoint.read(from: buffer.page, slot: slot) else { continue }
            if best == nil || checkpoint.sequence > best!.sequence { best = checkpoint }
        }
        guard let best else {
            throw DatabaseError(.dataCorrupted, "could not locate a valid checkpoint in file \"\(path)\"",
                                detail: "Both checkpoint slots (pages 1 and 2) fail their checksums.")
        }
        return best
    }

    /// Writes a checkpoint to its slot and syncs it. The caller has already synced every page the
    /// checkpoint refers to.
    package func writeCheckpoint(_ checkpoint: Checkpoint) throws(DatabaseError) {
        let buffer = PageBuffer(size: pageSize)
        checkpoint.write(to: buffer.page)
        try file.write(buffer.raw, at: Int(checkpoint.slot.rawValue) * pageSize)
        try file.sync()
    }

    /// Reads and verifies one page into `destination` (pageSize bytes).
    package func readPage(_ id: PageID, into destination: UnsafeMutableRawPointer) throws(DatabaseError) {
        precondition(id.rawValue >= Checkpoint.firstDataPage, "reading a reserved page as data")
        let buffer = UnsafeMutableRawBufferPointer(start: destination, count: pageSize)
        let count = try file.read(into: buffer, at: Int(id.rawValue) * pageSize)
        let page = PageBytes(destination, size: pageSize)
        if count < pageSize {
            throw .corruptPage(id, file: path, detail: "The page lies beyond the end of the file (read \(count) of \(pageSize) bytes).")
        }
        if !page.hasValidChecksum {
            throw .corruptPage(id, file: path, detail: "Page verification failed: the checksum does not match the content.")
        }
        if page.pageID != id {
            throw .corruptPage(id, file: path, detail: "The page claims to be page \(page.pageID.rawValue).")
        }
    }

    /// Writes one page whose checksum the caller has already stored (see PageBytes.storeChecksum).
    package func writePage(_ id: PageID, from source: UnsafeRawPointer) throws(DatabaseError) {
        precondition(id.rawValue >= Checkpoint.firstDataPage, "writing a reserved page as data")
        let page = PageBytes(UnsafeMutableRawPointer(mutating: source), size: pageSize)
        precondition(page.pageID == id, "invariant 1: page carries its own ID")
        assert(page.hasValidChecksum, "invariant 1: page carries a correct checksum")
        try file.write(UnsafeRawBufferPointer(start: source, count: pageSize), at: Int(id.rawValue) * pageSize)
    }

    package func sync() throws(DatabaseError) { try file.sync() }
}

/// A heap buffer of one page (or any size), freed with its owner.
package final class PageBuffer: @unchecked Sendable {  // owned by one thread at a time
    package let base: UnsafeMutableRawPointer
    package let size: Int

    package init(size: Int, zeroed: Bool = true) {
        self.size = size
        base = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        if zeroed { base.initializeMemory(as: UInt8.self, repeating: 0, count: size) }
    }

    deinit { base.deallocate() }

    package var page: PageBytes { PageBytes(base, size: size) }
    package var raw: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: size) }
    package var mutableRaw: UnsafeMutableRawBufferPointer { UnsafeMutableRawBufferPointer(start: base, count: size) }
}
