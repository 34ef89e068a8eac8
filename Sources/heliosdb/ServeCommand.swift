// `heliosdb serve`: opens the data directory (creating it, or recovering it after a crash) and
// keeps the store open until SIGINT or SIGTERM, then closes it with a final checkpoint.
//
// There is no SQL layer and no PostgreSQL wire protocol yet, so this opens no socket: it says so
// on standard error rather than pretend. --host and --port are accepted and checked already, so
// scripts written today keep working when the listener arrives.

import ArgumentParser
import HeliosCore
import HeliosStorage
#if canImport(Glibc)
import Glibc
#endif

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Opens the data directory, creating or recovering it, and runs until SIGINT or SIGTERM.",
        discussion: """
            The PostgreSQL wire protocol is not implemented yet, so no client can connect: serve \
            opens and recovers the storage engine, then waits. On SIGINT or SIGTERM it closes the \
            store with a final checkpoint, so the next start has nothing to recover, and exits 0.
            """)

    @OptionGroup var dataDirectory: DataDirectoryOptions

    @Option(help: "The address to listen on: loopback only (127.0.0.1, ::1, localhost) until clients can authenticate.")
    var host = "127.0.0.1"

    @Option(help: "The TCP port to listen on (1 to 65535).")
    var port = 5432

    func run() throws {
        try runReportingFailure { () throws(CommandFailure) in try serve() }
    }

    private func serve() throws(CommandFailure) {
        let address: ServerAddress
        do {
            address = try ServerAddress(host: host, port: port)
        } catch {
            throw CommandFailure(error: error)
        }
        // Before Store.open starts the store's background thread (ShutdownSignals invariant 1).
        let signals = ShutdownSignals.block()
        // A closed standard error (a pipe whose reader left) must not kill the server before it
        // closes the store: writes then fail with EPIPE instead.
        Glibc.signal(SIGPIPE, SIG_IGN)
        let creating = !dataDirectory.holdsStore
        let store = try performing("opening data directory \"\(dataDirectory.path)\"") { () throws(DatabaseError) in
            try Store.open(at: dataDirectory.path, options: StoreOptions())
        }
        let opened = store.statistics
        let path = dataDirectory.resolvedPath
        if creating {
            logStatus("created a new store in data directory \"\(path)\"")
        } else {
            logStatus("opened data directory \"\(path)\"; recovery complete")
        }
        logStatus("committed version \(opened.committedVersion), \(opened.dataFilePages) data file pages, "
                  + "last checkpoint at LSN \(opened.lastCheckpointLSN)")
        writeToStandardError("heliosdb: warning: the PostgreSQL wire protocol is not implemented yet, so no client can connect")
        writeToStandardError("DETAIL:  Nothing listens on \(address.description); only the storage engine is running.")
        logStatus("ready (process \(getpid())); waiting for SIGINT or SIGTERM to shut down")

        let signal = signals.wait()
        logStatus("received \(ShutdownSignals.name(of: signal)); shutting down")
        try performing("shutdown of data directory \"\(path)\"") { () throws(DatabaseError) in try store.close() }
        let closed = store.statistics
        logStatus("shut down cleanly: final checkpoint of version \(closed.committedVersion) at LSN \(closed.lastCheckpointLSN)")
    }
}
