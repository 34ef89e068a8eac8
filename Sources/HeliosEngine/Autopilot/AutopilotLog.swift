// The autopilot's memory, one per data directory: every decision (in the store, tree
// `helios.autopilot.decisions`, so the log survives restarts) and each database's latest
// recommendations (in memory: the next pass makes them again). A logger the server installs
// hears of every decision as it is recorded.

public import HeliosCore
public import HeliosStorage
package import Synchronization

package final class AutopilotLog: Sendable {
    private struct State {
        var decisions: [AutopilotDecision] = []
        var recommendations: [ObjectID: [Recommendation]] = [:]
        var logger: (@Sendable (String) -> Void)?
    }

    private let tree: TreeID
    private let state: Mutex<State>

    package init(store: Store) throws(DatabaseError) {
        let txn = try store.beginWrite()
        var loaded: [AutopilotDecision] = []
        do {
            tree = try TransactionManager.tree(named: "helios.autopilot.decisions", in: txn)
            let cursor = try txn.cursor(tree)
            var more = try cursor.first()
            while more {
                loaded.append(try AutopilotDecision.decode(try cursor.value()))
                more = try cursor.next()
            }
            try txn.commit()
        } catch {
            txn.rollback()
            throw error
        }
        state = Mutex(State(decisions: loaded))
    }

    package var decisions: [AutopilotDecision] { state.withLock { $0.decisions } }

    /// The number of catalog changes the autopilot has made (the epoch of its latest one).
    package var epoch: Int64 {
        state.withLock { $0.decisions.filter { $0.status != .failed }.map(\.epoch).max() ?? 0 }
    }

    package func nextID() -> Int64 {
        state.withLock { ($0.decisions.map(\.id).max() ?? 0) + 1 }
    }

    /// Adds `decision`, or replaces the one with its id; durable before it returns.
    package func record(_ decision: AutopilotDecision, store: Store) throws(DatabaseError) {
        let txn = try store.beginWrite()
        do {
            _ = try txn.put(withUnsafeBytes(of: decision.id.bigEndian) { Array($0) }, decision.encoded(), in: tree)
            try txn.commit()
        } catch {
            txn.rollback()
            throw error
        }
        let logger = state.withLock { state in
            if let position = state.decisions.firstIndex(where: { $0.id == decision.id }) {
                state.decisions[position] = decision
            } else {
                state.decisions.append(decision)
            }
            return state.logger
        }
        logger?("autopilot decision \(decision.id) [\(decision.status.rawValue)]: \(decision.statement) — \(decision.reason)")
    }

    package func publish(_ recommendations: [Recommendation], for database: ObjectID) {
        state.withLock { $0.recommendations[database] = recommendations }
    }

    package func recommendations(for database: ObjectID) -> [Recommendation] {
        state.withLock { $0.recommendations[database] ?? [] }
    }

    package func setLogger(_ logger: @escaping @Sendable (String) -> Void) {
        state.withLock { $0.logger = logger }
    }
}

extension Database {
    /// Where the autopilot reports each decision (the server passes its logger).
    public func setAutopilotLogger(_ logger: @escaping @Sendable (String) -> Void) {
        root.autopilotLog.setLogger(logger)
    }
}
