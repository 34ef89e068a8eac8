// Fresh, private data directories for one run, removed afterwards with everything in them.

import HeliosCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A new directory under `parent`, with a unique name that starts with `prefix`.
struct TemporaryDirectory {
    let path: String

    init(parent: String, prefix: String) throws(BenchmarkError) {
        var template = Array("\(parent)/\(prefix)XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else {
            throw BenchmarkError("cannot create a directory under \"\(parent)\": \(describeErrno(errno))")
        }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Deletes the directory and its contents, best effort.
    func removeWithContents() {
        Self.remove(path, depth: 0)
    }

    /// Removes `path`: a directory after its entries, anything else (links included, which are
    /// not followed) at once. Data directories are shallow; the depth limit guards the recursion.
    private static func remove(_ path: String, depth: Int) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        if status.st_mode & S_IFMT == S_IFDIR && depth < 16 {
            if let directory = opendir(path) {
                var names: [String] = []
                while let entry = readdir(directory) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                    }
                    if name != "." && name != ".." { names.append(name) }
                }
                closedir(directory)
                for name in names { remove("\(path)/\(name)", depth: depth + 1) }
            }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
