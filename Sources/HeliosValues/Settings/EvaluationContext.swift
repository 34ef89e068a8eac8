// What a function needs besides its arguments: the session settings, the clock (transaction,
// statement and wall-clock time, all passed in so that a run can be replayed), and the random
// number generator behind random() and setseed(), which is PostgreSQL's own (xoroshiro128**
// seeded through splitmix64), so the same seed gives the same numbers as PostgreSQL.

public import HeliosCore

/// The per-statement environment of expression evaluation.
///
/// Not Sendable: one statement uses it on one thread; `random()` and `setseed()` mutate it.
public final class EvaluationContext {
    public var settings: SessionSettings
    /// statement_timestamp(): microseconds since 2000-01-01 UTC.
    public var statementTimestamp: Int64
    /// clock_timestamp() and timeofday(): the current wall-clock time.
    public var clock: () -> Int64
    public var random: PostgresRandom
    /// The source of gen_random_uuid()'s bits.
    public var uuidBits: () -> (UInt64, UInt64)
    /// The error a cancel or timeout asked the statement to stop with, if any: long waits
    /// inside a function (pg_sleep) check it, as operators do between rows.
    public var interruption: () -> DatabaseError? = { nil }

    public init(settings: SessionSettings = .standard, statementTimestamp: Int64? = nil, clock: (() -> Int64)? = nil,
                random: PostgresRandom = PostgresRandom(seed: 0), uuidBits: (() -> (UInt64, UInt64))? = nil) {
        self.settings = settings
        self.statementTimestamp = statementTimestamp ?? settings.transactionTimestamp
        let fixed = statementTimestamp ?? settings.transactionTimestamp
        self.clock = clock ?? { fixed }
        self.random = random
        self.uuidBits = uuidBits ?? {
            var generator = SystemRandomNumberGenerator()
            return (generator.next(), generator.next())
        }
    }

    /// transaction_timestamp(), now(), CURRENT_TIMESTAMP.
    public var transactionTimestamp: Int64 { settings.transactionTimestamp }
}

/// PostgreSQL's pg_prng: xoroshiro128** with splitmix64 seeding.
public struct PostgresRandom: Sendable {
    private var state0: UInt64
    private var state1: UInt64

    /// Seeded like pg_prng_seed.
    public init(seed: UInt64) {
        var seed = seed
        state0 = PostgresRandom.splitmix64(&seed)
        state1 = PostgresRandom.splitmix64(&seed)
        if state0 == 0 && state1 == 0 { state0 = 0x5851_F42D_4C95_7F2D }
    }

    /// Seeded like setseed(value), value in [-1, 1] (pg_prng_fseed).
    public init(fraction: Double) {
        let seed = Int64(Double((UInt64(1) << 52) - 1) * fraction)
        self.init(seed: UInt64(bitPattern: seed))
    }

    private static func splitmix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    private static func rotateLeft(_ value: UInt64, _ bits: UInt64) -> UInt64 {
        (value << bits) | (value >> (64 - bits))
    }

    /// The next 64 random bits (xoroshiro128**).
    public mutating func next() -> UInt64 {
        let s0 = state0
        let sx = state1 ^ s0
        let value = PostgresRandom.rotateLeft(s0 &* 5, 7) &* 9
        state0 = PostgresRandom.rotateLeft(s0, 24) ^ sx ^ (sx << 16)
        state1 = PostgresRandom.rotateLeft(sx, 37)
        return value
    }

    /// A double in [0, 1) with 52 random bits (pg_prng_double).
    public mutating func nextDouble() -> Double {
        Double(next() >> 12) * 0x1p-52
    }
}
