// PostgreSQL's md5 authentication. The stored secret is "md5" + hex(md5(password + user)); the
// server sends a random 4-byte salt and the client answers
//
//   "md5" + hex(md5(hex(md5(password + user)) + salt))
//
// so the server checks the answer from the stored secret alone.

internal import Crypto

/// md5 secrets and responses.
public enum MD5Password {
    /// The stored form: "md5" followed by 32 lowercase hex digits.
    public static func storedHash(password: String, user: String) -> String {
        "md5" + hex(Array(Insecure.MD5.hash(data: Array((password + user).utf8))))
    }

    /// The answer a client gives for `salt`, from the stored form.
    public static func response(storedHash: String, salt: [UInt8]) -> String {
        let inner = Array(storedHash.utf8.dropFirst(3))
        return "md5" + hex(Array(Insecure.MD5.hash(data: inner + salt)))
    }

    /// The answer a client gives for `salt`, from the password (what libpq computes).
    public static func response(password: String, user: String, salt: [UInt8]) -> String {
        response(storedHash: storedHash(password: password, user: user), salt: salt)
    }

    /// Whether `text` has the stored form.
    public static func isStoredHash(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 35 && text.hasPrefix("md5")
            && bytes.dropFirst(3).allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 15)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
