// pg_sleep(seconds): waits, as PostgreSQL's does, in short slices so that a cancel or a
// statement_timeout ends the wait at once with its error instead of after the whole sleep.

public import HeliosCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum SleepFunctions {
    /// The longest stretch slept between two interruption checks.
    static let slice = 0.01

    static let overloads: [FunctionOverload] = [
        FunctionOverload("pg_sleep", [.doublePrecision], .void, volatility: .volatile) { arguments, context throws(DatabaseError) in
            try sleep(seconds: FloatOperators.double(arguments[0]), context: context)
            return .text("")  // void is sent as an empty value, as PostgreSQL sends it
        },
    ]

    /// Sleeps until `seconds` have passed on the monotonic clock; NaN and negative values
    /// return at once, as in PostgreSQL.
    static func sleep(seconds: Double, context: EvaluationContext) throws(DatabaseError) {
        guard seconds > 0 else { return }
        let deadline = ContinuousClock.now + .seconds(min(seconds, 1e12))  // far beyond any wait, within Duration
        while true {
            if let error = context.interruption() { throw error }
            let left = deadline - ContinuousClock.now
            if left <= .zero { return }
            let leftMicroseconds = left.components.seconds * 1_000_000 + left.components.attoseconds / 1_000_000_000_000
            usleep(useconds_t(max(1, min(Int64(slice * 1_000_000), leftMicroseconds))))
        }
    }
}
