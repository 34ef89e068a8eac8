// The recursive-descent parser for PostgreSQL 15's grammar (src/backend/parser/gram.y): entry
// points, the token cursor, error reporting in PostgreSQL's words, and the rules for which
// keywords may stand for names. Grammar rules live in the Parser+*.swift files.

public import HeliosCore

/// Parses SQL text into statements.
///
/// Invariants: 1. `tokens` ends with exactly one `.endOfInput` token, and `index` never passes it;
/// 2. `depth` counts the nested expressions and queries being parsed and stays below `maximumDepth`.
public struct Parser {
    /// How deeply expressions and queries may nest before the parser gives up, as PostgreSQL
    /// does with "stack depth limit exceeded".
    public static let maximumDepth = 200

    var tokens: [Token]
    var index = 0
    let scalars: [Unicode.Scalar]
    var depth = 0

    init(_ sql: String) throws(DatabaseError) {
        tokens = try Lexer.tokenize(sql)
        scalars = Array(sql.unicodeScalars)
    }

    // MARK: - Entry points

    /// The statements of `sql`, separated by `;`; empty statements are skipped. A syntax error
    /// anywhere fails the whole text, as in PostgreSQL's simple query protocol.
    public static func parse(_ sql: String) throws(DatabaseError) -> [Statement] {
        try parseStatements(sql).map(\.statement)
    }

    /// The statements of `sql` with the text each came from (for command tags and logging).
    public static func parseStatements(_ sql: String) throws(DatabaseError) -> [ParsedStatement] {
        var parser = try Parser(sql)
        var statements: [ParsedStatement] = []
        while true {
            while parser.current.kind == .semicolon { parser.advance() }
            if parser.current.kind == .endOfInput { return statements }
            let start = parser.current.range.lowerBound
            let firstToken = parser.index
            let statement = try parser.parseStatement()
            let end = parser.tokens[parser.index - 1].range.upperBound
            guard parser.current.kind == .semicolon || parser.current.kind == .endOfInput else {
                throw parser.syntaxError()
            }
            statements.append(ParsedStatement(statement: statement, sourceRange: start..<end,
                                              text: parser.text(start..<end), tokens: parser.tokens[firstToken..<parser.index]))
        }
    }

    /// Exactly one statement; an empty text or several statements are errors.
    public static func parseSingleStatement(_ sql: String) throws(DatabaseError) -> Statement {
        let statements = try parse(sql)
        guard statements.count == 1 else {
            throw DatabaseError(.syntaxError, "expected exactly one statement, found \(statements.count)")
        }
        return statements[0]
    }

    /// A lone value expression, such as a column default or a CHECK condition kept as text.
    public static func parseExpression(_ sql: String) throws(DatabaseError) -> Expression {
        var parser = try Parser(sql)
        let expression = try parser.parseExpression()
        guard parser.current.kind == .endOfInput else { throw parser.syntaxError() }
        return expression
    }

    /// A lone type name, such as `numeric(10,2)` or `timestamp with time zone[]`.
    public static func parseTypeName(_ sql: String) throws(DatabaseError) -> TypeName {
        var parser = try Parser(sql)
        let type = try parser.parseTypeName()
        guard parser.current.kind == .endOfInput else { throw parser.syntaxError() }
        return type
    }

    // MARK: - Cursor

    var current: Token { tokens[index] }

    func peek(_ distance: Int = 1) -> Token {
        tokens[min(index + distance, tokens.count - 1)]
    }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }  // invariant 1
    }

    var location: SourceLocation { current.location }

    func text(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range.clamped(to: 0..<scalars.count)])
        return String(view)
    }

    /// Whether the current token is the unquoted keyword `keyword`.
    func isKeyword(_ keyword: Keyword) -> Bool {
        current.kind == .identifier && current.keyword == keyword
    }

    func isKeyword(_ keyword: Keyword, at distance: Int) -> Bool {
        let token = peek(distance)
        return token.kind == .identifier && token.keyword == keyword
    }

    /// Consumes `keyword` if it is next.
    mutating func accept(_ keyword: Keyword) -> Bool {
        guard isKeyword(keyword) else { return false }
        advance()
        return true
    }

    /// Consumes the keywords in order if all of them are next.
    mutating func accept(_ first: Keyword, _ second: Keyword, _ rest: Keyword...) -> Bool {
        let all = [first, second] + rest
        for (distance, keyword) in all.enumerated() where !isKeyword(keyword, at: distance) { return false }
        for _ in all { advance() }
        return true
    }

    mutating func expect(_ keyword: Keyword) throws(DatabaseError) {
        guard accept(keyword) else { throw syntaxError() }
    }

    mutating func expect(_ keywords: Keyword...) throws(DatabaseError) {
        for keyword in keywords { try expect(keyword) }
    }

    mutating func accept(_ kind: Token.Kind) -> Bool {
        guard current.kind == kind else { return false }
        advance()
        return true
    }

    mutating func expect(_ kind: Token.Kind) throws(DatabaseError) {
        guard accept(kind) else { throw syntaxError() }
    }

    mutating func acceptOperator(_ symbol: String) -> Bool {
        guard current.isOperator(symbol) else { return false }
        advance()
        return true
    }

    mutating func expectOperator(_ symbol: String) throws(DatabaseError) {
        guard acceptOperator(symbol) else { throw syntaxError() }
    }

    /// Consumes `=` if it is next (for the many `name [=] value` options).
    mutating func acceptEquals() -> Bool { acceptOperator("=") }

    // MARK: - Errors

    /// `syntax error at or near "token"` (or `at end of input`) at the current token.
    func syntaxError() -> DatabaseError { syntaxError(at: current) }

    func syntaxError(at token: Token) -> DatabaseError {
        if token.kind == .endOfInput {
            return DatabaseError(.syntaxError, "syntax error at end of input", position: token.range.lowerBound + 1)
        }
        return DatabaseError(.syntaxError, "syntax error at or near \"\(text(token.range))\"",
                             position: token.range.lowerBound + 1)
    }

    /// A syntax-class error with its own message, at a token or location.
    func error(_ message: String, at location: SourceLocation, state: SQLState = .syntaxError,
               hint: String? = nil) -> DatabaseError {
        DatabaseError(state, message, hint: hint, position: location.errorPosition)
    }

    /// `<feature> is not supported` (SQLSTATE 0A000), for valid PostgreSQL that HeliosDB rejects.
    func unsupported(_ feature: String, at location: SourceLocation) -> DatabaseError {
        DatabaseError(.featureNotSupported, "\(feature) is not supported", position: location.errorPosition)
    }

    /// Enters one more level of nesting (invariant 2).
    mutating func enterNesting() throws(DatabaseError) {
        depth += 1
        if depth > Parser.maximumDepth {
            throw DatabaseError(SQLState("54001"), "stack depth limit exceeded",
                                hint: "The statement nests expressions or subqueries too deeply.",
                                position: location.errorPosition)
        }
    }

    mutating func leaveNesting() { depth -= 1 }

    /// Runs `body`; on failure, puts the cursor back and returns nil with the error.
    mutating func attempt<Result>(_ body: (inout Parser) throws(DatabaseError) -> Result) -> Swift.Result<Result, DatabaseError> {
        let savedIndex = index
        let savedDepth = depth
        do {
            return .success(try body(&self))
        } catch {
            index = savedIndex
            depth = savedDepth
            return .failure(error)
        }
    }
}
