// Reads the sqllogictest corpus in ../shared/conformance/slt the way the conformance runner does:
// records are blocks parted by blank lines; skipif/onlyif decide whether PostgreSQL runs them;
// the SQL of `statement ok` and `query` records runs up to a `----` line.

import Foundation

enum SQLLogicTestCorpus {
    /// Every `step`-th SQL text of the records PostgreSQL runs, in file order.
    static func statements(every step: Int) throws -> [String] {
        let root = SharedCorpus.directory + "/conformance/slt/test"
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix(".test") { paths.append(path) }
        }
        var all: [String] = []
        for path in paths.sorted() {
            let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            all.append(contentsOf: records(in: text))
        }
        return stride(from: 0, to: all.count, by: step).map { all[$0] }
    }

    static func records(in text: String) -> [String] {
        var result: [String] = []
        var block: [Substring] = []
        func flush() {
            defer { block.removeAll() }
            var index = 0
            var skip = false
            while index < block.count {
                let words = block[index].split(separator: " ", omittingEmptySubsequences: true)
                guard let first = words.first, first == "skipif" || first == "onlyif" else { break }
                let engine = words.count > 1 ? words[1].lowercased() : ""
                if (first == "skipif") == (engine == "postgresql") { skip = true }
                index += 1
            }
            guard !skip, index < block.count else { return }
            let header = block[index].split(separator: " ")
            guard let kind = header.first, kind == "query" || (kind == "statement" && header.count > 1 && header[1] == "ok")
            else { return }
            var body: [Substring] = []
            for line in block[(index + 1)...] {
                if line == "----" { break }
                body.append(line)
            }
            let sql = body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !sql.isEmpty { result.append(sql) }
        }
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let trimmed = line
            if trimmed.allSatisfy(\.isWhitespace) {
                if !block.isEmpty { flush() }
            } else if !trimmed.hasPrefix("#") {
                block.append(trimmed)
            }
        }
        if !block.isEmpty { flush() }
        return result
    }
}
