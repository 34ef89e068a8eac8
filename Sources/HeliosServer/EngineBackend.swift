// The SQL engine behind the PostgreSQL wire protocol: HeliosWire's WireBackend over a Database.
// Each connection gets an engine Session in the database it names, once its role is known to
// exist and may log in; everything the session does runs on the session's own serial worker
// queue (which the system's thread pool serves), never on a NIO event loop.

public import HeliosCore
public import HeliosEngine
public import HeliosWire
public import Logging
import Dispatch

public final class EngineBackend: WireBackend {
    /// The data directory's default database, through which the others are reached.
    public let database: Database
    /// Where statements' durations and errors are logged.
    public let logger: Logger
    /// Settings from the server's command line (log_min_duration_statement ...): every
    /// session's starting values, and what RESET returns to.
    public let serverSettings: [(name: String, value: String)]

    public init(database: Database, logger: Logger = Logger(label: "heliosdb.sessions"),
                serverSettings: [(name: String, value: String)] = []) {
        self.database = database
        self.logger = logger
        self.serverSettings = serverSettings
    }

    public func openSession(_ startup: SessionStartup) async throws(DatabaseError) -> OpenedSession {
        let worker = SessionWorker(label: "heliosdb.session.\(startup.processID)")
        let cluster = self.database
        let serverSettings = self.serverSettings
        let logger = self.logger
        let result: Result<EngineWireSession, DatabaseError> = await worker.run { () -> Result<EngineWireSession, DatabaseError> in
            let database: Database
            let role: RoleDescriptor
            do throws(DatabaseError) {
                role = try Self.checkLogin(startup.user, in: cluster)
                guard let chosen = try cluster.database(named: startup.database) else {
                    throw DatabaseError(.invalidCatalogName, "database \"\(startup.database)\" does not exist")
                }
                database = chosen
            } catch {
                return .failure(error)
            }
            let session = database.connect(user: startup.user, processID: startup.processID)
            // A DROP DATABASE that started meanwhile wins: it saw no session here.
            if session.startedInDroppedDatabase {
                session.close()
                return .failure(DatabaseError(.invalidCatalogName, "database \"\(startup.database)\" does not exist"))
            }
            // Counted with this session, as PostgreSQL's CountUserBackends counts it.
            if !role.isSuperuser, role.connectionLimit >= 0, database.sessionCount(ofUser: startup.user) > Int(role.connectionLimit) {
                session.close()
                return .failure(DatabaseError(.tooManyConnections, "too many connections for role \"\(startup.user)\""))
            }
            do throws(DatabaseError) {
                for setting in serverSettings { try session.applyServerSetting(setting.name, setting.value) }
                for parameter in startup.settings {
                    try session.applyStartupSetting(parameter.name, parameter.value)
                }
            } catch {
                session.close()
                return .failure(error)
            }
            return .success(EngineWireSession(session: session, worker: worker,
                                              log: StatementLog(logger: logger, processID: startup.processID)))
        }
        let session = try result.get()
        return OpenedSession(session: session, reportedParameters: await session.reportedParameters())
    }
}

extension EngineBackend {
    /// After authentication, as PostgreSQL's InitializeSessionUserId: the role must exist
    /// (trust authenticates any name) and may log in. Its CONNECTION LIMIT is checked once the
    /// session is counted.
    static func checkLogin(_ user: String, in database: Database) throws(DatabaseError) -> RoleDescriptor {
        guard let role = try database.role(named: user) else {
            throw DatabaseError(.invalidAuthorizationSpecification, "role \"\(user)\" does not exist")
        }
        guard role.canLogIn else {
            throw DatabaseError(.invalidAuthorizationSpecification, "role \"\(user)\" is not permitted to log in")
        }
        return role
    }
}

/// Runs a session's engine calls one after another on a worker thread.
///
/// The queue targets Dispatch's overcommitting pool (a serial queue's default target), which
/// adds a thread when the others are blocked. A session's call blocks for as long as its commit
/// waits for the log's fsync, or its row lock for another transaction: on the fixed-width
/// pool (`.global(qos:)`, one thread per core) two such waits stalled every other session, so
/// eight pgbench clients committed no faster than two.
final class SessionWorker: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }

    /// Runs `body` on the worker after the calls queued before it, without waiting for it
    /// (log lines of calls answered on the event loop).
    func post(_ body: @escaping @Sendable () -> Void) {
        queue.async(execute: body)
    }
}
