// The lexer against PostgreSQL's rules: folding, keywords, quoting and escapes, numbers,
// operators with trailing + and -, comments, parameters, and its error messages and positions.

import HeliosCore
import HeliosSQL
import Testing

private func kinds(_ sql: String) throws -> [Token.Kind] {
    try Lexer.tokenize(sql).map(\.kind).dropLast()
}

private func texts(_ sql: String) throws -> [String] {
    try Lexer.tokenize(sql).dropLast().map(\.text)
}

private func onlyToken(_ sql: String) throws -> Token {
    let tokens = try Lexer.tokenize(sql)
    #expect(tokens.count == 2, "\(sql) gave \(tokens.count - 1) tokens")
    return tokens[0]
}

@Test func unquotedIdentifiersFoldToLowerCaseAndKnowTheirKeyword() throws {
    let tokens = try Lexer.tokenize("SELECT MyCol FROM Tbl")
    #expect(tokens.map(\.text) == ["select", "mycol", "from", "tbl", ""])
    #expect(tokens[0].keyword == .select)
    #expect(tokens[1].keyword == nil)
    #expect(tokens[2].keyword == .from)
}

@Test func quotedIdentifiersKeepCaseAndUnescapeDoubledQuotes() throws {
    let token = try onlyToken(#""My ""Table""""#)
    #expect(token.kind == .quotedIdentifier)
    #expect(token.text == #"My "Table""#)
    #expect(token.keyword == nil)
    #expect(try onlyToken(#""select""#).keyword == nil)
}

@Test func longIdentifiersAreCutTo63Bytes() throws {
    let long = String(repeating: "a", count: 70)
    #expect(try onlyToken(long).text.count == 63)
    #expect(try onlyToken("\"" + String(repeating: "é", count: 40) + "\"").text.utf8.count == 62)
}

@Test func nonASCIILettersStartIdentifiers() throws {
    #expect(try onlyToken("Éclair").text == "Éclair")
    #expect(try texts("a$b c_1") == ["a$b", "c_1"])
}

@Test func standardStringsDoubleQuotesAndKeepBackslashes() throws {
    #expect(try onlyToken("'it''s'").text == "it's")
    #expect(try onlyToken(#"'a\nb'"#).text == #"a\nb"#)
    #expect(try onlyToken("''").text == "")
}

@Test func adjacentStringsJoinOnlyAcrossANewline() throws {
    #expect(try onlyToken("'foo'\n  'bar'").text == "foobar")
    #expect(try onlyToken("'foo' -- comment\n'bar'").kind == .string)
    #expect(try kinds("'foo' 'bar'") == [.string, .string])
}

@Test func escapeStringsDecodeBackslashEscapes() throws {
    #expect(try onlyToken(#"E'a\nb\tc\\d\'e'"#).text == "a\nb\tc\\d'e")
    #expect(try onlyToken(#"e'\x41\101\u00e9\U0001F600'"#).text == "AAé😀")
    #expect(try onlyToken(#"E'\xZZ'"#).text == "xZZ")
    #expect(try onlyToken(#"E'\ud83d\ude00'"#).text == "😀")
    #expect(try onlyToken(#"E'\q'"#).text == "q")
}

@Test func escapeStringErrorsAreThoseOfPostgreSQL() {
    expectError(#"SELECT E'\u00'"#, "22025", "invalid Unicode escape", position: 10)
    expectError(#"SELECT E'a\0b'"#, "22021", "invalid byte sequence for encoding \"UTF8\": 0x00")
    expectError(#"SELECT E'\400'"#, "22021")
}

@Test func unicodeStringsAndIdentifiers() throws {
    #expect(try onlyToken(#"U&'d\0061t\+000061'"#).text == "data")
    #expect(try onlyToken(#"U&'d!0061t' UESCAPE '!'"#).text == "dat")
    let identifier = try onlyToken(#"U&"d\0061t""#)
    #expect(identifier.kind == .quotedIdentifier)
    #expect(identifier.text == "dat")
    expectError(#"SELECT U&'\DBFF'"#, "42601", "invalid Unicode surrogate pair", position: 16)
}

@Test func dollarQuotingWithAndWithoutTags() throws {
    #expect(try onlyToken("$$it's$$").text == "it's")
    #expect(try onlyToken("$fn$ a $$ b $fn$").text == " a $$ b ")
    #expect(try onlyToken("$a1$x$a1$").text == "x")
    #expect(try kinds("a$b$") == [.identifier])
}

@Test func bitAndHexStringsKeepTheirDigits() throws {
    let bits = try onlyToken("B'0101'")
    #expect(bits.kind == .bitString && bits.text == "0101")
    let hex = try onlyToken("x'1F'")
    #expect(hex.kind == .hexString && hex.text == "1F")
}

@Test func numbersAreIntegersOrNumerics() throws {
    #expect(try kinds("1 1.5 .5 1. 1e10 1.5E-3 1e+2") == [.integer, .numeric, .numeric, .numeric, .numeric, .numeric, .numeric])
    #expect(try texts("1..2") == ["1", "..", "2"])
    #expect(try texts(".5.6") == [".5", ".6"])
}

@Test func trailingJunkAfterNumbersIsAnError() {
    expectError("SELECT 123abc", "42601", "trailing junk after numeric literal at or near \"123abc\"", position: 8)
    expectError("SELECT 1.5e", "42601", "trailing junk after numeric literal at or near \"1.5e\"", position: 8)
    expectError("SELECT 0x1F", "42601", "trailing junk after numeric literal at or near \"0x1F\"", position: 8)
    expectError("SELECT 1_000", "42601", "trailing junk after numeric literal at or near \"1_000\"", position: 8)
    expectError("SELECT $1abc", "42601", "trailing junk after parameter at or near \"$1abc\"", position: 8)
}

@Test func parametersCarryTheirNumber() throws {
    let token = try onlyToken("$12")
    #expect(token.kind == .parameter && token.text == "12")
    expectError("SELECT $0", "42P02")
}

@Test func operatorsGiveBackTrailingPlusAndMinus() throws {
    #expect(try texts("a=-1") == ["a", "=", "-", "1"])
    #expect(try texts("a<>-1") == ["a", "<>", "-", "1"])
    #expect(try texts("a@-1") == ["a", "@-", "1"])
    #expect(try texts("a!=b") == ["a", "<>", "b"])
    #expect(try texts("a||b") == ["a", "||", "b"])
    #expect(try texts("a*-b") == ["a", "*", "-", "b"])
    #expect(try texts("a+/*c*/b") == ["a", "+", "b"])
    #expect(try texts("a-- comment\n+b") == ["a", "+", "b"])
    #expect(try kinds("a::int") == [.identifier, .typeCast, .identifier])
    #expect(try kinds("f(a => 1, b := 2)") == [.identifier, .leftParenthesis, .identifier, .equalsGreater, .integer,
                                               .comma, .identifier, .colonEquals, .integer, .rightParenthesis])
}

@Test func commentsNestAndVanish() throws {
    #expect(try texts("SELECT /* a /* nested */ still */ 1 -- end") == ["select", "1"])
    expectError("SELECT 1 /* abc", "42601", "unterminated /* comment at or near \"/* abc\"", position: 10)
}

@Test func unterminatedLiteralsReportWhereTheyStart() {
    expectError("SELECT 'abc", "42601", "unterminated quoted string at or near \"'abc\"", position: 8)
    expectError("SELECT \"abc", "42601", "unterminated quoted identifier at or near \"\"abc\"", position: 8)
    expectError("SELECT $$abc", "42601", "unterminated dollar-quoted string at or near \"$$abc\"", position: 8)
    expectError("SELECT b'012", "42601", "unterminated bit string literal at or near \"b'012\"", position: 8)
    expectError("SELECT x'zz", "42601", "unterminated hexadecimal string literal at or near \"x'zz\"", position: 8)
    expectError("SELECT \"\" FROM t", "42601", "zero-length delimited identifier at or near \"\"\"\"", position: 8)
}

@Test func positionsCountCharactersNotBytes() throws {
    let tokens = try Lexer.tokenize("SELECT 'é', x")
    #expect(tokens[3].range.lowerBound == 12)
    expectError("SELECT 'é' FORM t", "42601", "syntax error at or near \"t\"", position: 17)
}

@Test func unknownCharactersBecomeSyntaxErrorsAtThem() {
    expectError("SELECT 1 { 2", "42601", "syntax error at or near \"{\"", position: 10)
}
