// SCRAM-SHA-256 and its parts against published vectors: PBKDF2-HMAC-SHA-256 (RFC 7914 §11),
// the RFC 7677 example exchange, PostgreSQL's stored verifier format; and md5 against libpq's
// computation.

import HeliosCore
import HeliosWire
import Testing

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}

@Test func pbkdf2MatchesPublishedVectors() {
    let password = Array("password".utf8), salt = Array("salt".utf8)
    #expect(hex(PBKDF2.hmacSHA256(password: password, salt: salt, iterations: 1))
        == "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b")
    #expect(hex(PBKDF2.hmacSHA256(password: password, salt: salt, iterations: 2))
        == "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43")
    #expect(hex(PBKDF2.hmacSHA256(password: password, salt: salt, iterations: 4096))
        == "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a")
    // A key longer than a SHA-256 block is hashed first.
    let long = Array(repeating: UInt8(ascii: "k"), count: 100)
    #expect(PBKDF2.hmacSHA256(password: long, salt: salt, iterations: 2).count == 32)
}

/// The RFC 7677 §3 example: user "user", password "pencil".
enum RFC7677 {
    static let salt = Base64.decode("W22ZaJ0SNY7soEsUEjb6gQ==")!
    static let clientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO"
    static let serverNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
    static let serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
    static let clientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
    static let serverFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
    static var verifier: SCRAMVerifier { SCRAMVerifier(password: "pencil", salt: salt, iterations: 4096) }
}

@Test func scramServerFollowsTheRFC7677Example() throws {
    var exchange = SCRAMServerExchange(verifier: RFC7677.verifier, mockSalt: [], serverNonce: RFC7677.serverNonce)
    let serverFirst = try exchange.receiveClientFirst(Array(RFC7677.clientFirst.utf8))
    #expect(String(decoding: serverFirst, as: UTF8.self) == RFC7677.serverFirst)
    let outcome = try exchange.receiveClientFinal(Array(RFC7677.clientFinal.utf8))
    #expect(outcome == .success(serverFinalMessage: Array(RFC7677.serverFinal.utf8)))
}

@Test func scramClientFollowsTheRFC7677Example() {
    var client = SCRAMClientExchange(password: "pencil", clientNonce: "rOprNGfwEbeRWgbNEkqO")
    _ = client.clientFirstMessage()
    // libpq sends an empty user name; the RFC's example names "user". The proof covers the
    // bare message, so rebuild the RFC's exchange through the server with libpq's form.
    var server = SCRAMServerExchange(verifier: RFC7677.verifier, mockSalt: [], serverNonce: RFC7677.serverNonce)
    let serverFirst = String(decoding: try! server.receiveClientFirst(Array("n,,n=,r=rOprNGfwEbeRWgbNEkqO".utf8)),
                             as: UTF8.self)
    let clientFinal = client.clientFinalMessage(serverFirst: serverFirst)!
    guard case .success(let serverFinal) = try! server.receiveClientFinal(Array(clientFinal.utf8)) else {
        Issue.record("the server refused the client's proof")
        return
    }
    #expect(client.verify(serverFinal: String(decoding: serverFinal, as: UTF8.self)))
}

@Test func scramRefusesWrongProofsNoncesAndChannelBinding() throws {
    func server() -> SCRAMServerExchange {
        SCRAMServerExchange(verifier: RFC7677.verifier, mockSalt: [], serverNonce: RFC7677.serverNonce)
    }
    var wrongPassword = server()
    let first = String(decoding: try wrongPassword.receiveClientFirst(Array("n,,n=,r=abc".utf8)), as: UTF8.self)
    var client = SCRAMClientExchange(password: "not pencil", clientNonce: "abc")
    _ = client.clientFirstMessage()
    #expect(try wrongPassword.receiveClientFinal(Array(client.clientFinalMessage(serverFirst: first)!.utf8)) == .failure)

    var wrongNonce = server()
    _ = try wrongNonce.receiveClientFirst(Array(RFC7677.clientFirst.utf8))
    let tampered = RFC7677.clientFinal.replacing("k0,p=", with: "k1,p=")
    #expect(throws: DatabaseError(.protocolViolation, "invalid SCRAM response", detail: "Nonce does not match.")) {
        _ = try wrongNonce.receiveClientFinal(Array(tampered.utf8))
    }

    var binding = server()
    #expect(throws: DatabaseError.self) {
        _ = try binding.receiveClientFirst(Array("p=tls-server-end-point,,n=,r=abc".utf8))
    }
    var authorization = server()
    #expect(throws: DatabaseError(.featureNotSupported, "client uses authorization identity, but it is not supported")) {
        _ = try authorization.receiveClientFirst(Array("n,a=bob,n=,r=abc".utf8))
    }
    // 'y': the client could bind but the server offered no -PLUS: accepted, and c= must say "y,,".
    var yes = server()
    var yesClient = SCRAMClientExchange(password: "pencil", clientNonce: "xyz", gs2Header: "y,,")
    let yesFirst = String(decoding: try yes.receiveClientFirst(Array(yesClient.clientFirstMessage().utf8)), as: UTF8.self)
    let yesFinal = yesClient.clientFinalMessage(serverFirst: yesFirst)!
    #expect(yesFinal.hasPrefix("c=eSws,"))
    guard case .success = try yes.receiveClientFinal(Array(yesFinal.utf8)) else {
        Issue.record("'y' flag refused")
        return
    }
    var garbage = server()
    _ = try garbage.receiveClientFirst(Array(RFC7677.clientFirst.utf8))
    #expect(throws: DatabaseError.self) { _ = try garbage.receiveClientFinal(Array((RFC7677.clientFinal + ",x").utf8)) }
}

@Test func scramMockExchangeAlwaysFailsWithAStableSalt() throws {
    let secret = Array("server secret".utf8)
    let salt = SCRAMServerExchange.mockSalt(user: "ghost", serverSecret: secret)
    #expect(salt == SCRAMServerExchange.mockSalt(user: "ghost", serverSecret: secret))
    #expect(salt != SCRAMServerExchange.mockSalt(user: "other", serverSecret: secret))
    var exchange = SCRAMServerExchange(verifier: nil, mockSalt: salt, serverNonce: "n")
    var client = SCRAMClientExchange(password: "anything", clientNonce: "c")
    let first = String(decoding: try exchange.receiveClientFirst(Array(client.clientFirstMessage().utf8)), as: UTF8.self)
    #expect(first.contains("s=\(Base64.encode(salt))"))
    #expect(try exchange.receiveClientFinal(Array(client.clientFinalMessage(serverFirst: first)!.utf8)) == .failure)
}

@Test func verifiersUsePostgreSQLsStoredForm() {
    let verifier = RFC7677.verifier
    let text = verifier.description
    #expect(text.hasPrefix("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"))
    #expect(SCRAMVerifier(parsing: text) == verifier)
    #expect(RoleSecret(storedForm: text) == .scramSHA256(verifier))
    #expect(verifier.matches(password: "pencil"))
    #expect(!verifier.matches(password: "pencil "))
    for bad in ["", "SCRAM-SHA-256$", "SCRAM-SHA-256$4096:xx$yy:zz", "md5abc", "SCRAM-SHA-256$0:W22ZaJ0SNY7soEsUEjb6gQ==$a:b"] {
        #expect(SCRAMVerifier(parsing: bad) == nil)
    }
}

@Test func md5FollowsLibpq() {
    // libpq: "md5" + md5(md5(password + user) + salt), hex (values from Python's hashlib).
    let stored = MD5Password.storedHash(password: "foo", user: "postgres")
    #expect(stored == "md5128f0d64bfb424d132c3305b3057281c")
    #expect(MD5Password.response(password: "foo", user: "postgres", salt: [1, 2, 3, 4])
        == "md586a0ab1d41adc3fafc5606de248a1099")
    #expect(MD5Password.isStoredHash(stored))
    let salt: [UInt8] = [1, 2, 3, 4]
    #expect(PasswordCheck.md5Response(MD5Password.response(password: "foo", user: "postgres", salt: salt), salt: salt,
                                      secret: .md5(stored)))
    #expect(!PasswordCheck.md5Response(MD5Password.response(password: "bar", user: "postgres", salt: salt), salt: salt,
                                       secret: .md5(stored)))
    #expect(PasswordCheck.cleartext("foo", user: "postgres", secret: .md5(stored)))
    #expect(PasswordCheck.cleartext("pencil", user: "x", secret: .scramSHA256(RFC7677.verifier)))
    #expect(!PasswordCheck.cleartext("foo", user: "x", secret: nil))
}

@Test func base64IsStrict() {
    #expect(Base64.encode(Array("n,,".utf8)) == "biws")
    #expect(Base64.encode(Array("y,,".utf8)) == "eSws")
    #expect(Base64.encode([]) == "")
    #expect(Base64.encode([0xFF]) == "/w==")
    #expect(Base64.decode("/w==") == [0xFF])
    #expect(Base64.decode("YWI=") == Array("ab".utf8))
    for bad in ["a", "ab=c", "====", "YW=I", "YWI*", "YQ==YQ=="] { #expect(Base64.decode(bad) == nil, "\(bad)") }
}
