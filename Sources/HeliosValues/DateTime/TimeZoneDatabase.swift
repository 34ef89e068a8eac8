// Finding time zones by name, as PostgreSQL's TimeZone setting and AT TIME ZONE do: an IANA
// name read from the system's zoneinfo directory (case-insensitively, like pg_tzset), then a
// POSIX TZ string ("EST5EDT", "<+03>-3", and "+02:00", which POSIX reads as two hours *west*),
// and for the setting also a plain number of hours east of UTC ("-7", "+5.5"). Loaded zones are
// cached for the life of the process.

public import HeliosCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process-wide cache of time zones loaded from the zoneinfo directory.
public enum TimeZoneDatabase {
    /// Where TZif files are read from.
    public static let directory = "/usr/share/zoneinfo"

    /// Loaded zones by lower-case name; nil entries record names known not to exist.
    private static let cache = Mutex<[String: TimeZoneRules?]>([:])

    /// The zone for a TimeZone setting (check_timezone): a number of hours, a zone name or a
    /// POSIX rule; 22023 `invalid value for parameter "TimeZone"` otherwise.
    public static func sessionTimeZone(_ name: String) throws(DatabaseError) -> TimeZoneRules {
        if let hours = Double(name), hours.isFinite, !name.isEmpty,
           name.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 43 || $0 == 45 }) {
            return TimeZoneRules(fixedOffset: Int((hours * 3600).rounded()), name: name)
        }
        if let zone = zone(named: name) { return zone }
        throw DatabaseError(.invalidParameterValue, "invalid value for parameter \"TimeZone\": \"\(name)\"")
    }

    /// pg_tzset: a zone file or a POSIX rule, nil when neither.
    public static func zone(named name: String) -> TimeZoneRules? {
        let key = name.lowercased()
        if let cached = cache.withLock({ $0[key] }) { return cached }
        var zone: TimeZoneRules?
        if key == "utc" || key == "etc/utc" || key == "zulu" || key == "gmt" {
            let canonical = key == "gmt" ? "GMT" : "UTC"
            zone = TimeZoneRules(fixedOffset: 0, name: canonical, abbreviation: canonical)
        } else if let bytes = readZoneFile(name) {
            zone = TimeZoneRules(tzif: bytes, name: name)
        }
        if zone == nil, let rule = PosixTimeZoneRule(name) {
            zone = TimeZoneRules(posixRule: rule, name: name)
        }
        if zone == nil, let seconds = posixOffset(name) {
            // A bare POSIX offset ("+05", "05", "-03:30") counts hours west of UTC.
            zone = TimeZoneRules(fixedOffset: -seconds, name: name, abbreviation: "")
        }
        let result = zone
        cache.withLock { $0[key] = .some(result) }
        return result
    }

    /// [+-]hh[:mm[:ss]] in seconds, as written (POSIX sign), or nil.
    static func posixOffset(_ text: String) -> Int? {
        var characters = Array(text)[...]
        var sign = 1
        if let first = characters.first, first == "+" || first == "-" {
            sign = first == "-" ? -1 : 1
            characters = characters.dropFirst()
        }
        let parts = characters.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isASCII)
            && $0.allSatisfy(\.isNumber) }) else { return nil }
        let values = parts.map { Int(String($0))! }
        guard values[0] <= 24, values.dropFirst().allSatisfy({ $0 < 60 }) else { return nil }
        let seconds = values[0] * 3600 + (values.count > 1 ? values[1] * 60 : 0) + (values.count > 2 ? values[2] : 0)
        return sign * seconds
    }

    /// The bytes of the zone file for `name`, matching path components case-insensitively.
    private static func readZoneFile(_ name: String) -> [UInt8]? {
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !components.isEmpty, name.utf8.count < 256,
              components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        var path = directory
        for component in components {
            let exact = path + "/" + component
            if fileExists(exact) {
                path = exact
            } else if let match = caseInsensitiveEntry(in: path, named: String(component)) {
                path = path + "/" + match
            } else {
                return nil
            }
        }
        return readFile(path)
    }

    private static func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    private static func caseInsensitiveEntry(in directoryPath: String, named name: String) -> String? {
        guard let handle = opendir(directoryPath) else { return nil }
        defer { closedir(handle) }
        let wanted = name.lowercased()
        while let entry = readdir(handle) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                let bytes = raw.prefix { $0 != 0 }
                return String(decoding: bytes, as: UTF8.self)
            }
            if entryName.lowercased() == wanted { return entryName }
        }
        return nil
    }

    /// The whole file, at most 1 MiB; nil on any error or for a directory.
    private static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while result.count < 1 << 20 {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { return nil }
            if count == 0 { break }
            result.append(contentsOf: buffer[0..<count])
        }
        return result
    }
}
