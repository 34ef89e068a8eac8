// The NIO handler in the server's own pipeline, on a NIOAsyncTestingChannel: bytes in, bytes
// out, with the FakeBackend behind it; output backpressure (no engine step while the channel is
// not writable); framing errors ending the connection.

import HeliosCore
import HeliosWire
import NIOCore
import NIOEmbedded
import Testing

/// A test channel with the server's pipeline, and a decoder for what it writes.
struct PipelineHarness {
    let channel: NIOAsyncTestingChannel
    var processor = NIOSingleStepByteToMessageProcessor(BackendMessageDecoder())
    var pending: [BackendMessage] = []

    init(configuration: WireServerConfiguration = WireServerConfiguration(), backend: FakeBackend = FakeBackend()) async throws {
        let server = try WireServer(configuration: configuration, backend: backend,
                                    authenticator: StaticAuthenticator.trustEveryone)
        channel = NIOAsyncTestingChannel()
        try await server.configureConnection(channel).get()
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 5432)).get()
    }

    func send(_ messages: [FrontendMessage]) async throws {
        var bytes = ByteBuffer()
        for message in messages { message.encode(into: &bytes) }
        try await channel.writeInbound(bytes)
    }

    /// Raw bytes written next.
    func nextWrite() async throws -> ByteBuffer {
        try await channel.waitForOutboundWrite(as: ByteBuffer.self)
    }

    /// Messages up to and including ReadyForQuery.
    mutating func readUntilReady() async throws -> [BackendMessage] {
        var messages: [BackendMessage] = []
        while true {
            while !pending.isEmpty {
                let message = pending.removeFirst()
                messages.append(message)
                if case .readyForQuery = message { return messages }
                if case .errorResponse(let error) = message, error.fields.severity == "FATAL" { return messages }
            }
            let bytes = try await nextWrite()
            var decoded: [BackendMessage] = []
            try processor.process(buffer: bytes) { decoded.append($0) }
            pending += decoded
        }
    }
}

@Suite(.timeLimit(.minutes(1)))
struct ConnectionHandlerTests {
    @Test func startupAndQueryThroughThePipeline() async throws {
        var harness = try await PipelineHarness()
        try await harness.send([.sslRequest(SSLRequest())])
        let sslAnswer = try await harness.nextWrite()
        #expect(sslAnswer == ByteBuffer(bytes: [UInt8(ascii: "N")]))
        try await harness.send([.startup(user: "alice")])
        let startup = try await harness.readUntilReady()
        #expect(startup.first == .authenticationOk && startup.count == 16)
        try await harness.send([.simple("SELECT 1"), .parse("", "SELECT $1"), .bind("", "", ["x"]), .execute(""), .sync])
        let simpleReply = try await harness.readUntilReady().map(MachineHarness.name)
        #expect(simpleReply == ["T(?column?)", "D(1)", "C(SELECT 1)", "Z(I)"])
        let extendedReply = try await harness.readUntilReady().map(MachineHarness.name)
        #expect(extendedReply == ["1", "2", "D(x)", "C(SELECT 1)", "Z(I)"])
        try await harness.send([.terminate])
        try await harness.channel.closeFuture.get()
    }

    @Test func noEngineStepWhileTheChannelIsNotWritable() async throws {
        let backend = FakeBackend()
        var harness = try await PipelineHarness(configuration: WireServerConfiguration(rowBatchSize: 2), backend: backend)
        try await harness.send([.startup(user: "alice")])
        _ = try await harness.readUntilReady()
        harness.channel.isWritable = false
        try await harness.send([.simple("SERIES 10")])
        _ = try await harness.channel.waitForOutboundWrite(as: ByteBuffer.self)  // the output has begun
        try await Task.sleep(for: .milliseconds(200))
        // Only the first step went out: RowDescription and two rows; the engine was not asked again.
        var decoded: [BackendMessage] = []
        while let bytes = try await harness.channel.readOutbound(as: ByteBuffer.self) {
            try harness.processor.process(buffer: bytes) { decoded.append($0) }
        }
        #expect(decoded.map(MachineHarness.name) == ["D(1)", "D(2)"])
        #expect(backend.log.all.filter { $0.hasPrefix("query") }.count == 1)
        harness.channel.isWritable = true
        harness.channel.pipeline.fireChannelWritabilityChanged()
        let rest = try await harness.readUntilReady()
        #expect(rest.map(MachineHarness.name) == (3...10).map { "D(\($0))" } + ["C(SELECT 10)", "Z(I)"])
    }

    @Test func framingErrorsEndTheConnectionWithFatal08P01() async throws {
        var harness = try await PipelineHarness()
        try await harness.send([.startup(user: "alice")])
        _ = try await harness.readUntilReady()
        try await harness.channel.writeInbound(ByteBuffer(bytes: [UInt8(ascii: "@"), 0, 0, 0, 4]))
        let reply = try await harness.readUntilReady()
        #expect(reply.last?.errorFields?.message == "invalid frontend message type 64")
        #expect(reply.last?.errorFields?.severity == "FATAL")
        try await harness.channel.closeFuture.get()
    }
}
