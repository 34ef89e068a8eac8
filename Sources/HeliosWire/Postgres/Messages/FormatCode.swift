// The two data formats of the protocol: text (0), PostgreSQL's output functions' strings, and
// binary (1), the send/receive functions' bytes. Any other code is rejected with 22023
// "unsupported format code: N", as PostgreSQL does.

public import HeliosCore

/// How a value is encoded on the wire.
public enum FormatCode: Int16, Equatable, Sendable {
    case text = 0
    case binary = 1

    /// Checks a code from the client.
    public static func validated(_ code: Int16) throws(DatabaseError) -> FormatCode {
        guard let format = FormatCode(rawValue: code) else {
            throw DatabaseError(.invalidParameterValue, "unsupported format code: \(code)")
        }
        return format
    }
}
