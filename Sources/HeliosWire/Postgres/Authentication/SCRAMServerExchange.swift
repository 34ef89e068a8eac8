// The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL implements it
// (auth-scram.c), as a pure value: client messages in, server messages or errors out.
//
//   client-first  gs2-header client-first-bare     "n,,n=,r=<client nonce>"
//   server-first                                   "r=<client nonce><server nonce>,s=<salt>,i=4096"
//   client-final  "c=biws,r=<both nonces>,p=<base64 ClientProof>"
//   server-final  "v=<base64 ServerSignature>"
//
//   AuthMessage     = client-first-bare + "," + server-first + "," + client-final-without-proof
//   ClientSignature = HMAC(StoredKey, AuthMessage);  ClientKey = ClientProof xor ClientSignature
//   the proof is good when H(ClientKey) = StoredKey;  ServerSignature = HMAC(ServerKey, AuthMessage)
//
// Channel binding: HeliosDB offers SCRAM-SHA-256 only, never -PLUS, so the gs2 flag must be
// 'n' (client cannot bind) or 'y' (client could, but the server did not offer it); 'p' is
// rejected. The user name in the message is ignored, as PostgreSQL does: the startup user
// counts. For a role without a usable verifier the exchange runs to the end with a mock salt
// derived from the user name, then fails, so a client cannot tell which roles exist.

public import HeliosCore
internal import Crypto

/// One SCRAM-SHA-256 exchange, server side.
public struct SCRAMServerExchange: Sendable {
    public static let mechanism = "SCRAM-SHA-256"

    public enum Outcome: Equatable, Sendable {
        /// The proof was right: send this server-final-message, then AuthenticationOk.
        case success(serverFinalMessage: [UInt8])
        /// Wrong password (or no such role): 28P01.
        case failure
    }

    private enum State: Sendable {
        case awaitingClientFirst
        case awaitingClientFinal(channelBindingFlag: UInt8, clientFirstBare: String, serverFirst: String,
                                 combinedNonce: String)
        case finished
    }

    private let verifier: SCRAMVerifier
    private let isDoomed: Bool
    private let serverNonce: String
    private var state = State.awaitingClientFirst

    /// - Parameters:
    ///   - verifier: the role's secret, or nil for a role that does not exist or has none.
    ///   - mockSalt: the salt to show when `verifier` is nil.
    ///   - serverNonce: printable characters other than ','; PostgreSQL uses 18 random bytes
    ///     in base64.
    public init(verifier: SCRAMVerifier?, mockSalt: [UInt8], serverNonce: String) {
        if let verifier {
            self.verifier = verifier
            isDoomed = false
        } else {
            self.verifier = SCRAMVerifier(iterations: SCRAMVerifier.defaultIterations, salt: mockSalt,
                                          storedKey: Array(repeating: 0, count: 32),
                                          serverKey: Array(repeating: 0, count: 32))
            isDoomed = true
        }
        self.serverNonce = serverNonce
    }

    /// A mock salt for `user`, stable for one `serverSecret` (PostgreSQL's scram_mock_salt).
    public static func mockSalt(user: String, serverSecret: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: Array(user.utf8) + serverSecret).prefix(SCRAMVerifier.defaultSaltByteCount))
    }

    /// Reads client-first-message; returns server-first-message.
    public mutating func receiveClientFirst(_ message: [UInt8]) throws(DatabaseError) -> [UInt8] {
        guard case .awaitingClientFirst = state else { throw Self.malformed("Unexpected message.") }
        state = .finished
        let text = try Self.printable(message)
        var scanner = AttributeScanner(text)
        let flag = scanner.next()
        switch flag {
        case UInt8(ascii: "p"):
            throw Self.malformed("The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.")
        case UInt8(ascii: "y"), UInt8(ascii: "n"):
            break
        default:
            throw Self.malformed("Unexpected channel-binding flag \"\(Self.sanitize(flag))\".")
        }
        try scanner.expectComma()
        if scanner.peek() == UInt8(ascii: "a") {
            throw DatabaseError(.featureNotSupported, "client uses authorization identity, but it is not supported")
        }
        try scanner.expectComma()
        let bareStart = scanner.offset
        if scanner.peek() == UInt8(ascii: "m") {
            throw DatabaseError(.featureNotSupported, "client requires an unsupported SCRAM extension")
        }
        _ = try scanner.readAttribute(UInt8(ascii: "n"))  // ignored: the startup user counts
        let clientNonce = try scanner.readAttribute(UInt8(ascii: "r"))
        if clientNonce.isEmpty { throw Self.malformed("The client nonce is empty.") }
        while !scanner.isAtEnd { _ = try scanner.readAnyAttribute() }  // extensions: ignored
        let clientFirstBare = String(text.dropFirst(bareStart))
        let combinedNonce = clientNonce + serverNonce
        let serverFirst = "r=\(combinedNonce),s=\(Base64.encode(verifier.salt)),i=\(verifier.iterations)"
        state = .awaitingClientFinal(channelBindingFlag: flag!, clientFirstBare: clientFirstBare,
                                     serverFirst: serverFirst, combinedNonce: combinedNonce)
        return Array(serverFirst.utf8)
    }

    /// Reads client-final-message; returns the outcome.
    public mutating func receiveClientFinal(_ message: [UInt8]) throws(DatabaseError) -> Outcome {
        guard case .awaitingClientFinal(let flag, let clientFirstBare, let serverFirst, let combinedNonce) = state else {
            throw Self.malformed("Unexpected message.")
        }
        state = .finished
        let text = try Self.printable(message)
        var scanner = AttributeScanner(text)
        let channelBinding = try scanner.readAttribute(UInt8(ascii: "c"))
        let expected = flag == UInt8(ascii: "y") ? "eSws" : "biws"  // base64 of "y,," and "n,,"
        guard channelBinding == expected else {
            throw DatabaseError(.protocolViolation, "unexpected SCRAM channel-binding attribute in client-final-message")
        }
        let nonce = try scanner.readAttribute(UInt8(ascii: "r"))
        var proofStart: Int
        var attribute: UInt8
        var value: String
        repeat {
            proofStart = scanner.offset - 1  // the comma before the attribute
            (attribute, value) = try scanner.readAnyAttribute()
        } while attribute != UInt8(ascii: "p")
        guard let proof = Base64.decode(value), proof.count == 32 else {
            throw Self.malformed("Malformed proof in client-final-message.")
        }
        guard scanner.isAtEnd else { throw Self.malformed("Garbage found at the end of client-final-message.") }
        guard nonce == combinedNonce else {
            throw DatabaseError(.protocolViolation, "invalid SCRAM response", detail: "Nonce does not match.")
        }
        let withoutProof = String(text.prefix(proofStart))
        let authMessage = Array("\(clientFirstBare),\(serverFirst),\(withoutProof)".utf8)
        let clientSignature = SCRAMVerifier.hmac(key: verifier.storedKey, authMessage)
        let clientKey = zip(proof, clientSignature).map { $0 ^ $1 }
        let computedStoredKey = Array(SHA256.hash(data: clientKey))
        guard !isDoomed, ConstantTime.equal(computedStoredKey, verifier.storedKey) else { return .failure }
        let serverSignature = SCRAMVerifier.hmac(key: verifier.serverKey, authMessage)
        return .success(serverFinalMessage: Array("v=\(Base64.encode(serverSignature))".utf8))
    }

    static func malformed(_ detail: String) -> DatabaseError {
        DatabaseError(.protocolViolation, "malformed SCRAM message", detail: detail)
    }

    /// SCRAM messages are printable ASCII; PostgreSQL rejects anything else as malformed.
    static func printable(_ message: [UInt8]) throws(DatabaseError) -> String {
        guard message.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw malformed("The message contains non-printable characters.")
        }
        return String(decoding: message, as: UTF8.self)
    }

    static func sanitize(_ byte: UInt8?) -> String {
        guard let byte else { return "" }
        return byte >= 0x21 && byte < 0x7F ? String(UnicodeScalar(byte)) : "0x" + String(byte, radix: 16)
    }
}

/// Reads "a=value,b=value" attribute lists, as PostgreSQL's read_attribute does.
private struct AttributeScanner {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var isAtEnd: Bool { offset >= bytes.count }

    func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    mutating func next() -> UInt8? {
        defer { offset += 1 }
        return peek()
    }

    mutating func expectComma() throws(DatabaseError) {
        let byte = next()
        guard byte == UInt8(ascii: ",") else {
            throw SCRAMServerExchange.malformed("Comma expected, but found character \"\(SCRAMServerExchange.sanitize(byte))\".")
        }
    }

    /// Reads `name=value` and the comma after it, if any.
    mutating func readAttribute(_ name: UInt8) throws(DatabaseError) -> String {
        let found = next()
        guard found == name else {
            throw SCRAMServerExchange.malformed("Expected attribute \"\(Character(UnicodeScalar(name)))\" but found \"\(SCRAMServerExchange.sanitize(found))\".")
        }
        return try readValue(of: name)
    }

    /// Reads any `x=value` and the comma after it, if any.
    mutating func readAnyAttribute() throws(DatabaseError) -> (UInt8, String) {
        guard let name = next(), (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(name)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(name) else {
            throw SCRAMServerExchange.malformed("Attribute expected, but found end of string.")
        }
        return (name, try readValue(of: name))
    }

    private mutating func readValue(of name: UInt8) throws(DatabaseError) -> String {
        guard next() == UInt8(ascii: "=") else {
            throw SCRAMServerExchange.malformed("Expected character \"=\" for attribute \"\(Character(UnicodeScalar(name)))\".")
        }
        let start = offset
        while let byte = peek(), byte != UInt8(ascii: ",") { offset += 1 }
        let value = String(decoding: bytes[start..<offset], as: UTF8.self)
        if peek() == UInt8(ascii: ",") { offset += 1 }
        return value
    }
}
