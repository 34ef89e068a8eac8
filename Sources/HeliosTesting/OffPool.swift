// Runs blocking work (a blocking client waiting on a socket, a child process waited for) on a
// thread of its own. Swift Testing runs tests on the cooperative pool, which has one thread
// per core: a test that blocks there holds a thread every async test needs, and on a 2-core
// machine two such tests starve the rest of the suite (async servers' tests then time out).

import Foundation

/// The result of `body`, run on a new thread while the calling task is suspended.
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do {
                continuation.resume(returning: try body())
            } catch {
                continuation.resume(throwing: error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
