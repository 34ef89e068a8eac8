// What the server stores for SCRAM-SHA-256 instead of a password (RFC 5802 §3), in
// PostgreSQL's text form:
//
//   SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>
//
//   SaltedPassword = Hi(SASLprep(password), salt, iterations)
//   ClientKey = HMAC(SaltedPassword, "Client Key"),  StoredKey = H(ClientKey)
//   ServerKey = HMAC(SaltedPassword, "Server Key")
//
// StoredKey checks a client's proof and ServerKey signs the server's answer, so the server
// never needs the password itself.

internal import Crypto

/// A role's SCRAM-SHA-256 secret.
public struct SCRAMVerifier: Equatable, Sendable, CustomStringConvertible {
    /// PostgreSQL's default (scram_iterations).
    public static let defaultIterations = 4096
    /// PostgreSQL's salt length (SCRAM_DEFAULT_SALT_LEN).
    public static let defaultSaltByteCount = 16

    public var iterations: Int
    public var salt: [UInt8]
    public var storedKey: [UInt8]
    public var serverKey: [UInt8]

    public init(iterations: Int, salt: [UInt8], storedKey: [UInt8], serverKey: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.storedKey = storedKey
        self.serverKey = serverKey
    }

    /// Derives the verifier of `password`; costs `iterations` HMACs, so run it off event loops.
    public init(password: String, salt: [UInt8], iterations: Int = SCRAMVerifier.defaultIterations) {
        let salted = PBKDF2.hmacSHA256(password: SASLPrep.passwordBytes(password), salt: salt,
                                       iterations: iterations)
        let clientKey = SCRAMVerifier.hmac(key: salted, Array("Client Key".utf8))
        self.init(iterations: iterations, salt: salt, storedKey: Array(SHA256.hash(data: clientKey)),
                  serverKey: SCRAMVerifier.hmac(key: salted, Array("Server Key".utf8)))
    }

    /// Derives a verifier with a fresh random salt.
    public init<Random: RandomNumberGenerator>(password: String, using random: inout Random) {
        let salt = (0..<Self.defaultSaltByteCount).map { _ in UInt8.random(in: 0...255, using: &random) }
        self.init(password: password, salt: salt)
    }

    /// Parses PostgreSQL's stored form; nil if it is not one.
    public init?(parsing text: String) {
        guard text.hasPrefix("SCRAM-SHA-256$") else { return nil }
        let parts = text.dropFirst("SCRAM-SHA-256$".count).split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let head = parts[0].split(separator: ":", omittingEmptySubsequences: false)
        let keys = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard head.count == 2, keys.count == 2, let iterations = Int(head[0]), iterations > 0,
              let salt = Base64.decode(head[1]), let storedKey = Base64.decode(keys[0]),
              let serverKey = Base64.decode(keys[1]), storedKey.count == 32, serverKey.count == 32 else { return nil }
        self.init(iterations: iterations, salt: salt, storedKey: storedKey, serverKey: serverKey)
    }

    public var description: String {
        "SCRAM-SHA-256$\(iterations):\(Base64.encode(salt))$\(Base64.encode(storedKey)):\(Base64.encode(serverKey))"
    }

    /// Whether `password` is the one this verifier was made from.
    public func matches(password: String) -> Bool {
        let candidate = SCRAMVerifier(password: password, salt: salt, iterations: iterations)
        return ConstantTime.equal(candidate.storedKey, storedKey) && ConstantTime.equal(candidate.serverKey, serverKey)
    }

    static func hmac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }
}

/// Comparison whose time does not depend on where the inputs differ.
enum ConstantTime {
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<a.count { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
