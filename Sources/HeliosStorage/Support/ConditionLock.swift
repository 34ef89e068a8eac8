// A mutex with a condition variable, for the few places where a thread must sleep until another
// changes shared state (group commit waiters, the single-writer gate, page loads in progress).
// Synchronization.Mutex has no condition variable, so this wraps pthreads directly.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Guards a value of type `State`; `wait` sleeps until another thread calls `broadcast`.
/// @unchecked Sendable: `state` is only touched while `mutex` is held.
package final class ConditionLock<State>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var state: State

    package init(_ initial: State) {
        state = initial
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Runs `body` with the lock held.
    package func withLock<Result, Failure: Error>(
        _ body: (inout State) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }

    /// Waits, with the lock held around each check, until `isReady` is true; then runs `body`.
    package func withLock<Result, Failure: Error>(
        when isReady: (borrowing State) -> Bool,
        _ body: (inout State) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !isReady(state) { pthread_cond_wait(condition, mutex) }
        return try body(&state)
    }

    /// Runs `body` with the lock held, then wakes every waiter so it re-checks its condition.
    package func withLockThenBroadcast<Result, Failure: Error>(
        _ body: (inout State) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer {
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }
        return try body(&state)
    }

    /// Runs `body` with the lock held, then wakes one waiter: for conditions any single waiter
    /// can consume (a free gate), where waking all would only make the rest sleep again.
    package func withLockThenSignal<Result, Failure: Error>(
        _ body: (inout State) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer {
            pthread_cond_signal(condition)
            pthread_mutex_unlock(mutex)
        }
        return try body(&state)
    }

    /// Like `withLock(when:)`, but gives up waiting after `seconds`; `body` learns whether the
    /// condition held.
    package func withLock<Result, Failure: Error>(
        when isReady: (borrowing State) -> Bool, timeout seconds: Double,
        _ body: (inout State, Bool) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nanoseconds = Int(now.tv_nsec) + Int(seconds * 1e9)
        var deadline = timespec(tv_sec: now.tv_sec + nanoseconds / 1_000_000_000, tv_nsec: nanoseconds % 1_000_000_000)
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !isReady(state) {
            if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT { break }
        }
        return try body(&state, isReady(state))
    }
}
