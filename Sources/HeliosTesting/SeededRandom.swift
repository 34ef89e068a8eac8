// Deterministic randomness for tests: one seed replays a whole run. The seed comes from the
// environment variable HELIOS_SEED or is picked at random; tests print it when they fail.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64: small, fast, and good enough for test data.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "empty range")
        return Int(next() % UInt64(bound))
    }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < probability
    }

    /// `count` random bytes.
    public mutating func bytes(_ count: Int) -> [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(count)
        while result.count < count {
            var word = next()
            for _ in 0..<min(8, count - result.count) {
                result.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return result
    }

    /// A key of 1...maxLength bytes drawn from a small alphabet, so that keys share prefixes.
    public mutating func key(maxLength: Int = 24) -> [UInt8] {
        let length = 1 + below(maxLength)
        return (0..<length).map { _ in UInt8(97 + below(4)) }
    }

    /// A big-endian 8-byte key for a number: byte order equals numeric order.
    public static func numericKey(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}

/// The seed of the current test run.
public enum TestSeed {
    /// HELIOS_SEED if set, otherwise a fresh random seed.
    public static var current: UInt64 {
        if let text = getenv("HELIOS_SEED"), let seed = UInt64(String(cString: text)) { return seed }
        return UInt64.random(in: 1...UInt64.max)
    }
}
