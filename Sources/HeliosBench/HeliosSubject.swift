// The storage benchmark's workloads on HeliosDB's storage engine (module HeliosStorage): one
// store with durability `full` (a commit returns after its log records are fsynced) and one
// tree `kv`. Keys and values go through the raw-buffer APIs, so a row costs no allocation on
// our side, except in the bulk load, whose API takes arrays (that cost is counted: it is what a
// caller pays today).

import HeliosStorage

/// HeliosDB under test.
final class HeliosSubject: StorageSubject {
    let name = "helios"
    private let store: Store
    private let tree: TreeID

    /// Creates a store in the empty `directory`, its buffer pool `cacheByteCount` large.
    init(directory: String, cacheByteCount: Int) throws {
        var options = StoreOptions()
        options.durability = .full
        options.bufferPoolPages = cacheByteCount / options.pageSize
        let store = try Store.open(at: directory, options: options)
        tree = try store.write { transaction in
            try transaction.createTree(named: "kv")
        }
        self.store = store
    }

    func settings() -> String {
        "durability=\(store.options.durability.rawValue) page_size=\(store.options.pageSize)"
            + " buffer_pool_pages=\(store.statistics.bufferPool.capacity)"
    }

    func bulkLoadSorted(rowCount: Int, seed: UInt64) throws {
        let rows = SortedRows(count: rowCount, seed: seed)
        let loaded = try store.write { transaction in
            try transaction.bulkLoad(into: tree, rows)
        }
        guard loaded == rowCount else { throw BenchmarkError("helios bulk load stored \(loaded) of \(rowCount) rows") }
    }

    func pointGets(count: Int, keyCount: Int, batchSize: Int, seed: UInt64) throws -> RowDigest {
        var random = SplitMix64(seed: seed)
        var digest = RowDigest()
        var missing = 0
        let scratch = RowScratch()
        var done = 0
        while done < count {
            let batch = min(batchSize, count - done)
            try store.read { snapshot in
                for _ in 0..<batch {
                    let key = random.next(below: UInt64(keyCount))
                    scratch.setKey(key)
                    try snapshot.withValue(scratch.keyBytes, in: tree) { value in
                        if let value { digest.sample(key: key, value: value) } else { missing += 1 }
                    }
                }
            }
            done += batch
        }
        guard missing == 0 else { throw BenchmarkError("helios point gets: \(missing) existing keys not found") }
        return digest
    }

    func randomUpdates(count: Int, keyCount: Int, batchSize: Int, seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let scratch = RowScratch()
        var done = 0
        while done < count {
            let batch = min(batchSize, count - done)
            let replaced = try store.write { transaction -> Int in
                var replaced = 0
                for _ in 0..<batch {
                    scratch.setKey(random.next(below: UInt64(keyCount)))
                    scratch.fillValue(&random)
                    if try transaction.put(scratch.keyBytes, scratch.valueBytes, in: tree) { replaced += 1 }
                }
                return replaced
            }
            guard replaced == batch else { throw BenchmarkError("helios updates: \(batch - replaced) keys were missing") }
            done += batch
        }
    }

    func rangeScans(count: Int, length: Int, keyCount: Int, seed: UInt64) throws -> RowDigest {
        var random = SplitMix64(seed: seed)
        var digest = RowDigest()
        for _ in 0..<count {
            let startKey = RowShape.keyBytes(random.next(below: UInt64(keyCount - length)))
            try store.read { snapshot in
                let cursor = try snapshot.cursor(tree)
                var more = try cursor.seek(atOrAfter: startKey)
                var read = 0
                while more {
                    let key = cursor.withKey { RowShape.decodeKey($0) }
                    try cursor.withValue { value in digest.sample(key: key, value: value) }
                    read += 1
                    // Like SQLite under LIMIT, stop without stepping past the last row wanted.
                    if read == length { break }
                    more = try cursor.next()
                }
            }
        }
        return digest
    }

    func durableCommits(committers: Int, seconds: Double, firstKey: UInt64, seed: UInt64)
        throws -> (commits: Int, seconds: Double) {
        let store = store
        let tree = tree
        let run = try TimedThreads.run(threadCount: committers, seconds: seconds) { index, deadline in
            var random = SplitMix64(seed: seed &+ UInt64(index))
            let scratch = RowScratch()
            var key = firstKey + UInt64(index) << 32
            var commits = 0
            while MonotonicClock.nanoseconds() < deadline {
                scratch.setKey(key)
                scratch.fillValue(&random)
                let existed = try store.write { transaction in
                    try transaction.put(scratch.keyBytes, scratch.valueBytes, in: tree)
                }
                guard !existed else { throw BenchmarkError("helios commits: new key \(key) already existed") }
                key += 1
                commits += 1
            }
            return commits
        }
        return (run.operations, run.seconds)
    }

    func tableDigest() throws -> RowDigest {
        try store.read { snapshot in
            var digest = RowDigest()
            let cursor = try snapshot.cursor(tree)
            var more = try cursor.first()
            while more {
                let key = cursor.withKey { RowShape.decodeKey($0) }
                try cursor.withValue { value in digest.full(key: key, value: value) }
                more = try cursor.next()
            }
            return digest
        }
    }

    func rowCount() throws -> Int {
        Int(try store.read { snapshot in try snapshot.entryCount(of: tree) })
    }

    func close() throws {
        try store.close()
    }
}

/// Rows `0..<count` in key order with values drawn from a seeded generator, made as they are
/// consumed (a million rows are never all in memory at once).
private struct SortedRows: Sequence {
    let count: Int
    let seed: UInt64

    func makeIterator() -> Iterator {
        Iterator(count: count, random: SplitMix64(seed: seed))
    }

    struct Iterator: IteratorProtocol {
        let count: Int
        var random: SplitMix64
        var position = 0

        mutating func next() -> (key: [UInt8], value: [UInt8])? {
            guard position < count else { return nil }
            defer { position += 1 }
            return (RowShape.keyBytes(UInt64(position)), RowShape.valueBytes(&random))
        }
    }
}
