// The limits on message sizes, as PostgreSQL 15 sets them (pqcomm.h, auth.h). A length outside
// its limit ends the connection before the body is buffered, so a hostile length cannot make
// the server allocate a gigabyte.

/// Size limits for frontend messages, lengths counting the 4-byte length field itself.
public enum MessageLimits {
    /// A startup packet (StartupMessage, SSLRequest, GSSENCRequest, CancelRequest):
    /// MAX_STARTUP_PACKET_LENGTH.
    public static let startupPacketByteCount = 10_000
    /// Messages that carry data (Query, Parse, Bind, FunctionCall, CopyData, CopyDone,
    /// CopyFail): PQ_LARGE_MESSAGE_LIMIT, 1 GiB less one byte.
    public static let largeMessageByteCount = 0x3FFF_FFFF
    /// Control messages (Describe, Execute, Close, Sync, Flush, Terminate): PQ_SMALL_MESSAGE_LIMIT.
    public static let smallMessageByteCount = 10_000
    /// Authentication responses: PG_MAX_AUTH_TOKEN_LENGTH.
    public static let authenticationMessageByteCount = 65_535

    /// The largest length PostgreSQL accepts for a regular message of this type, or nil when
    /// the type is not a frontend message at all.
    public static func maximumByteCount(forType typeCode: UInt8) -> Int? {
        switch typeCode {
        case UInt8(ascii: "Q"), UInt8(ascii: "P"), UInt8(ascii: "B"), UInt8(ascii: "F"),
             UInt8(ascii: "d"), UInt8(ascii: "c"), UInt8(ascii: "f"):
            return largeMessageByteCount
        case UInt8(ascii: "D"), UInt8(ascii: "E"), UInt8(ascii: "C"), UInt8(ascii: "S"),
             UInt8(ascii: "H"), UInt8(ascii: "X"):
            return smallMessageByteCount
        case UInt8(ascii: "p"):
            return authenticationMessageByteCount
        default:
            return nil
        }
    }
}
