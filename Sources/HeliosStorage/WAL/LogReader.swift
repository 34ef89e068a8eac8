// Reading the log for recovery. The valid log ends at the first record that is missing, torn,
// fails its checksum or claims another position. That is normal after a crash (a write in
// flight when the power went), but it could also be a corrupted record in the middle of the
// log, which must not silently drop the committed transactions after it. The two are told apart
// by what follows: every commit record carries the position up to which the log was already
// synced when it was appended; a valid commit record beyond the end that says the log was synced
// past the end proves the damaged record had been durable, so recovery stops with an error.

package import HeliosCore

/// Sequential reader of the log from a starting position.
package struct LogReader {
    let segments: LogSegments
    /// Where the next record is expected.
    package private(set) var position: LSN
    /// Why reading stopped, once it has.
    package private(set) var endReason = ""
    private var cachedSegment: UInt64 = .max
    private var cachedBytes: [UInt8] = []

    package init(segments: LogSegments, start: LSN) {
        self.segments = segments
        position = start
    }

    /// The next valid record and its position, or nil at the end of the valid log.
    package mutating func next() throws(DatabaseError) -> (lsn: LSN, record: LogRecord)? {
        guard let header = try read(LogEncoder.headerSize, at: position) else {
            endReason = "no more log data at \(position)"
            return nil
        }
        let length = header.withUnsafeBytes { LogDecoder.plausibleLength(header: $0, at: position) }
        guard let length else {
            endReason = header.allSatisfy({ $0 == 0 }) ? "end of log at \(position)" : "invalid record header at \(position)"
            return nil
        }
        guard let bytes = try read(length, at: position) else {
            endReason = "record at \(position) is cut short"
            return nil
        }
        guard let record = bytes.withUnsafeBytes({ LogDecoder.decode($0) }) else {
            endReason = "record at \(position) fails its checksum"
            return nil
        }
        let lsn = position
        position = position + length
        return (lsn, record)
    }

    /// Reads `count` bytes at `lsn` across segments; nil if a segment is missing or short.
    private mutating func read(_ count: Int, at lsn: LSN) throws(DatabaseError) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(count)
        let size = UInt64(segments.segmentSize)
        var position = lsn.rawValue
        while result.count < count {
            let segment = position / size
            guard try load(segment) else { return nil }
            let offset = Int(position % size)
            let take = min(count - result.count, cachedBytes.count - offset)
            guard take > 0 else { return nil }
            result.append(contentsOf: cachedBytes[offset..<(offset + take)])
            position += UInt64(take)
        }
        return result
    }

    /// Loads a whole segment into memory; false if it does not exist.
    private mutating func load(_ segment: UInt64) throws(DatabaseError) -> Bool {
        if segment == cachedSegment { return true }
        guard let file = try segments.fileIfExists(segment) else { return false }
        let size = try file.size()
        var bytes = [UInt8](repeating: 0, count: min(size, segments.segmentSize))
        let count = try bytes.withMutableBytes { (raw) throws(DatabaseError) in try file.read(into: raw, at: 0) }
        bytes.removeLast(bytes.count - count)
        cachedBytes = bytes
        cachedSegment = segment
        return true
    }

    /// Throws if a valid commit record after `end` shows that the log had been synced past
    /// `end`: then the record at `end` was durable and is damaged, not torn.
    package static func checkNothingDurableAfter(_ end: LSN, segments: LogSegments) throws(DatabaseError) {
        let size = UInt64(segments.segmentSize)
        for segment in try segments.existingSegments() where (segment + 1) * size > end.rawValue {
            guard let file = try segments.fileIfExists(segment) else { continue }
            var bytes = [UInt8](repeating: 0, count: segments.segmentSize)
            let count = try bytes.withMutableBytes { (raw) throws(DatabaseError) in try file.read(into: raw, at: 0) }
            let base = segment * size
            let first = end.rawValue > base ? Int(end.rawValue - base) + 1 : 0
            guard count >= LogEncoder.headerSize, first <= count - LogEncoder.headerSize else { continue }
            let found: LSN? = bytes.withUnsafeBytes { raw in
                for offset in first...(count - LogEncoder.headerSize) {
                    // Cheap filter first: the LSN field must equal the position.
                    let claimed = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                    guard claimed == base + UInt64(offset), raw[offset + 16] == LogRecordKind.commit.rawValue else { continue }
                    let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)))
                    guard length >= LogEncoder.headerSize, offset + length <= count,
                          case .commit(_, let durable, _)? = LogDecoder.decode(UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)]))
                    else { continue }
                    if durable > end { return LSN(claimed) }
                }
                return nil
            }
            if let found {
                throw DatabaseError(
                    .dataCorrupted, "write-ahead log is corrupted at \(end)",
                    detail: "The record at \(end) is damaged, but a commit record at \(found) shows the log had been synced beyond it, so committed transactions follow the damage.",
                    hint: "Restore the data directory from a backup; recovering past the damage would lose committed transactions.")
            }
        }
    }
}
