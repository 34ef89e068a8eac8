// The address `serve` listens on: a port in range, and a loopback host unless clients must
// authenticate with a password.

import HeliosCore
#if canImport(Glibc)
import Glibc
#endif

/// A loopback host and a TCP port.
struct ServerAddress {
    var host: String
    var port: Int

    static let validPorts = 1...65535

    /// Checks `host` and `port`; throws in PostgreSQL's words if either is unusable. A
    /// non-loopback host needs `passwordRequired` (else anyone reaching the port gets in).
    init(host: String, port: Int, passwordRequired: Bool = false) throws(DatabaseError) {
        guard Self.validPorts.contains(port) else {
            throw DatabaseError(.invalidParameterValue,
                                "\(port) is outside the valid range for parameter \"port\" (1 .. 65535)")
        }
        guard passwordRequired || Self.isLoopback(host) else {
            throw DatabaseError(.invalidParameterValue, "refusing to listen on \"\(host)\" without a password",
                                detail: "Without a password clients are trusted, so anyone who could reach the port could read and change all data.",
                                hint: "Set HELIOSDB_PASSWORD, or use --host 127.0.0.1, ::1 or localhost.")
        }
        self.host = host
        self.port = port
    }

    /// Whether `host` names this machine only: localhost, 127.0.0.0/8 or ::1. Other names are
    /// refused rather than resolved, since a name may resolve to a public address.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, host, &ipv4) == 1 {
            return UInt32(bigEndian: ipv4.s_addr) >> 24 == 127
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, host, &ipv6) == 1 {
            return withUnsafeBytes(of: &ipv6) { $0.elementsEqual([UInt8](repeating: 0, count: 15) + [1]) }
        }
        return false
    }

    /// host:port, with brackets around an IPv6 host.
    var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
