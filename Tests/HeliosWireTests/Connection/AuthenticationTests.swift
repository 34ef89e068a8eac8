// Each authentication method through the connection: trust, cleartext password, md5 (and its
// switch to SCRAM for SCRAM secrets), SCRAM-SHA-256 with the RFC 7677 vector and with real
// client computations, wrong passwords, unknown roles, malformed answers.

import HeliosCore
import HeliosWire
import NIOCore
import Testing

let authenticator = StaticAuthenticator(roles: [
    .init(name: "clear", method: .password, password: "secret"),
    .init(name: "md5user", method: .md5, password: "secret"),
    .init(name: "md5scram", method: .md5, secret: .scramSHA256(SCRAMVerifier(password: "secret", salt: [1, 2, 3]))),
    .init(name: "user", method: .scramSHA256, secret: .scramSHA256(RFC7677.verifier)),
    .init(name: "scram", method: .scramSHA256, password: "secret"),
    .init(name: "scram_md5", method: .scramSHA256, secret: .md5(MD5Password.storedHash(password: "secret", user: "scram_md5"))),
    .init(name: "blocked", method: .reject(DatabaseError(.invalidAuthorizationSpecification,
                                                          "pg_hba.conf rejects connection for host \"127.0.0.1\", user \"blocked\""))),
], defaultMethod: .scramSHA256)

func authHarness() -> MachineHarness { MachineHarness(authenticator: authenticator) }

func saslBody(mechanism: String = "SCRAM-SHA-256", _ data: String?) -> FrontendMessage {
    var body = ByteBuffer()
    SASLInitialResponse(mechanism: mechanism, initialResponse: data.map { Array($0.utf8) }).encode(into: &body)
    body.moveReaderIndex(forwardBy: 5)
    return .authenticationResponse(body)
}

func saslResponse(_ data: String) -> FrontendMessage { .authenticationResponse(ByteBuffer(string: data)) }

/// Runs a SCRAM login for `user` with `password`; returns the harness after the last message.
func scramLogin(user: String, password: String, gs2Header: String = "n,,") async -> (MachineHarness, Bool) {
    var harness = authHarness()
    await harness.send(.startup(user: user))
    #expect(harness.sent.first == .authenticationSASL(AuthenticationSASL(mechanisms: ["SCRAM-SHA-256"])))
    var client = SCRAMClientExchange(password: password, clientNonce: "fyko+d2lbbFgONRv9qkxdawL", gs2Header: gs2Header)
    harness.clearSent()
    await harness.send(saslBody(client.clientFirstMessage()))
    guard case .authenticationSASLContinue(let serverFirst)? = harness.sent.first else { return (harness, false) }
    let final = client.clientFinalMessage(serverFirst: String(decoding: serverFirst.data, as: UTF8.self))!
    harness.clearSent()
    await harness.send(saslResponse(final))
    var verified = false
    if case .authenticationSASLFinal(let serverFinal)? = harness.sent.first {
        verified = client.verify(serverFinal: String(decoding: serverFinal.data, as: UTF8.self))
    }
    return (harness, verified)
}

@Test func cleartextPasswordLogsInWithTheRightPasswordOnly() async {
    var good = authHarness()
    await good.send(.startup(user: "clear"))
    #expect(good.sentNames == ["R(password)"])
    good.clearSent()
    await good.send(.password("secret"))
    #expect(good.sentNames.first == "R(ok)" && good.sentNames.last == "Z(I)")

    var bad = authHarness()
    await bad.send([.startup(user: "clear"), .password("wrong")])
    #expect(bad.sent.last?.errorFields?.sqlState == "28P01")
    #expect(bad.sent.last?.errorFields?.message == "password authentication failed for user \"clear\"")
    #expect(bad.sent.last?.errorFields?.severity == "FATAL")
    #expect(bad.isClosed)
    #expect(bad.events.contains { if case .authenticationFailed(user: "clear", _) = $0 { true } else { false } })
}

@Test func md5LogsInWithLibpqsResponse() async {
    var harness = authHarness()
    await harness.send(.startup(user: "md5user"))
    #expect(harness.sent == [.authenticationMD5Password(AuthenticationMD5Password(salt: [1, 2, 3, 4]))])
    await harness.send(.password(MD5Password.response(password: "secret", user: "md5user", salt: [1, 2, 3, 4])))
    #expect(harness.sentNames.last == "Z(I)")

    var wrong = authHarness()
    await wrong.send([.startup(user: "md5user"),
                      .password(MD5Password.response(password: "secret", user: "md5user", salt: [4, 3, 2, 1]))])
    #expect(wrong.sent.last?.errorFields?.sqlState == "28P01")
}

@Test func md5WithAScramSecretOrNoRoleUsesSCRAM() async {
    var harness = authHarness()
    await harness.send(.startup(user: "md5scram"))
    #expect(harness.sentNames == ["R(sasl)"])
    let md5Everyone = StaticAuthenticator(roles: [], defaultMethod: .md5)
    var ghost = MachineHarness(authenticator: md5Everyone)
    await ghost.send(.startup(user: "ghost"))
    #expect(ghost.sentNames == ["R(sasl)"])  // PostgreSQL's mock exchange for unknown roles is SCRAM too
}

@Test func scramFollowsTheRFC7677ExampleThroughTheConnection() async {
    var harness = authHarness()
    await harness.send(.startup(user: "user"))
    harness.clearSent()
    await harness.send(saslBody(RFC7677.clientFirst))
    #expect(harness.sent == [.authenticationSASLContinue(AuthenticationSASLContinue(data: Array(RFC7677.serverFirst.utf8)))])
    harness.clearSent()
    await harness.send(saslResponse(RFC7677.clientFinal))
    #expect(harness.sent.first == .authenticationSASLFinal(AuthenticationSASLFinal(data: Array(RFC7677.serverFinal.utf8))))
    #expect(harness.sentNames.dropFirst().first == "R(ok)")
    #expect(harness.sentNames.last == "Z(I)")
}

@Test func scramLogsInAndTheClientVerifiesTheServer() async {
    let (harness, verified) = await scramLogin(user: "scram", password: "secret")
    #expect(verified)
    #expect(harness.sentNames.last == "Z(I)")
    let (yes, yesVerified) = await scramLogin(user: "scram", password: "secret", gs2Header: "y,,")
    #expect(yesVerified && yes.sentNames.last == "Z(I)")
}

@Test func scramRefusesWrongPasswordsUnknownRolesAndMD5Secrets() async {
    for (user, password) in [("scram", "wrong"), ("ghost", "secret"), ("scram_md5", "secret")] {
        let (harness, _) = await scramLogin(user: user, password: password)
        #expect(harness.sent.last?.errorFields?.sqlState == "28P01", "\(user)")
        #expect(harness.sent.last?.errorFields?.message == "password authentication failed for user \"\(user)\"")
        #expect(harness.isClosed)
    }
}

@Test func scramRefusesChannelBindingItDidNotOffer() async {
    var harness = authHarness()
    await harness.send([.startup(user: "scram"), saslBody("p=tls-server-end-point,,n=,r=abc")])
    #expect(harness.sent.last?.errorFields?.sqlState == "08P01")
    #expect(harness.sent.last?.errorFields?.message == "malformed SCRAM message")
    #expect(harness.isClosed)
}

@Test func scramRefusesOtherMechanisms() async {
    var harness = authHarness()
    await harness.send([.startup(user: "scram"), saslBody(mechanism: "SCRAM-SHA-256-PLUS", "p=tls-unique,,n=,r=abc")])
    #expect(harness.sent.last?.errorFields?.message == "client selected an invalid SASL authentication mechanism")
}

@Test func scramWithoutInitialResponseAsksForIt() async {
    var harness = authHarness()
    await harness.send([.startup(user: "scram"), saslBody(nil)])
    #expect(harness.sent.last == .authenticationSASLContinue(AuthenticationSASLContinue(data: [])))
    var client = SCRAMClientExchange(password: "secret", clientNonce: "abc")
    harness.clearSent()
    await harness.send(saslResponse(client.clientFirstMessage()))
    #expect(harness.sentNames == ["R(continue)"])
}

@Test func authenticationRefusesOtherMessagesAndEmptyPasswords() async {
    var harness = authHarness()
    await harness.send([.startup(user: "clear"), .simple("SELECT 1")])
    #expect(harness.sent.last?.errorFields?.message == "expected password response, got message type 81")
    var empty = authHarness()
    await empty.send([.startup(user: "clear"), .password("")])
    #expect(empty.sent.last?.errorFields?.message == "empty password returned by client")
    var sasl = authHarness()
    await sasl.send([.startup(user: "scram"), .sync])
    #expect(sasl.sent.last?.errorFields?.message == "expected SASL response, got message type 83")
}

@Test func rejectedConnectionsGetTheAuthenticatorsError() async {
    var harness = authHarness()
    await harness.send(.startup(user: "blocked"))
    #expect(harness.sent.map { $0.errorFields?.sqlState } == ["28000"])
    #expect(harness.isClosed)
}
