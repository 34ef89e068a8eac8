// The real file system, through POSIX calls. Errors become DatabaseError naming the file.

public import HeliosCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files on the local disk.
public struct PosixFileSystem: FileSystem {
    public init() {}

    public func openFile(_ path: String, create: Bool) throws(DatabaseError) -> any StorageFile {
        let flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0)
        let descriptor = open(path, flags, 0o600)
        if descriptor < 0 { throw .io("open", path: path, errno: errno) }
        return PosixFile(descriptor: descriptor, path: path)
    }

    public func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    public func createDirectory(_ path: String) throws(DatabaseError) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw .io("create directory", path: path, errno: errno)
        }
    }

    public func listDirectory(_ path: String) throws(DatabaseError) -> [String] {
        guard let directory = opendir(path) else { throw .io("open directory", path: path, errno: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func removeFile(_ path: String) throws(DatabaseError) {
        if unlink(path) != 0 && errno != ENOENT { throw .io("remove", path: path, errno: errno) }
    }

    public func renameFile(_ source: String, to destination: String) throws(DatabaseError) {
        if rename(source, destination) != 0 { throw .io("rename", path: source, errno: errno) }
    }

    public func syncDirectory(_ path: String) throws(DatabaseError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor < 0 { throw .io("open directory", path: path, errno: errno) }
        defer { Glibc.close(descriptor) }
        if fsync(descriptor) != 0 { throw .io("fsync directory", path: path, errno: errno) }
    }

    public func lockDirectory(_ path: String) throws(DatabaseError) -> any DirectoryLock {
        let lockPath = joinPath(path, "LOCK")
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor < 0 { throw .io("open", path: lockPath, errno: errno) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            Glibc.close(descriptor)
            throw DatabaseError(.objectInUse, "data directory \"\(path)\" is in use by another process",
                                hint: "Stop the other HeliosDB process, or choose another data directory.")
        }
        return PosixDirectoryLock(descriptor: descriptor)
    }
}

/// An open file descriptor. Sendable: the descriptor is immutable and pread/pwrite are thread-safe.
final class PosixFile: StorageFile, @unchecked Sendable {
    let descriptor: Int32
    let path: String

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { Glibc.close(descriptor) }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(DatabaseError) -> Int {
        var done = 0
        while done < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if count < 0 {
                if errno == EINTR { continue }
                throw .io("read", path: path, errno: errno)
            }
            if count == 0 { break }
            done += count
        }
        return done
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(DatabaseError) {
        var done = 0
        while done < bytes.count {
            let count = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if count < 0 {
                if errno == EINTR { continue }
                throw .io("write", path: path, errno: errno)
            }
            done += count
        }
    }

    func sync() throws(DatabaseError) {
        if fdatasync(descriptor) != 0 { throw .io("fsync", path: path, errno: errno) }
    }

    func size() throws(DatabaseError) -> Int {
        var status = stat()
        if fstat(descriptor, &status) != 0 { throw .io("stat", path: path, errno: errno) }
        return Int(status.st_size)
    }

    func truncate(to byteCount: Int) throws(DatabaseError) {
        if ftruncate(descriptor, off_t(byteCount)) != 0 { throw .io("truncate", path: path, errno: errno) }
    }

    func close() {
        // The descriptor closes in deinit, once no one holds the file.
    }
}

/// Sendable: the descriptor is immutable; flock is released by closing it.
final class PosixDirectoryLock: DirectoryLock, @unchecked Sendable {
    private let descriptor: Int32
    init(descriptor: Int32) { self.descriptor = descriptor }
    func unlock() { flock(descriptor, LOCK_UN) }
    deinit { Glibc.close(descriptor) }
}
