// What a session's statements leave in the server's log, in PostgreSQL's words:
//  - log_min_duration_statement (-1 off, 0 every statement, N: those taking N ms or more): per
//    simple-query message "duration: 12.345 ms  statement: <text>", and for the extended protocol
//    "duration: ... ms  parse <statement>: <text>", "bind <statement>[/<portal>]: <text>" and
//    "execute [fetch from ]<statement>[/<portal>]: <text>", parameters as a detail, as
//    postgres.c's check_log_duration and exec_*_message write them;
//  - every error sent to the client, with its SQLSTATE and the statement that caused it, as
//    log_min_error_statement = error (PostgreSQL's default) logs them.
// Entries are written on the session's worker, never on an event loop.

public import HeliosCore
public import HeliosEngine
public import Logging
import Foundation

struct StatementLog: Sendable {
    var logger: Logger

    init(logger: Logger, processID: Int32) {
        self.logger = logger
        self.logger[metadataKey: "pid"] = "\(processID)"
    }

    /// Logs `description` ("statement: ...", "execute s1: ...") if the statement that started at
    /// `start` took at least `session`'s log_min_duration_statement.
    func finished(_ description: @autoclosure () -> String, detail: @autoclosure () -> String? = nil,
                  since start: ContinuousClock.Instant, session: Session) {
        let threshold = session.logMinDurationStatement
        guard threshold >= 0 else { return }
        let elapsed = ContinuousClock.now - start
        guard let text = Self.durationText(elapsed, threshold: threshold) else { return }
        var metadata: Logger.Metadata = [:]
        if let detail = detail() { metadata["detail"] = "\(detail)" }
        logger.info("duration: \(text) ms  \(description())", metadata: metadata)
    }

    /// Logs an error sent to the client, with the statement it ended.
    func failed(_ error: DatabaseError, statement: String?) {
        var metadata: Logger.Metadata = ["sqlstate": "\(error.state.code)"]
        if let statement { metadata["statement"] = "\(statement)" }
        logger.error("\(error.message)", metadata: metadata)
    }

    /// Milliseconds with three decimals ("0.004", "201.234"), or nil when `elapsed` is below
    /// `threshold` milliseconds (0 logs everything).
    static func durationText(_ elapsed: Duration, threshold: Int) -> String? {
        let microseconds = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        guard threshold == 0 || microseconds >= Int64(threshold) * 1_000 else { return nil }
        let fraction = String(microseconds % 1_000)
        return "\(microseconds / 1_000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// A statement or portal name as PostgreSQL prints it ("<unnamed>" for the empty one).
    static func statementName(_ name: String) -> String {
        name.isEmpty ? "<unnamed>" : name
    }

    /// "s1", or "s1/p1" when the portal has a name.
    static func portalLabel(statement: String, portal: String) -> String {
        statementName(statement) + (portal.isEmpty ? "" : "/\(portal)")
    }

    /// "parameters: $1 = '5', $2 = NULL", or nil without parameters.
    static func parameterDetail(_ parameters: [String?]) -> String? {
        guard !parameters.isEmpty else { return nil }
        let items = parameters.enumerated().map { index, value in
            "$\(index + 1) = " + (value.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL")
        }
        return "parameters: " + items.joined(separator: ", ")
    }
}
