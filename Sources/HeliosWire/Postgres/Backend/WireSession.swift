// The boundary between the wire protocol and the SQL engine, part 2: one session's work. This
// is the contract the engine implements; the connection (ConnectionStateMachine) drives it.

public import HeliosCore

/// Why a session is asked to cancel what it is doing.
public enum CancelReason: Equatable, Sendable {
    /// A CancelRequest with this session's key (psql's Ctrl-C, asyncpg timeouts...):
    /// 57014 "canceling statement due to user request".
    case userRequest
    /// The server's statement timeout: 57014 "canceling statement due to statement timeout".
    case statementTimeout
    /// The client went away; nobody will read the answer. Stop as soon as possible.
    case clientDisconnected
    /// The server is shutting down: 57P01 "terminating connection due to administrator command".
    case serverShutdown
}

/// The state reported by ReadyForQuery, and settings that changed since the last report.
public struct ReadyState: Equatable, Sendable {
    public var transactionStatus: TransactionStatus
    /// ParameterStatus to send before ReadyForQuery: reported settings (see ServerParameter)
    /// whose value changed since the last report, e.g. after `SET application_name = 'x'`.
    public var changedParameters: [ServerParameter]
    /// The implicit transaction's commit failed (an I/O error): sent as an ErrorResponse before
    /// ReadyForQuery, as PostgreSQL does, so the client does not take its work for durable.
    public var error: DatabaseError?

    public init(transactionStatus: TransactionStatus, changedParameters: [ServerParameter] = [], error: DatabaseError? = nil) {
        self.transactionStatus = transactionStatus
        self.changedParameters = changedParameters
        self.error = error
    }
}

/// One client session inside the engine.
///
/// ## Threading
/// The connection calls at most one method at a time and waits for it to return before
/// calling the next (`cancel` excepted: it comes from any thread, at any time). Calls arrive
/// in a Task that runs on the connection's event loop (its executor preference), so that an
/// answer ready at once costs no thread hand-off. Hence the rule: return quickly, or move the
/// work to the engine's worker threads (e.g. `await withCheckedContinuation { pool.run { ... } }`)
/// and resume when done. Never block the calling thread (disk I/O, locks held long, fsync) and
/// never compute for long on it (parsing and planning a large statement, executing a query):
/// every other connection on that event loop would wait.
///
/// ## Statements and portals
/// The engine owns prepared statements and portals, as PostgreSQL does, since SQL's PREPARE,
/// EXECUTE, DEALLOCATE, DECLARE, FETCH and CLOSE reach the same objects (psycopg 3 describes a
/// cursor made by DECLARE as a portal). The empty name is the unnamed statement or portal: a
/// Parse or Bind to it replaces the old one; a named one must not exist yet (42P05 for
/// statements, 42P03 for portals). Named statements live until closed or the session ends;
/// portals die at the end of their transaction (unless holdable). A simple query also
/// drops the unnamed statement and portal.
///
/// ## Transactions
/// Without BEGIN, the work between two `sync` calls is one implicit transaction: all the
/// statements of a simple-query message, or all messages up to a Sync. `sync` ends it.
/// After an error inside a block, statements fail with 25P02 until ROLLBACK (COMMIT there
/// answers the tag ROLLBACK).
///
/// ## Errors
/// Errors are `DatabaseError`s with PostgreSQL's SQLSTATE and message; `position` counts
/// characters (not bytes) from 1 in the whole text the client sent (the simple-query message
/// or the Parse), as psql's caret expects. Throwing from parse, bind or a describe fails that
/// message: the connection reports it and skips to Sync.
public protocol WireSession: AnyObject, Sendable {
    /// Starts a simple-query message, which may hold any number of statements (or none: the
    /// run then yields `.emptyQuery`). The run yields, per statement, `.rowDescription` (for
    /// statements that return rows, even zero rows), `.rows`, and `.commandComplete(tag)`, or
    /// the COPY events; an `.error` ends the run and skips the remaining statements.
    func simpleQuery(_ text: String) async -> any QueryRun

    /// Parse: prepares `request.query` (one statement, else 42601 "cannot insert multiple
    /// commands into a prepared statement") under `request.statementName`. Type OIDs of 0, and
    /// parameters beyond those given, are inferred (42P18 when they cannot be).
    /// Returns notices raised while parsing, usually none.
    func parse(_ request: ParseRequest) async throws(DatabaseError) -> [Notice]

    /// Describe S: the statement's parameter types (inferred ones resolved) and its result
    /// columns, or nil when it returns no rows (the client then gets NoData). Column formats
    /// are ignored: a statement's description always says text. 26000 for an unknown name.
    func describeStatement(named name: String) async throws(DatabaseError) -> StatementDescription

    /// Bind: creates portal `request.portalName` from a statement and parameter values.
    /// Checks the value count (08P01 "bind message supplies 1 parameters, but prepared
    /// statement \"s\" requires 2"), decodes the values (22P02 and friends for bad text, 22P03
    /// for bad binary), checks `request.resultFormats` against the column count (08P01).
    /// 26000 for an unknown statement; 25P02 in a failed transaction.
    func bind(_ request: BindRequest) async throws(DatabaseError) -> [Notice]

    /// Describe P: the portal's result columns with the formats given at Bind, or nil when it
    /// returns no rows. 34000 `portal "x" does not exist`.
    func describePortal(named name: String) async throws(DatabaseError) -> [ColumnDescription]?

    /// Execute: runs (or continues) a portal, returning at most `maxRows` rows (0: all). The
    /// run yields `.rows` and ends with `.commandComplete(tag)`, `.emptyQuery` (for an empty
    /// statement), `.portalSuspended` (exactly `maxRows` rows were returned: say so without
    /// looking ahead, as PostgreSQL does; the next Execute continues and may return no row and
    /// "SELECT 0"), or `.error`. It never yields `.rowDescription` (that is Describe's job; one
    /// would be dropped). DML runs to completion at its first Execute whatever the limit.
    /// 34000 for an unknown portal, as an `.error` event.
    func execute(portal name: String, maxRows: Int) async -> any QueryRun

    /// Close S: drops a prepared statement; an unknown name is not an error.
    func closeStatement(named name: String) async
    /// Close P: drops a portal; an unknown name is not an error.
    func closePortal(named name: String) async

    /// Ends a unit of work: called after every simple-query message (once its run finished)
    /// and for every Sync message. Commits the implicit transaction, if one is open and
    /// nothing failed; rolls it back if `errorReported` (an error was sent to the client since
    /// the last sync, whether the engine or the wire layer raised it — a wire-level error,
    /// say a Bind with an invalid format code, is known only through this flag; inside a
    /// transaction block it must put the block in the failed state, as any error does).
    /// Returns the status for ReadyForQuery and any reported settings that changed, and the
    /// error of a commit that failed here (sent before ReadyForQuery).
    func sync(errorReported: Bool) async -> ReadyState

    /// Asks the statement running now to stop with the error `reason` names. Called from any
    /// thread, at any time, possibly while another method runs; must return at once. A cancel
    /// that finds no statement running is dropped, as in PostgreSQL.
    func cancel(_ reason: CancelReason)

    /// The connection is gone (Terminate, disconnect, shutdown): roll back any open
    /// transaction and release everything. Called once, last, after any running call returned.
    func close() async

    /// Answers a bind, describePortal, closeStatement, closePortal or sync request at once,
    /// synchronously on the connection's event loop, or returns nil to have it performed through
    /// the async method above. The answer must be the one that method would give, and finding
    /// it must need no I/O and no long computation (the threading rule above, strictly: there is
    /// no suspension point to move work elsewhere). It saves the Task and executor hops of an
    /// async call, a good part of a short statement's cost. Called under the same one-call-at-a-
    /// time rule as the other methods. The default answers nothing at once.
    func answerAtOnce(_ request: ConnectionStateMachine.BackendRequest) -> ConnectionStateMachine.BackendResponse?
}

extension WireSession {
    public func answerAtOnce(_ request: ConnectionStateMachine.BackendRequest) -> ConnectionStateMachine.BackendResponse? {
        nil
    }
}
