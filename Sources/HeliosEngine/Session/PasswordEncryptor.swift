// How CREATE/ALTER ROLE ... PASSWORD turns a password into what pg_authid stores. The engine has
// no cryptography of its own: the server hands it the wire layer's SCRAM and md5 code, so the
// stored forms are exactly the ones authentication checks.

/// PostgreSQL's password_encryption methods.
public enum PasswordEncryptionMethod: String, Sendable {
    case scramSHA256 = "scram-sha-256"
    case md5 = "md5"
}

/// Makes a role's stored secret from a password.
public protocol PasswordEncryptor: Sendable {
    /// The password as pg_authid stores it: unchanged when it already is an md5 hash or a SCRAM
    /// verifier (a client that hashed it itself), otherwise hashed by `method` (md5 salts with
    /// the role's name).
    func storedForm(ofPassword password: String, role: String, method: PasswordEncryptionMethod) -> String
}

extension RoleDescriptor {
    /// Whether `text` is an md5 stored hash: "md5" and 32 lower-case hex digits. The one stored
    /// form the engine recognises without a `PasswordEncryptor`.
    static func isMD5Hash(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard utf8.count == 35, text.hasPrefix("md5") else { return false }
        return utf8.dropFirst(3).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
