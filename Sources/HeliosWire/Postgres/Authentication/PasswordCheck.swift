// Checking what a client sent against a role's secret, as PostgreSQL's crypt.c does:
// a cleartext password against either kind of secret (a SCRAM verifier costs a full PBKDF2,
// so that check runs off the event loop), and an MD5 response against an md5 secret.

/// Password checks.
public enum PasswordCheck {
    /// Whether `password`, sent in clear, matches `secret`. May take milliseconds.
    public static func cleartext(_ password: String, user: String, secret: RoleSecret?) -> Bool {
        switch secret {
        case .md5(let stored):
            return ConstantTime.equal(Array(MD5Password.storedHash(password: password, user: user).utf8),
                                      Array(stored.utf8))
        case .scramSHA256(let verifier):
            return verifier.matches(password: password)
        case nil:
            return false
        }
    }

    /// Whether `response` is the right answer to an MD5 challenge with `salt`.
    public static func md5Response(_ response: String, salt: [UInt8], secret: RoleSecret?) -> Bool {
        guard case .md5(let stored) = secret else { return false }
        return ConstantTime.equal(Array(MD5Password.response(storedHash: stored, salt: salt).utf8),
                                  Array(response.utf8))
    }
}
