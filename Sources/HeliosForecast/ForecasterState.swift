// A forecaster's state as bytes, so the engine can keep it in the data directory: every
// template's arrival history and each cluster's fine-tuned model. Restoring replays the
// histories, reclusters, and gives each cluster whose members are unchanged its saved model.
//
// Layout (little-endian):
//   "HFCS"  u16 version (1)  u32 template count
//     per template: u64 id, i64 first minute of its history, u32 count of non-zero minutes,
//                   then (i64 minute, f32 count) for each
//   u32 cluster count
//     per cluster: u32 member count, u64 members..., u32 model byte count, model (ModelFormat)
//   u32 CRC-32C of everything before it

extension Forecaster {
    private static let stateMagic: [UInt8] = Array("HFCS".utf8)
    private static let stateVersion: UInt16 = 1

    /// The state to store (see the layout above).
    public var stateBytes: [UInt8] {
        var bytes = Self.stateMagic
        Self.append(Self.stateVersion, to: &bytes)
        Self.append(UInt32(templates.count), to: &bytes)
        for (id, series) in templates.sorted(by: { $0.key < $1.key }) {
            Self.append(id, to: &bytes)
            let contents = series.contents()
            Self.append(contents?.firstMinute ?? 0, to: &bytes)
            let minutes = contents.map { counts, first in
                counts.enumerated().filter { $0.element > 0 }.map { (first + Int64($0.offset), $0.element) }
            } ?? []
            Self.append(UInt32(minutes.count), to: &bytes)
            for (minute, count) in minutes {
                Self.append(minute, to: &bytes)
                Self.append(count.bitPattern, to: &bytes)
            }
        }
        Self.append(UInt32(clusters.count), to: &bytes)
        for cluster in clusters {
            Self.append(UInt32(cluster.members.count), to: &bytes)
            for member in cluster.members { Self.append(member, to: &bytes) }
            let model = cluster.model.bytes
            Self.append(UInt32(model.count), to: &bytes)
            bytes += model
        }
        Self.append(CRC32C.checksum(bytes[...]), to: &bytes)
        return bytes
    }

    /// A forecaster from `stateBytes`, its new clusters starting from `model`.
    public init(restoring bytes: [UInt8], model: ForecastModel, configuration: Configuration = Configuration(),
                now: Int64? = nil) throws(ForecastModelError) {
        guard bytes.count >= 14 else { throw .truncated(needed: 14, actual: bytes.count) }
        guard Array(bytes[0..<4]) == Self.stateMagic else { throw .badMagic }
        let stored = Self.read(UInt32.self, bytes, at: bytes.count - 4)
        let computed = CRC32C.checksum(bytes[..<(bytes.count - 4)])
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
        var reader = StateReader(bytes: bytes, offset: 4, end: bytes.count - 4)
        let version: UInt16 = try reader.next()
        guard version == Self.stateVersion else { throw .unsupportedVersion(version) }
        self.init(model: model, configuration: configuration)
        let templateCount: UInt32 = try reader.next()
        for _ in 0..<templateCount {
            let id: UInt64 = try reader.next()
            let _: Int64 = try reader.next()
            let minutes: UInt32 = try reader.next()
            observe(templateID: id, intervalStart: 0, count: 0)  // tracked even if all history aged out
            for _ in 0..<minutes {
                let minute: Int64 = try reader.next()
                let count = Float(bitPattern: try reader.next())
                guard count.isFinite, count > 0 else { throw .invalidShape("a template's count is \(count)") }
                observe(templateID: id, intervalStart: minute * 60_000_000, count: Int(count.rounded()))
            }
        }
        let clusterCount: UInt32 = try reader.next()
        var saved: [(members: [UInt64], model: ForecastModel)] = []
        for _ in 0..<clusterCount {
            let memberCount: UInt32 = try reader.next()
            var members: [UInt64] = []
            for _ in 0..<memberCount { members.append(try reader.next()) }
            let length: UInt32 = try reader.next()
            saved.append((members, try ForecastModel(bytes: try reader.bytes(Int(length)))))
        }
        guard reader.offset == reader.end else { throw .trailingBytes(expected: reader.offset, actual: reader.end) }
        recluster(now: now)
        for cluster in saved { restoreModel(cluster.model, members: cluster.members) }
    }

    private static func append<Integer: FixedWidthInteger>(_ value: Integer, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private static func read<Integer: FixedWidthInteger>(_ type: Integer.Type, _ bytes: [UInt8], at offset: Int) -> Integer {
        var value = Integer.zero
        for index in 0..<MemoryLayout<Integer>.size { value |= Integer(bytes[offset + index]) << (8 * index) }
        return value
    }

    private struct StateReader {
        let bytes: [UInt8]
        var offset: Int
        let end: Int

        mutating func next<Integer: FixedWidthInteger>() throws(ForecastModelError) -> Integer {
            let size = MemoryLayout<Integer>.size
            guard offset + size <= end else { throw .truncated(needed: offset + size, actual: end) }
            defer { offset += size }
            return Forecaster.read(Integer.self, bytes, at: offset)
        }

        mutating func bytes(_ count: Int) throws(ForecastModelError) -> [UInt8] {
            guard count >= 0, offset + count <= end else { throw .truncated(needed: offset + max(count, 0), actual: end) }
            defer { offset += count }
            return Array(bytes[offset..<(offset + count)])
        }
    }
}
