// The engine's PasswordEncryptor made of the wire layer's SCRAM and md5 code, so that what
// CREATE ROLE ... PASSWORD stores is exactly what authentication checks.

public import HeliosEngine
import HeliosWire

/// Hashes passwords as PostgreSQL 15 stores them.
public struct WirePasswordEncryptor: PasswordEncryptor {
    public init() {}

    public func storedForm(ofPassword password: String, role: String, method: PasswordEncryptionMethod) -> String {
        // A client may send the hash instead of the password (psql's \password does): keep it.
        if RoleSecret(storedForm: password) != nil { return password }
        switch method {
        case .md5:
            return MD5Password.storedHash(password: password, user: role)
        case .scramSHA256:
            var random = SystemRandomNumberGenerator()
            return SCRAMVerifier(password: password, using: &random).description
        }
    }
}
