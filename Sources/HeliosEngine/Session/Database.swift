// A HeliosDB database: one data directory holding the store (pages and write-ahead log), the
// transaction state and the catalog. Open it once per process; sessions run SQL against it.

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
    /// Incremented whenever a transaction that changed the catalog commits, so that cached
    /// plans bound against an older catalog are bound again.
    package let catalogVersion = Atomic<UInt64>(0)
    private let nextSessionID = Atomic<Int32>(1)
    /// When this database was opened, microseconds since 2000-01-01 UTC (pg_postmaster_start_time).
    package let startTimestamp = Session.now()
    /// The name clients connect to (PostgreSQL's database name; HeliosDB has one per directory).
    public let name: String
    /// Hashes passwords given to CREATE/ALTER ROLE; without one only md5 hashes are accepted.
    public let passwordEncryptor: (any PasswordEncryptor)?

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
        self.passwordEncryptor = passwordEncryptor
        manager = try TransactionManager(store: store)
        catalog = try Catalog(store: store, manager: manager)
        sequences = SequenceManager(catalog: catalog)
        rowIDs = RowIDAllocator(catalog: catalog)
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

    /// Checkpoints and closes the store. Sessions must be finished.
    public func close() throws(DatabaseError) {
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
