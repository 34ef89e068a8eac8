// What the benchmark prints: a header saying what was measured where (commit, build, machine,
// date, settings), each line starting with "# ", then one line per figure:
//
//     name: helios=X sqlite=Y ratio=Z
//
// X and Y are operations (or rows) per second, as integers; Z = X / Y with two decimals.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Formatting and the facts for the header.
enum Report {
    /// The header lines.
    static func header(settings: [String]) -> [String] {
        #if DEBUG
        let build = "debug (numbers are meaningless: use swift run -c release)"
        #else
        let build = "release"
        #endif
        return [
            "# commit: \(gitCommit() ?? "unknown")",
            "# build: \(build)",
            "# machine: \(processorCount()) cpus, \(processorModel() ?? "unknown model"), load \(loadAverage() ?? "unknown")",
            "# date: \(utcDate())",
        ] + settings.map { "# \($0)" }
    }

    /// A figure's line.
    static func line(_ name: String, helios: Double, sqlite: Double) -> String {
        "\(name): helios=\(integer(helios)) sqlite=\(integer(sqlite)) ratio=\(twoDecimals(helios / sqlite))"
    }

    /// A line of two plain numbers, such as the commit scaling factors.
    static func pair(_ name: String, helios: Double, sqlite: Double) -> String {
        "\(name): helios=\(twoDecimals(helios)) sqlite=\(twoDecimals(sqlite))"
    }

    static func integer(_ value: Double) -> String {
        value.isFinite ? String(Int(value.rounded())) : String(value)
    }

    static func twoDecimals(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        let hundredths = Int((value * 100).rounded())
        let fraction = abs(hundredths) % 100
        return "\(hundredths < 0 ? "-" : "")\(abs(hundredths) / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    // MARK: facts

    /// `git rev-parse --short HEAD` in the current directory, or nil if that fails (no git, not
    /// a repository, no commit yet).
    static func gitCommit() -> String? {
        guard let pipe = popen("git rev-parse --short HEAD 2>/dev/null", "r") else { return nil }
        var output = ""
        var buffer = [CChar](repeating: 0, count: 256)
        while fgets(&buffer, Int32(buffer.count), pipe) != nil {
            output += string(from: buffer)
        }
        let status = pclose(pipe)
        let commit = output.filter { !$0.isWhitespace }
        return status == 0 && !commit.isEmpty ? commit : nil
    }

    static func processorCount() -> Int {
        Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// The first "model name" of /proc/cpuinfo (Linux only).
    static func processorModel() -> String? {
        guard let file = fopen("/proc/cpuinfo", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 1024)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            let line = string(from: buffer)
            guard line.hasPrefix("model name"), let colon = line.firstIndex(of: ":") else { continue }
            return String(line[line.index(after: colon)...].drop(while: \.isWhitespace).filter { $0 != "\n" })
        }
        return nil
    }

    /// The 1, 5 and 15 minute load averages: other work on the machine skews every figure.
    static func loadAverage() -> String? {
        var loads = [Double](repeating: 0, count: 3)
        guard getloadavg(&loads, 3) == 3 else { return nil }
        return loads.map(twoDecimals).joined(separator: " ")
    }

    /// Now, as ISO 8601 in UTC.
    static func utcDate() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return length > 0 ? string(from: buffer) : "unknown"
    }

    /// The text of a NUL-terminated C buffer.
    private static func string(from buffer: [CChar]) -> String {
        String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
