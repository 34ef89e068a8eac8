// The server over real sockets with a protocol-level client: the startup sequence on the wire,
// cancel requests from another connection, max_connections, clients that vanish mid-query or
// mid-COPY, hostile bytes, statement timeouts and graceful shutdown.

import HeliosCore
import HeliosWire
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(1)))
struct WireServerTests {
    @Test func startupAndQueryOverASocket() async throws {
        try await withTestServer { _, port in
            try await withTimeout(.seconds(10)) {
                try await withRawConnection(port: port) { connection in
                    try await connection.send(.sslRequest(SSLRequest()))
                    let sslAnswer = try await connection.readByte()
                    #expect(sslAnswer == UInt8(ascii: "N"))
                    let startup = try await connection.startSession()
                    #expect(startup.first == .authenticationOk)
                    #expect(startup.last == .readyForQuery(ReadyForQuery(status: .idle)))
                    try await connection.send(.simple("SELECT 1"))
                    let reply = try await connection.readUntilReady()
                    #expect(reply.map(MachineHarness.name) == ["T(?column?)", "D(1)", "C(SELECT 1)", "Z(I)"])
                    try await connection.send(.terminate)
                    #expect(try await connection.readToEnd().isEmpty)
                }
            }
        }
    }

    @Test func cancelRequestFromAnotherConnectionStopsTheStatement() async throws {
        try await withTestServer { _, port in
            try await withTimeout(.seconds(10)) {
                try await withRawConnection(port: port) { connection in
                    let startup = try await connection.startSession()
                    guard case .backendKeyData(let key)? = startup.first(where: {
                        if case .backendKeyData = $0 { true } else { false }
                    }) else {
                        Issue.record("no BackendKeyData")
                        return
                    }
                    try await connection.send(.simple("SLEEP 8000"))
                    try await Task.sleep(for: .milliseconds(100))
                    // A wrong key cancels nothing; the right one does.
                    try await withRawConnection(port: port) { canceller in
                        try await canceller.send(.cancelRequest(CancelRequest(processID: key.processID,
                                                                              secretKey: key.secretKey &+ 1)))
                        #expect(try await canceller.readToEnd().isEmpty)
                    }
                    try await withRawConnection(port: port) { canceller in
                        try await canceller.send(.cancelRequest(CancelRequest(processID: key.processID,
                                                                              secretKey: key.secretKey)))
                        #expect(try await canceller.readToEnd().isEmpty)
                    }
                    let reply = try await connection.readUntilReady()
                    #expect(reply.first?.errorFields?.sqlState == "57014")
                    #expect(reply.first?.errorFields?.message == "canceling statement due to user request")
                    try await connection.send(.simple("SELECT 1"))
                    let afterCancel = try await connection.readUntilReady().count
                    #expect(afterCancel == 4)
                }
            }
        }
    }

    @Test func theConnectionAfterMaxConnectionsGets53300() async throws {
        try await withTestServer(configuration: WireServerConfiguration(maxConnections: 1)) { server, port in
            try await withTimeout(.seconds(10)) {
                try await withRawConnection(port: port) { first in
                    _ = try await first.startSession()
                    try await withRawConnection(port: port) { second in
                        let reply = try await second.startSession()
                        #expect(reply.map { $0.errorFields?.message } == ["sorry, too many clients already"])
                        #expect(reply.first?.errorFields?.sqlState == "53300")
                        #expect(try await second.readToEnd().isEmpty)
                    }
                    try await first.send(.simple("SELECT 1"))
                    let firstReply = try await first.readUntilReady().last
                    #expect(firstReply == .readyForQuery(ReadyForQuery(status: .idle)))
                }
                // Once the first is gone, there is room again. The server learns of the close
                // asynchronously, so wait until it has let go of both connections.
                let clock = ContinuousClock()
                let deadline = clock.now + .seconds(5)
                while server.connectionCount > 0, clock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(server.connectionCount == 0)
                try await withRawConnection(port: port) { third in
                    let thirdStartup = try await third.startSession().last
                    #expect(thirdStartup == .readyForQuery(ReadyForQuery(status: .idle)))
                }
            }
        }
    }

    @Test func clientsThatVanishMidCopyOrMidQueryDoNotDisturbOthers() async throws {
        let backend = FakeBackend()
        try await withTestServer(backend: backend) { server, port in
            try await withTimeout(.seconds(10)) {
                try await withRawConnection(port: port) { copying in
                    _ = try await copying.startSession()
                    try await copying.send([.simple("COPY half FROM STDIN"), .copy("1\tone\n2\t")])
                    _ = try await copying.read { if case .copyInResponse = $0 { true } else { false } }
                }
                try await withRawConnection(port: port) { sleeping in
                    _ = try await sleeping.startSession()
                    try await sleeping.send(.simple("SLEEP 5000"))
                }
                try await withRawConnection(port: port) { other in
                    _ = try await other.startSession()
                    try await other.send(.simple("SERIES 3"))
                    let otherReply = try await other.readUntilReady().count
                    #expect(otherReply == 6)
                }
                // Both sessions were closed; the half-done COPY left nothing behind.
                let clock = ContinuousClock()
                let deadline = clock.now + .seconds(5)
                while backend.log.all.filter({ $0 == "close" }).count < 3, clock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(backend.log.all.filter { $0 == "close" }.count >= 2)
                #expect(backend.log.all.contains("cancel clientDisconnected"))
                #expect(backend.tables.withLock { $0["half"] } == nil)
                _ = server
            }
        }
    }

    @Test func hostileBytesEndOnlyThatConnection() async throws {
        try await withTestServer { _, port in
            try await withTimeout(.seconds(10)) {
                try await withRawConnection(port: port) { hostile in
                    try await hostile.sendBytes([0, 0, 0, 3, 1, 2, 3, 4])
                    let reply = try await hostile.readToEnd()
                    #expect(reply.first?.errorFields?.message == "invalid length of startup packet")
                }
                try await withRawConnection(port: port) { hostile in
                    _ = try await hostile.startSession()
                    try await hostile.sendBytes([UInt8(ascii: "Q"), 0x7F, 0xFF, 0xFF, 0xFF])
                    let reply = try await hostile.readToEnd()
                    #expect(reply.first?.errorFields?.message == "invalid message length")
                    #expect(reply.first?.errorFields?.severity == "FATAL")
                }
                try await withRawConnection(port: port) { hostile in
                    _ = try await hostile.startSession()
                    try await hostile.sendBytes([UInt8(ascii: "Q"), 0, 0, 0, 8, 0xC3, 0x28, 0x41, 0])
                    let reply = try await hostile.readUntilReady()
                    #expect(reply.map { $0.errorFields?.sqlState } == ["22021", nil])
                    try await hostile.send(.simple("SELECT 1"))
                    let afterBadBytes = try await hostile.readUntilReady().count
                    #expect(afterBadBytes == 4)
                }
                try await withRawConnection(port: port) { fine in
                    _ = try await fine.startSession()
                    try await fine.send(.simple("SELECT 1"))
                    let fineReply = try await fine.readUntilReady().count
                    #expect(fineReply == 4)
                }
            }
        }
    }

    @Test func statementTimeoutCancelsLongStatements() async throws {
        try await withTestServer(configuration: WireServerConfiguration(statementTimeout: .milliseconds(200))) { _, port in
            try await withTimeout(.seconds(10)) {
                try await withRawConnection(port: port) { connection in
                    _ = try await connection.startSession()
                    try await connection.send(.simple("SLEEP 5000"))
                    let reply = try await connection.readUntilReady()
                    #expect(reply.first?.errorFields?.message == "canceling statement due to statement timeout")
                }
            }
        }
    }

    @Test func idleSessionTimeoutEndsTheSession() async throws {
        try await withTestServer(configuration: WireServerConfiguration(idleSessionTimeout: .milliseconds(200))) { _, port in
            try await withTimeout(.seconds(10)) {
                try await withRawConnection(port: port) { connection in
                    _ = try await connection.startSession()
                    let rest = try await connection.readToEnd()
                    #expect(rest.first?.errorFields?.sqlState == "57P05")
                }
            }
        }
    }

    @Test func shutdownEndsSessionsAndStopsAccepting() async throws {
        let server = try WireServer(configuration: WireServerConfiguration(port: 0, shutdownGracePeriod: .seconds(3)),
                                    backend: FakeBackend(), authenticator: StaticAuthenticator.trustEveryone)
        let port = try await server.start().port!
        try await withTimeout(.seconds(10)) {
            try await withRawConnection(port: port) { connection in
                _ = try await connection.startSession()
                async let stopped: Void = server.shutdown()
                let rest = try await connection.readToEnd()
                #expect(rest.first?.errorFields?.sqlState == "57P01")
                await stopped
            }
            #expect(server.connectionCount == 0)
            // The listening socket is closed. (Whether a new connection to the port is refused
            // depends on the machine: another test's server may take the freed port at once.)
            #expect(server.port == nil)
            _ = try? await withRawConnection(port: port) { _ in }
            #expect(server.connectionCount == 0)
        }
    }

    @Test func largeResultsStreamThroughTheSocket() async throws {
        try await withTestServer(configuration: WireServerConfiguration(rowBatchSize: 100)) { _, port in
            try await withTimeout(.seconds(20)) {
                try await withRawConnection(port: port) { connection in
                    _ = try await connection.startSession()
                    try await connection.send(.simple("SERIES 20000"))
                    let reply = try await connection.readUntilReady()
                    #expect(reply.count == 20_003)
                    #expect(reply[20_001] == .commandComplete(CommandComplete(tag: "SELECT 20000")))
                }
            }
        }
    }
}
