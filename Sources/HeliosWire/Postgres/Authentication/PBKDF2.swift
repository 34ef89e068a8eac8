// PBKDF2 with HMAC-SHA-256 (RFC 8018), which SCRAM calls Hi(password, salt, iterations)
// (RFC 5802 §2.2), for one 32-byte block:
//
//   U1 = HMAC(password, salt || INT(1)),  Ui = HMAC(password, Ui-1),  Hi = U1 xor ... xor Un
//
// HMAC is computed from SHA-256 states that have already absorbed the padded key (ipad and
// opad), copied for every iteration, which halves the hashing work of 4096 iterations compared
// with keying an HMAC afresh each time.

internal import Crypto

/// PBKDF2-HMAC-SHA-256, one output block.
public enum PBKDF2 {
    public static func hmacSHA256(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        precondition(iterations >= 1, "PBKDF2 needs at least one iteration")
        var key = password
        if key.count > 64 { key = Array(SHA256.hash(data: key)) }
        key += Array(repeating: 0, count: 64 - key.count)
        var inner = SHA256()
        inner.update(data: key.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(data: key.map { $0 ^ 0x5C })

        func hmac(_ message: [UInt8]) -> [UInt8] {
            var innerHash = inner
            innerHash.update(data: message)
            var outerHash = outer
            outerHash.update(data: Array(innerHash.finalize()))
            return Array(outerHash.finalize())
        }

        var block = hmac(salt + [0, 0, 0, 1])
        var result = block
        for _ in 1..<iterations {
            block = hmac(block)
            for index in 0..<result.count { result[index] ^= block[index] }
        }
        return result
    }
}
