// The vocabulary between the ConnectionStateMachine and its driver: the actions it asks for,
// the requests it sends to the authenticator and the engine, and the answers it expects back.

public import HeliosCore

extension ConnectionStateMachine {
    /// What the handler must do.
    public enum Action: Sendable {
        case send(BackendMessage)
        case sendRows(DataRowBatch)
        case sendCopyData(CopyDataBatch)
        /// The unframed one-byte answer to SSLRequest or GSSENCRequest ('S' or 'N').
        case sendNegotiationByte(UInt8)
        /// Put TLS on the connection now (after 'S' went out).
        case startTLS
        /// Push what was sent so far to the client.
        case flush
        /// Ask the engine (or authenticator); answer with `respond`.
        case perform(BackendRequest)
        /// A CancelRequest: cancel the session with this key, if any.
        case cancelSession(processID: Int32, secretKey: Int32)
        /// Flush and close the connection.
        case close
        /// Something worth logging.
        case log(ConnectionEvent)
    }

    /// Loggable events.
    public enum ConnectionEvent: Equatable, Sendable {
        case authenticated(user: String, database: String, method: String)
        case authenticationFailed(user: String, reason: String)
        case fatal(DatabaseError)
    }

    /// Requests for the authenticator and the session.
    public enum BackendRequest: Equatable, Sendable {
        case lookUpPolicy(user: String, database: String, origin: ConnectionOrigin)
        /// Check a cleartext password (may cost a PBKDF2: run it off the event loop).
        case checkPassword(password: String, user: String, secret: RoleSecret?)
        case openSession(SessionStartup)
        /// Start a simple query and return its first step.
        case simpleQuery(String, rowBudget: Int)
        /// Start an Execute and return its first step.
        case execute(portal: String, maxRows: Int, rowBudget: Int)
        /// The current run's next step.
        case nextStep(rowBudget: Int)
        case copyData([UInt8])
        case copyDone
        case copyFail(String)
        case parse(ParseRequest)
        case bind(BindRequest)
        case describeStatement(String)
        case describePortal(String)
        case closeStatement(String)
        case closePortal(String)
        case sync(errorReported: Bool)
    }

    /// Answers to requests.
    public enum BackendResponse: Sendable {
        case policy(AuthenticationPolicy)
        case passwordChecked(Bool)
        case sessionOpened(reportedParameters: [ServerParameter], notices: [Notice])
        case sessionRefused(DatabaseError)
        case step(QueryStep)
        case copyDataAccepted
        case copyDataRejected(DatabaseError)
        /// copyDone or copyFail returned.
        case copyFinished
        case parsed([Notice])
        case bound([Notice])
        case statementDescribed(StatementDescription)
        case portalDescribed([ColumnDescription]?)
        case closed
        case synced(ReadyState)
        /// parse, bind or a describe failed.
        case failed(DatabaseError)
    }
}
