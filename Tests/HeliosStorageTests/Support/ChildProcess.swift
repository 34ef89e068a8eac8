// Starting a helper executable as a child process, reading its output, and killing it.

#if canImport(Glibc)
import Glibc
#endif

/// A child process with its standard output on a pipe.
final class ChildProcess {
    let pid: pid_t
    private let output: Int32
    private var buffered: [UInt8] = []

    /// Starts `path` with `arguments`; stderr goes to ours.
    init(path: String, arguments: [String]) throws {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw ChildProcessError.failed("pipe: errno \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(pipeEnds[1])
        guard result == 0 else {
            close(pipeEnds[0])
            throw ChildProcessError.failed("posix_spawn \(path): \(result)")
        }
        self.pid = pid
        output = pipeEnds[0]
    }

    deinit { close(output) }

    /// Reads whatever output arrives within `milliseconds`; returns complete lines.
    func readLines(for milliseconds: Int) -> [String] {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let end = Double(deadline.tv_sec) * 1000 + Double(deadline.tv_nsec) / 1e6 + Double(milliseconds)
        while true {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let remaining = end - (Double(now.tv_sec) * 1000 + Double(now.tv_nsec) / 1e6)
            if remaining <= 0 { break }
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(remaining)) > 0 else { break }
            if !readAvailable() { break }
        }
        return takeLines()
    }

    /// Reads everything until end of file (after the child exited).
    func readToEnd() -> [String] {
        while readAvailable() {}
        return takeLines()
    }

    /// Sends SIGKILL and reaps the child; returns its wait status.
    @discardableResult
    func kill() -> Int32 {
        Glibc.kill(pid, SIGKILL)
        return wait()
    }

    @discardableResult
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    private func readAvailable() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        buffered.append(contentsOf: chunk[0..<count])
        return true
    }

    private func takeLines() -> [String] {
        guard let lastNewline = buffered.lastIndex(of: 10) else { return [] }
        let text = String(decoding: buffered[...lastNewline], as: UTF8.self)
        buffered.removeSubrange(...lastNewline)
        return text.split(separator: "\n").map(String.init)
    }

    /// The directory holding the running test binary, where SwiftPM also puts the executables.
    static var productsDirectory: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let path = count > 0 ? String(cString: buffer) : CommandLine.arguments[0]
        var directory = path
        while let slash = directory.lastIndex(of: "/") {
            directory = String(directory[..<slash])
            if !directory.hasSuffix(".xctest") && !directory.contains(".xctest/") { break }
        }
        return directory
    }
}

enum ChildProcessError: Error {
    case failed(String)
}
