// A HeliosDB database. A data directory holds the store (pages and write-ahead log), the
// transaction state and the default database's catalog, which is also the cluster catalog
// (roles, the list of databases). `Database.open` opens the default database; the databases
// CREATE DATABASE made are reached from it with `database(named:)` and share its store,
// transaction manager, sequences and row IDs, each with a catalog of its own.

public import HeliosCore
public import HeliosStorage
package import Synchronization

/// An open database.
public final class Database: Sendable {
    public let store: Store
    package let manager: TransactionManager
    package let catalog: Catalog
    package let sequences: SequenceManager
    package let rowIDs: RowIDAllocator
    /// What ANALYZE learned about each table, for the optimizer.
    package let statistics: StatisticsCatalog
    /// ALTER SYSTEM's settings (one set per data directory).
    package let systemSettings: SystemSettings
    /// The captured workload of every database in the directory (Autopilot/).
    package let workload: WorkloadRepository
    /// The autopilot's decisions and latest recommendations (one log per directory).
    package let autopilotLog: AutopilotLog
    /// Indexes being built online, which every writer of their table keeps (one per directory).
    package let indexBuilds: IndexBuilds
    /// The workload forecaster, fed by the autopilot's passes (one per directory).
    package let forecast: WorkloadForecast
    /// Incremented whenever a transaction that changed the catalog commits, so that cached
    /// plans bound against an older catalog are bound again (CatalogVersion.swift).
    package let catalogVersion = Atomic<UInt64>(0)
    /// Commits of catalog changes between their version bump and their visibility.
    package let catalogCommitsInFlight = Atomic<Int>(0)
    /// Descriptors of the current catalog version, shared by statements (SharedCatalogCache).
    package let catalogCache = SharedCatalogCache()
    private let nextSessionID = Atomic<Int32>(1)
    /// When this database was opened, microseconds since 2000-01-01 UTC (pg_postmaster_start_time).
    package let startTimestamp = Session.now()
    /// The name clients connect to (PostgreSQL's database name).
    public let name: String
    /// pg_database.oid: 5 for the default database, as PostgreSQL's "postgres".
    public let oid: ObjectID
    /// Hashes passwords given to CREATE/ALTER ROLE; without one only md5 hashes are accepted.
    public let passwordEncryptor: (any PasswordEncryptor)?
    /// The default database, which owns the store; nil for the default database itself.
    package let defaultDatabase: Database?
    /// On the default database: the other databases opened so far, sessions per database, and
    /// the databases a DROP or ALTER DATABASE ... RENAME is changing (no session may start there).
    private let registry = Mutex(Registry())

    private struct Registry {
        var opened: [ObjectID: Database] = [:]
        var sessionCounts: [ObjectID: Int] = [:]
        /// Sessions per user name, in every database (for the roles' CONNECTION LIMIT).
        var userSessionCounts: [String: Int] = [:]
        var reserved: Set<ObjectID> = []
    }

    /// Opens (creating if needed) the database in `directory`.
    public static func open(at directory: String, options: StoreOptions = StoreOptions(), name: String = "helios",
                            passwordEncryptor: (any PasswordEncryptor)? = nil) throws(DatabaseError) -> Database {
        let store = try Store.open(at: directory, options: options)
        do {
            return try Database(store: store, name: name, passwordEncryptor: passwordEncryptor)
        } catch {
            try? store.close()
            throw error
        }
    }

    package init(store: Store, name: String, passwordEncryptor: (any PasswordEncryptor)? = nil) throws(DatabaseError) {
        self.store = store
        self.name = name
        oid = DatabaseDescriptor.defaultDatabaseOID
        self.passwordEncryptor = passwordEncryptor
        defaultDatabase = nil
        manager = try TransactionManager(store: store)
        try IndexBuilds.recover(store, manager: manager)
        indexBuilds = IndexBuilds()
        forecast = try WorkloadForecast(store: store)
        catalog = try Catalog(store: store, manager: manager)
        sequences = SequenceManager(catalog: catalog)
        rowIDs = RowIDAllocator(catalog: catalog)
        statistics = try StatisticsCatalog(store: store)
        systemSettings = try SystemSettings(store: store)
        workload = WorkloadRepository(now: startTimestamp)
        autopilotLog = try AutopilotLog(store: store)
    }

    /// A database CREATE DATABASE made, in the default database's store.
    private init(in root: Database, _ descriptor: DatabaseDescriptor) throws(DatabaseError) {
        store = root.store
        manager = root.manager
        name = descriptor.name
        oid = descriptor.oid
        passwordEncryptor = root.passwordEncryptor
        defaultDatabase = root
        catalog = try Catalog(store: store, manager: manager, treePrefix: descriptor.treePrefix, cluster: root.catalog)
        sequences = root.sequences
        rowIDs = root.rowIDs
        // Relation oids are unique across the data directory, so one statistics catalog serves all.
        statistics = root.statistics
        systemSettings = root.systemSettings
        workload = root.workload
        autopilotLog = root.autopilotLog
        indexBuilds = root.indexBuilds
        forecast = root.forecast
    }

    /// The databases of this directory opened so far (the default one first).
    package var openDatabases: [Database] {
        [root] + root.registry.withLock { Array($0.opened.values) }.sorted { $0.oid < $1.oid }
    }

    /// The default database of this data directory.
    package var root: Database { defaultDatabase ?? self }

    /// The database called `name` in this data directory, as the latest commit knows it; nil
    /// when there is none or it is being dropped or renamed.
    public func database(named name: String) throws(DatabaseError) -> Database? {
        let root = self.root
        if name == root.name { return root }
        let reader = try store.beginRead(latestCommitted: true)
        guard let descriptor = try root.catalog.database(named: name, access: .read(reader), snapshot: manager.snapshot()) else {
            return nil
        }
        let (reserved, known) = root.registry.withLock { state in
            (state.reserved.contains(descriptor.oid), state.opened[descriptor.oid])
        }
        if reserved { return nil }
        if let known { return known }
        // Opened outside the lock: a new database's catalog trees are made on first open.
        let opened = try Database(in: root, descriptor)
        return root.registry.withLock { state in
            if let raced = state.opened[descriptor.oid] { return raced }
            state.opened[descriptor.oid] = opened
            return opened
        }
    }

    // MARK: sessions per database (DROP DATABASE refuses a database in use)

    /// Counts a new session of `user`; false when the database is being dropped or renamed (the
    /// session must close).
    package func sessionStarted(user: String) -> Bool {
        root.registry.withLock { state in
            state.sessionCounts[oid, default: 0] += 1
            state.userSessionCounts[user, default: 0] += 1
            return !state.reserved.contains(oid)
        }
    }

    package func sessionEnded(user: String) {
        root.registry.withLock { state in
            state.sessionCounts[oid, default: 1] -= 1
            state.userSessionCounts[user, default: 1] -= 1
        }
    }

    /// How many sessions `user` has open in all databases of this directory.
    public func sessionCount(ofUser user: String) -> Int {
        root.registry.withLock { $0.userSessionCounts[user, default: 0] }
    }

    /// How many sessions use this database now.
    package var sessionCount: Int { root.registry.withLock { $0.sessionCounts[oid, default: 0] } }

    /// Reserves the database with `oid` for a DROP or RENAME unless sessions use it; returns how
    /// many do (nothing is reserved then).
    package func reserve(_ oid: ObjectID) -> Int {
        root.registry.withLock { state in
            let sessions = state.sessionCounts[oid, default: 0]
            if sessions == 0 { state.reserved.insert(oid) }
            return sessions
        }
    }

    /// The transaction that reserved `oid` ended: if it committed, the database's instance
    /// (with its old name, or dropped) is forgotten and the next connection opens it afresh.
    package func release(_ oid: ObjectID, committed: Bool) {
        root.registry.withLock { state in
            state.reserved.remove(oid)
            if committed { state.opened[oid] = nil }
        }
    }

    /// The catalog holding roles (one per data directory).
    package var roleCatalog: Catalog { catalog.clusterCatalog }

    /// A new session (connection) as `user`.
    /// A new session whose process ID the caller chose (the wire server's BackendKeyData).
    public func connect(user: String, processID: Int32) -> Session {
        Session(database: self, user: user, processID: processID)
    }

    public func connect(user: String = "helios") -> Session {
        Session(database: self, user: user, processID: nextSessionID.add(1, ordering: .relaxed).oldValue)
    }

    /// Checkpoints and closes the store. Sessions must be finished. The other databases of the
    /// directory share the default database's store: closing one of them does nothing.
    public func close() throws(DatabaseError) {
        guard defaultDatabase == nil else { return }
        // The other databases refer to this one; forgetting them ends the cycle.
        registry.withLock { $0.opened = [:] }
        try forecast.persist()
        // Sequences persist their exact positions, so a clean restart continues where they
        // stopped (a crash skips at most the values logged ahead, as in PostgreSQL).
        let txn = try store.beginWrite()
        do {
            try sequences.persistPositions(txn: txn)
            try txn.commit()
        } catch {
            txn.rollback()
            throw error
        }
        try store.close()
    }
}
