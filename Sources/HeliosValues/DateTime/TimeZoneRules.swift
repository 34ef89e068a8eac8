// A time zone: the transitions of a TZif file (RFC 8536) or a POSIX rule, or a fixed offset, and
// the two conversions PostgreSQL needs: UTC -> local offset (pg_localtime) and local -> UTC
// (DetermineTimeZoneOffset, which resolves a time skipped by a spring-forward change with the
// offset before it, and a repeated one in a fall-back change with the offset after it).
//
// TZif layout (all integers big-endian):
//   header  "TZif" | version (1) | 15 unused | isutcnt | isstdcnt | leapcnt | timecnt | typecnt | charcnt (4 each)
//   v1 data timecnt x int32 transition times | timecnt x uint8 type index |
//           typecnt x (int32 utoff, uint8 isdst, uint8 abbreviation index) | charcnt abbreviation bytes |
//           leapcnt x 8 | isstdcnt x 1 | isutcnt x 1
//   v2+     a second header and data block as above with int64 times (and 12-byte leap records),
//           then "\n" POSIX TZ footer "\n"

/// The rules of one time zone. Immutable, so shared freely between sessions.
public final class TimeZoneRules: Sendable {
    /// The name the zone was loaded by (or the fixed offset it was made from).
    public let name: String
    private let transitionTimes: [Int64]
    private let transitionTypes: [UInt8]
    private let types: [LocalTimeType]
    private let footer: PosixTimeZoneRule?

    private init(name: String, transitionTimes: [Int64], transitionTypes: [UInt8], types: [LocalTimeType],
                 footer: PosixTimeZoneRule?) {
        self.name = name
        self.transitionTimes = transitionTimes
        self.transitionTypes = transitionTypes
        self.types = types
        self.footer = footer
    }

    /// UTC itself.
    public static let utc = TimeZoneRules(fixedOffset: 0, name: "UTC", abbreviation: "UTC")

    /// A zone with one offset, in seconds east of UTC.
    public convenience init(fixedOffset seconds: Int, name: String? = nil, abbreviation: String? = nil) {
        let abbreviation = abbreviation ?? TimeZoneRules.offsetAbbreviation(seconds)
        self.init(name: name ?? abbreviation, transitionTimes: [], transitionTypes: [],
                  types: [LocalTimeType(utcOffset: seconds, isDaylight: false, abbreviation: abbreviation)], footer: nil)
    }

    /// A zone given by a POSIX TZ string.
    convenience init(posixRule: PosixTimeZoneRule, name: String) {
        self.init(name: name, transitionTimes: [], transitionTypes: [], types: [posixRule.standard], footer: posixRule)
    }

    /// "+05:30" style abbreviation PostgreSQL shows for fixed offsets.
    static func offsetAbbreviation(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        let hours = magnitude / 3600, minutes = magnitude / 60 % 60
        let hourText = hours < 10 ? "0\(hours)" : "\(hours)"
        if minutes == 0 { return sign + hourText }
        return sign + hourText + ":" + (minutes < 10 ? "0\(minutes)" : "\(minutes)")
    }

    /// Parses TZif data; nil when the bytes are not a TZif file.
    convenience init?(tzif bytes: [UInt8], name: String) {
        var reader = TZifReader(bytes: bytes)
        guard let parsed = reader.read() else { return nil }
        self.init(name: name, transitionTimes: parsed.times, transitionTypes: parsed.typeIndexes, types: parsed.types,
                  footer: parsed.footer)
    }

    /// True when the zone never changes its offset.
    public var isFixed: Bool { transitionTimes.isEmpty && footer?.daylight == nil && types.count == 1 }

    /// The local time type at `utcSeconds` (seconds since 1970-01-01 UTC), as pg_localtime.
    public func localTimeType(atUTC utcSeconds: Int64) -> LocalTimeType {
        if let last = transitionTimes.last, utcSeconds >= last, let footer {
            return footer.localTimeType(atUTC: utcSeconds)
        }
        if transitionTimes.isEmpty {
            return footer?.localTimeType(atUTC: utcSeconds) ?? types[0]
        }
        if utcSeconds < transitionTimes[0] { return types[0] }
        let index = lastIndex(atOrBefore: utcSeconds)
        return types[Int(transitionTypes[index])]
    }

    /// Seconds east of UTC at `utcSeconds`.
    public func utcOffset(atUTC utcSeconds: Int64) -> Int { localTimeType(atUTC: utcSeconds).utcOffset }

    /// The index of the last transition at or before `time` (transitions must be non-empty and start <= time).
    private func lastIndex(atOrBefore time: Int64) -> Int {
        var low = 0, high = transitionTimes.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if transitionTimes[middle] <= time { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The first transition strictly after `utcSeconds` (pg_next_dst_boundary), nil if none.
    func nextTransition(after utcSeconds: Int64) -> (time: Int64, before: LocalTimeType, after: LocalTimeType)? {
        if let last = transitionTimes.last, utcSeconds < last {
            let index = utcSeconds < transitionTimes[0] ? 0 : lastIndex(atOrBefore: utcSeconds) + 1
            let before = localTimeType(atUTC: utcSeconds)
            return (transitionTimes[index], before, types[Int(transitionTypes[index])])
        }
        return footer?.nextTransition(after: utcSeconds)
    }

    /// The offset (seconds east of UTC) to subtract from a local wall-clock time `localSeconds`
    /// (seconds since 1970 as if UTC) to get UTC: PostgreSQL's DetermineTimeZoneOffset.
    public func utcOffset(forLocal localSeconds: Int64) -> (offset: Int, isDaylight: Bool) {
        if isFixed { return (types[0].utcOffset, false) }
        let previous = localSeconds - 86_400
        guard let transition = nextTransition(after: previous) else {
            let type = localTimeType(atUTC: previous)
            return (type.utcOffset, type.isDaylight)
        }
        let beforeTime = localSeconds - Int64(transition.before.utcOffset)
        let afterTime = localSeconds - Int64(transition.after.utcOffset)
        if beforeTime < transition.time && afterTime < transition.time {
            return (transition.before.utcOffset, transition.before.isDaylight)
        }
        if beforeTime > transition.time && afterTime >= transition.time {
            return (transition.after.utcOffset, transition.after.isDaylight)
        }
        if beforeTime > afterTime { return (transition.before.utcOffset, transition.before.isDaylight) }
        return (transition.after.utcOffset, transition.after.isDaylight)
    }

    /// The abbreviation `abbreviation` (upper case) means in this zone near `utcSeconds`, if the
    /// zone ever uses it (pg_interpret_timezone_abbrev, simplified to the nearest use).
    func offset(ofAbbreviation abbreviation: String, near utcSeconds: Int64) -> LocalTimeType? {
        let candidates = types + [footer?.standard, footer?.daylight].compactMap { $0 }
        let matches = candidates.filter { $0.abbreviation.uppercased() == abbreviation }
        if matches.isEmpty { return nil }
        let current = localTimeType(atUTC: utcSeconds)
        if current.abbreviation.uppercased() == abbreviation { return current }
        return matches.last
    }
}

/// Reads the parts of a TZif file that the rules need.
private struct TZifReader {
    let bytes: [UInt8]
    var index = 0

    mutating func uint32() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 { value = value << 8 | UInt32(bytes[index + offset]) }
        index += 4
        return value
    }

    mutating func int64() -> Int64? {
        guard let high = uint32(), let low = uint32() else { return nil }
        return Int64(bitPattern: UInt64(high) << 32 | UInt64(low))
    }

    mutating func read() -> (times: [Int64], typeIndexes: [UInt8], types: [LocalTimeType], footer: PosixTimeZoneRule?)? {
        guard bytes.count >= 44, bytes[0] == 0x54, bytes[1] == 0x5A, bytes[2] == 0x69, bytes[3] == 0x66 else { return nil }
        let version = bytes[4]
        index = 20
        guard let counts = readCounts() else { return nil }
        if version >= UInt8(ascii: "2") {
            // Skip the 32-bit block and read the 64-bit one.
            index += Int(counts.time) * 5 + Int(counts.type) * 6 + Int(counts.characters) + Int(counts.leap) * 8
                + Int(counts.standard) + Int(counts.universal)
            guard index + 44 <= bytes.count else { return nil }
            index += 20
            guard let wide = readCounts() else { return nil }
            return readBlock(wide, timeSize: 8, withFooter: true)
        }
        return readBlock(counts, timeSize: 4, withFooter: false)
    }

    private mutating func readCounts() -> (universal: UInt32, standard: UInt32, leap: UInt32, time: UInt32, type: UInt32, characters: UInt32)? {
        guard let universal = uint32(), let standard = uint32(), let leap = uint32(), let time = uint32(),
              let type = uint32(), let characters = uint32() else { return nil }
        return (universal, standard, leap, time, type, characters)
    }

    private mutating func readBlock(_ counts: (universal: UInt32, standard: UInt32, leap: UInt32, time: UInt32, type: UInt32, characters: UInt32),
                                    timeSize: Int, withFooter: Bool)
        -> (times: [Int64], typeIndexes: [UInt8], types: [LocalTimeType], footer: PosixTimeZoneRule?)?
    {
        let timeCount = Int(counts.time), typeCount = Int(counts.type)
        guard typeCount > 0 else { return nil }
        var times: [Int64] = []
        for _ in 0..<timeCount {
            if timeSize == 8 {
                guard let time = int64() else { return nil }
                times.append(time)
            } else {
                guard let time = uint32() else { return nil }
                times.append(Int64(Int32(bitPattern: time)))
            }
        }
        guard index + timeCount <= bytes.count else { return nil }
        let typeIndexes = Array(bytes[index..<(index + timeCount)])
        index += timeCount
        var rawTypes: [(offset: Int, isDaylight: Bool, abbreviationIndex: Int)] = []
        for _ in 0..<typeCount {
            guard let offset = uint32(), index + 2 <= bytes.count else { return nil }
            rawTypes.append((Int(Int32(bitPattern: offset)), bytes[index] != 0, Int(bytes[index + 1])))
            index += 2
        }
        let characterCount = Int(counts.characters)
        guard index + characterCount <= bytes.count else { return nil }
        let characters = Array(bytes[index..<(index + characterCount)])
        index += characterCount
        let types = rawTypes.map { raw -> LocalTimeType in
            var end = raw.abbreviationIndex
            while end < characters.count && characters[end] != 0 { end += 1 }
            let start = min(raw.abbreviationIndex, characters.count)
            let abbreviation = String(decoding: characters[start..<max(start, end)], as: UTF8.self)
            return LocalTimeType(utcOffset: raw.offset, isDaylight: raw.isDaylight, abbreviation: abbreviation)
        }
        guard typeIndexes.allSatisfy({ Int($0) < typeCount }) else { return nil }
        index += Int(counts.leap) * (timeSize + 4) + Int(counts.standard) + Int(counts.universal)
        var footer: PosixTimeZoneRule?
        if withFooter, index < bytes.count, bytes[index] == 0x0A {
            let start = index + 1
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            if !text.isEmpty { footer = PosixTimeZoneRule(text) }
        }
        return (times, typeIndexes, types, footer)
    }
}
