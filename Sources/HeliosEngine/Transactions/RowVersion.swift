// Row versions: multi-version concurrency control on top of the storage engine's trees. A table
// row is one tree entry whose value is the row's version chain, newest first. Each version says
// which transaction created it (xmin) and which deleted or replaced it (xmax), with the command
// numbers within those transactions, as PostgreSQL's tuple headers do.
//
// Value layout of a row entry (integers little-endian):
//
// | size | field                                                            |
// |------|------------------------------------------------------------------|
// | 1    | format version (1)                                               |
// | ...  | versions, newest first, each:                                    |
// |      |   xmin u64 | xmax u64 (0: none) | cmin u32 | cmax u32 | flags u8 |
// |      |   data length u32 | data (the row's columns, encoded by the catalog) |
//
// Flags: bit 0 = xmax only locks the row (SELECT FOR UPDATE), it did not delete or replace it.

package import HeliosCore

/// A transaction's ID. IDs only grow; 1 stands for "committed before every snapshot".
public struct TransactionID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    public static let invalid = TransactionID(0)
    /// Rows written by bootstrap (or frozen by vacuum): visible to everyone.
    public static let frozen = TransactionID(1)
    /// The first ID handed to a transaction.
    public static let first = TransactionID(3)

    public var isValid: Bool { rawValue != 0 }
    public var description: String { String(rawValue) }
    public static func < (a: TransactionID, b: TransactionID) -> Bool { a.rawValue < b.rawValue }
}

/// One version of a row.
package struct RowVersion: Equatable, Sendable {
    package var xmin: TransactionID
    package var xmax: TransactionID = .invalid
    package var cmin: UInt32
    package var cmax: UInt32 = 0
    package var flags: UInt8 = 0
    package var data: [UInt8]

    package static let lockOnlyFlag: UInt8 = 1
    package var xmaxOnlyLocks: Bool { flags & Self.lockOnlyFlag != 0 }

    package init(xmin: TransactionID, xmax: TransactionID = .invalid, cmin: UInt32, cmax: UInt32 = 0,
                 flags: UInt8 = 0, data: [UInt8]) {
        self.xmin = xmin
        self.xmax = xmax
        self.cmin = cmin
        self.cmax = cmax
        self.flags = flags
        self.data = data
    }
}

/// Encoding and decoding of version chains.
package enum VersionChain {
    package static let formatVersion: UInt8 = 1
    static let headerSize = 8 + 8 + 4 + 4 + 1 + 4

    package static func encode(_ versions: [RowVersion]) -> [UInt8] {
        var bytes: [UInt8] = [formatVersion]
        bytes.reserveCapacity(1 + versions.reduce(0) { $0 + headerSize + $1.data.count })
        for version in versions {
            append(version.xmin.rawValue, to: &bytes)
            append(version.xmax.rawValue, to: &bytes)
            append(UInt64(version.cmin) | UInt64(version.cmax) << 32, to: &bytes)
            bytes.append(version.flags)
            withUnsafeBytes(of: UInt32(version.data.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: version.data)
        }
        return bytes
    }

    package static func decode(_ bytes: UnsafeRawBufferPointer) throws(DatabaseError) -> [RowVersion] {
        var versions: [RowVersion] = []
        try forEach(bytes) { header, data in
            versions.append(RowVersion(xmin: header.xmin, xmax: header.xmax, cmin: header.cmin, cmax: header.cmax,
                                       flags: header.flags, data: Array(data)))
            return true
        }
        return versions
    }

    package static func decode(_ bytes: [UInt8]) throws(DatabaseError) -> [RowVersion] {
        try bytes.withBytes { (raw) throws(DatabaseError) in try decode(raw) }
    }

    /// A version's header, read in place.
    package struct Header: Equatable {
        package var xmin: TransactionID
        package var xmax: TransactionID
        package var cmin: UInt32
        package var cmax: UInt32
        package var flags: UInt8
        package var xmaxOnlyLocks: Bool { flags & RowVersion.lockOnlyFlag != 0 }
    }

    /// Calls `visit` with each version, newest first, without copying data; stops when it
    /// returns false.
    @inline(__always)
    package static func forEach(
        _ bytes: UnsafeRawBufferPointer, _ visit: (Header, UnsafeRawBufferPointer) throws(DatabaseError) -> Bool
    ) throws(DatabaseError) {
        guard bytes.count >= 1, bytes[0] == formatVersion else { throw corrupt("unknown row format") }
        var offset = 1
        while offset < bytes.count {
            guard offset + headerSize <= bytes.count else { throw corrupt("truncated version header") }
            let xmin = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            let xmax = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            let commands = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
            let flags = bytes[offset + 24]
            let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 25, as: UInt32.self)))
            let start = offset + headerSize
            guard start + length <= bytes.count else { throw corrupt("truncated version data") }
            let header = Header(xmin: TransactionID(xmin), xmax: TransactionID(xmax), cmin: UInt32(truncatingIfNeeded: commands),
                                cmax: UInt32(truncatingIfNeeded: commands >> 32), flags: flags)
            guard try visit(header, UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)])) else { return }
            offset = start + length
        }
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func corrupt(_ detail: String) -> DatabaseError {
        DatabaseError(.dataCorrupted, "row version chain is corrupted", detail: detail)
    }
}
