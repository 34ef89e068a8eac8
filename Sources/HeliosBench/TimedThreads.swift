// Concurrent workers for the timed figures: plain OS threads (the storage engine blocks in
// fsync, so they must not run on the cooperative pool), all working until one deadline.

import HeliosStorage
import Synchronization

/// Runs the same timed loop on several threads at once.
enum TimedThreads {
    /// Starts `threadCount` threads; thread `index` runs `body(index, deadline)`, which should
    /// work until the monotonic clock passes `deadline` (nanoseconds) and return the operations
    /// it completed. Returns their sum and the seconds from start until the last thread ended;
    /// rethrows the first error a thread threw.
    static func run(
        threadCount: Int, seconds: Double,
        _ body: @escaping @Sendable (_ index: Int, _ deadline: UInt64) throws -> Int
    ) throws -> (operations: Int, seconds: Double) {
        precondition(threadCount > 0 && seconds > 0, "nothing to run")
        let outcomes = Outcomes()
        let start = MonotonicClock.nanoseconds()
        let deadline = start + UInt64(seconds * 1e9)
        let threads = (0..<threadCount).map { index in
            BackgroundThread(name: "bench worker \(index)") {
                let outcome = Result { try body(index, deadline) }
                outcomes.results.withLock { $0.append(outcome) }
            }
        }
        for thread in threads { thread.join() }
        let elapsed = Double(MonotonicClock.nanoseconds() - start) / 1e9
        var operations = 0
        for outcome in outcomes.results.withLock({ $0 }) {
            operations += try outcome.get()
        }
        return (operations, elapsed)
    }

    private final class Outcomes: Sendable {
        let results = Mutex<[Result<Int, any Error>]>([])
    }
}
