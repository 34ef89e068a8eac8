// The forecaster's only source of randomness: SplitMix64 (Steele, Lea and Flood, 2014), seeded
// by the caller, so training and the synthetic traces replay exactly from one seed. Normal
// draws by Box–Muller, Poisson counts by Knuth's product method (small means) or a rounded
// normal (large means, where the two differ by less than the counts' own noise).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A seeded pseudo-random generator; the same seed always gives the same sequence.
package struct ForecastRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) {
        state = seed
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// Uniform in [0, 1), 53 bits.
    package mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in `range`.
    package mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    /// An integer in `0..<bound` (multiply-high; bias below 2^-32 for the bounds used here).
    package mutating func index(below bound: Int) -> Int {
        precondition(bound > 0, "empty range")
        return Int(UInt64(bound).multipliedFullWidth(by: next()).high)
    }

    /// A standard normal draw.
    package mutating func normal() -> Double {
        let u1 = max(unit(), 0x1.0p-53)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A Poisson count with mean `mean` (≥ 0).
    package mutating func poisson(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 {
            return max(0, Int((mean + mean.squareRoot() * normal()).rounded()))
        }
        let limit = exp(-mean)
        var product = unit()
        var count = 0
        while product > limit {
            count += 1
            product *= unit()
        }
        return count
    }

    /// A generator for one purpose, independent of the others drawn from the same seed.
    package func derived(_ purpose: UInt64) -> ForecastRandom {
        var copy = ForecastRandom(seed: state ^ (purpose &* 0xD6E8_FEB8_6659_FD93))
        _ = copy.next()
        return copy
    }
}
