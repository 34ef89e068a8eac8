// The server's table of connections: it admits them (max_connections), gives each a process ID
// and secret key, routes CancelRequests to the session they name, and reaches every connection
// at shutdown. Connections come and go on many event loops, so the table sits behind a mutex,
// held for a lookup or an update and nothing more (no call into a session under it).

internal import Synchronization

/// All connections of one server.
final class ConnectionRegistry: Sendable {
    struct Entry: Sendable {
        var secretKey: Int32
        var cancelTarget: CancelTarget
        /// Counts against max_connections.
        var isCounted: Bool
        /// Asks the connection to end for shutdown (hops to its event loop).
        var requestShutdown: @Sendable () -> Void
        /// Closes the connection at once.
        var forceClose: @Sendable () -> Void
    }

    private struct State {
        var entries: [Int32: Entry] = [:]
        var countedConnections = 0
        var isShuttingDown = false
    }

    // Guards the table; held for a lookup or an update, never across a call out.
    private let state = Mutex(State())
    let maxConnections: Int

    init(maxConnections: Int) {
        self.maxConnections = maxConnections
    }

    /// Admits a new connection: its admission, process ID and secret key; an accepted one
    /// counts against max_connections from now on. The caller must `register` it, then
    /// `remove` it when it closes.
    func admit() -> (admission: ConnectionStateMachine.Admission, processID: Int32, secretKey: Int32) {
        var random = SystemRandomNumberGenerator()
        return state.withLock { state in
            var processID: Int32
            repeat { processID = Int32.random(in: 1000...Int32.max, using: &random) } while state.entries[processID] != nil
            let secretKey = Int32.random(in: Int32.min...Int32.max, using: &random)
            let admission: ConnectionStateMachine.Admission
            if state.isShuttingDown {
                admission = .shuttingDown
            } else if state.countedConnections >= maxConnections {
                admission = .tooManyConnections
            } else {
                admission = .accepted
                state.countedConnections += 1  // counted now, so that concurrent accepts cannot overshoot
            }
            return (admission, processID, secretKey)
        }
    }

    /// Records an admitted connection; `entry.isCounted` must say whether `admit` counted it.
    func register(processID: Int32, _ entry: Entry) {
        state.withLock { $0.entries[processID] = entry }
    }

    func remove(processID: Int32) {
        state.withLock { state in
            if let entry = state.entries.removeValue(forKey: processID), entry.isCounted {
                state.countedConnections -= 1
            }
        }
    }

    /// Cancels the session with this key; false when none matches.
    @discardableResult
    func cancel(processID: Int32, secretKey: Int32) -> Bool {
        let target: CancelTarget? = state.withLock { state in
            guard let entry = state.entries[processID], entry.secretKey == secretKey else { return nil }
            return entry.cancelTarget
        }
        target?.cancel(.userRequest)
        return target != nil
    }

    var connectionCount: Int { state.withLock { $0.entries.count } }

    /// Refuses new connections from now on and asks every current one to end.
    func beginShutdown() {
        let entries = state.withLock { state in
            state.isShuttingDown = true
            return Array(state.entries.values)
        }
        for entry in entries { entry.requestShutdown() }
    }

    func forceCloseAll() {
        let entries = state.withLock { Array($0.entries.values) }
        for entry in entries { entry.forceClose() }
    }
}
