// The boundary between the wire protocol and the SQL engine, part 3: a running simple query or
// Execute, pulled step by step so that results stream with backpressure. The connection asks
// for the next step only when the client's socket has room, so the engine never runs further
// ahead of the client than one step, and never holds a whole result in memory for it.

public import HeliosCore

/// What a run produced, in order.
public enum QueryEvent: Sendable {
    /// A notice, sent in order with the results.
    case notice(Notice)
    /// The columns of the rows that follow (simple query only), with the formats the rows use.
    case rowDescription([ColumnDescription])
    /// Result rows, already encoded.
    case rows(DataRowBatch)
    /// A statement finished: "SELECT 2", "INSERT 0 1", "COPY 3", "BEGIN", ...
    case commandComplete(String)
    /// The statement was empty (EmptyQueryResponse, in place of a tag).
    case emptyQuery
    /// Execute stopped at its row limit (extended protocol only).
    case portalSuspended
    /// COPY FROM STDIN begins: must be the last event of its step, whose state is
    /// `.awaitingCopyData`. The connection then calls `copyData` for the client's data, then
    /// `copyDone` (and `next` again) or `copyFail`.
    case copyIn(CopyFormat)
    /// COPY TO STDOUT begins; `.copyData` events follow, then `.commandComplete("COPY n")`
    /// (the connection sends CopyDone before it).
    case copyOut(CopyFormat)
    /// COPY TO STDOUT data, one message per row.
    case copyData(CopyDataBatch)
    /// The statement failed; this ends the run (the step's state must be `.finished`).
    case error(DatabaseError)
}

/// A batch of events and where the run stands after them.
public struct QueryStep: Sendable {
    public enum State: Equatable, Sendable {
        /// More to come: the connection calls `next` again when the client has room.
        case more
        /// The last event was `.copyIn`: the connection feeds COPY data.
        case awaitingCopyData
        /// The run is over: after the last statement, an `.error` or a `.portalSuspended`.
        case finished
    }

    public var events: [QueryEvent]
    public var state: State

    public init(events: [QueryEvent], state: State) {
        self.events = events
        self.state = state
    }
}

/// A simple-query message or an Execute, in progress.
///
/// Same threading rules as `WireSession`: one call at a time, arriving on the event loop, so
/// produce each step on the engine's worker threads. A run the connection stops calling (the
/// client went away) is cleaned up by `WireSession.close`.
public protocol QueryRun: AnyObject, Sendable {
    /// Runs until about `rowBudget` rows (the connection's batch size; a hint, but keep to
    /// it) or a natural boundary, and returns what was produced. Must not return an empty
    /// `.more` step over and over.
    func next(rowBudget: Int) async -> QueryStep

    /// COPY FROM STDIN data, in arbitrary chunks: rows may be split anywhere, and several may
    /// arrive in one chunk. Throwing (22P02 for a bad row, ...) fails the COPY: the connection
    /// reports the error, ends the run without calling `next` again, and discards the rest of
    /// the client's COPY data.
    func copyData(_ chunk: [UInt8]) async throws(DatabaseError)

    /// The client ended the COPY data; the connection then calls `next`, whose step reports
    /// the outcome (`.commandComplete("COPY n")` or `.error`) and goes on with the run.
    func copyDone() async

    /// The COPY failed on the client's side (CopyFail, with its message) or broke the protocol:
    /// undo it. The connection reports the error itself (57014 "COPY from stdin failed: ...")
    /// and ends the run without calling `next` again.
    func copyFail(_ reason: String) async
}
