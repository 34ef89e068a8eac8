// The deterministic write workload of the crash tests. Transaction n's changes depend only on
// (seed, n), so the test can rebuild the exact content after any number of transactions and
// compare it with what a killed and recovered store holds.

/// Generates the changes of each transaction of a crash-test run.
public struct CrashWorkload: Sendable {
    public let seed: UInt64
    /// Keys are drawn from this many numbers, so transactions overwrite and delete each other's keys.
    public let keySpace: UInt64

    public init(seed: UInt64, keySpace: UInt64 = 5_000) {
        self.seed = seed
        self.keySpace = keySpace
    }

    /// The key holding the number of the last committed transaction.
    public static let counterKey: [UInt8] = Array("~counter".utf8)

    public enum Change: Equatable, Sendable {
        case put(key: [UInt8], value: [UInt8])
        case delete(key: [UInt8])
    }

    /// The changes of transaction `number` (1-based), not counting the counter update.
    public func changes(ofTransaction number: UInt64) -> [Change] {
        var random = SeededRandom(seed: seed ^ (number &* 0x9E37_79B9_7F4A_7C15))
        let count = 1 + random.below(number % 17 == 0 ? 300 : 12)
        var changes: [Change] = []
        for index in 0..<count {
            let key = SeededRandom.numericKey(random.next() % keySpace)
            if random.chance(0.25) {
                changes.append(.delete(key: key))
            } else {
                // Mostly small values; now and then one that needs overflow pages.
                let length = random.chance(0.03) ? 3000 + random.below(20_000) : random.below(120)
                var value = Array("txn \(number) change \(index) ".utf8)
                value.append(contentsOf: random.bytes(length))
                changes.append(.put(key: key, value: value))
            }
        }
        return changes
    }

    /// Applies transactions 1...count to a model.
    public func apply(upTo count: UInt64, to model: inout [[UInt8]: [UInt8]], from start: UInt64 = 1) {
        guard start <= count else { return }
        for number in start...count {
            for change in changes(ofTransaction: number) {
                switch change {
                case .put(let key, let value): model[key] = value
                case .delete(let key): model[key] = nil
                }
            }
        }
    }

    public static func encodeCounter(_ value: UInt64) -> [UInt8] { SeededRandom.numericKey(value) }

    public static func decodeCounter(_ bytes: [UInt8]?) -> UInt64 {
        guard let bytes, bytes.count == 8 else { return 0 }
        return bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
