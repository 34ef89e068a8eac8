// Timing with the monotonic clock: wall-clock time can jump (NTP, an operator), the monotonic
// clock never goes backwards.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Readings of CLOCK_MONOTONIC.
enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point.
    static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Runs `body` and returns its result with the seconds it took.
    static func measure<Result>(_ body: () throws -> Result) rethrows -> (result: Result, seconds: Double) {
        let start = nanoseconds()
        let result = try body()
        return (result, Double(nanoseconds() - start) / 1e9)
    }
}
