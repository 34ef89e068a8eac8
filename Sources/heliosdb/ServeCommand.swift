// `heliosdb serve`: opens the data directory (creating it, or recovering it after a crash) and
// serves SQL over the PostgreSQL wire protocol until SIGINT or SIGTERM; then it stops accepting
// connections, lets running sessions finish (or ends them after a grace period), and closes the
// store with a final checkpoint, so the next start has nothing to recover.
//
// Authentication: roles are the catalog's (CREATE ROLE ... PASSWORD); the superuser (--user,
// default postgres) is created there on first start. With HELIOSDB_PASSWORD set, that superuser
// logs in with it and every role by --auth (scram by default); without one, only loopback
// addresses may be listened on and every existing role is trusted.

import ArgumentParser
import Dispatch
import Foundation
import HeliosCore
import HeliosEngine
import HeliosServer
import HeliosStorage
import HeliosWire
import Logging
#if canImport(Glibc)
import Glibc
#endif

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves the data directory over the PostgreSQL wire protocol until SIGINT or SIGTERM.",
        discussion: """
            Creates the data directory if it does not exist (recovering it after a crash \
            otherwise), listens for PostgreSQL clients, and on SIGINT or SIGTERM shuts down \
            gracefully with a final checkpoint. Set HELIOSDB_PASSWORD to require a password.
            """)

    @OptionGroup var dataDirectory: DataDirectoryOptions

    @Option(help: "The address to listen on. Without HELIOSDB_PASSWORD only loopback addresses are allowed.")
    var host = "127.0.0.1"

    @Option(help: "The TCP port to listen on (1 to 65535).")
    var port = 5432

    @Option(help: "How clients prove who they are: scram, md5, password or trust (trust needs no password).")
    var auth: AuthenticationChoice?

    @Option(help: "The superuser's name.")
    var user = "postgres"

    @Option(name: .customLong("max-connections"), help: "Connections allowed at once; one more gets SQLSTATE 53300.")
    var maxConnections = 100

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain for TLS (with --tls-key).")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key for TLS (with --tls-cert).")
    var tlsKey: String?

    @Option(name: .customLong("statement-timeout"), help: "Cancel statements running longer than this many milliseconds (0: never).")
    var statementTimeout = 0

    @Option(name: .customLong("idle-in-transaction-session-timeout"),
            help: "End sessions idle inside a transaction longer than this many milliseconds (0: never).")
    var idleInTransactionTimeout = 0

    @Option(name: .customLong("shared-buffers"),
            help: "Memory for the buffer pool, in MiB (PostgreSQL's shared_buffers; 8 pages at least).")
    var sharedBuffersMiB = 128

    @Option(name: .customLong("log-min-duration-statement"),
            help: "Log statements running at least this many milliseconds (-1: none, 0: all); superusers may SET it per session.")
    var logMinDurationStatement = -1

    enum AuthenticationChoice: String, ExpressibleByArgument {
        case scram, md5, password, trust
    }

    func run() throws {
        try runReportingFailure { () throws(CommandFailure) in try serve() }
    }

    private func serve() throws(CommandFailure) {
        let password = ProcessInfo.processInfo.environment["HELIOSDB_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        let method = auth ?? (password == nil ? .trust : .scram)
        if method != .trust && password == nil {
            throw CommandFailure(error: DatabaseError(.invalidParameterValue, "--auth \(method.rawValue) needs a password",
                                                      hint: "Set HELIOSDB_PASSWORD."))
        }
        guard (1...(1 << 20)).contains(sharedBuffersMiB) else {
            throw CommandFailure(error: DatabaseError(.invalidParameterValue, "--shared-buffers must be between 1 and \(1 << 20) MiB"))
        }
        guard (-1...Int(Int32.max)).contains(logMinDurationStatement) else {
            throw CommandFailure(error: DatabaseError(.invalidParameterValue,
                                                      "--log-min-duration-statement must be between -1 and \(Int32.max)"))
        }
        let address: ServerAddress
        do {
            address = try ServerAddress(host: host, port: port, passwordRequired: method != .trust)
        } catch {
            throw CommandFailure(error: error)
        }
        // Before Store.open starts the store's background thread (ShutdownSignals invariant 1).
        let signals = ShutdownSignals.block()
        // A client or log reader that went away must not kill the server: writes fail with EPIPE.
        Glibc.signal(SIGPIPE, SIG_IGN)
        let creating = !dataDirectory.holdsStore
        let path = dataDirectory.resolvedPath
        let database = try performing("opening data directory \"\(dataDirectory.path)\"") { () throws(DatabaseError) in
            var options = StoreOptions()
            // In pages of the default size (a store made with another page size keeps its own).
            options.bufferPoolPages = max(8, sharedBuffersMiB << 20 / options.pageSize)
            return try Database.open(at: dataDirectory.path, options: options, name: "postgres",
                                     passwordEncryptor: WirePasswordEncryptor())
        }
        logStatus(creating ? "created a new database in data directory \"\(path)\"" : "opened data directory \"\(path)\"; recovery complete")
        do {
            try ensureSuperuser(in: database, password: password, method: method)
        } catch {
            try? database.close()
            throw CommandFailure(error: error)
        }

        let wireMethod: AuthenticationMethod = switch method {
        case .trust: .trust
        case .md5: .md5
        case .password: .password
        case .scram: .scramSHA256
        }
        let authenticator = CatalogAuthenticator(database: database, method: wireMethod)
        let configuration = WireServerConfiguration(
            host: address.host, port: address.port, tlsCertificatePath: tlsCertificate, tlsPrivateKeyPath: tlsKey,
            maxConnections: maxConnections,
            idleInTransactionSessionTimeout: idleInTransactionTimeout > 0 ? .milliseconds(idleInTransactionTimeout) : nil,
            statementTimeout: statementTimeout > 0 ? .milliseconds(statementTimeout) : nil)
        var logger = Logger(label: "heliosdb")
        logger.logLevel = .info
        let backend = EngineBackend(database: database, logger: logger,
                                    serverSettings: [("log_min_duration_statement", "\(logMinDurationStatement)")])
        let server: WireServer
        do {
            server = try WireServer(configuration: configuration, backend: backend,
                                    authenticator: authenticator, logger: logger)
        } catch {
            try? database.close()
            throw CommandFailure(error: (error as? DatabaseError) ?? DatabaseError(.internalError, "\(error)"))
        }
        let started: Result<String, any Error> = blocking { try await "\(server.start())" }
        if case .failure(let error) = started {
            try? database.close()
            throw CommandFailure(error: DatabaseError(.invalidParameterValue, "could not listen on \(address.description): \(error)"))
        }
        logStatus("listening on \(address.description) (authentication: \(method.rawValue)); ready (process \(getpid()))")
        let autopilotLogger = logger
        let autopilot = AutopilotRunner(database: database) { message in autopilotLogger.info("\(message)") }
        autopilot.start()

        let signal = signals.wait()
        logStatus("received \(ShutdownSignals.name(of: signal)); shutting down")
        autopilot.stop()
        let _: Result<Void, any Error> = blocking { await server.shutdown() }
        try performing("shutdown of data directory \"\(path)\"") { () throws(DatabaseError) in try database.close() }
        logStatus("shut down cleanly")
    }
}

extension ServeCommand {
    /// The superuser --user names exists in the catalog (created on first start) and logs in
    /// with HELIOSDB_PASSWORD, whatever ALTER ROLE set before this start: the operator's
    /// environment is the way back in. Its secret is rewritten only when the password changed,
    /// as an md5 hash under --auth md5 (so md5 logins get an md5 challenge), a SCRAM verifier
    /// otherwise.
    private func ensureSuperuser(in database: Database, password: String?, method: AuthenticationChoice) throws(DatabaseError) {
        var storedPassword: String?
        if let password {
            let current = try database.role(named: user)?.password.flatMap(RoleSecret.init(storedForm:))
            let wantsMD5 = method == .md5
            let currentIsMD5 = if case .md5 = current { true } else { false }
            if current == nil || wantsMD5 != currentIsMD5 || !PasswordCheck.cleartext(password, user: user, secret: current) {
                storedPassword = WirePasswordEncryptor().storedForm(ofPassword: password, role: user,
                                                                    method: wantsMD5 ? .md5 : .scramSHA256)
            }
        }
        try database.ensureSuperuser(named: user, storedPassword: storedPassword)
    }
}

/// Runs an async body to completion from synchronous code.
private func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.value = .success(try await body()) } catch { box.value = .failure(error) }
        done.signal()
    }
    done.wait()
    return box.value!
}

private final class ResultBox<T>: @unchecked Sendable {  // written once before the semaphore signals
    var value: Result<T, any Error>?
}
