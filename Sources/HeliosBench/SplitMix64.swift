// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fast generator with a 64-bit state. The
// benchmark seeds it with fixed values, so every run asks both engines for the same keys and
// writes the same values, and their answers can be compared.

/// A seeded pseudo-random generator; the same seed always gives the same sequence.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A number in `0..<bound`, by multiply-high (Lemire); its bias is below 2^-32 for the
    /// bounds used here, far too small to matter for a benchmark.
    mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "empty range")
        return bound.multipliedFullWidth(by: next()).high
    }
}
