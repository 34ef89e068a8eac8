// Statement dispatch: the first keyword (after an optional WITH) decides which rule parses the
// statement. Statements PostgreSQL has but HeliosDB does not are rejected with 0A000.

import HeliosCore

extension Parser {
    /// One statement, up to (not including) the `;` or the end of the text.
    mutating func parseStatement() throws(DatabaseError) -> Statement {
        let start = location
        guard current.kind == .identifier, let keyword = current.keyword else {
            if current.kind == .leftParenthesis { return .select(try parseQuery()) }
            throw syntaxError()
        }
        switch keyword {
        case .select, .values, .table:
            return .select(try parseQuery())
        case .with:
            return try parseStatementWithClause()
        case .insert: return .insert(try parseInsert(with: nil))
        case .update: return .update(try parseUpdate(with: nil))
        case .delete: return .delete(try parseDelete(with: nil))
        case .create: return try parseCreate()
        case .drop: return try parseDrop()
        case .alter: return try parseAlter()
        case .truncate: return .truncate(try parseTruncate())
        case .comment: return .comment(try parseComment())
        case .grant, .revoke: return .grant(try parseGrant())
        case .begin, .start, .commit, .end, .rollback, .abort, .savepoint, .release:
            return .transaction(try parseTransactionStatement())
        case .prepare:
            if isKeyword(.transaction, at: 1) { return .transaction(try parseTransactionStatement()) }
            return .prepare(try parsePrepare())
        case .set: return .set(try parseSet())
        case .show: return .show(try parseShow())
        case .reset: return .reset(try parseReset())
        case .execute: return .execute(try parseExecute())
        case .deallocate: return .deallocate(try parseDeallocate())
        case .declare: return .declareCursor(try parseDeclareCursor())
        case .fetch, .move: return .fetch(try parseFetch())
        case .close: return .closeCursor(try parseClose())
        case .explain: return .explain(try parseExplain())
        case .analyze, .analyse, .vacuum: return .maintenance(try parseMaintenance())
        case .copy: return .copy(try parseCopy())
        case .checkpoint:
            advance()
            return .checkpoint
        case .discard: return .discard(try parseDiscard())
        case .listen:
            advance()
            return .listen(channel: try parseColumnIdentifier())
        case .unlisten:
            advance()
            if acceptOperator("*") { return .unlisten(channel: nil) }
            return .unlisten(channel: try parseColumnIdentifier())
        case .notify: return .notify(try parseNotify())
        case .lock: return .lock(try parseLock())
        case .do: return .doBlock(try parseDo())
        case .merge, .call, .cluster, .reindex, .refresh, .import, .security, .load, .reassign:
            throw unsupported(keyword.rawValue.uppercased(), at: start)
        default:
            throw syntaxError()
        }
    }

    /// `WITH ...` followed by SELECT, INSERT, UPDATE or DELETE.
    mutating func parseStatementWithClause() throws(DatabaseError) -> Statement {
        let savedIndex = index
        let with = try parseWithClause()
        if isKeyword(.insert) { return .insert(try parseInsert(with: with)) }
        if isKeyword(.update) { return .update(try parseUpdate(with: with)) }
        if isKeyword(.delete) { return .delete(try parseDelete(with: with)) }
        index = savedIndex
        return .select(try parseQuery())
    }

    /// Statements allowed after EXPLAIN, PREPARE and in COPY (query).
    mutating func parsePreparableStatement() throws(DatabaseError) -> Statement {
        guard current.kind == .leftParenthesis || isKeyword(.select) || isKeyword(.values) || isKeyword(.table)
                || isKeyword(.with) || isKeyword(.insert) || isKeyword(.update) || isKeyword(.delete)
        else {
            if isKeyword(.merge) { throw unsupported("MERGE", at: location) }
            throw syntaxError()
        }
        return try parseStatement()
    }
}
