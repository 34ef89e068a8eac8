// The slotted node against a sorted array: inserts, removals and compaction keep keys in order,
// and searches through prefix and heads give exactly what a plain binary search over the full
// keys gives, including keys that end inside the head or inside the prefix.

import HeliosCore
import HeliosStorage
import HeliosTesting
import Testing

@Suite struct NodeTests {
    /// Keys over a tiny alphabet with a long shared start, so prefixes and equal heads abound.
    static func key(_ random: inout SeededRandom, sharedStart: [UInt8]) -> [UInt8] {
        var key = Array(sharedStart.prefix(random.below(sharedStart.count + 1)))
        if random.chance(0.7) { key = sharedStart }
        for _ in 0..<random.below(9) { key.append([0, 1, 0xFF, 0x61][random.below(4)]) }
        return key
    }

    @Test(arguments: [true, false])
    func searchesMatchASortedArray(leaf: Bool) throws {
        let seed = TestSeed.current
        var random = SeededRandom(seed: seed)
        let buffer = PageBuffer(size: 4096)
        for round in 0..<100 {
            buffer.page.initialize(id: PageID(5), kind: leaf ? .leaf : .branch, version: 1, lsn: .zero)
            let node = Node(buffer.page)
            node.initializeEmpty()
            node.rightmostChild = PageID(99)
            let shared = random.bytes(random.below(70))
            var model: [[UInt8]] = []
            for _ in 0..<400 {
                let key = Self.key(&random, sharedStart: shared)
                if random.chance(0.2), !model.isEmpty {
                    let slot = random.below(model.count)
                    node.removeCell(at: slot)
                    model.remove(at: slot)
                    continue
                }
                let (slot, found) = key.withUnsafeBytes { node.lowerBound($0) }
                let expectedSlot = model.firstIndex { !$0.lexicographicallyPrecedes(key) } ?? model.count
                #expect(slot == expectedSlot, "seed \(seed) round \(round): lowerBound")
                #expect(found == (expectedSlot < model.count && model[expectedSlot] == key), "seed \(seed)")
                let child = key.withUnsafeBytes { node.childSlot(for: $0) }
                #expect(child == (model.firstIndex { key.lexicographicallyPrecedes($0) } ?? model.count), "seed \(seed): childSlot")
                if found { continue }
                let inserted = key.withUnsafeBytes { raw in
                    leaf ? node.insertCell(at: slot, size: Node.leafCellSize(keyLength: raw.count, valueLength: 0)) {
                        Node.writeLeafCell(to: $0, key: raw, value: UnsafeRawBufferPointer(start: nil, count: 0))
                    } : node.insertCell(at: slot, size: Node.branchCellSize(keyLength: raw.count)) {
                        Node.writeBranchCell(to: $0, key: raw, child: PageID(7))
                    }
                }
                if !inserted { break }
                model.insert(key, at: slot)
                if random.chance(0.05) { node.compact() }
                if let problem = node.checkInvariants() {
                    Issue.record("seed \(seed) round \(round): \(problem)")
                    return
                }
            }
            #expect((0..<node.cellCount).map { Array(node.key($0)) } == model, "seed \(seed) round \(round)")
        }
    }
}
