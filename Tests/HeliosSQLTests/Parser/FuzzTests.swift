// Bounded fuzzing: random token soup and random mutations of valid statements must parse or
// throw a DatabaseError, never trap; deep nesting ends in "stack depth limit exceeded".

import HeliosCore
import HeliosSQL
import HeliosTesting
import Testing

private let vocabulary: [String] = [
    "SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING", "LIMIT", "OFFSET", "FETCH", "FIRST", "ROWS", "ONLY",
    "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "RETURNING", "ON", "CONFLICT", "DO", "NOTHING",
    "CREATE", "TABLE", "INDEX", "VIEW", "AS", "DROP", "ALTER", "ADD", "COLUMN", "CONSTRAINT", "PRIMARY", "KEY",
    "AND", "OR", "NOT", "IS", "NULL", "TRUE", "FALSE", "IN", "LIKE", "BETWEEN", "EXISTS", "CASE", "WHEN", "THEN",
    "ELSE", "END", "CAST", "ARRAY", "ROW", "JOIN", "LEFT", "CROSS", "NATURAL", "USING", "UNION", "ALL", "DISTINCT",
    "WITH", "RECURSIVE", "OVER", "PARTITION", "FILTER", "INTERVAL", "TIMESTAMP", "EXTRACT", "TRIM", "SUBSTRING",
    "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "EXPLAIN", "COPY", "STDIN", "ANY", "SOME", "DEFAULT", "COLLATE",
    "a", "b", "t", "x1", "\"Q\"", "f", "count", "(", ")", "(", ")", ",", ";", ".", "*", "+", "-", "/", "%", "^",
    "=", "<", ">", "<=", ">=", "<>", "||", "::", "[", "]", ":", "~", "@>", "$1", "1", "42", "1.5", "1e3",
    "'s'", "E'\\n'", "$$d$$", "B'01'", "X'ff'", "int", "text", "varchar(3)", "numeric(10,2)",
]

@Test func randomTokenSoupNeverTraps() {
    var random = SeededRandom(seed: TestSeed.current)
    for _ in 0..<20_000 {
        let length = 1 + random.below(25)
        let sql = (0..<length).map { _ in vocabulary[random.below(vocabulary.count)] }.joined(separator: " ")
        _ = try? Parser.parse(sql)
    }
}

@Test func mutatedStatementsNeverTrap() {
    var random = SeededRandom(seed: TestSeed.current)
    let alphabet = Array("()[],;.:'\"$-+*/=<>!|&@#~ \n\\eEbBxXuU0123456789abcSELECT")
    for _ in 0..<20_000 {
        var characters = Array(roundTripCorpus[random.below(roundTripCorpus.count)])
        for _ in 0..<(1 + random.below(4)) where !characters.isEmpty {
            let position = random.below(characters.count)
            switch random.below(4) {
            case 0: characters.remove(at: position)
            case 1: characters.insert(alphabet[random.below(alphabet.count)], at: position)
            case 2: characters[position] = alphabet[random.below(alphabet.count)]
            default: characters = Array(characters[..<position])
            }
        }
        let sql = String(characters)
        if let statements = try? Parser.parse(sql) {
            // Whatever parses must also print to SQL that parses back to the same statements.
            let printed = statements.map(\.sqlText).joined(separator: ";\n")
            let reparsed = try? Parser.parse(printed)
            #expect(reparsed == statements, "\(sql)\nprinted: \(printed)")
        }
    }
}

@Test func deepNestingEndsInAnError() {
    let depth = 10_000
    for sql in [String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth),
                "SELECT " + String(repeating: "NOT ", count: depth) + "true",
                "SELECT " + String(repeating: "- ", count: depth) + "1",
                "SELECT " + String(repeating: "ARRAY[", count: depth) + String(repeating: "]", count: depth),
                String(repeating: "(SELECT ", count: depth) + "1" + String(repeating: ")", count: depth),
                "SELECT * FROM " + String(repeating: "(", count: depth) + "a JOIN b ON true" + String(repeating: ")", count: depth),
                "SELECT 1 GROUP BY " + String(repeating: "GROUPING SETS (", count: depth) + String(repeating: ")", count: depth)] {
        guard let error = parseError("SELECT " + sql) ?? parseError(sql) else { continue }
        #expect(error.state.code == "54001" || error.state.code == "42601", "\(error)")
    }
}

@Test func longFlatExpressionsParse() throws {
    let sum = "SELECT " + Array(repeating: "1", count: 20_000).joined(separator: " + ")
    _ = try Parser.parse(sum)
    let list = "SELECT " + Array(repeating: "a", count: 20_000).joined(separator: ", ")
    _ = try Parser.parse(list)
}
