// The write-ahead log: records round-trip through their encoding, damaged or stale records are
// rejected, segments are recycled after checkpoints so the log stays bounded, and the weaker
// durability settings lose at most a suffix of commits, never part of one.

import HeliosCore
import HeliosStorage
import HeliosTesting
import Testing

@Suite struct LogTests {
    static let records: [LogRecord] = [
        .begin(version: 7),
        .put(tree: TreeID(3), key: [1, 2, 3], value: Array(repeating: 9, count: 1000)),
        .put(tree: TreeID(3), key: [], value: []),
        .delete(tree: TreeID(4), key: [0, 0xFF]),
        .createTree(tree: TreeID(5), name: "orders_pkey", options: TreeOptions(splitPolicy: .append, fillFactor: 90)),
        .dropTree(tree: TreeID(5)),
        .setOptions(tree: TreeID(6), options: TreeOptions(splitPolicy: .balanced, fillFactor: 10)),
        .bulkInstall(tree: TreeID(8), root: TreeRoot(root: PageID(40), height: 2, entryCount: 900, pageCount: 12),
                     ranges: [PageRange(first: 30, count: 12)]),
        .commit(version: 7, durableLSN: LSN(4096), time: 123),
        .abort(version: 8),
    ]

    static func encode(_ record: LogRecord, into encoder: inout LogEncoder) {
        switch record {
        case .begin(let version): encoder.appendBegin(version: version)
        case .put(let tree, let key, let value):
            key.withUnsafeBytes { k in value.withUnsafeBytes { v in encoder.appendPut(tree: tree, key: k, value: v) } }
        case .delete(let tree, let key): key.withUnsafeBytes { encoder.appendDelete(tree: tree, key: $0) }
        case .createTree(let tree, let name, let options): encoder.appendCreateTree(tree: tree, name: name, options: options)
        case .dropTree(let tree): encoder.appendDropTree(tree: tree)
        case .setOptions(let tree, let options): encoder.appendSetOptions(tree: tree, options: options)
        case .bulkInstall(let tree, let root, let ranges): encoder.appendBulkInstall(tree: tree, root: root, ranges: ranges)
        case .commit(let version, let durable, let time): encoder.appendCommit(version: version, durableLSN: durable, time: time)
        case .abort(let version): encoder.appendAbort(version: version)
        }
    }

    @Test func everyRecordKindRoundTrips() throws {
        var encoder = LogEncoder(baseLSN: LSN(5000))
        var positions: [Int] = []
        for record in Self.records {
            positions.append(encoder.bytes.count)
            Self.encode(record, into: &encoder)
        }
        positions.append(encoder.bytes.count)
        let bytes = encoder.bytes
        for (index, record) in Self.records.enumerated() {
            let slice = Array(bytes[positions[index]..<positions[index + 1]])
            let lsn = LSN(5000 + UInt64(positions[index]))
            #expect(slice.withUnsafeBytes { LogDecoder.plausibleLength(header: $0, at: lsn) } == slice.count)
            #expect(slice.withUnsafeBytes { LogDecoder.decode($0) } == record)
            // The same bytes found at another position are stale, not a record.
            #expect(slice.withUnsafeBytes { LogDecoder.plausibleLength(header: $0, at: lsn + 4096) } == nil)
            // Any flipped bit makes the record invalid.
            for bit in stride(from: 0, to: slice.count * 8, by: 7) {
                var damaged = slice
                damaged[bit / 8] ^= UInt8(1 << (bit % 8))
                let decoded = damaged.withUnsafeBytes { raw in
                    LogDecoder.plausibleLength(header: raw, at: lsn) == damaged.count ? LogDecoder.decode(raw) : nil
                }
                #expect(decoded == nil, "bit \(bit) of \(record) went unnoticed")
            }
        }
    }

    @Test func checkpointsKeepTheLogBounded() throws {
        let disk = SimulatedDisk(seed: 21)
        var options = TestStores.options(on: disk)
        options.checkpointLogBytes = 256 * 1024
        options.backgroundWork = true
        options.syncInterval = 0.01
        let store = try Store.open(at: "/db", options: options)
        let tree = try store.write { try $0.createTree(named: "t") }
        var random = SeededRandom(seed: 21)
        for round in 0..<300 {
            try store.write { txn in
                for _ in 0..<20 { try txn.put(SeededRandom.numericKey(UInt64(random.below(2000))), random.bytes(200), in: tree) }
            }
            if round % 50 == 49 { try store.checkpoint() }
        }
        try store.checkpoint()
        let segments = disk.allFiles().filter { $0.hasPrefix("/db/wal/") && $0.hasSuffix(".wal") }
        // 300 transactions wrote ~1.3 MB of log; after checkpoints only a few 64 KiB segments remain.
        #expect(segments.count <= 2 + LogSegments.spareSegments + 1, "\(segments.count) log segments remain")
        try store.close()
    }

    @Test(arguments: [Durability.normal, Durability.off])
    func weakerDurabilityLosesOnlyASuffixOfCommits(durability: Durability) throws {
        let disk = SimulatedDisk(seed: 22)
        let store = try Store.open(at: "/db", options: TestStores.options(on: disk, durability: durability))
        let tree = try store.write { try $0.createTree(named: "t") }
        try store.checkpoint()
        for index in 0..<300 {
            try store.write { txn in
                // Each transaction writes its number under two keys: both or neither survive.
                try txn.put(SeededRandom.numericKey(UInt64(index)), [1], in: tree)
                try txn.put(SeededRandom.numericKey(UInt64(10_000 + index)), [1], in: tree)
            }
        }
        let recovered = try Store.open(at: "/db", options: TestStores.options(on: disk.crash(), durability: durability))
        try recovered.read { snapshot throws in
            var survivors = 0
            for index in 0..<300 {
                let first = try snapshot.get(SeededRandom.numericKey(UInt64(index)), in: tree) != nil
                let second = try snapshot.get(SeededRandom.numericKey(UInt64(10_000 + index)), in: tree) != nil
                #expect(first == second, "transaction \(index) survived in part")
                if index == survivors && first { survivors += 1 } else { #expect(!first, "transaction \(index) survived after a lost one") }
            }
        }
        _ = try recovered.checkIntegrity()
    }
}
