// The store's basic contract: what is committed is there after reopening, what is rolled back
// is not, and trees are independent.

import HeliosCore
import HeliosStorage
import HeliosTesting
import Testing

@Suite struct StoreBasicsTests {
    @Test func committedEntriesSurviveReopen() throws {
        let disk = SimulatedDisk(seed: 1)
        let options = TestStores.options(on: disk)
        var store = try Store.open(at: "/db", options: options)
        let tree = try store.write { txn in try txn.createTree(named: "t") }
        try store.write { txn throws in
            for index in 0..<500 {
                try txn.put(SeededRandom.numericKey(UInt64(index)), [UInt8](text: "value \(index)"), in: tree)
            }
        }
        try store.close()
        store = try Store.open(at: "/db", options: options)
        try store.read { snapshot throws in
            #expect(try snapshot.tree(named: "t") == tree)
            #expect(try snapshot.entryCount(of: tree) == 500)
            for index in 0..<500 {
                #expect(try snapshot.get(SeededRandom.numericKey(UInt64(index)), in: tree) == [UInt8](text: "value \(index)"))
            }
        }
        _ = try store.checkIntegrity()
        try store.close()
    }

    @Test func rolledBackChangesVanish() throws {
        let disk = SimulatedDisk(seed: 2)
        let store = try Store.open(at: "/db", options: TestStores.options(on: disk))
        let tree = try store.write { txn in try txn.createTree(named: "t") }
        try store.write { txn in try txn.put([1], [1], in: tree) }
        let txn = try store.beginWrite()
        try txn.put([1], [2], in: tree)
        try txn.put([2], [2], in: tree)
        txn.rollback()
        try store.read { snapshot throws in
            #expect(try snapshot.get([1], in: tree) == [1])
            #expect(try snapshot.get([2], in: tree) == nil)
        }
        _ = try store.checkIntegrity()
        try store.close()
    }

    @Test func cursorWalksBothWays() throws {
        let disk = SimulatedDisk(seed: 3)
        let store = try Store.open(at: "/db", options: TestStores.options(on: disk))
        let tree = try store.write { txn in try txn.createTree(named: "t") }
        try store.write { txn throws in
            for index in stride(from: 0, to: 2000, by: 2) {
                try txn.put(SeededRandom.numericKey(UInt64(index)), [UInt8](repeating: 7, count: 40), in: tree)
            }
        }
        try store.read { snapshot throws in
            let cursor = try snapshot.cursor(tree)
            var seen: [UInt64] = []
            var more = try cursor.first()
            while more {
                seen.append(cursor.key.reduce(0) { $0 << 8 | UInt64($1) })
                more = try cursor.next()
            }
            #expect(seen == Array(stride(from: 0, to: 2000, by: 2)))
            var backwards: [UInt64] = []
            more = try cursor.last()
            while more {
                backwards.append(cursor.key.reduce(0) { $0 << 8 | UInt64($1) })
                more = try cursor.previous()
            }
            #expect(backwards == seen.reversed())
            #expect(try cursor.seek(atOrAfter: SeededRandom.numericKey(501)))
            #expect(cursor.key == SeededRandom.numericKey(502))
            #expect(try cursor.seek(atOrBefore: SeededRandom.numericKey(501)))
            #expect(cursor.key == SeededRandom.numericKey(500))
        }
        try store.close()
    }

    @Test func largeValuesUseOverflowPages() throws {
        let disk = SimulatedDisk(seed: 4)
        let options = TestStores.options(on: disk)
        var store = try Store.open(at: "/db", options: options)
        let tree = try store.write { txn in try txn.createTree(named: "t") }
        var random = SeededRandom(seed: 4)
        let big = random.bytes(100_000)
        try store.write { txn in try txn.put([1], big, in: tree) }
        try store.close()
        store = try Store.open(at: "/db", options: options)
        #expect(try store.read { try $0.get([1], in: tree) } == big)
        try store.write { txn in try txn.put([1], [9], in: tree) }
        #expect(try store.read { try $0.get([1], in: tree) } == [9])
        _ = try store.checkIntegrity()
        try store.close()
    }
}

@Suite struct DeferredDurabilityTests {
    @Test func deferredCommitsBecomeDurableWithTheNextDurableCommit() throws {
        let disk = SimulatedDisk(seed: 41)
        let store = try Store.open(at: "/db", options: TestStores.options(on: disk))
        let tree = try store.write { try $0.createTree(named: "t") }
        for index in 0..<20 {
            let txn = try store.beginWrite()
            try txn.put([UInt8(index)], [1], in: tree)
            try txn.commit(deferringDurability: true)
        }
        // Visible at once to snapshots of the latest commit, not yet to published snapshots.
        #expect(try store.beginRead(latestCommitted: true).get([19], in: tree) == [1])
        #expect(try store.beginRead().get([19], in: tree) == nil)
        try store.write { try $0.put([100], [1], in: tree) }
        #expect(try store.beginRead().get([19], in: tree) == [1])
        let recovered = try Store.open(at: "/db", options: TestStores.options(on: disk.crash()))
        #expect(try recovered.read { try $0.entryCount(of: tree) } == 21)
    }

    @Test func deferredCommitsLostInACrashLeaveAConsistentPrefix() throws {
        let disk = SimulatedDisk(seed: 42)
        let store = try Store.open(at: "/db", options: TestStores.options(on: disk))
        let tree = try store.write { try $0.createTree(named: "t") }
        for index in 0..<50 {
            let txn = try store.beginWrite()
            try txn.put([UInt8(index)], [1], in: tree)
            try txn.put([UInt8(index), 0], [1], in: tree)
            try txn.commit(deferringDurability: true)
        }
        let recovered = try Store.open(at: "/db", options: TestStores.options(on: disk.crash()))
        let count = try recovered.read { try $0.entryCount(of: tree) }
        #expect(count % 2 == 0)
        try recovered.read { snapshot throws in
            for index in 0..<Int(count / 2) {
                #expect(try snapshot.get([UInt8(index)], in: tree) != nil && snapshot.get([UInt8(index), 0], in: tree) != nil)
            }
        }
        _ = try recovered.checkIntegrity()
    }
}
