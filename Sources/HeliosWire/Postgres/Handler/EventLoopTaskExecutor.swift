// A Swift TaskExecutor that runs jobs on a NIO event loop. The connection runs its requests to
// the engine in Tasks that prefer the connection's own event loop, so an engine call that
// answers at once (a cached plan, a sync, a describe) costs no thread hand-off at all, and one
// that works on the engine's worker threads costs two (there and back), the fewest possible.
// It also means engine code reached this way must never block or compute for long on the
// calling thread: WireSession's contract says so.

internal import NIOCore

/// Runs Swift concurrency jobs on one event loop.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
