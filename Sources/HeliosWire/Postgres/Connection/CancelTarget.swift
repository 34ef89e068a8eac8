// The handle through which a CancelRequest (arriving on another connection, on another event
// loop), a timeout or a shutdown reaches a session, without waiting for its connection.

internal import Synchronization

/// A session to cancel, once there is one.
public final class CancelTarget: Sendable {
    // The session is set once it opens and cleared when it closes; the mutex guards only
    // that reference, never the call to cancel.
    private let session = Mutex<(any WireSession)?>(nil)

    public init() {}

    func attach(_ newSession: any WireSession) { session.withLock { $0 = newSession } }

    func detach() { session.withLock { $0 = nil } }

    /// Forwards to `WireSession.cancel`; does nothing before the session opened or after it closed.
    public func cancel(_ reason: CancelReason) {
        let current = session.withLock { $0 }
        current?.cancel(reason)
    }
}
