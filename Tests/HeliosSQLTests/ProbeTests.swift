// A development aid, off by default: with HELIOS_SQL_PROBE=path, parses each statement of the
// file (separated by lines holding only "@@") and prints the outcome, to compare with PostgreSQL.

import Foundation
import HeliosCore
import HeliosSQL
import Testing

@Test(.enabled(if: ProcessInfo.processInfo.environment["HELIOS_SQL_PROBE"] != nil))
func probeStatementsFromFile() throws {
    let path = ProcessInfo.processInfo.environment["HELIOS_SQL_PROBE"]!
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var output = ""
    for sql in text.components(separatedBy: "\n@@\n") where !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        do {
            let statements = try Parser.parse(sql)
            let printed = statements.map { $0.sqlText }.joined(separator: "; ")
            let reparsed = try? Parser.parse(printed)
            output += "OK \(reparsed == statements ? "RT" : "RTFAIL") \(sql.debugDescription) => \(printed)\n"
        } catch {
            output += "ERR \(sql.debugDescription) -> \(error.state.code) \(error.message) @\(error.position.map(String.init) ?? "None")\n"
        }
    }
    try output.write(toFile: path + ".out", atomically: true, encoding: .utf8)
}
