// Adaptive page layout and space: ascending and descending runs fill pages to the fill factor,
// random inserts split in the middle, deletes merge pages away, churn reuses free pages, and a
// bulk load builds full pages (or exactly the fill factor asked for).

import HeliosCore
import HeliosStorage
import HeliosTesting
import Testing

@Suite struct PageLayoutTests {
    static let valueSize = 60

    static func open(_ seed: UInt64) throws -> Store {
        try Store.open(at: "/db", options: TestStores.options(on: SimulatedDisk(seed: seed), poolPages: 2048))
    }

    /// Average fill of the tree's pages: bytes of cells and slots over page capacity.
    static func fill(_ store: Store, _ tree: TreeID, entries: Int, keySize: Int = 8) throws -> Double {
        let pages = try store.read { try $0.pageCount(of: tree) }
        let cellBytes = entries * (Node.leafCellOverhead + keySize + valueSize + Node.slotSize)
        return Double(cellBytes) / Double(Int(pages) * Node.capacity(pageSize: 4096))
    }

    static func insert(_ store: Store, _ tree: TreeID, keys: [UInt64], perTransaction: Int = 50) throws {
        var index = 0
        while index < keys.count {
            let batch = keys[index..<min(index + perTransaction, keys.count)]
            try store.write { txn in
                for key in batch { try txn.put(SeededRandom.numericKey(key), [UInt8](repeating: 1, count: valueSize), in: tree) }
            }
            index += perTransaction
        }
    }

    @Test func ascendingInsertsFillPagesCompletely() throws {
        let store = try Self.open(1)
        let tree = try store.write { try $0.createTree(named: "t") }
        try Self.insert(store, tree, keys: Array(0..<20_000))
        let fill = try Self.fill(store, tree, entries: 20_000)
        #expect(fill > 0.93, "ascending inserts left pages \(Int(fill * 100))% full")
        #expect(store.insertPattern(of: tree).sequentialSplits > 0)
        _ = try store.checkIntegrity()
    }

    @Test func descendingInsertsFillPagesCompletely() throws {
        let store = try Self.open(2)
        let tree = try store.write { try $0.createTree(named: "t") }
        try Self.insert(store, tree, keys: Array((0..<20_000).reversed()))
        let fill = try Self.fill(store, tree, entries: 20_000)
        #expect(fill > 0.93, "descending inserts left pages \(Int(fill * 100))% full")
        _ = try store.checkIntegrity()
    }

    @Test func randomInsertsSplitInTheMiddle() throws {
        let store = try Self.open(3)
        let tree = try store.write { try $0.createTree(named: "t") }
        var random = SeededRandom(seed: 3)
        var keys = Array(0..<UInt64(20_000))
        keys.shuffle(using: &random)
        try Self.insert(store, tree, keys: keys)
        let fill = try Self.fill(store, tree, entries: 20_000)
        // Random splits leave pages between half and completely full: ~70% on average (ln 2).
        #expect(fill > 0.55 && fill < 0.85, "random inserts left pages \(Int(fill * 100))% full")
        #expect(store.insertPattern(of: tree).sequentialSplits * 10 < store.insertPattern(of: tree).leafSplits)
    }

    @Test func theFillFactorSetAtRunTimeApplies() throws {
        let store = try Self.open(4)
        let tree = try store.write { try $0.createTree(named: "t") }
        try store.write { try $0.setOptions(TreeOptions(splitPolicy: .automatic, fillFactor: 70), for: tree) }
        try Self.insert(store, tree, keys: Array(0..<20_000))
        let fill = try Self.fill(store, tree, entries: 20_000)
        #expect(fill > 0.62 && fill < 0.78, "fill factor 70 gave \(Int(fill * 100))%")
        #expect(try store.read { try $0.options(of: tree) } == TreeOptions(splitPolicy: .automatic, fillFactor: 70))
    }

    @Test func theBalancedPolicyIgnoresAscendingRuns() throws {
        let store = try Self.open(5)
        let tree = try store.write { try $0.createTree(named: "t", options: TreeOptions(splitPolicy: .balanced)) }
        try Self.insert(store, tree, keys: Array(0..<20_000))
        let fill = try Self.fill(store, tree, entries: 20_000)
        #expect(fill < 0.6, "balanced splits of an ascending run should leave half-full pages, got \(Int(fill * 100))%")
    }

    @Test func deletesMergePagesAndShrinkTheTree() throws {
        let store = try Self.open(6)
        let tree = try store.write { try $0.createTree(named: "t") }
        try Self.insert(store, tree, keys: Array(0..<20_000), perTransaction: 500)
        let full = try store.read { try $0.pageCount(of: tree) }
        try store.write { txn in
            for key in 0..<UInt64(20_000) where key % 50 != 0 { try txn.delete(SeededRandom.numericKey(key), in: tree) }
        }
        let after = try store.read { try $0.pageCount(of: tree) }
        #expect(after * 10 < full, "deleting 98% of entries left \(after) of \(full) pages")
        try store.write { txn in
            for key in stride(from: UInt64(0), to: 20_000, by: 50) { try txn.delete(SeededRandom.numericKey(key), in: tree) }
        }
        #expect(try store.read { try $0.pageCount(of: tree) } == 0)
        _ = try store.checkIntegrity()
    }

    /// Delete/insert/update churn at a steady entry count, with checkpoints in between: freed
    /// pages are reused, so the file stops growing. (Copy-on-write needs room for the live tree,
    /// the copies the last checkpoint still needs, and the running transaction's copies: at
    /// most about three times the tree when every transaction rewrites most of it, as here.)
    @Test func churnDoesNotGrowTheFileWithoutBound() throws {
        let store = try Self.open(7)
        let tree = try store.write { try $0.createTree(named: "t") }
        var random = SeededRandom(seed: 7)
        var present = Set<Int>()
        var sizes: [UInt32] = []
        for round in 0..<60 {
            try store.write { txn in
                for _ in 0..<300 {
                    let number = random.below(3000)
                    let key = SeededRandom.numericKey(UInt64(number))
                    if present.contains(number) && random.chance(0.5) {
                        try txn.delete(key, in: tree)
                        present.remove(number)
                    } else {
                        try txn.put(key, random.bytes(random.below(300)), in: tree)
                        present.insert(number)
                    }
                }
            }
            if round % 4 == 3 { try store.checkpoint() }
            sizes.append(store.statistics.dataFilePages)
        }
        let treePages = try store.read { try $0.pageCount(of: tree) }
        #expect(sizes[59] <= sizes[29] + sizes[29] / 10 + 8, "the file kept growing: \(sizes)")
        #expect(Int(sizes[59]) <= 4 * Int(treePages) + 16, "file \(sizes[59]) pages for a tree of \(treePages)")
        _ = try store.checkIntegrity()
    }

    @Test func bulkLoadFillsPagesAndSurvivesACrash() throws {
        let disk = SimulatedDisk(seed: 8)
        let options = TestStores.options(on: disk, poolPages: 2048)
        let store = try Store.open(at: "/db", options: options)
        let entries = (0..<UInt64(30_000)).map { (key: SeededRandom.numericKey($0), value: [UInt8](repeating: 2, count: Self.valueSize)) }
        let (full, eighty) = try store.write { txn throws in
            let full = try txn.createTree(named: "full")
            let eighty = try txn.createTree(named: "eighty", options: TreeOptions(fillFactor: 80))
            try txn.bulkLoad(into: full, entries)
            try txn.bulkLoad(into: eighty, entries)
            return (full, eighty)
        }
        #expect(try Self.fill(store, full, entries: 30_000) > 0.95)
        let fill80 = try Self.fill(store, eighty, entries: 30_000)
        #expect(fill80 > 0.74 && fill80 < 0.82, "fill factor 80 gave \(Int(fill80 * 100))%")
        // More changes after the load, then power fails before any checkpoint.
        try store.write { txn in
            try txn.put(SeededRandom.numericKey(5), [9], in: full)
            try txn.delete(SeededRandom.numericKey(6), in: full)
        }
        let recovered = try Store.open(at: "/db", options: TestStores.options(on: disk.crash(), poolPages: 2048))
        try recovered.read { snapshot throws in
            #expect(try snapshot.entryCount(of: full) == 29_999)
            #expect(try snapshot.get(SeededRandom.numericKey(5), in: full) == [9])
            #expect(try snapshot.get(SeededRandom.numericKey(6), in: full) == nil)
            #expect(try snapshot.get(SeededRandom.numericKey(29_999), in: eighty) == entries.last!.value)
        }
        _ = try recovered.checkIntegrity()
    }

    @Test func bulkLoadRefusesUnsortedInputAndNonEmptyTrees() throws {
        let store = try Self.open(9)
        let tree = try store.write { try $0.createTree(named: "t") }
        let unsorted = [(key: [UInt8]([2]), value: [UInt8]([0])), (key: [1], value: [0])]
        #expect(throws: DatabaseError.self) { try store.write { try $0.bulkLoad(into: tree, unsorted) } }
        let duplicate = [(key: [UInt8]([1]), value: [UInt8]([0])), (key: [1], value: [0])]
        #expect(throws: DatabaseError.self) { try store.write { try $0.bulkLoad(into: tree, duplicate) } }
        try store.write { try $0.put([5], [5], in: tree) }
        let error = #expect(throws: DatabaseError.self) {
            try store.write { try $0.bulkLoad(into: tree, [(key: [UInt8]([1]), value: [UInt8]([0]))]) }
        }
        #expect(error?.state == .objectNotInPrerequisiteState)
        #expect(try store.read { try $0.entryCount(of: tree) } == 1)
        _ = try store.checkIntegrity()
    }

    @Test func oversizedKeysAreRefusedWithASQLState() throws {
        let store = try Self.open(10)
        let tree = try store.write { try $0.createTree(named: "t") }
        let longest = Node.maximumKeyLength(pageSize: 4096)
        try store.write { try $0.put([UInt8](repeating: 1, count: longest), [1], in: tree) }
        let error = #expect(throws: DatabaseError.self) {
            try store.write { try $0.put([UInt8](repeating: 2, count: longest + 1), [1], in: tree) }
        }
        #expect(error?.state == .programLimitExceeded)
        #expect(try store.read { try $0.entryCount(of: tree) } == 1)
    }
}
