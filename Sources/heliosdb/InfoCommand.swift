// `heliosdb info`: opens a data directory (recovering it) and prints the store's counters and its
// trees. Never creates a data directory.

import ArgumentParser
import HeliosCore
import HeliosStorage

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Prints a data directory's versions, log positions, pages and trees.")

    @OptionGroup var dataDirectory: DataDirectoryOptions

    func run() throws {
        try runReportingFailure { () throws(CommandFailure) in try info() }
    }

    private func info() throws(CommandFailure) {
        try performing(nil) { () throws(DatabaseError) in try dataDirectory.requireExistingStore() }
        let path = dataDirectory.resolvedPath
        let store = try performing("opening data directory \"\(path)\"") { () throws(DatabaseError) in
            try Store.open(at: path, options: .forTools)
        }
        let trees: [TreeSummary]
        do {
            trees = try Self.summarizeTrees(of: store)
        } catch {
            try? store.close()
            throw CommandFailure(error: error, context: "reading the trees of data directory \"\(path)\"")
        }
        let statistics = store.statistics  // before closing: the counters of this open
        try performing("closing data directory \"\(path)\"") { () throws(DatabaseError) in try store.close() }

        print("data directory \"\(path)\"")
        printTable([
            ("committed version", "\(statistics.committedVersion)"),
            ("published version", "\(statistics.publishedVersion)"),
            ("log end", "LSN \(statistics.logEnd)"),
            ("log flushed", "LSN \(statistics.logFlushed)"),
            ("log syncs", "\(statistics.logSyncs)"),
            ("last checkpoint", "LSN \(statistics.lastCheckpointLSN)"),
            ("data file pages", "\(statistics.dataFilePages)"),
            ("free pages", "\(statistics.freePages)"),
            ("active readers", "\(statistics.activeReaders)"),
        ], indent: "  ")
        let pool = statistics.bufferPool
        print("buffer pool (since this command opened the store)")
        printTable([
            ("capacity", "\(pool.capacity) pages"),
            ("resident pages", "\(pool.residentPages)"),
            ("dirty frames", "\(pool.dirtyFrames)"),
            ("hits", "\(pool.hits)"),
            ("misses", "\(pool.misses)"),
            ("hit ratio", percentage(pool.hitRatio)),
            ("evictions", "\(pool.evictions)"),
            ("pages written", "\(pool.pagesWritten)"),
        ], indent: "  ")
        print("trees (\(trees.count))")
        printTable(trees.map { ("\($0.id) \"\($0.name)\"", "\($0.entries) entries, \($0.pages) pages") }, indent: "  ")
    }

    private struct TreeSummary {
        var id: TreeID
        var name: String
        var entries: UInt64
        var pages: UInt64
    }

    /// Every tree of the newest version; the snapshot ends before the store closes.
    private static func summarizeTrees(of store: Store) throws(DatabaseError) -> [TreeSummary] {
        let snapshot = try store.beginRead()
        var summaries: [TreeSummary] = []
        for (id, name) in try snapshot.trees() {
            summaries.append(TreeSummary(id: id, name: name, entries: try snapshot.entryCount(of: id),
                                         pages: try snapshot.pageCount(of: id)))
        }
        return summaries
    }
}
