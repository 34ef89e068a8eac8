// The PostgreSQL server: listens on a TCP port, runs one PostgresConnectionHandler per
// connection, and shuts down gracefully (stop accepting, end each session, wait, then close
// what is left). The SQL engine comes in as a WireBackend, authentication as an Authenticator.
//
// Pipeline of a connection:  [NIOSSLServerHandler, after SSLRequest]
//                            → ByteToMessageHandler(FrontendMessageDecoder)
//                            → PostgresConnectionHandler

internal import HeliosCore
public import Logging
public import NIOCore
internal import NIOPosix
internal import NIOSSL
internal import Synchronization

/// A PostgreSQL-protocol server over a WireBackend.
public final class WireServer: Sendable {
    public let configuration: WireServerConfiguration
    private let backend: any WireBackend
    private let authenticator: any Authenticator
    private let logger: Logger
    private let group: any EventLoopGroup
    private let registry: ConnectionRegistry
    private let sslContext: NIOSSLContext?
    private let mockSaltSecret: [UInt8]
    // Set once by start, read by shutdown and port.
    private let serverChannel = Mutex<(any Channel)?>(nil)

    /// - Throws: a DatabaseError (58P01) when the TLS certificate or key cannot be loaded.
    public init(configuration: WireServerConfiguration, backend: any WireBackend, authenticator: any Authenticator,
                logger: Logger = Logger(label: "heliosdb.wire"), eventLoopGroup: (any EventLoopGroup)? = nil) throws {
        self.configuration = configuration
        self.backend = backend
        self.authenticator = authenticator
        self.logger = logger
        group = eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
        registry = ConnectionRegistry(maxConnections: configuration.maxConnections)
        var random = SystemRandomNumberGenerator()
        mockSaltSecret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
        if let certificatePath = configuration.tlsCertificatePath, let keyPath = configuration.tlsPrivateKeyPath {
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(certificatePath).map { NIOSSLCertificateSource.certificate($0) }
                let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
                let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
                sslContext = try NIOSSLContext(configuration: tls)
            } catch {
                throw DatabaseError(.undefinedFile, "could not load TLS certificate \"\(certificatePath)\" or key \"\(keyPath)\"",
                                    detail: "\(error)")
            }
        } else {
            sslContext = nil
        }
    }

    /// Starts listening; returns the address bound.
    @discardableResult
    public func start() async throws -> SocketAddress {
        if serverChannel.withLock({ $0 != nil }) {
            throw DatabaseError(.objectNotInPrerequisiteState, "the server is already started")
        }
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .childChannelInitializer { [self] channel in configureConnection(channel) }
        let channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        serverChannel.withLock { $0 = channel }
        let address = channel.localAddress!  // a bound socket has one
        logger.info("listening on \(address)")
        return address
    }

    /// The port bound, once started.
    public var port: Int? { serverChannel.withLock { $0?.localAddress?.port } }

    /// Connections open now (any phase).
    public var connectionCount: Int { registry.connectionCount }

    /// Stops accepting, asks every session to end (FATAL 57P01 once idle; running statements
    /// are cancelled), waits up to the grace period, then closes what is left.
    public func shutdown() async {
        let channel = serverChannel.withLock { $0 }
        try? await channel?.close()
        registry.beginShutdown()
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.shutdownGracePeriod
        while registry.connectionCount > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if registry.connectionCount > 0 {
            logger.warning("closing \(registry.connectionCount) connections still open after the grace period")
            registry.forceCloseAll()
            while registry.connectionCount > 0, clock.now < deadline + .seconds(5) {
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        logger.info("server stopped")
    }

    /// Sets up a connection's pipeline (decoder and connection handler), as the server does for
    /// every connection it accepts; tests use it on a NIOAsyncTestingChannel.
    public func configureConnection(_ channel: any Channel) -> EventLoopFuture<Void> {
        let configure: @Sendable () throws -> Void = { [self] in
            try channel.pipeline.syncOperations.addHandlers([
                ByteToMessageHandler(FrontendMessageDecoder()),
                makeHandler(for: channel),
            ])
        }
        if channel.eventLoop.inEventLoop { return channel.eventLoop.makeCompletedFuture { try configure() } }
        return channel.eventLoop.submit { try configure() }
    }

    private func makeHandler(for channel: any Channel) -> PostgresConnectionHandler {
        let (admission, processID, secretKey) = registry.admit()
        let machineConfiguration = ConnectionStateMachine.Configuration.withFreshSecrets(
            tlsAvailable: sslContext != nil, admission: admission, processID: processID, secretKey: secretKey,
            clientAddress: channel.remoteAddress?.ipAddress, mockSaltSecret: mockSaltSecret,
            rowBudget: configuration.rowBatchSize)
        let timeouts = PostgresConnectionHandler.Timeouts(
            authentication: Self.timeAmount(configuration.authenticationTimeout),
            idleSession: configuration.idleSessionTimeout.map(Self.timeAmount),
            idleInTransaction: configuration.idleInTransactionSessionTimeout.map(Self.timeAmount),
            statement: configuration.statementTimeout.map(Self.timeAmount))
        return PostgresConnectionHandler(
            configuration: machineConfiguration, driver: SessionDriver(backend: backend, authenticator: authenticator),
            registry: registry, sslContext: sslContext, timeouts: timeouts, logger: logger)
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
