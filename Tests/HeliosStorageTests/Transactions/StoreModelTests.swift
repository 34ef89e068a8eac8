// Property test: random operation sequences on a store and on a reference model (a dictionary
// per tree), compared continuously. Operations include multi-tree transactions, rollbacks,
// large values, bulk loads, option changes, checkpoints, clean reopens and simulated power
// failures. Every acknowledged commit must survive; nothing rolled back may appear.

import HeliosCore
import HeliosStorage
import HeliosTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct StoreModelTests {
    /// Operations per seed; HELIOS_PROPERTY_OPS overrides (CI runs the default).
    static var operationsPerSeed: Int {
        if let text = getenv("HELIOS_PROPERTY_OPS"), let count = Int(String(cString: text)) { return count }
        return 30_000
    }

    @Test(arguments: [11, 22, 33, 44] as [UInt64])
    func storeMatchesReferenceModel(seedOffset: UInt64) throws {
        let seed = TestSeed.current &+ seedOffset
        var harness = try ModelHarness(seed: seed, pageSize: seedOffset % 2 == 0 ? 4096 : 8192)
        do {
            try harness.run(operations: Self.operationsPerSeed)
        } catch {
            Issue.record("seed \(seed) (HELIOS_SEED=\(seed &- seedOffset)) failed at operation \(harness.step): \(error)")
        }
        #expect(harness.mismatches.isEmpty, "seed \(seed) (HELIOS_SEED=\(seed &- seedOffset)): \(harness.mismatches.prefix(5))")
    }
}

/// Drives one randomized run.
struct ModelHarness {
    var random: SeededRandom
    var disk: SimulatedDisk
    let pageSize: Int
    var store: Store
    /// Committed content of each tree, by name.
    var model: [String: [[UInt8]: [UInt8]]] = [:]
    var ids: [String: TreeID] = [:]
    var step = 0
    var mismatches: [String] = []
    var nextTreeNumber = 0

    init(seed: UInt64, pageSize: Int) throws {
        random = SeededRandom(seed: seed)
        disk = SimulatedDisk(seed: seed)
        self.pageSize = pageSize
        store = try Store.open(at: "/db", options: Self.options(disk, pageSize: pageSize, poolPages: 64 + Int(seed % 200)))
    }

    static func options(_ disk: SimulatedDisk, pageSize: Int, poolPages: Int) -> StoreOptions {
        TestStores.options(on: disk, pageSize: pageSize, poolPages: poolPages)
    }

    mutating func run(operations: Int) throws {
        try createTree()
        try createTree()
        while step < operations {
            let roll = random.below(1000)
            switch roll {
            case 0..<700: try writeTransaction()
            case 700..<930: try checkReads()
            case 930..<945: try checkScan()
            case 945..<960: try store.checkpoint()
            case 960..<968: try reopen()
            case 968..<976: try crash()
            case 976..<982: try createTree()
            case 982..<986: try dropTree()
            case 986..<992: try bulkLoad()
            case 992..<996: try changeOptions()
            default: try resizePool()
            }
            if step % 500 == 0 { try checkIntegrity() }
        }
        try checkEverything()
        try store.close()
    }

    mutating func randomValue() -> [UInt8] {
        let roll = random.below(100)
        if roll < 70 { return random.bytes(random.below(50)) }
        if roll < 96 { return random.bytes(50 + random.below(450)) }
        return random.bytes(1000 + random.below(20_000))
    }

    mutating func randomKey(in name: String) -> [UInt8] {
        if let keys = model[name], !keys.isEmpty, random.chance(0.5) {
            return keys.keys[keys.index(keys.startIndex, offsetBy: random.below(keys.count))]
        }
        return random.key()
    }

    mutating func pickTree() -> String? {
        let names = model.keys.sorted()
        return names.isEmpty ? nil : names[random.below(names.count)]
    }

    mutating func writeTransaction() throws {
        var staged = model
        let txn = try store.beginWrite()
        let count = 1 + random.below(random.chance(0.05) ? 400 : 20)
        for _ in 0..<count {
            guard let name = pickTree(), let id = ids[name] else { break }
            let key = randomKey(in: name)
            step += 1
            if random.chance(0.3) {
                let existed = try txn.delete(key, in: id)
                if existed != (staged[name]![key] != nil) { mismatches.append("step \(step): delete existed=\(existed)") }
                staged[name]![key] = nil
            } else {
                let value = randomValue()
                let existed = try txn.put(key, value, in: id)
                if existed != (staged[name]![key] != nil) { mismatches.append("step \(step): put existed=\(existed)") }
                staged[name]![key] = value
            }
            if random.chance(0.05) {
                // Read-your-writes inside the transaction.
                let probe = randomKey(in: name)
                if try txn.get(probe, in: id) != staged[name]![probe] { mismatches.append("step \(step): txn get") }
            }
        }
        if random.chance(0.03) {
            // Walks (and changes) the tree with a cursor, then rolls back.
            try checkWriteCursor(txn, staged: staged)
            return
        }
        if random.chance(0.1) {
            txn.rollback()
        } else {
            try txn.commit()
            model = staged
        }
    }

    mutating func checkWriteCursor(_ txn: WriteTransaction, staged: [String: [[UInt8]: [UInt8]]]) throws {
        guard let name = pickTree(), let id = ids[name] else { return }
        let cursor = try txn.cursor(id)
        var keys: [[UInt8]] = []
        var more = try cursor.first()
        var expected = staged[name]!
        while more {
            keys.append(cursor.key)
            // Change the tree under the cursor now and then: delete the current key.
            if random.chance(0.1) {
                try txn.delete(cursor.key, in: id)
                expected[cursor.key] = nil
            }
            more = try cursor.next()
        }
        if keys != staged[name]!.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            mismatches.append("step \(step): write cursor saw \(keys.count) keys, expected \(staged[name]!.count)")
        }
        txn.rollback()
        _ = expected
    }

    mutating func checkReads() throws {
        guard let name = pickTree(), let id = ids[name] else { return }
        try store.read { snapshot throws in
            for _ in 0..<10 {
                step += 1
                let key = randomKey(in: name)
                let value = try snapshot.get(key, in: id)
                if value != model[name]![key] {
                    mismatches.append("step \(step): get \(key) in \(name) gave \(value?.count ?? -1) bytes, expected \(model[name]![key]?.count ?? -1)")
                }
            }
        }
    }

    mutating func checkScan() throws {
        guard let name = pickTree(), let id = ids[name] else { return }
        step += 1
        let expected = model[name]!.keys.sorted { $0.lexicographicallyPrecedes($1) }
        try store.read { snapshot throws in
            let cursor = try snapshot.cursor(id)
            var keys: [[UInt8]] = []
            let forward = random.chance(0.5)
            var more = forward ? try cursor.first() : try cursor.last()
            while more {
                keys.append(cursor.key)
                if random.chance(0.02), try cursor.value() != model[name]![cursor.key] {
                    mismatches.append("step \(step): cursor value differs")
                }
                more = forward ? try cursor.next() : try cursor.previous()
            }
            if !forward { keys.reverse() }
            if keys != expected { mismatches.append("step \(step): scan of \(name) saw \(keys.count) keys, expected \(expected.count)") }
            if let probe = expected.randomElementIfAny(using: &random) {
                var target = probe
                if random.chance(0.5) { target.append(0) }
                try cursor.seek(atOrAfter: target)
                let want = expected.first { !$0.lexicographicallyPrecedes(target) }
                if (cursor.isValid ? cursor.key : nil) != want { mismatches.append("step \(step): seek") }
            }
        }
    }

    mutating func createTree() throws {
        nextTreeNumber += 1
        let name = "tree-\(nextTreeNumber)"
        let id = try store.write { txn in try txn.createTree(named: name) }
        ids[name] = id
        model[name] = [:]
    }

    mutating func dropTree() throws {
        guard model.count > 2, let name = pickTree(), let id = ids[name] else { return }
        try store.write { txn in try txn.dropTree(id) }
        ids[name] = nil
        model[name] = nil
    }

    mutating func bulkLoad() throws {
        nextTreeNumber += 1
        let name = "bulk-\(nextTreeNumber)"
        var entries: [[UInt8]: [UInt8]] = [:]
        for _ in 0..<random.below(3000) { entries[random.key(maxLength: 12)] = randomValue() }
        let sorted = entries.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { (key: $0.key, value: $0.value) }
        let fill = 50 + random.below(51)
        let id = try store.write { txn throws in
            let id = try txn.createTree(named: name, options: TreeOptions(fillFactor: fill))
            try txn.bulkLoad(into: id, sorted)
            // Changes after the load in the same transaction copy the loaded pages.
            if let first = sorted.first { try txn.put(first.key, [42], in: id) }
            return id
        }
        if let first = sorted.first { entries[first.key] = [42] }
        step += sorted.count / 100
        ids[name] = id
        model[name] = entries
    }

    mutating func changeOptions() throws {
        guard let name = pickTree(), let id = ids[name] else { return }
        let policy = SplitPolicy.allCases[random.below(SplitPolicy.allCases.count)]
        let options = TreeOptions(splitPolicy: policy, fillFactor: 10 + random.below(91))
        try store.write { txn in try txn.setOptions(options, for: id) }
    }

    mutating func resizePool() throws {
        try store.setBufferPoolCapacity(pages: 64 + random.below(400))
    }

    mutating func reopen() throws {
        try store.close()
        store = try Store.open(at: "/db", options: Self.options(disk, pageSize: pageSize, poolPages: 64 + random.below(300)))
        try checkEverything()
    }

    mutating func crash() throws {
        // Power fails: everything not synced may be lost, written pages may tear.
        disk = disk.crash()
        store = try Store.open(at: "/db", options: Self.options(disk, pageSize: pageSize, poolPages: 64 + random.below(300)))
        try checkEverything()
    }

    mutating func checkIntegrity() throws {
        _ = try store.checkIntegrity()
    }

    mutating func checkEverything() throws {
        try checkIntegrity()
        try store.read { snapshot throws in
            let names = Set(try snapshot.trees().map(\.name))
            if names != Set(model.keys) { mismatches.append("step \(step): trees \(names.sorted()) vs \(model.keys.sorted())") }
            for (name, entries) in model {
                guard let id = ids[name] else { continue }
                if try snapshot.entryCount(of: id) != UInt64(entries.count) {
                    mismatches.append("step \(step): \(name) has \(try snapshot.entryCount(of: id)) entries, expected \(entries.count)")
                }
                let cursor = try snapshot.cursor(id)
                var seen: [[UInt8]: [UInt8]] = [:]
                var more = try cursor.first()
                while more {
                    seen[cursor.key] = try cursor.value()
                    more = try cursor.next()
                }
                if seen != entries { mismatches.append("step \(step): content of \(name) differs after reopen") }
            }
        }
    }
}

extension Array {
    func randomElementIfAny(using random: inout SeededRandom) -> Element? {
        isEmpty ? nil : self[random.below(count)]
    }
}
