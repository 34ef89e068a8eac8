// Helpers shared by the HeliosSQL tests: parse-or-fail shortcuts, error expectations, the
// round-trip check, and the location of the shared corpora beside the repository.

import HeliosCore
import HeliosSQL
import Testing

/// Parses exactly one statement.
func statement(_ sql: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Statement {
    try Parser.parseSingleStatement(sql)
}

/// Parses one expression.
func expression(_ sql: String) throws -> Expression {
    try Parser.parseExpression(sql)
}

/// The SELECT clause of a one-statement plain query.
func selectClause(_ sql: String) throws -> SelectClause {
    guard case .select(let query) = try statement(sql), case .select(let clause) = query.body else {
        Issue.record("not a plain SELECT: \(sql)")
        return SelectClause()
    }
    return clause
}

/// The query of a one-statement SELECT.
func query(_ sql: String) throws -> Query {
    guard case .select(let query) = try statement(sql) else {
        Issue.record("not a query: \(sql)")
        return Query(body: .values([]))
    }
    return query
}

/// The first target's expression of `SELECT <text>`.
func selected(_ text: String) throws -> Expression {
    let clause = try selectClause("SELECT " + text)
    guard let first = clause.targets.first else {
        Issue.record("no target in SELECT \(text)")
        return Expression(.literal(.null))
    }
    return first.expression
}

/// The error parsing `sql` throws; records an issue if it parses.
func parseError(_ sql: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> DatabaseError? {
    do {
        let statements = try Parser.parse(sql)
        Issue.record("expected an error, parsed \(statements.count) statement(s): \(sql)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Expects `sql` to fail with `state`, and `message` and `position` when given.
func expectError(_ sql: String, _ state: String, _ message: String? = nil, position: Int? = nil,
                 sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard let error = parseError(sql, sourceLocation: sourceLocation) else { return }
    #expect(error.state.code == state, "\(sql): \(error)", sourceLocation: sourceLocation)
    if let message { #expect(error.message == message, "\(sql)", sourceLocation: sourceLocation) }
    if let position { #expect(error.position == position, "\(sql): \(error)", sourceLocation: sourceLocation) }
}

/// Whether `sql` parses, prints, and parses again to equal statements. Records issues when not.
@discardableResult
func expectRoundTrip(_ sql: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
    let first: [Statement]
    do {
        first = try Parser.parse(sql)
    } catch {
        Issue.record("does not parse: \(sql): \(error)", sourceLocation: sourceLocation)
        return false
    }
    let printed = first.map(\.sqlText).joined(separator: ";\n")
    do {
        let second = try Parser.parse(printed)
        #expect(second == first, "round trip changed \(sql)\nprinted: \(printed)", sourceLocation: sourceLocation)
        return second == first
    } catch {
        Issue.record("printed text does not parse: \(printed): \(error)", sourceLocation: sourceLocation)
        return false
    }
}

/// A column reference expression, for comparisons.
func column(_ parts: String...) -> Expression { Expression(.columnReference(parts)) }

/// An integer literal expression.
func integer(_ value: Int64) -> Expression { Expression(.literal(.integer(value))) }

/// A binary operator expression.
func binary(_ symbol: String, _ left: Expression, _ right: Expression) -> Expression {
    Expression(.binaryOperator(OperatorName(symbol), left, right))
}

/// Where the shared corpora live: `../shared` beside the repository.
enum SharedCorpus {
    static var directory: String {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        // .../main/Tests/HeliosSQLTests/TestSupport.swift -> .../shared
        parts.removeLast(4)
        return parts.joined(separator: "/") + "/shared"
    }
}
