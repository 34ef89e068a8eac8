// The single-writer gate: a write transaction holds it from begin until its commit record is
// appended (or it rolls back). Checkpoints and integrity checks take it briefly to see a
// quiescent committed state.
//
// First come, first served (a ticket lock): a writer that releases the gate and at once asks
// for it again — an online index build filling its tree chunk after chunk, a COPY committing
// between chunks — queues behind those already waiting instead of taking it back before they
// wake. (An unfair gate let one chunked build hold off an INSERT for 550 ms.)

/// Mutual exclusion for write transactions, in arrival order; may be released by a different
/// thread than took it.
package final class WriterGate: Sendable {
    private struct Tickets {
        /// The ticket the next arrival takes.
        var next: UInt64 = 0
        /// The ticket that holds the gate (or may take it now).
        var serving: UInt64 = 0
    }

    private let lock = ConditionLock(Tickets())

    package init() {}

    package func acquire() {
        let ticket = lock.withLock { tickets in
            defer { tickets.next += 1 }
            return tickets.next
        }
        lock.withLock(when: { $0.serving == ticket }) { _ in }
    }

    package func release() {
        // Every waiter re-checks; only the next ticket goes on (writers waiting are few).
        lock.withLockThenBroadcast { tickets in
            precondition(tickets.serving < tickets.next, "releasing a gate that is not held")
            tickets.serving += 1
        }
    }

    /// Writers waiting for the gate (tests).
    package var waiting: Int {
        lock.withLock { Int($0.next - $0.serving) - ($0.next > $0.serving ? 1 : 0) }
    }
}
