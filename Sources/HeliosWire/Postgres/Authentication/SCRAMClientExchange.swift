// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677), as libpq computes it: builds
// client-first and client-final messages from a password and checks the server's signature.
// The server does not need it; it exists so that tests (and a future HeliosDB client) can drive
// the server's exchange with the real computation rather than canned bytes.

internal import Crypto

/// One SCRAM-SHA-256 exchange, client side.
public struct SCRAMClientExchange: Sendable {
    public let password: String
    public let clientNonce: String
    /// "n,," (no channel binding) or "y,," (could bind, server did not offer it).
    public var gs2Header: String
    private var clientFirstBare = ""
    private var authMessage = ""
    private var saltedPassword: [UInt8] = []

    public init(password: String, clientNonce: String, gs2Header: String = "n,,") {
        self.password = password
        self.clientNonce = clientNonce
        self.gs2Header = gs2Header
    }

    /// client-first-message, with an empty user name as libpq sends it.
    public mutating func clientFirstMessage() -> String {
        clientFirstBare = "n=,r=\(clientNonce)"
        return gs2Header + clientFirstBare
    }

    /// client-final-message answering `serverFirst`; nil when that is malformed.
    public mutating func clientFinalMessage(serverFirst: String) -> String? {
        var attributes: [Character: String] = [:]
        for part in serverFirst.split(separator: ",") where part.count >= 2 {
            attributes[part.first!] = String(part.dropFirst(2))
        }
        guard let nonce = attributes["r"], nonce.hasPrefix(clientNonce), let saltText = attributes["s"],
              let salt = Base64.decode(saltText), let iterations = attributes["i"].flatMap({ Int($0) }),
              iterations > 0 else { return nil }
        saltedPassword = PBKDF2.hmacSHA256(password: SASLPrep.passwordBytes(password), salt: salt,
                                           iterations: iterations)
        let withoutProof = "c=\(Base64.encode(Array(gs2Header.utf8))),r=\(nonce)"
        authMessage = "\(clientFirstBare),\(serverFirst),\(withoutProof)"
        let clientKey = SCRAMVerifier.hmac(key: saltedPassword, Array("Client Key".utf8))
        let storedKey = Array(SHA256.hash(data: clientKey))
        let signature = SCRAMVerifier.hmac(key: storedKey, Array(authMessage.utf8))
        let proof = zip(clientKey, signature).map { $0 ^ $1 }
        return "\(withoutProof),p=\(Base64.encode(proof))"
    }

    /// Whether server-final-message carries the signature only the holder of the verifier can make.
    public func verify(serverFinal: String) -> Bool {
        let serverKey = SCRAMVerifier.hmac(key: saltedPassword, Array("Server Key".utf8))
        return serverFinal == "v=" + Base64.encode(SCRAMVerifier.hmac(key: serverKey, Array(authMessage.utf8)))
    }
}
