// `heliosdb check`: recovers a data directory and walks all of it (every tree's structure and key
// order, every page used exactly once or free), then prints what it found. Exits 1 at the first
// inconsistency, naming it. Never creates a data directory.

import ArgumentParser
import HeliosCore
import HeliosStorage

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Recovers a data directory and checks the integrity of every tree and page.",
        discussion: "Exits 0 if the store is intact, 1 with the first inconsistency otherwise. "
            + "Opening the store runs recovery, which may write to it.")

    @OptionGroup var dataDirectory: DataDirectoryOptions

    func run() throws {
        try runReportingFailure { () throws(CommandFailure) in try check() }
    }

    private func check() throws(CommandFailure) {
        try performing(nil) { () throws(DatabaseError) in try dataDirectory.requireExistingStore() }
        let path = dataDirectory.resolvedPath
        let store = try performing("opening data directory \"\(path)\"") { () throws(DatabaseError) in
            try Store.open(at: path, options: .forTools)
        }
        let report: IntegrityReport
        do {
            report = try store.checkIntegrity()
        } catch {
            try? store.close()  // releases the directory; the failure to report is the first one
            throw CommandFailure(error: error, context: "integrity check of data directory \"\(path)\"")
        }
        try performing("closing data directory \"\(path)\"") { () throws(DatabaseError) in try store.close() }

        print("data directory \"\(path)\" is intact")
        printTable([
            ("trees", "\(report.trees)"),
            ("entries", "\(report.entries)"),
            ("tree pages", "\(report.treePages)"),
            ("free pages", "\(report.freePages)"),
            ("file pages", "\(report.filePages) (\(report.filePages - report.treePages - report.freePages) hold the header and checkpoints)"),
        ], indent: "  ")
    }
}

extension StoreOptions {
    /// For a command that opens the store briefly: no background thread (closing checkpoints).
    static var forTools: StoreOptions {
        var options = StoreOptions()
        options.backgroundWork = false
        return options
    }
}
