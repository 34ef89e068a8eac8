// Faults below the pager: failed fsync, short writes, flipped bits in pages, log records and
// checkpoints. Each must end in a clear error or a correct recovery, never in wrong data.

import HeliosCore
import HeliosStorage
import HeliosTesting
import Testing

@Suite struct FaultInjectionTests {
    /// A store on a simulated disk with `count` committed single-entry transactions.
    static func populatedStore(_ disk: SimulatedDisk, count: Int, checkpoint: Bool = false) throws -> (Store, TreeID) {
        let store = try Store.open(at: "/db", options: TestStores.options(on: disk))
        let tree = try store.write { try $0.createTree(named: "t") }
        try commit(0..<count, to: store, tree)
        if checkpoint { try store.checkpoint() }
        return (store, tree)
    }

    /// Commits entries `range` one transaction each, in the shape `populatedStore` writes.
    static func commit(_ range: Range<Int>, to store: Store, _ tree: TreeID) throws {
        for index in range {
            try store.write { try $0.put(SeededRandom.numericKey(UInt64(index)), [UInt8](repeating: UInt8(index % 251), count: 300), in: tree) }
        }
    }

    static func keys(_ store: Store, _ tree: TreeID) throws -> [UInt64] {
        try store.read { snapshot throws in
            let cursor = try snapshot.cursor(tree)
            var keys: [UInt64] = []
            var more = try cursor.first()
            while more {
                keys.append(cursor.key.reduce(0) { $0 << 8 | UInt64($1) })
                #expect(try cursor.value() == [UInt8](repeating: UInt8(keys.last! % 251), count: 300))
                more = try cursor.next()
            }
            return keys
        }
    }

    @Test func failedLogFsyncFailsTheCommitAndStopsWrites() throws {
        let disk = SimulatedDisk(seed: 10)
        let (store, tree) = try Self.populatedStore(disk, count: 20)
        var faults = SimulatedDisk.Faults()
        faults.failSyncAfter = 0
        faults.pathFilter = "/wal/"
        disk.setFaults(faults)
        #expect(throws: DatabaseError.self) { try store.write { try $0.put([0xFF], [1], in: tree) } }
        // The failed fsync is never retried: the store refuses writes until restarted.
        #expect(throws: DatabaseError.self) { try store.write { try $0.put([0xFE], [1], in: tree) } }
        #expect(store.writeFailure != nil)
        // Readers keep working on the last durable version.
        #expect(try Self.keys(store, tree) == Array(0..<20))

        let recovered = try Store.open(at: "/db", options: TestStores.options(on: disk.crash()))
        let keys = try Self.keys(recovered, tree)
        // The failed commit was never acknowledged; the simulated kernel dropped its pages.
        #expect(keys == Array(0..<20))
        _ = try recovered.checkIntegrity()
    }

    @Test func failedDataFileFsyncDuringCheckpointLeavesTheLogToRecover() throws {
        let disk = SimulatedDisk(seed: 11)
        let (store, tree) = try Self.populatedStore(disk, count: 200)
        var faults = SimulatedDisk.Faults()
        faults.failSyncAfter = 0
        faults.pathFilter = "heliosdb.data"
        disk.setFaults(faults)
        #expect(throws: DatabaseError.self) { try store.checkpoint() }
        #expect(throws: DatabaseError.self) { try store.write { try $0.put([0xFF], [1], in: tree) } }

        let recovered = try Store.open(at: "/db", options: TestStores.options(on: disk.crash()))
        #expect(try Self.keys(recovered, tree) == Array(0..<200))
        _ = try recovered.checkIntegrity()
    }

    @Test func shortLogWriteFailsTheCommitCleanly() throws {
        let disk = SimulatedDisk(seed: 12)
        let (store, tree) = try Self.populatedStore(disk, count: 30)
        var faults = SimulatedDisk.Faults()
        faults.shortWriteAfter = 0
        faults.pathFilter = "/wal/"
        disk.setFaults(faults)
        let error = #expect(throws: DatabaseError.self) { try store.write { try $0.put([0xFF], [1], in: tree) } }
        #expect(error?.state == .diskFull)
        let recovered = try Store.open(at: "/db", options: TestStores.options(on: disk.crash()))
        #expect(try Self.keys(recovered, tree).prefix(30) == ArraySlice(0..<30))
        _ = try recovered.checkIntegrity()
    }

    @Test func shortDataWriteDuringCheckpointRecovers() throws {
        let disk = SimulatedDisk(seed: 13)
        let (store, tree) = try Self.populatedStore(disk, count: 150)
        var faults = SimulatedDisk.Faults()
        faults.shortWriteAfter = 3
        faults.pathFilter = "heliosdb.data"
        disk.setFaults(faults)
        #expect(throws: DatabaseError.self) { try store.checkpoint() }
        let recovered = try Store.open(at: "/db", options: TestStores.options(on: disk.crash()))
        #expect(try Self.keys(recovered, tree) == Array(0..<150))
        _ = try recovered.checkIntegrity()
    }

    @Test func flippedBitInADataPageIsReportedByPageNumber() throws {
        let disk = SimulatedDisk(seed: 14)
        let (store, tree) = try Self.populatedStore(disk, count: 300, checkpoint: true)
        try store.close()
        // Flip a bit in the middle of every data page in turn until reading the tree fails.
        let pageSize = 4096
        let data = disk.contents(of: "/db/heliosdb.data")!
        var reported = 0
        for page in 3..<(data.count / pageSize) {
            let copy = disk.crash(keepingUnsyncedWrites: true)
            copy.flipBit(path: "/db/heliosdb.data", byteOffset: page * pageSize + 2000, bit: 3)
            do {
                let reopened = try Store.open(at: "/db", options: TestStores.options(on: copy))
                let keys = try Self.keys(reopened, tree)
                // A page nobody reads (a free page) may stay unnoticed, but data is never wrong.
                #expect(keys == Array(0..<300))
            } catch let error as DatabaseError {
                #expect(error.state == .dataCorrupted)
                #expect(error.message.contains("block \(page)") || error.message.contains("free list"), "\(error)")
                reported += 1
            }
        }
        #expect(reported > 0)
    }

    @Test func flippedBitInTheLastLogRecordDropsOnlyThatTransaction() throws {
        let disk = SimulatedDisk(seed: 15)
        let (_, tree) = try Self.populatedStore(disk, count: 10)
        let copy = disk.crash(keepingUnsyncedWrites: true)
        let segment = "/db/wal/0000000000000000.wal"
        let log = copy.contents(of: segment)!
        // The last record is the final commit; flip a bit in its body.
        let end = log.lastIndex { $0 != 0 }!
        copy.flipBit(path: segment, byteOffset: end - 3)
        let recovered = try Store.open(at: "/db", options: TestStores.options(on: copy))
        // Indistinguishable from a write torn by a crash: the last transaction is gone, the rest intact.
        #expect(try Self.keys(recovered, tree) == Array(0..<9))
        _ = try recovered.checkIntegrity()
    }

    @Test func flippedBitInTheMiddleOfTheLogIsAnError() throws {
        let disk = SimulatedDisk(seed: 16)
        _ = try Self.populatedStore(disk, count: 40)
        let copy = disk.crash(keepingUnsyncedWrites: true)
        let segment = "/db/wal/0000000000000000.wal"
        copy.flipBit(path: segment, byteOffset: 900)
        let error = #expect(throws: DatabaseError.self) {
            try Store.open(at: "/db", options: TestStores.options(on: copy))
        }
        #expect(error?.state == .dataCorrupted)
        #expect(error?.message.contains("write-ahead log is corrupted") == true, "\(String(describing: error))")
    }

    @Test func crashWhileWritingACheckpointFallsBackToThePreviousOne() throws {
        let disk = SimulatedDisk(seed: 17)
        let (store, tree) = try Self.populatedStore(disk, count: 50, checkpoint: true)
        try Self.commit(50..<60, to: store, tree)
        // The data file syncs, then the sync of the new checkpoint slot fails: power is lost
        // before the checkpoint record reached the disk.
        var faults = SimulatedDisk.Faults()
        faults.failSyncAfter = 1
        faults.pathFilter = "heliosdb.data"
        disk.setFaults(faults)
        #expect(throws: DatabaseError.self) { try store.checkpoint() }
        let recovered = try Store.open(at: "/db", options: TestStores.options(on: disk.crash()))
        #expect(try Self.keys(recovered, tree) == Array(0..<60))
        _ = try recovered.checkIntegrity()
    }

    @Test func damagedCheckpointSlotsFallBackOrFailClearly() throws {
        let disk = SimulatedDisk(seed: 21)
        let (store, tree) = try Self.populatedStore(disk, count: 50, checkpoint: true)
        try Self.commit(50..<60, to: store, tree)
        try store.checkpoint()
        try Self.commit(60..<70, to: store, tree)
        for slots in [[1], [2], [1, 2]] {
            let copy = disk.crash()
            for slot in slots { copy.flipBit(path: "/db/heliosdb.data", byteOffset: slot * 4096 + 100) }
            do {
                let recovered = try Store.open(at: "/db", options: TestStores.options(on: copy))
                #expect(slots.count == 1)
                #expect(try Self.keys(recovered, tree) == Array(0..<70))
            } catch let error as DatabaseError {
                #expect(slots.count == 2, "one damaged slot must fall back to the other: \(error)")
                #expect(error.message.contains("valid checkpoint"))
            }
        }
    }

    @Test func foreignFilesAndOtherFormatVersionsAreRefused() throws {
        let disk = SimulatedDisk(seed: 18)
        try disk.createDirectory("/db")
        let file = try disk.openFile("/db/heliosdb.data", create: true)
        try file.write(Array("this is not a database file, just some text that is long enough to probe.....................................".utf8), at: 0)
        let error = #expect(throws: DatabaseError.self) { try Store.open(at: "/db", options: TestStores.options(on: disk)) }
        #expect(error?.message.contains("not a HeliosDB data file") == true)

        let other = SimulatedDisk(seed: 19)
        try Store.open(at: "/db", options: TestStores.options(on: other)).close()
        other.flipBit(path: "/db/heliosdb.data", byteOffset: 48, bit: 1)  // format version field
        let versionError = #expect(throws: DatabaseError.self) { try Store.open(at: "/db", options: TestStores.options(on: other)) }
        #expect(versionError?.message == "database files are incompatible with server")
        #expect(versionError?.detail?.contains("format version 3") == true)
    }

    @Test func aSecondOpenOfTheSameDirectoryIsRefused() throws {
        let disk = SimulatedDisk(seed: 20)
        let store = try Store.open(at: "/db", options: TestStores.options(on: disk))
        let error = #expect(throws: DatabaseError.self) { try Store.open(at: "/db", options: TestStores.options(on: disk)) }
        #expect(error?.state == .objectInUse)
        try store.close()
        try Store.open(at: "/db", options: TestStores.options(on: disk)).close()
    }
}
