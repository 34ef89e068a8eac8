// The workloads of the storage benchmark, as one engine runs them. HeliosSubject and
// SQLiteSubject implement the same contract over the same table (see RowShape), so each figure
// is the same logical work on both; StorageBenchmark times them.
//
// Every workload draws its keys and values from a SplitMix64 seeded by the caller, in the same
// order on both engines (for a row: its key, then its value), so both see identical requests
// and hold identical data afterwards.

/// One engine under test, holding one table `kv` of rows keyed 0, 1, 2, ... after the bulk load.
protocol StorageSubject: AnyObject {
    /// "helios" or "sqlite".
    var name: String { get }

    /// The settings in effect, as read back from the engine, for the report's header.
    func settings() throws -> String

    /// Loads keys `0..<rowCount`, in order, in one transaction, into the empty table.
    func bulkLoadSorted(rowCount: Int, seed: UInt64) throws

    /// Reads the values of `count` random keys below `keyCount`, `batchSize` per read
    /// transaction. The digest samples each value read.
    func pointGets(count: Int, keyCount: Int, batchSize: Int, seed: UInt64) throws -> RowDigest

    /// Gives `count` random keys below `keyCount` new values, committing every `batchSize`.
    func randomUpdates(count: Int, keyCount: Int, batchSize: Int, seed: UInt64) throws

    /// Runs `count` scans, each reading the `length` rows from a random key below
    /// `keyCount - length` on, in key order, in its own read transaction.
    func rangeScans(count: Int, length: Int, keyCount: Int, seed: UInt64) throws -> RowDigest

    /// Commits single-row inserts of new keys from `committers` threads for `seconds`.
    /// Committer `i` inserts keys `firstKey + i << 32`, `+ 1`, ... Returns the commits
    /// acknowledged and the seconds they took.
    func durableCommits(committers: Int, seconds: Double, firstKey: UInt64, seed: UInt64) throws
        -> (commits: Int, seconds: Double)

    /// A digest of every row, in key order, hashing whole values (not timed).
    func tableDigest() throws -> RowDigest

    /// The number of rows in the table.
    func rowCount() throws -> Int

    /// Closes the database; the subject is unusable afterwards.
    func close() throws
}
