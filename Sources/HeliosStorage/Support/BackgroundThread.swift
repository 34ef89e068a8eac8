// A plain OS thread for background work that does file I/O (checkpoints, log syncs), which must
// not run on the cooperative thread pool or an event loop.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a closure on a new detached-but-joinable thread.
package final class BackgroundThread: @unchecked Sendable {  // `thread` is set once, before use
    private var thread = pthread_t()

    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts `body` on a new thread.
    package init(name: String, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let result = pthread_create(&thread, nil, { context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        precondition(result == 0, "could not start thread \(name): errno \(result)")
    }

    /// Waits for the thread to end.
    package func join() {
        pthread_join(thread, nil)
    }
}
