// A protocol-level client over a real socket, for end-to-end tests that psql cannot express:
// send any frontend messages (even broken bytes), read backend messages one by one. Each test
// runs its whole conversation under `withTimeout`, so nothing hangs.

import HeliosCore
import HeliosWire
import NIOCore
import NIOPosix

struct TimeoutError: Error, CustomStringConvertible {
    var description: String { "the test timed out" }
}

/// Runs `body`, failing with TimeoutError after `duration`.
func withTimeout<Result: Sendable>(_ duration: Duration, _ body: @escaping @Sendable () async throws -> Result)
    async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: duration)
            throw TimeoutError()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// A raw connection: bytes out, backend messages in.
struct RawConnection {
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var buffer = ByteBuffer()
    var processor = NIOSingleStepByteToMessageProcessor(BackendMessageDecoder())
    var pending: [BackendMessage] = []

    mutating func send(_ messages: [FrontendMessage]) async throws {
        var bytes = ByteBuffer()
        for message in messages { message.encode(into: &bytes) }
        try await outbound.write(bytes)
    }

    mutating func send(_ message: FrontendMessage) async throws { try await send([message]) }

    func sendBytes(_ bytes: [UInt8]) async throws { try await outbound.write(ByteBuffer(bytes: bytes)) }

    /// The next byte, unframed (the answer to SSLRequest); nil at end of stream.
    mutating func readByte() async throws -> UInt8? {
        while buffer.readableBytes == 0 {
            guard var chunk = try await inbound.next() else { return nil }
            buffer.writeBuffer(&chunk)
        }
        return buffer.readInteger(as: UInt8.self)
    }

    /// Messages up to and including the first that `isLast` accepts; stops early at end of stream.
    mutating func read(until isLast: (BackendMessage) -> Bool) async throws -> [BackendMessage] {
        var messages: [BackendMessage] = []
        while true {
            while !pending.isEmpty {
                let message = pending.removeFirst()
                messages.append(message)
                if isLast(message) { return messages }
            }
            let chunk: ByteBuffer
            if buffer.readableBytes > 0 {
                chunk = buffer
                buffer = ByteBuffer()
            } else {
                guard let next = try await inbound.next() else { return messages }
                chunk = next
            }
            var decoded: [BackendMessage] = []
            try processor.process(buffer: chunk) { decoded.append($0) }
            pending += decoded
        }
    }

    /// Messages up to ReadyForQuery (or an ErrorResponse with FATAL, or the end of the stream).
    mutating func readUntilReady() async throws -> [BackendMessage] {
        try await read { message in
            if case .readyForQuery = message { return true }
            if case .errorResponse(let error) = message, error.fields.severity == "FATAL" { return true }
            return false
        }
    }

    /// Everything until the server closes the connection.
    mutating func readToEnd() async throws -> [BackendMessage] {
        try await read { _ in false }
    }

    /// Startup with trust, up to the first ReadyForQuery.
    mutating func startSession(user: String = "alice", extra: [(String, String)] = []) async throws -> [BackendMessage] {
        try await send(.startup(user: user, extra))
        return try await readUntilReady()
    }
}

/// Connects to `port` on loopback and runs `body` with the connection, closing it afterwards.
func withRawConnection<Result: Sendable>(port: Int, _ body: (inout RawConnection) async throws -> Result)
    async throws -> Result {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    return try await channel.executeThenClose { inbound, outbound in
        var connection = RawConnection(outbound: outbound, inbound: inbound.makeAsyncIterator())
        return try await body(&connection)
    }
}

/// A server on a free loopback port over a FakeBackend, stopped after `body`.
func withTestServer<Result: Sendable>(
    configuration: WireServerConfiguration = WireServerConfiguration(port: 0),
    authenticator: any Authenticator = StaticAuthenticator.trustEveryone,
    backend: FakeBackend = FakeBackend(),
    _ body: (WireServer, Int) async throws -> Result) async throws -> Result {
    var configuration = configuration
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configuration.shutdownGracePeriod = .seconds(2)
    let server = try WireServer(configuration: configuration, backend: backend, authenticator: authenticator)
    let address = try await server.start()
    do {
        let result = try await body(server, address.port!)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}
