// The storage engine reaches the disk only through these two protocols, so that tests can
// substitute a SimulatedDisk that loses unsynced writes, tears pages, fails fsync and flips bits.

public import HeliosCore

/// An open file. Offsets and sizes are in bytes.
public protocol StorageFile: AnyObject, Sendable {
    var path: String { get }
    /// Reads up to `buffer.count` bytes at `offset`; returns how many were read (fewer only at end of file).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(DatabaseError) -> Int
    /// Writes all of `bytes` at `offset`, or throws.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(DatabaseError)
    /// Makes every completed write durable (fdatasync). A failure is never retried by the caller.
    func sync() throws(DatabaseError)
    func size() throws(DatabaseError) -> Int
    func truncate(to byteCount: Int) throws(DatabaseError)
    func close()
}

/// Directories and files by path.
public protocol FileSystem: Sendable {
    func openFile(_ path: String, create: Bool) throws(DatabaseError) -> any StorageFile
    func fileExists(_ path: String) -> Bool
    func createDirectory(_ path: String) throws(DatabaseError)
    /// Names (not paths) of the entries of a directory, without "." and "..".
    func listDirectory(_ path: String) throws(DatabaseError) -> [String]
    func removeFile(_ path: String) throws(DatabaseError)
    func renameFile(_ source: String, to destination: String) throws(DatabaseError)
    /// Makes the directory's entries (created, renamed, removed files) durable.
    func syncDirectory(_ path: String) throws(DatabaseError)
    /// Takes an exclusive advisory lock on the directory, so two processes never open one store.
    func lockDirectory(_ path: String) throws(DatabaseError) -> any DirectoryLock
}

/// Held while a store is open; released by `unlock()` or when the process ends.
public protocol DirectoryLock: AnyObject, Sendable {
    func unlock()
}

extension StorageFile {
    /// Reads exactly `buffer.count` bytes or throws: a short read means the file is shorter than its
    /// header says, which is corruption, not end of data.
    public func readExactly(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(DatabaseError) {
        let count = try read(into: buffer, at: offset)
        if count != buffer.count {
            throw DatabaseError(.dataCorrupted,
                                "could not read file \"\(path)\": read only \(count) of \(buffer.count) bytes at offset \(offset)")
        }
    }

    public func write(_ bytes: [UInt8], at offset: Int) throws(DatabaseError) {
        try bytes.withBytes { (raw) throws(DatabaseError) in try write(raw, at: offset) }
    }
}

/// Joins path components with "/".
public func joinPath(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
}
