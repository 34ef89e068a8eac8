// Helpers shared by the storage tests: stores on a simulated disk or in a temporary directory.

import HeliosCore
import HeliosStorage
import HeliosTesting
#if canImport(Glibc)
import Glibc
#endif

enum TestStores {
    /// Options for a small store on `disk`, with no background thread (tests drive checkpoints).
    static func options(on disk: SimulatedDisk, pageSize: Int = 4096, poolPages: Int = 256,
                        durability: Durability = .full) -> StoreOptions {
        var options = StoreOptions()
        options.fileSystem = disk
        options.pageSize = pageSize
        options.bufferPoolPages = poolPages
        options.logSegmentSize = 64 * 1024
        options.durability = durability
        options.backgroundWork = false
        return options
    }

    /// A fresh directory under /tmp, removed by the caller with `removeDirectory`.
    static func temporaryDirectory(_ name: String) -> String {
        var template = Array("/tmp/helios-\(name)-XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { buffer in String(cString: mkdtemp(buffer.baseAddress!)!) }
        return path
    }

    static func removeDirectory(_ path: String) {
        _ = path.withCString { system("rm -rf '\(String(cString: $0))'") }
    }
}

extension Array where Element == UInt8 {
    /// Bytes of a string, for readable test keys.
    init(text: String) { self = Array(text.utf8) }
}
