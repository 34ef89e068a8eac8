// The password preparation SCRAM asks for (SASLprep, RFC 4013), as far as HeliosDB implements
// it, and PostgreSQL's fallback: a password that is not valid UTF-8 or contains prohibited
// characters is used as raw bytes (pg_saslprep's SASLPREP_INVALID_UTF8 / _PROHIBITED paths).
//
// Implemented: non-ASCII spaces (RFC 3454 C.1.2) map to U+0020; characters "commonly mapped to
// nothing" (B.1) are removed; prohibited characters (control characters, private use,
// surrogates, non-characters, C.3-C.9) fall back to raw bytes. Not implemented: Unicode NFKC
// normalization, so a password that NFKC would change (compatibility characters such as
// full-width letters or ligatures) gives a different verifier than PostgreSQL's. ASCII
// passwords, and passwords already in NFKC, are handled exactly.

/// SASLprep for SCRAM passwords.
public enum SASLPrep {
    public static func passwordBytes(_ password: String) -> [UInt8] {
        let raw = Array(password.utf8)
        if raw.allSatisfy({ $0 < 0x80 && $0 >= 0x20 && $0 != 0x7F }) { return raw }  // printable ASCII: as is
        var prepared = String.UnicodeScalarView()
        for scalar in password.unicodeScalars {
            let value = scalar.value
            if isMappedToNothing(value) { continue }
            if isNonASCIISpace(value) { prepared.append(" "); continue }
            if isProhibited(value) { return raw }
            prepared.append(scalar)
        }
        if prepared.isEmpty { return raw }
        return Array(String(prepared).utf8)
    }

    static func isNonASCIISpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x00A0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    static func isMappedToNothing(_ value: UInt32) -> Bool {
        switch value {
        case 0x00AD, 0x034F, 0x1806, 0x180B...0x180D, 0x200B...0x200D, 0x2060, 0xFE00...0xFE0F, 0xFEFF: true
        default: false
        }
    }

    static func isProhibited(_ value: UInt32) -> Bool {
        switch value {
        case 0x0000...0x001F, 0x007F...0x009F: true  // C.2.1, C.2.2 control characters
        case 0x06DD, 0x070F, 0x180E, 0x200C, 0x200D, 0x2028, 0x2029, 0x2060...0x2063, 0x206A...0x206F,
             0xFEFF, 0xFFF9...0xFFFC, 0x1D173...0x1D17A: true  // C.2.2
        case 0xE000...0xF8FF, 0xF0000...0xFFFFD, 0x100000...0x10FFFD: true  // C.3 private use
        case 0xFDD0...0xFDEF, 0xFFFE...0xFFFF: true  // C.4 non-characters
        case 0xD800...0xDFFF: true  // C.5 surrogates
        case 0xFFF9...0xFFFD: true  // C.6, C.7
        case 0x0340, 0x0341, 0x200E, 0x200F, 0x202A...0x202E, 0x206A...0x206F: true  // C.8
        case 0xE0001, 0xE0020...0xE007F: true  // C.9 tagging
        default: (value & 0xFFFE) == 0xFFFE  // non-characters at the end of every plane
        }
    }
}
