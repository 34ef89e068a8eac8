// The buffer pool on its own: hits and misses, scan resistance of 2Q, resizing while pages are
// pinned, dirty pages written back before their frames are reused, and corrupt pages refused.

import HeliosCore
import HeliosStorage
import HeliosTesting
import Testing

@Suite struct BufferPoolTests {
    /// A data file with `pageCount` valid pages (3...), each holding its number at byte 100.
    static func dataFile(pages pageCount: Int, on disk: SimulatedDisk) throws -> DataFile {
        try disk.createDirectory("/pool")
        let file = try DataFile.create(disk, path: "/pool/data", pageSize: 4096, walSegmentSize: 1 << 20,
                                       identity: Array(repeating: 1, count: 16), createdAt: 0)
        let buffer = PageBuffer(size: 4096)
        for page in 3..<(3 + pageCount) {
            buffer.page.initialize(id: PageID(UInt32(page)), kind: .leaf, version: 1, lsn: .zero)
            buffer.page.setUInt32(UInt32(page), at: 100)
            buffer.page.storeChecksum()
            try file.writePage(PageID(UInt32(page)), from: buffer.base)
        }
        return file
    }

    @Test func hitsAndMissesAreCounted() throws {
        let pool = BufferPool(dataFile: try Self.dataFile(pages: 10, on: SimulatedDisk(seed: 1)), capacity: 64)
        for _ in 0..<3 {
            for page in 3..<13 {
                let pinned = try pool.pin(PageID(UInt32(page)))
                #expect(pinned.bytes.uint32(at: 100) == UInt32(page))
            }
        }
        let statistics = pool.statistics
        #expect(statistics.misses == 10)
        #expect(statistics.hits == 20)
        pool.checkInvariants()
    }

    /// 2Q: pages used repeatedly reach the main list; a long sequential scan passes through the
    /// recent queue and evicts only its own pages.
    @Test func aSequentialScanDoesNotFlushTheHotSet() throws {
        let pool = BufferPool(dataFile: try Self.dataFile(pages: 2000, on: SimulatedDisk(seed: 2)), capacity: 100)
        let hot = (3..<23).map { PageID(UInt32($0)) }
        // Warm up: touch the hot pages, push them out of the recent queue with other pages, touch
        // them again (a ghost hit promotes them to the main list).
        for round in 0..<4 {
            for page in hot { _ = try pool.pin(page) }
            for page in (1000 + round * 60)..<(1060 + round * 60) { _ = try pool.pin(PageID(UInt32(page))) }
        }
        for page in hot { _ = try pool.pin(page) }
        // The scan: 1500 pages read once each.
        for page in 300..<1800 { _ = try pool.pin(PageID(UInt32(page))) }
        let resident = hot.filter { pool.isResident($0) }.count
        #expect(resident == hot.count, "only \(resident) of \(hot.count) hot pages survived the scan")
        pool.checkInvariants()
    }

    @Test func resizingGrowsAndShrinksWhilePagesArePinned() throws {
        let pool = BufferPool(dataFile: try Self.dataFile(pages: 500, on: SimulatedDisk(seed: 3)), capacity: 200)
        for page in 3..<203 { _ = try pool.pin(PageID(UInt32(page))) }
        #expect(pool.statistics.residentPages == 200)
        let held = try pool.pin(PageID(3))
        try pool.resize(capacity: 64)
        #expect(pool.statistics.frameCount == 64)
        #expect(pool.isResident(PageID(3)), "a pinned page stays through a shrink")
        #expect(held.bytes.uint32(at: 100) == 3)
        try pool.resize(capacity: 400)
        for page in 3..<403 { _ = try pool.pin(PageID(UInt32(page))) }
        #expect(pool.statistics.residentPages == 400)
        #expect(pool.statistics.capacity == 400)
        pool.checkInvariants()
    }

    @Test func dirtyPagesAreWrittenBeforeTheirFramesAreReused() throws {
        let disk = SimulatedDisk(seed: 4)
        let file = try Self.dataFile(pages: 0, on: disk)
        let pool = BufferPool(dataFile: file, capacity: 64)
        for page in 3..<203 {
            let pinned = try pool.pinNew(PageID(UInt32(page)), version: 2)
            pinned.bytes.initialize(id: pinned.id, kind: .leaf, version: 2, lsn: .zero)
            pinned.bytes.setUInt32(UInt32(page) * 7, at: 100)
        }
        #expect(pool.statistics.pagesWritten >= 200 - 64)
        for page in 3..<203 {
            let pinned = try pool.pin(PageID(UInt32(page)))
            #expect(pinned.bytes.uint32(at: 100) == UInt32(page) * 7)
        }
        pool.checkInvariants()
    }

    @Test func aCorruptPageIsAnErrorAndIsNotCached() throws {
        let disk = SimulatedDisk(seed: 5)
        let pool = BufferPool(dataFile: try Self.dataFile(pages: 10, on: disk), capacity: 64)
        disk.flipBit(path: "/pool/data", byteOffset: 5 * 4096 + 300)
        let error = #expect(throws: DatabaseError.self) { _ = try pool.pin(PageID(5)) }
        #expect(error?.message == "invalid page in block 5 of file \"/pool/data\"")
        #expect(!pool.isResident(PageID(5)))
        #expect(throws: DatabaseError.self) { _ = try pool.pin(PageID(5)) }
        _ = try pool.pin(PageID(6))
        pool.checkInvariants()
    }

    @Test func everyFramePinnedIsAClearError() throws {
        let pool = BufferPool(dataFile: try Self.dataFile(pages: 100, on: SimulatedDisk(seed: 6)), capacity: 64)
        var held: [(Int32, PageBytes)] = []
        for page in 3..<67 { held.append(try pool.retainPage(PageID(UInt32(page)))) }
        let error = #expect(throws: DatabaseError.self) { _ = try pool.pin(PageID(80)) }
        #expect(error?.state == .insufficientResources)
        for (frame, _) in held { pool.releasePage(frame: frame) }
        _ = try pool.pin(PageID(80))
    }
}
