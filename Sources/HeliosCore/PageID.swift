// Identifiers shared by every layer: pages on disk and positions in the write-ahead log.

/// The number of a page in the data file: its byte offset is `rawValue * pageSize`.
public struct PageID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    /// Page 0 holds the file header, so no tree or list ever points to it: it means "none".
    public static let none = PageID(0)

    public var isNone: Bool { rawValue == 0 }
    public var description: String { "page \(rawValue)" }
    public static func < (a: PageID, b: PageID) -> Bool { a.rawValue < b.rawValue }
}

/// A log sequence number: the byte position of a record in the write-ahead log's stream.
/// LSNs only grow; a page's LSN names the last log record whose effect it holds.
public struct LSN: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64

    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    public static let zero = LSN(0)

    /// PostgreSQL's notation: high and low 32 bits in hex, e.g. "0/16B3748".
    public var description: String {
        String(rawValue >> 32, radix: 16, uppercase: true) + "/"
            + String(rawValue & 0xFFFF_FFFF, radix: 16, uppercase: true)
    }

    public static func < (a: LSN, b: LSN) -> Bool { a.rawValue < b.rawValue }
    public static func + (a: LSN, byteCount: Int) -> LSN { LSN(a.rawValue + UInt64(byteCount)) }
}
