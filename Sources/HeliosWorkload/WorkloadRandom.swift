// The workload's only source of randomness: SplitMix64, seeded. Everything the generator makes
// (data, arrival times, template choices, parameters) is drawn from instances of it, so one seed
// replays the same workload on any machine. Separate streams (`derived`) keep the data and the
// statement stream independent: changing the scale does not change which templates arrive when.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64).
public struct WorkloadRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// An independent stream for one purpose, named by `stream`.
    public static func derived(seed: UInt64, stream: UInt64) -> WorkloadRandom {
        var mixer = WorkloadRandom(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        return WorkloadRandom(seed: mixer.next())
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    public mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// 1...count, most draws near the low end: a few hot customers, devices or products get
    /// most of the traffic, as in real workloads (a power law with exponent `skew`).
    public mutating func skewed(upTo count: Int, skew: Double = 2.0) -> Int {
        min(count, 1 + Int(Double(count) * pow(unit(), skew)))
    }

    public mutating func element<T>(of values: [T]) -> T {
        values[int(in: 0...(values.count - 1))]
    }

    /// An exponentially distributed wait with the given mean (the gaps of a Poisson process).
    public mutating func exponential(mean: Double) -> Double {
        -mean * log(1.0 - unit())
    }
}
