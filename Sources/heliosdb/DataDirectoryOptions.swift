// The --data-dir option every subcommand takes, and the check that a directory already holds a
// store (check and info must never create one).

import ArgumentParser
import HeliosCore
import HeliosStorage
#if canImport(Glibc)
import Glibc
#endif

struct DataDirectoryOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: ArgumentHelp("The data directory.", valueName: "path"))
    var path = "./heliosdb-data"

    /// Whether the directory already holds a data file (so opening it recovers, not creates).
    var holdsStore: Bool {
        access(joinPath(path, Store.dataFileName), F_OK) == 0
    }

    /// Checks that the directory exists and holds a store, without creating anything.
    func requireExistingStore() throws(DatabaseError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT {
                throw DatabaseError(.undefinedFile, "data directory \"\(path)\" does not exist",
                                    hint: "Pass the directory of an existing store with --data-dir; "
                                        + "\"heliosdb serve\" creates a new one.")
            }
            throw DatabaseError.io("stat", path: path, errno: code)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw DatabaseError(.undefinedFile, "\"\(path)\" is not a directory")
        }
        guard holdsStore else {
            throw DatabaseError(.undefinedFile, "directory \"\(path)\" is not a HeliosDB data directory",
                                detail: "It holds no file \"\(Store.dataFileName)\".")
        }
    }

    /// The directory as an absolute path, for messages (as given if it cannot be resolved).
    var resolvedPath: String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
