// The PostgreSQL protocol of one connection as a pure state machine: frontend messages and
// the answers of the engine go in, actions come out (messages to send, requests for the
// engine, TLS, close). It owns no socket, no session and no clock, so every flow is testable
// without either, and the NIO handler (PostgresConnectionHandler) is a thin loop that performs
// the actions on its event loop.
//
// One request to the engine is in flight at a time; messages that arrive meanwhile wait in a
// bounded queue (the handler stops reading from the socket while it is full), so a pipelining
// client (pgjdbc, asyncpg executemany) is served in order.
//
// Invariants:
//  1. At most one `.perform` request is outstanding; `respond` is called once for each.
//  2. Messages are handled in arrival order; none is handled while a request is outstanding.
//  3. After `.close`, no further action is produced.
//  4. Every ErrorResponse sent after the session opened sets `errorSinceSync`, so the next
//     `sync` tells the engine an error was reported.

public import HeliosCore
internal import NIOCore

/// One connection's protocol state.
public struct ConnectionStateMachine {
    /// Facts about the connection fixed when it is accepted.
    public struct Configuration: Sendable {
        /// TLS is configured: answer 'S' to SSLRequest.
        public var tlsAvailable: Bool
        public var admission: Admission
        /// This session's BackendKeyData.
        public var processID: Int32
        public var secretKey: Int32
        public var clientAddress: String?
        /// The salt of an MD5 challenge (4 bytes, random).
        public var md5Salt: [UInt8]
        /// The server's part of the SCRAM nonce (random, printable, no ',').
        public var scramServerNonce: String
        /// A per-server secret from which mock SCRAM salts for unknown roles are derived.
        public var mockSaltSecret: [UInt8]
        /// Rows asked of the engine per step.
        public var rowBudget: Int

        public init(tlsAvailable: Bool = false, admission: Admission = .accepted, processID: Int32,
                    secretKey: Int32, clientAddress: String? = nil, md5Salt: [UInt8], scramServerNonce: String,
                    mockSaltSecret: [UInt8], rowBudget: Int = 256) {
            self.tlsAvailable = tlsAvailable
            self.admission = admission
            self.processID = processID
            self.secretKey = secretKey
            self.clientAddress = clientAddress
            self.md5Salt = md5Salt
            self.scramServerNonce = scramServerNonce
            self.mockSaltSecret = mockSaltSecret
            self.rowBudget = rowBudget
        }

        /// Random salts and nonces from the system's generator.
        public static func withFreshSecrets(tlsAvailable: Bool, admission: Admission, processID: Int32,
                                            secretKey: Int32, clientAddress: String?, mockSaltSecret: [UInt8],
                                            rowBudget: Int) -> Configuration {
            var random = SystemRandomNumberGenerator()
            let salt = (0..<4).map { _ in UInt8.random(in: 0...255, using: &random) }
            let nonce = Base64.encode((0..<18).map { _ in UInt8.random(in: 0...255, using: &random) })
            return Configuration(tlsAvailable: tlsAvailable, admission: admission, processID: processID,
                                 secretKey: secretKey, clientAddress: clientAddress, md5Salt: salt,
                                 scramServerNonce: nonce, mockSaltSecret: mockSaltSecret, rowBudget: rowBudget)
        }
    }

    /// Whether the server takes this connection (PostgreSQL's canAcceptConnections).
    public enum Admission: Equatable, Sendable {
        case accepted
        /// More connections than max_connections: FATAL 53300 after the startup packet.
        case tooManyConnections
        /// Shutting down: FATAL 57P03.
        case shuttingDown
    }

    enum Phase {
        case startup(sslDone: Bool, gssDone: Bool)
        case lookingUpPolicy(Login)
        case awaitingPassword(Login, PasswordChallenge)
        case checkingPassword(Login)
        case awaitingSASL(Login, SCRAMServerExchange, expectsInitialResponse: Bool, expectsClientFirst: Bool)
        case openingSession(Login)
        case session
        case closed
    }

    /// What authentication knows of the user.
    struct Login {
        var user: String
        var database: String
        var settings: [StartupParameter]
        /// An error in the startup settings, reported (FATAL) after authentication, as
        /// PostgreSQL reports bad GUCs only once the user is known.
        var settingsError: DatabaseError?
        var policy: AuthenticationPolicy?
    }

    enum PasswordChallenge {
        case cleartext
        case md5(salt: [UInt8])
    }

    /// The query-cycle state.
    struct Session {
        var activity = Activity.idle
        /// After an error in an extended-query message: drop everything up to Sync.
        var skippingToSync = false
        var errorSinceSync = false
        var transactionStatus = TransactionStatus.idle
    }

    enum Activity {
        case idle
        /// A request producing a run step is outstanding.
        case running(RunContext)
        /// COPY FROM STDIN: waiting for the client's data.
        case copyingIn(RunContext)
        /// A copyData request is outstanding.
        case sendingCopyData(RunContext)
        /// A copyDone request is outstanding.
        case finishingCopy(RunContext)
        /// A copyFail request is outstanding; then report this error, and end the connection
        /// if the client's messages can no longer be trusted to be in step.
        case failingCopy(RunContext, DatabaseError, losesSynchronization: Bool)
        /// parse, bind, describe or close is outstanding.
        case calling
        case syncing
    }

    struct RunContext {
        var isSimpleQuery: Bool
        var isCopyingOut = false
    }

    public let configuration: Configuration
    var phase: Phase = .startup(sslDone: false, gssDone: false)
    var session = Session()
    var queue = CircularBuffer<FrontendMessage>()
    public internal(set) var queuedByteCount = 0
    var usesTLS = false
    var shutdownRequested = false

    /// The queue holds at most this much before the handler stops reading.
    public static let queueByteLimit = 1 << 20
    public static let queueMessageLimit = 4096
    /// CopyData messages are joined up to this size before they go to the engine.
    public static let copyChunkByteLimit = 1 << 20

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    // MARK: Inputs

    /// A message from the client.
    public mutating func receive(_ message: FrontendMessage) -> [Action] {
        if case .closed = phase { return [] }
        queue.append(message)
        queuedByteCount += message.approximateByteCount
        var actions: [Action] = []
        processQueue(&actions)
        return actions
    }

    /// The answer to the outstanding request.
    public mutating func respond(_ response: BackendResponse) -> [Action] {
        var actions: [Action] = []
        switch phase {
        case .closed: return []
        case .session: handleSessionResponse(response, &actions)
        default: handleAuthenticationResponse(response, &actions)
        }
        processQueue(&actions)
        return actions
    }

    /// The server is shutting down: end the session at the next point where it is idle
    /// (the handler also cancels the running statement).
    public mutating func requestShutdown() -> [Action] {
        shutdownRequested = true
        var actions: [Action] = []
        processQueue(&actions)
        return actions
    }

    /// An idle timeout fired; ends the session if it is still idle.
    public mutating func idleTimeoutExpired() -> [Action] {
        guard isIdle else { return [] }
        let error = session.transactionStatus == .idle
            ? DatabaseError(WireSQLState.idleSessionTimeout, "terminating connection due to idle-session timeout")
            : DatabaseError(WireSQLState.idleInTransactionSessionTimeout,
                            "terminating connection due to idle-in-transaction timeout")
        var actions: [Action] = []
        fatal(error, &actions)
        return actions
    }

    /// The connection is gone; nothing more will be sent.
    public mutating func connectionClosed() {
        phase = .closed
        queue.removeAll()
        queuedByteCount = 0
    }

    /// The decoder could not frame the client's bytes: FATAL, close.
    public mutating func framingError(_ error: DatabaseError) -> [Action] {
        guard !isClosed else { return [] }
        var actions: [Action] = []
        fatal(error, &actions)  // logged as the FATAL it is
        return actions
    }

    // MARK: State seen by the handler

    /// The session is open and waiting for the client, with nothing queued or outstanding.
    public var isIdle: Bool {
        guard case .session = phase, case .idle = session.activity else { return false }
        return queue.isEmpty
    }

    public var isSessionOpen: Bool {
        if case .session = phase { return true }
        return false
    }

    public var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    public var transactionStatus: TransactionStatus { session.transactionStatus }

    /// Whether the handler should read more from the socket.
    public var wantsMoreInput: Bool {
        queuedByteCount < Self.queueByteLimit && queue.count < Self.queueMessageLimit
    }

    /// A request is outstanding.
    var isWaiting: Bool {
        switch phase {
        case .lookingUpPolicy, .checkingPassword, .openingSession: return true
        case .session:
            switch session.activity {
            case .idle, .copyingIn: return false
            default: return true
            }
        default: return false
        }
    }

    // MARK: The loop

    mutating func processQueue(_ actions: inout [Action]) {
        while !isWaiting {
            if case .closed = phase { return }
            if shutdownRequested && !isInCopy {
                terminateForShutdown(&actions)
                return
            }
            guard let message = queue.popFirst() else { return }
            queuedByteCount -= message.approximateByteCount
            switch phase {
            case .startup(let sslDone, let gssDone):
                handleStartupPacket(message, sslDone: sslDone, gssDone: gssDone, &actions)
            case .awaitingPassword(let login, let challenge):
                handlePasswordMessage(message, login: login, challenge: challenge, &actions)
            case .awaitingSASL(let login, let exchange, let expectsInitial, let expectsFirst):
                handleSASLMessage(message, login: login, exchange: exchange, expectsInitialResponse: expectsInitial,
                                  expectsClientFirst: expectsFirst, &actions)
            case .session:
                handleSessionMessage(message, &actions)
            case .lookingUpPolicy, .checkingPassword, .openingSession, .closed:
                preconditionFailure("invariant 2: no message is handled while a request is outstanding")
            }
        }
    }

    private var isInCopy: Bool {
        if case .session = phase, case .copyingIn = session.activity { return true }
        return false
    }

    private mutating func terminateForShutdown(_ actions: inout [Action]) {
        if case .session = phase {
            fatal(DatabaseError(.adminShutdown, "terminating connection due to administrator command"), &actions)
        } else {
            fatal(DatabaseError(.cannotConnectNow, "the database system is shutting down"), &actions)
        }
    }

    /// Sends a FATAL error and closes.
    mutating func fatal(_ error: DatabaseError, _ actions: inout [Action]) {
        actions.append(.log(.fatal(error)))
        actions.append(.send(.errorResponse(.fatal(error))))
        close(&actions)
    }

    mutating func close(_ actions: inout [Action]) {
        actions.append(.close)
        phase = .closed
        queue.removeAll()
        queuedByteCount = 0
    }
}

extension FrontendMessage {
    /// The type byte of a regular message (0 for startup packets).
    public var typeCode: UInt8 {
        switch self {
        case .sslRequest, .gssEncryptionRequest, .cancelRequest, .startup: 0
        case .authenticationResponse: PasswordMessage.typeCode
        case .query: QueryMessage.typeCode
        case .parse: ParseMessage.typeCode
        case .bind: BindMessage.typeCode
        case .describe: DescribeMessage.typeCode
        case .execute: ExecuteMessage.typeCode
        case .close: CloseMessage.typeCode
        case .sync: SyncMessage.typeCode
        case .flush: FlushMessage.typeCode
        case .terminate: TerminateMessage.typeCode
        case .copyData: CopyData.typeCode
        case .copyDone: CopyDone.typeCode
        case .copyFail: CopyFailMessage.typeCode
        case .functionCall: FunctionCallMessage.typeCode
        case .malformed(let typeCode, _): typeCode
        }
    }
}
