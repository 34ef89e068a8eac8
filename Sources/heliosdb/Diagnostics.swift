// Messages on standard error, in the voice of PostgreSQL's own tools:
//
//     heliosdb: error: invalid page in block 5 of file "data/heliosdb.data"
//     DETAIL:  Page verification failed: the checksum does not match the content.
//     CONTEXT:  integrity check of data directory "/srv/data"

import ArgumentParser
import HeliosCore
#if canImport(Glibc)
import Glibc
#endif

/// A DatabaseError and what the command was doing when it happened.
struct CommandFailure: Error {
    var error: DatabaseError
    var context: String?
}

/// Runs `body`, attributing a DatabaseError it throws to `context` (a CONTEXT line).
func performing<Result>(_ context: String?, _ body: () throws(DatabaseError) -> Result) throws(CommandFailure) -> Result {
    do {
        return try body()
    } catch {
        throw CommandFailure(error: error, context: context)
    }
}

/// Runs a command's body; reports its failure and turns it into exit status 1.
func runReportingFailure(_ body: () throws(CommandFailure) -> Void) throws(ExitCode) {
    do {
        try body()
    } catch {
        reportError(error.error, context: error.context)
        throw ExitCode.failure
    }
}

/// Writes `error` to standard error: the message, then its DETAIL, HINT and CONTEXT lines.
func reportError(_ error: DatabaseError, context: String? = nil) {
    for line in errorLines(error, context: context) { writeToStandardError(line) }
}

func errorLines(_ error: DatabaseError, context: String?) -> [String] {
    var lines = ["heliosdb: error: \(error.message)"]
    if let detail = error.detail { lines.append("DETAIL:  \(detail)") }
    if let hint = error.hint { lines.append("HINT:  \(hint)") }
    if let context { lines.append("CONTEXT:  \(context)") }
    return lines
}

/// Writes a status line to standard error, prefixed with the program name.
func logStatus(_ text: String) {
    writeToStandardError("heliosdb: \(text)")
}

/// Writes one line to standard error at once: stderr is unbuffered here, so a supervisor
/// reading it sees each line as it happens.
func writeToStandardError(_ line: String) {
    var bytes = Array((line + "\n").utf8)
    var written = 0
    bytes.withUnsafeMutableBytes { buffer in
        while written < buffer.count {
            let count = write(2, buffer.baseAddress! + written, buffer.count - written)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }  // nowhere left to report to
            written += count
        }
    }
}
