// The single-writer gate: a write transaction holds it from begin until its commit record is
// appended (or it rolls back). Checkpoints and integrity checks take it briefly to see a
// quiescent committed state. A release wakes one waiter, not all: only one can take the gate.

/// Mutual exclusion for write transactions; may be released by a different thread than took it.
final class WriterGate: Sendable {
    private let lock = ConditionLock(false)

    func acquire() {
        lock.withLock(when: { !$0 }) { $0 = true }
    }

    func release() {
        lock.withLockThenSignal { locked in
            precondition(locked, "releasing a gate that is not held")
            locked = false
        }
    }
}
