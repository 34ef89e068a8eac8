// Page 0 of the data file: what the file is and how to read it. Written once, at creation.
//
// | offset | size | field                                                  |
// |--------|------|--------------------------------------------------------|
// | 0      | 40   | common page header (kind = fileHeader, page ID 0)      |
// | 40     | 8    | magic "HELIOSDB"                                       |
// | 48     | 4    | format version (FileHeader.formatVersion)              |
// | 52     | 4    | page size in bytes                                     |
// | 56     | 8    | write-ahead log segment size in bytes                  |
// | 64     | 8    | creation time, seconds since 1970                      |
// | 72     | 16   | database identity: random bytes, also in every log segment name's directory |

package import HeliosCore

/// The file header's decoded fields.
package struct FileHeader: Equatable, Sendable {
    /// Bumped whenever any on-disk layout (pages, log records, checkpoints) changes.
    package static let formatVersion: UInt32 = 1
    package static let magic: [UInt8] = Array("HELIOSDB".utf8)
    /// Bytes to read first, to learn the page size before reading the whole header page.
    package static let probeSize = 128

    package var pageSize: Int
    package var walSegmentSize: Int
    package var createdAt: UInt64
    package var identity: [UInt8]

    package func write(to page: PageBytes) {
        page.initialize(id: .none, kind: .fileHeader, version: 0, lsn: .zero)
        Self.magic.withUnsafeBytes { page.copyBytes(from: $0, to: 40) }
        page.setUInt32(Self.formatVersion, at: 48)
        page.setUInt32(UInt32(pageSize), at: 52)
        page.setUInt64(UInt64(walSegmentSize), at: 56)
        page.setUInt64(createdAt, at: 64)
        identity.withUnsafeBytes { page.copyBytes(from: $0, to: 72) }
        page.storeChecksum()
    }

    /// Reads the page size from the first bytes of a file, checking magic and version.
    package static func probePageSize(_ probe: PageBytes, path: String) throws(DatabaseError) -> Int {
        if !Self.magic.elementsEqual(probe.bytes(at: 40, count: 8)) {
            throw DatabaseError(.dataCorrupted, "file \"\(path)\" is not a HeliosDB data file",
                                detail: "The file does not start with the HeliosDB magic bytes.")
        }
        let version = probe.uint32(at: 48)
        if version != Self.formatVersion {
            throw DatabaseError(.featureNotSupported, "database files are incompatible with server",
                                detail: "The data file \"\(path)\" has format version \(version), but this build reads version \(Self.formatVersion).")
        }
        let pageSize = Int(probe.uint32(at: 52))
        if !PageSize.allowed.contains(pageSize) {
            throw DatabaseError(.dataCorrupted, "file \"\(path)\" has an invalid page size \(pageSize)")
        }
        return pageSize
    }

    package static func read(from page: PageBytes, path: String) throws(DatabaseError) -> FileHeader {
        _ = try probePageSize(page, path: path)
        guard page.hasValidChecksum, page.kindByte == PageKind.fileHeader.rawValue else {
            throw DatabaseError.corruptPage(.none, file: path, detail: "The file header fails its checksum.")
        }
        let segmentSize = Int(page.uint64(at: 56))
        guard segmentSize >= 64 * 1024, segmentSize % 4096 == 0 else {
            throw DatabaseError(.dataCorrupted, "file \"\(path)\" has an invalid log segment size \(segmentSize)")
        }
        return FileHeader(pageSize: page.size, walSegmentSize: segmentSize,
                          createdAt: page.uint64(at: 64), identity: Array(page.bytes(at: 72, count: 16)))
    }
}
