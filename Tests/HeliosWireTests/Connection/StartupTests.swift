// Connection start, as PostgreSQL 15 does it: SSL and GSSAPI negotiation, cancel requests,
// protocol versions, startup parameters, admission.

import HeliosCore
import HeliosWire
import NIOCore
import Testing

@Test func trustStartupSendsWhatPostgreSQL15Sends() async {
    var harness = MachineHarness()
    await harness.send(.startup(user: "alice", [("database", "shop"), ("application_name", "psql")]))
    #expect(harness.sentNames == ["R(ok)", "S(application_name)", "S(client_encoding)", "S(DateStyle)",
                                  "S(default_transaction_read_only)", "S(in_hot_standby)", "S(integer_datetimes)",
                                  "S(IntervalStyle)", "S(is_superuser)", "S(server_encoding)", "S(server_version)",
                                  "S(session_authorization)", "S(standard_conforming_strings)", "S(TimeZone)",
                                  "K", "Z(I)"])
    #expect(harness.sent.contains(.parameterStatus(ParameterStatus(name: "server_version", value: "15.0 (HeliosDB 0.1)"))))
    #expect(harness.sent.contains(.parameterStatus(ParameterStatus(name: "application_name", value: "psql"))))
    #expect(harness.sent.contains(.backendKeyData(BackendKeyData(processID: 4242, secretKey: 777))))
    #expect(harness.backend.log.all.first == "open alice shop [\"application_name=psql\"]")
    #expect(harness.machine.isIdle)
}

@Test func sslRequestWithoutTLSAnswersNThenStartsInTheClear() async {
    var harness = MachineHarness()
    await harness.send(.sslRequest(SSLRequest()))
    #expect(harness.negotiationBytes == [UInt8(ascii: "N")])
    #expect(!harness.tlsStarted)
    await harness.send(.startup(user: "alice"))
    #expect(harness.sentNames.last == "Z(I)")
}

@Test func sslRequestWithTLSAnswersSAndStartsTLS() async {
    var configuration = MachineHarness.testConfiguration
    configuration.tlsAvailable = true
    var harness = MachineHarness(configuration: configuration)
    await harness.send(.sslRequest(SSLRequest()))
    #expect(harness.negotiationBytes == [UInt8(ascii: "S")])
    #expect(harness.tlsStarted)
    await harness.send(.startup(user: "alice"))
    #expect(harness.sentNames.last == "Z(I)")
}

@Test func unencryptedDataAfterSSLRequestIsRefused() async {
    var configuration = MachineHarness.testConfiguration
    configuration.tlsAvailable = true
    var harness = MachineHarness(configuration: configuration)
    await harness.send(.sslRequest(SSLRequest(isFollowedByData: true)))
    #expect(harness.sent.first?.errorFields?.message == "received unencrypted data after SSL request")
    #expect(harness.sent.first?.errorFields?.severity == "FATAL")
    #expect(harness.isClosed && !harness.tlsStarted)
}

@Test func secondSSLRequestIsAnUnsupportedProtocol() async {
    var harness = MachineHarness()
    await harness.send([.sslRequest(SSLRequest()), .sslRequest(SSLRequest())])
    #expect(harness.sent.first?.errorFields?.sqlState == "0A000")
    #expect(harness.sent.first?.errorFields?.message == "unsupported frontend protocol 1234.5679: server supports 3.0 to 3.0")
    #expect(harness.isClosed)
}

@Test func gssEncryptionIsDeclinedThenSSLAndStartupFollow() async {
    var harness = MachineHarness()
    await harness.send([.gssEncryptionRequest, .sslRequest(SSLRequest()), .startup(user: "alice")])
    #expect(harness.negotiationBytes == [UInt8(ascii: "N"), UInt8(ascii: "N")])
    #expect(harness.sentNames.last == "Z(I)")
}

@Test func cancelRequestSendsNothingAndCloses() async {
    var harness = MachineHarness()
    await harness.send(.cancelRequest(CancelRequest(processID: 99, secretKey: 12)))
    #expect(harness.sent.isEmpty && harness.negotiationBytes.isEmpty)
    #expect(harness.cancels.map(\.processID) == [99] && harness.cancels.map(\.secretKey) == [12])
    #expect(harness.isClosed)
    // Also when the server is full: cancels are read before admission.
    var configuration = MachineHarness.testConfiguration
    configuration.admission = .tooManyConnections
    var full = MachineHarness(configuration: configuration)
    await full.send(.cancelRequest(CancelRequest(processID: 99, secretKey: 12)))
    #expect(full.cancels.count == 1 && full.sent.isEmpty)
}

@Test func newerMinorVersionAndUnknownOptionsAreNegotiatedDown() async {
    var harness = MachineHarness()
    await harness.send(.startup(StartupMessage(protocolVersion: 3 << 16 | 2, parameters: [
        StartupParameter(name: "user", value: "alice"), StartupParameter(name: "_pq_.compression", value: "on"),
    ])))
    #expect(harness.sent.first == .negotiateProtocolVersion(NegotiateProtocolVersion(
        newestVersion: 196_608, unrecognizedOptions: ["_pq_.compression"])))
    #expect(harness.sentNames.dropFirst().first == "R(ok)")
    #expect(harness.sentNames.last == "Z(I)")
    #expect(!harness.backend.log.all[0].contains("_pq_"))
}

@Test func otherMajorVersionsAreRefused() async {
    for version: Int32 in [2 << 16, 4 << 16, 1234 << 16 | 5677] {
        var harness = MachineHarness()
        await harness.send(.startup(StartupMessage(protocolVersion: version, parameters: [])))
        #expect(harness.sent.first?.errorFields?.sqlState == "0A000")
        #expect(harness.sent.first?.errorFields?.message?.hasPrefix("unsupported frontend protocol") == true)
        #expect(harness.isClosed)
    }
}

@Test func startupWithoutUserIsRefused() async {
    var harness = MachineHarness()
    await harness.send(.startup(StartupMessage(parameters: [StartupParameter(name: "database", value: "x")])))
    #expect(harness.sent.first?.errorFields?.sqlState == "28000")
    #expect(harness.sent.first?.errorFields?.message == "no PostgreSQL user name specified in startup packet")
}

@Test func startupParametersReachTheSessionAsPostgreSQLReadsThem() async {
    var harness = MachineHarness()
    await harness.send(.startup(user: "bob", [
        ("client_encoding", "'utf-8'"), ("DateStyle", "ISO"), ("options", "-c search_path=a\\ b --work-mem=4MB -cstatement_timeout=5"),
        ("replication", "false"),
    ]))
    #expect(harness.sentNames.last == "Z(I)")
    #expect(harness.backend.log.all.first == "open bob bob [\"client_encoding=UTF8\", \"DateStyle=ISO\", \"search_path=a b\", \"work_mem=4MB\", \"statement_timeout=5\"]")
    #expect(harness.sent.contains(.parameterStatus(ParameterStatus(name: "client_encoding", value: "UTF8"))))
}

@Test func badSettingsFailAfterAuthentication() async {
    for (name, value, state) in [("client_encoding", "LATIN1", "22023"), ("client_encoding", "klingon", "22023"),
                                 ("options", "-B 100", "42601"), ("options", "-c work_mem", "42601"),
                                 ("no_such_setting", "1", "42704")] {
        var harness = MachineHarness()
        await harness.send(.startup(user: "bob", [(name, value)]))
        #expect(harness.sentNames.first == "R(ok)", "\(name)=\(value)")
        #expect(harness.sent.last?.errorFields?.sqlState == state, "\(name)=\(value)")
        #expect(harness.sent.last?.errorFields?.severity == "FATAL")
        #expect(harness.isClosed)
    }
}

@Test func replicationConnectionsAreRefused() async {
    for value in ["true", "database", "1"] {
        var harness = MachineHarness()
        await harness.send(.startup(user: "bob", [("replication", value)]))
        #expect(harness.sent.first?.errorFields?.sqlState == "0A000")
    }
    var harness = MachineHarness()
    await harness.send(.startup(user: "bob", [("replication", "maybe")]))
    #expect(harness.sent.first?.errorFields?.sqlState == "22023")
}

@Test func tooManyConnectionsIsFatal53300AfterTheStartupPacket() async {
    var configuration = MachineHarness.testConfiguration
    configuration.admission = .tooManyConnections
    var harness = MachineHarness(configuration: configuration)
    await harness.send(.sslRequest(SSLRequest()))
    #expect(harness.negotiationBytes == [UInt8(ascii: "N")])
    await harness.send(.startup(user: "alice"))
    #expect(harness.sent.map { $0.errorFields?.message } == ["sorry, too many clients already"])
    #expect(harness.sent.first?.errorFields?.sqlState == "53300")
    #expect(harness.isClosed)
}

@Test func unknownDatabaseIsFatalAfterAuthenticationOk() async {
    var harness = MachineHarness(backend: FakeBackend(knownDatabases: ["shop"]))
    await harness.send(.startup(user: "alice", [("database", "nope")]))
    #expect(harness.sentNames == ["R(ok)", "E(3D000)"])
    #expect(harness.sent.last?.errorFields?.message == "database \"nope\" does not exist")
    #expect(harness.isClosed)
}

@Test func longNamesAreCutTo63BytesOnACharacterBoundary() async {
    var harness = MachineHarness()
    let long = String(repeating: "é", count: 40)  // 80 bytes
    await harness.send(.startup(user: long))
    #expect(harness.backend.log.all.first?.hasPrefix("open \(String(repeating: "é", count: 31)) ") == true)
}

@Test func shutdownEndsIdleSessionsWith57P01() async {
    var harness = await MachineHarness.openSession()
    await harness.run(harness.machine.requestShutdown())
    #expect(harness.sent.first?.errorFields?.sqlState == "57P01")
    #expect(harness.sent.first?.errorFields?.message == "terminating connection due to administrator command")
    #expect(harness.isClosed)
}

@Test func idleTimeoutsEndTheSession() async {
    var idle = await MachineHarness.openSession()
    await idle.run(idle.machine.idleTimeoutExpired())
    #expect(idle.sent.first?.errorFields?.sqlState == "57P05")
    var inTransaction = await MachineHarness.openSession()
    await inTransaction.send(.simple("BEGIN"))
    inTransaction.clearSent()
    await inTransaction.run(inTransaction.machine.idleTimeoutExpired())
    #expect(inTransaction.sent.first?.errorFields?.sqlState == "25P03")
}
