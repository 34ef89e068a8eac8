// The deparser's property: parse(print(parse(x))) == parse(x), over the corpus, every catalog
// query real clients send, and a sample of the sqllogictest corpus; plus readable output checks.

import Foundation
import HeliosCore
import HeliosSQL
import Testing

@Test func corpusRoundTrips() {
    #expect(roundTripCorpus.count >= 300)
    var failures = 0
    for sql in roundTripCorpus where !expectRoundTrip(sql) { failures += 1 }
    #expect(failures == 0)
}

@Test func catalogQueriesOfRealClientsParseAndRoundTrip() throws {
    let path = SharedCorpus.directory + "/compat/catalog-queries.sql"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let statements = try Parser.parseStatements(text)
    #expect(statements.count >= 50)
    for parsed in statements { expectRoundTrip(parsed.text) }
}

@Test func sqllogictestSampleParsesAndRoundTrips() throws {
    let records = try SQLLogicTestCorpus.statements(every: 60)
    #expect(records.count >= 3000)
    var failures: [String] = []
    for sql in records {
        do {
            let first = try Parser.parse(sql)
            let second = try Parser.parse(first.map(\.sqlText).joined(separator: ";\n"))
            if first != second { failures.append("round trip: " + sql) }
        } catch {
            failures.append("\(error): \(sql)")
        }
    }
    #expect(failures.isEmpty, "\(failures.count) of \(records.count) failed; first: \(failures.prefix(5))")
}

@Test func printedSQLIsReadable() throws {
    #expect(try statement("select a+b*2 as x from t where c between 1 and 2").sqlText
            == "SELECT (a + (b * 2)) AS x FROM t WHERE (c BETWEEN 1 AND 2)")
    #expect(try statement("SELECT \"Weird Name\", \"select\", \"Upper\" FROM \"T\"").sqlText
            == "SELECT \"Weird Name\", \"select\", \"Upper\" FROM \"T\"")
    #expect(try statement("SELECT 'it''s'::text, x::varchar(3), y::timestamptz").sqlText
            == "SELECT CAST('it''s' AS text), CAST(x AS character varying(3)), CAST(y AS timestamptz)")
    #expect(try statement("SELECT EXTRACT(year FROM d), TRIM(LEADING 'x' FROM s)").sqlText
            == "SELECT EXTRACT('year' FROM d), TRIM(LEADING FROM s, 'x')")
    #expect(try Parser.parseTypeName("timestamp(3) with time zone").sqlText == "timestamp(3) with time zone")
    #expect(try expression("-2 ^ 2").sqlText == "(-2 ^ 2)")
}

@Test func negativeLiteralsSurviveEveryContext() {
    for sql in ["SELECT 1 - -1", "SELECT a - -1.5", "SELECT -1 ^ 2", "SELECT (-1)::int", "SELECT 2 ^ -1",
                "SELECT ARRAY[-1][1:2]", "SELECT - '1'", "SELECT -(-(1))", "SELECT @ -1", "SELECT x[-1]"] {
        guard (try? Parser.parse(sql)) != nil else { continue }
        expectRoundTrip(sql)
    }
}
