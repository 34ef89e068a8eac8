// The NIO side of one connection: feeds decoded frontend messages to the pure
// ConnectionStateMachine and performs the actions it returns, on the channel's event loop,
// never blocking it. Requests for the engine run in a Task on the SessionDriver and come back
// to the event loop with their answer; the Task prefers this event loop as its executor
// (EventLoopTaskExecutor), so a quick answer costs no thread hand-off.
//
// Backpressure, both ways:
//  - output: the next step of a running query is asked for only while the channel is writable,
//    so a slow client holds the engine back instead of filling memory with rows;
//  - input: while the machine's queue is full, reads from the socket are held back.
//
// Timers (authentication, idle session, idle in transaction, statement) live here, since the
// machine has no clock.

internal import HeliosCore
internal import Logging
internal import NIOCore
internal import NIOSSL

/// One PostgreSQL connection in a NIO pipeline, after the FrontendMessageDecoder.
final class PostgresConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = FrontendMessage
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    struct Timeouts {
        var authentication: TimeAmount?
        var idleSession: TimeAmount?
        var idleInTransaction: TimeAmount?
        var statement: TimeAmount?
    }

    private var machine: ConnectionStateMachine
    private let driver: SessionDriver
    private let registry: ConnectionRegistry?
    private let sslContext: NIOSSLContext?
    private let timeouts: Timeouts
    private var logger: Logger

    private var context: ChannelHandlerContext?
    private var taskExecutor: EventLoopTaskExecutor!
    private var pending: ByteBuffer?
    private var isRequestInFlight = false
    /// A nextStep request held back until the channel is writable again.
    private var deferredRequest: ConnectionStateMachine.BackendRequest?
    /// A request is finishing inside its Task, which will perform `pumpedRequest` next.
    private var isPumping = false
    private var pumpedRequest: ConnectionStateMachine.BackendRequest?
    private var isReadPending = false
    private var isSessionClosed = false
    private var authenticationTimer: Scheduled<Void>?
    private var idleTimer: Scheduled<Void>?
    private var statementTimer: Scheduled<Void>?
    /// For the disconnection line: when the connection came, and who it logged in as.
    private let connectedAt = ContinuousClock.now
    private var sessionIdentity: String?

    init(configuration: ConnectionStateMachine.Configuration, driver: SessionDriver, registry: ConnectionRegistry?,
         sslContext: NIOSSLContext?, timeouts: Timeouts, logger: Logger) {
        machine = ConnectionStateMachine(configuration: configuration)
        self.driver = driver
        self.registry = registry
        self.sslContext = sslContext
        self.timeouts = timeouts
        self.logger = logger
        self.logger[metadataKey: "pid"] = "\(configuration.processID)"
        if let address = configuration.clientAddress { self.logger[metadataKey: "client"] = "\(address)" }
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        taskExecutor = EventLoopTaskExecutor(eventLoop: context.eventLoop)
        if let registry {
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            let eventLoop = context.eventLoop
            registry.register(processID: machine.configuration.processID, ConnectionRegistry.Entry(
                secretKey: machine.configuration.secretKey, cancelTarget: driver.cancelTarget,
                isCounted: machine.configuration.admission == .accepted,
                requestShutdown: { eventLoop.execute { handler.value.shutdownRequested() } },
                forceClose: { eventLoop.execute { handler.value.forceClose() } }))
        }
        if let timeout = timeouts.authentication {
            authenticationTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
                self?.authenticationTimedOut()
            }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        // PostgreSQL's log_connections and log_disconnections lines, always on here.
        let port = context.channel.remoteAddress?.port.map { " port=\($0)" } ?? ""
        logger.info("connection received: host=\(machine.configuration.clientAddress ?? "[local]")\(port)")
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        perform(machine.receive(message))
    }

    func channelInactive(context: ChannelHandlerContext) {
        connectionEnded()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? DatabaseError {
            // From the decoder: the stream cannot be framed any more.
            perform(machine.framingError(error))
        } else {
            logger.debug("connection error: \(error)")
            context.close(promise: nil)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, let request = deferredRequest {
            deferredRequest = nil
            start(request)
        }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if machine.wantsMoreInput {
            context.read()
        } else {
            isReadPending = true
        }
    }

    // MARK: Requests from the server

    /// The server is shutting down.
    func shutdownRequested() {
        if isRequestInFlight { driver.cancelTarget.cancel(.serverShutdown) }
        perform(machine.requestShutdown())
    }

    /// Closes at once (end of the shutdown grace period).
    func forceClose() {
        context?.close(promise: nil)
    }

    // MARK: Performing actions

    private func perform(_ actions: [ConnectionStateMachine.Action]) {
        guard let context else { return }
        for action in actions {
            switch action {
            case .send(let message):
                var buffer = takePending(context)
                message.encode(into: &buffer)
                pending = buffer
            case .sendRows(let batch):
                writePending(context)
                context.write(wrapOutboundOut(batch.buffer), promise: nil)
            case .sendCopyData(let batch):
                writePending(context)
                context.write(wrapOutboundOut(batch.buffer), promise: nil)
            case .sendNegotiationByte(let byte):
                var buffer = takePending(context)
                buffer.writeInteger(byte)
                pending = buffer
            case .flush:
                writePending(context)
                context.flush()
            case .startTLS:
                startTLS(context)
            case .perform(let request):
                writePending(context)
                start(request)
            case .cancelSession(let processID, let secretKey):
                let found = registry?.cancel(processID: processID, secretKey: secretKey) ?? false
                logger.info("cancel request for process \(processID): \(found ? "sent" : "no matching session")")
            case .close:
                // Close once the last bytes (a FATAL ErrorResponse, usually) are written.
                // Writes complete in order, so when this one is done, all are.
                let written = context.eventLoop.makePromise(of: Void.self)
                context.write(wrapOutboundOut(takePending(context)), promise: written)
                context.flush()
                written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            case .log(let event):
                log(event)
            }
        }
        writePending(context)
        afterActions(context)
    }

    private func takePending(_ context: ChannelHandlerContext) -> ByteBuffer {
        if let buffer = pending {
            pending = nil
            return buffer
        }
        return context.channel.allocator.buffer(capacity: 256)
    }

    private func writePending(_ context: ChannelHandlerContext) {
        guard let buffer = pending else { return }
        pending = nil
        context.write(wrapOutboundOut(buffer), promise: nil)
    }

    private func startTLS(_ context: ChannelHandlerContext) {
        guard let sslContext else {
            context.close(promise: nil)
            return
        }
        do {
            try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext), position: .first)
        } catch {
            logger.error("could not start TLS: \(error)")
            context.close(promise: nil)
        }
    }

    /// Runs a request on the driver, unless it must wait for writability. Requests run in a
    /// Task on the event loop's executor; while one is finishing, the next request the machine
    /// asks for is handed to that same Task (the "pump") rather than to a new one.
    private func start(_ request: ConnectionStateMachine.BackendRequest) {
        guard let context else { return }
        if case .nextStep = request, !context.channel.isWritable {
            deferredRequest = request
            return
        }
        updateStatementTimer(for: request, context)
        isRequestInFlight = true
        if case .checkPassword = request {
            spawn(request, on: nil)  // a PBKDF2 of milliseconds: never on the event loop
        } else if isPumping {
            pumpedRequest = request
        } else if let response = driver.answerAtOnce(request) {
            answeredAtOnce(response)
        } else {
            spawn(request, on: taskExecutor)
        }
    }

    /// Feeds an answer the session gave at once to the machine, then the answers to the
    /// requests that follow while the session keeps answering at once (Bind, Describe, Sync of a
    /// pipeline), in a loop rather than by recursion; the first that needs the engine's threads
    /// goes to a Task.
    private func answeredAtOnce(_ first: ConnectionStateMachine.BackendResponse) {
        var response = first
        while let next = pumpFinished(response) {
            guard let answer = driver.answerAtOnce(next) else {
                spawn(next, on: taskExecutor)
                return
            }
            response = answer
        }
    }

    private func spawn(_ request: ConnectionStateMachine.BackendRequest, on executor: EventLoopTaskExecutor?) {
        guard let context else { return }
        let driver = self.driver
        let eventLoop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: eventLoop)
        Task(executorPreference: executor) {
            var next: ConnectionStateMachine.BackendRequest? = request
            while let current = next {
                let response = await driver.perform(current)
                if executor != nil, eventLoop.inEventLoop {
                    next = handler.value.pumpFinished(response)
                    // Requests the session answers at once need no trip through the driver.
                    while let immediate = next, let answer = driver.answerAtOnce(immediate) {
                        next = handler.value.pumpFinished(answer)
                    }
                } else {
                    eventLoop.execute { handler.value.requestFinished(response) }
                    next = nil
                }
            }
        }
    }

    /// `requestFinished` from inside a pump; returns the request to perform next, if any.
    private func pumpFinished(_ response: ConnectionStateMachine.BackendResponse) -> ConnectionStateMachine.BackendRequest? {
        isPumping = true
        requestFinished(response)
        isPumping = false
        defer { pumpedRequest = nil }
        return pumpedRequest
    }

    private func requestFinished(_ response: ConnectionStateMachine.BackendResponse) {
        isRequestInFlight = false
        if machine.isClosed {
            closeSession()
            return
        }
        let wasOpen = machine.isSessionOpen
        perform(machine.respond(response))
        if !wasOpen, machine.isSessionOpen { sessionOpened() }
    }

    private func afterActions(_ context: ChannelHandlerContext) {
        if isReadPending, machine.wantsMoreInput {
            isReadPending = false
            context.read()
        }
        if machine.isIdle {
            statementTimer?.cancel()
            statementTimer = nil
            armIdleTimer(context)
        } else {
            idleTimer?.cancel()
            idleTimer = nil
        }
    }

    private func sessionOpened() {
        authenticationTimer?.cancel()
        authenticationTimer = nil
    }

    private func connectionEnded() {
        authenticationTimer?.cancel()
        idleTimer?.cancel()
        statementTimer?.cancel()
        machine.connectionClosed()
        registry?.remove(processID: machine.configuration.processID)
        if isRequestInFlight {
            driver.cancelTarget.cancel(.clientDisconnected)  // the session closes when the request returns
        } else {
            closeSession()
        }
        let elapsed = ContinuousClock.now - connectedAt
        logger.info("disconnection: session time: \(Self.sessionTime(elapsed))\(sessionIdentity.map { " " + $0 } ?? "")")
    }

    private func closeSession() {
        guard !isSessionClosed else { return }
        isSessionClosed = true
        driver.detachSession()
        deferredRequest = nil
        let driver = self.driver
        Task(executorPreference: taskExecutor) { await driver.close() }
    }

    // MARK: Timers

    private func authenticationTimedOut() {
        guard !machine.isSessionOpen, !machine.isClosed else { return }
        logger.info("authentication timed out")
        context?.close(promise: nil)
    }

    private func armIdleTimer(_ context: ChannelHandlerContext) {
        guard idleTimer == nil else { return }
        let timeout = machine.transactionStatus == .idle ? timeouts.idleSession : timeouts.idleInTransaction
        guard let timeout else { return }
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            guard let self else { return }
            self.idleTimer = nil
            self.perform(self.machine.idleTimeoutExpired())
        }
    }

    private func updateStatementTimer(for request: ConnectionStateMachine.BackendRequest, _ context: ChannelHandlerContext) {
        switch request {
        case .simpleQuery, .execute:
            statementTimer?.cancel()
            statementTimer = nil
            if let timeout = timeouts.statement {
                let target = driver.cancelTarget
                statementTimer = context.eventLoop.scheduleTask(in: timeout) { target.cancel(.statementTimeout) }
            }
        case .nextStep, .copyData, .copyDone, .copyFail:
            break
        default:
            statementTimer?.cancel()
            statementTimer = nil
        }
    }

    /// "0:00:01.234", as log_disconnections prints a session's length.
    static func sessionTime(_ elapsed: Duration) -> String {
        let milliseconds = elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let hours = milliseconds / 3_600_000, minutes = milliseconds / 60_000 % 60, seconds = milliseconds / 1_000 % 60
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(hours):\(pad(minutes, 2)):\(pad(seconds, 2)).\(pad(milliseconds % 1_000, 3))"
    }

    private func log(_ event: ConnectionStateMachine.ConnectionEvent) {
        switch event {
        case .authenticated(let user, let database, let method):
            sessionIdentity = "user=\(user) database=\(database)"
            logger.info("connection authorized: user=\(user) database=\(database) method=\(method)")
        case .authenticationFailed(let user, let reason):
            logger.warning("authentication failed for user \"\(user)\": \(reason)")
        case .fatal(let error):
            logger.info("FATAL \(error.state.code): \(error.message)")  // protocol violations included
        }
    }
}
