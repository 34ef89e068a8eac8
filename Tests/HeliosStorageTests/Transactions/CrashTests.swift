// Crash tests: a child process runs a write workload and is killed with SIGKILL at random
// moments, some of them inside checkpoints; after each kill the store is reopened (recovery)
// and must hold every transaction the child saw acknowledged, and nothing else: exactly the
// content after its last committed transaction.

import HeliosCore
import HeliosStorage
import HeliosTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct CrashTests {
    /// Kills per run; HELIOS_CRASH_KILLS overrides (CI runs the default).
    static var kills: Int {
        if let text = getenv("HELIOS_CRASH_KILLS"), let count = Int(String(cString: text)) { return count }
        return 60
    }

    @Test func acknowledgedCommitsSurviveSIGKILL() throws {
        let worker = ChildProcess.productsDirectory + "/helios-crash-worker"
        try #require(access(worker, X_OK) == 0, "build helios-crash-worker first (swift build): \(worker)")
        let seed = TestSeed.current
        var random = SeededRandom(seed: seed)
        let directory = TestStores.temporaryDirectory("crash")
        defer { TestStores.removeDirectory(directory) }
        let workload = CrashWorkload(seed: seed)
        var model: [[UInt8]: [UInt8]] = [:]
        var modelCount: UInt64 = 0
        var totalAcknowledged = 0
        // The counter the store held after the last round (what a child killed before it printed
        // START started from).
        var previousCounter: UInt64 = 0

        for round in 0..<Self.kills {
            // Mostly full durability; some rounds normal (survives a process crash too) and off
            // (may lose recent commits, never half of one); some checkpoint every 3 commits.
            let durability: Durability = round % 5 == 4 ? .normal : (round % 11 == 10 ? .off : .full)
            let checkpointEvery = round % 3 == 1 ? 3 : 0
            let child = try ChildProcess(path: worker, arguments: [directory, String(seed), durability.rawValue,
                                                                   String(checkpointEvery)])
            var lines = child.readLines(for: 30 + random.below(300))
            child.kill()
            lines += child.readToEnd()
            let acknowledged = lines.compactMap { $0.hasPrefix("ACK ") ? UInt64($0.dropFirst(4)) : nil }.max() ?? 0
            let started = lines.first { $0.hasPrefix("START ") }.flatMap { UInt64($0.dropFirst(6)) } ?? previousCounter
            totalAcknowledged += lines.filter { $0.hasPrefix("ACK ") }.count

            var options = StoreOptions()
            options.backgroundWork = false
            let store = try Store.open(at: directory, options: options)
            let tree = try store.read { try $0.tree(named: "crash") }
            guard let tree else {
                #expect(acknowledged == 0, "seed \(seed) round \(round): tree missing after acknowledged commits")
                try store.close()
                continue
            }
            let counter = try store.read { CrashWorkload.decodeCounter(try $0.get(CrashWorkload.counterKey, in: tree)) }
            let floor = durability == .off ? started : max(acknowledged, started)
            #expect(counter >= floor, "seed \(seed) round \(round) (\(durability)): lost acknowledged commits: store at \(counter), child acknowledged \(acknowledged)")
            #expect(counter <= max(acknowledged, started) + 1, "seed \(seed) round \(round): store at \(counter) but child only reached \(acknowledged)")

            if counter < modelCount {
                model = [:]
                modelCount = 0
            }
            workload.apply(upTo: counter, to: &model, from: modelCount + 1)
            modelCount = counter
            previousCounter = counter
            var expected = model
            if counter > 0 { expected[CrashWorkload.counterKey] = CrashWorkload.encodeCounter(counter) }
            let actual: [[UInt8]: [UInt8]] = try store.read { snapshot throws in
                var content: [[UInt8]: [UInt8]] = [:]
                let cursor = try snapshot.cursor(tree)
                var more = try cursor.first()
                while more {
                    content[cursor.key] = try cursor.value()
                    more = try cursor.next()
                }
                return content
            }
            #expect(actual == expected, "seed \(seed) round \(round): content differs from the model after transaction \(counter)")
            _ = try store.checkIntegrity()
            try store.close()
        }
        #expect(totalAcknowledged > Self.kills, "seed \(seed): the child barely ran (\(totalAcknowledged) acknowledgements)")
    }
}
