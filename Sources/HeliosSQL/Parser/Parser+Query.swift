// Queries: WITH, set operations (INTERSECT binds tighter than UNION and EXCEPT), parenthesized
// queries with their own ORDER BY/LIMIT, the SELECT clause and its parts, VALUES, TABLE, and the
// ORDER BY / LIMIT / OFFSET / FETCH / FOR UPDATE clauses around a query.

import HeliosCore

extension Parser {
    /// A full query: `[WITH ...] body [ORDER BY] [LIMIT/OFFSET/FETCH] [FOR UPDATE ...]`.
    mutating func parseQuery() throws(DatabaseError) -> Query {
        try enterNesting()
        defer { leaveNesting() }
        let start = location
        var with: WithClause?
        var withLocation = start
        if isKeyword(.with) {
            withLocation = location
            with = try parseWithClause()
        }
        var query = try parseSetOperation(minimum: 1)
        query.location = start
        if let with {
            guard query.with == nil else { throw error("multiple WITH clauses not allowed", at: withLocation) }
            query.with = with
        }
        try parseQueryTail(into: &query)
        return query
    }

    /// `( query )`, a select_with_parens.
    mutating func parseParenthesizedQuery() throws(DatabaseError) -> Query {
        try expect(.leftParenthesis)
        let query = try parseQuery()
        try expect(.rightParenthesis)
        return query
    }

    /// Set operations by precedence: level 1 is UNION and EXCEPT, level 2 INTERSECT.
    mutating func parseSetOperation(minimum: Int) throws(DatabaseError) -> Query {
        var left = try parseSetOperand()
        while true {
            let kind: SetOperation.Kind
            let level: Int
            if isKeyword(.union) {
                kind = .union
                level = 1
            } else if isKeyword(.except) {
                kind = .except
                level = 1
            } else if isKeyword(.intersect) {
                kind = .intersect
                level = 2
            } else {
                return left
            }
            guard level >= minimum else { return left }
            let start = left.location
            advance()
            var all = false
            if accept(.all) { all = true } else { _ = accept(.distinct) }
            let right = try parseSetOperation(minimum: level + 1)
            left = Query(body: .setOperation(SetOperation(kind: kind, all: all, left: left, right: right)), location: start)
        }
    }

    mutating func parseSetOperand() throws(DatabaseError) -> Query {
        let start = location
        if current.kind == .leftParenthesis { return try parseParenthesizedQuery() }
        if isKeyword(.select) { return Query(body: .select(try parseSelectClause()), location: start) }
        if isKeyword(.values) { return Query(body: .values(try parseValuesClause()), location: start) }
        if accept(.table) {
            let table = try parseRelationExpression()
            let clause = SelectClause(targets: [SelectTarget(Expression(.star(qualifier: []), location: start))],
                                      from: [.table(table)])
            return Query(body: .select(clause), location: start)
        }
        throw syntaxError()
    }

    /// `VALUES (...), (...)`; all rows must have the same length.
    mutating func parseValuesClause() throws(DatabaseError) -> [[Expression]] {
        try expect(.values)
        var rows: [[Expression]] = []
        repeat {
            try expect(.leftParenthesis)
            let row = try parseExpressionList()
            try expect(.rightParenthesis)
            if let first = rows.first, first.count != row.count {
                throw error("VALUES lists must all be the same length", at: row[0].location)
            }
            rows.append(row)
        } while accept(.comma)
        return rows
    }

    /// `WITH [RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] (statement), ...`.
    mutating func parseWithClause() throws(DatabaseError) -> WithClause {
        try expect(.with)
        let recursive = accept(.recursive)
        var expressions: [CommonTableExpression] = []
        repeat {
            let start = location
            let name = try parseColumnIdentifier()
            let columns = current.kind == .leftParenthesis ? try parseParenthesizedNameList() : []
            try expect(.as)
            var materialization = CommonTableExpression.Materialization.default
            if accept(.materialized) {
                materialization = .materialized
            } else if accept(.not, .materialized) {
                materialization = .notMaterialized
            }
            try expect(.leftParenthesis)
            let statement: Statement
            if isKeyword(.insert) || isKeyword(.update) || isKeyword(.delete) {
                statement = try parseStatement()
            } else {
                statement = .select(try parseQuery())
            }
            try expect(.rightParenthesis)
            if isKeyword(.search) || isKeyword(.cycle) { throw unsupported("SEARCH and CYCLE clauses", at: location) }
            expressions.append(CommonTableExpression(name: name, columns: columns, materialization: materialization,
                                                     statement: statement, location: start))
        } while accept(.comma)
        return WithClause(recursive: recursive, expressions: expressions)
    }

    // MARK: - Clauses after the body

    /// ORDER BY, LIMIT/OFFSET/FETCH and locking clauses, merged into `query` (which may already
    /// carry them from inside parentheses; a second one of a kind is an error, as in PostgreSQL).
    mutating func parseQueryTail(into query: inout Query) throws(DatabaseError) {
        if isKeyword(.order) {
            let orderBy = try parseOrderByClause()
            guard query.orderBy.isEmpty else {
                throw error("multiple ORDER BY clauses not allowed", at: orderBy[0].expression.location)
            }
            query.orderBy = orderBy
        }
        try parseLockingClauses(into: &query)
        var sawLimit = false
        var sawOffset = false
        while true {
            let clauseLocation = location
            if !sawLimit && (isKeyword(.limit) || isKeyword(.fetch)) {
                sawLimit = true
                let (limit, withTies) = try parseLimitClause()
                guard query.limit == nil && !query.limitWithTies else {
                    throw error("multiple LIMIT clauses not allowed", at: limit?.location ?? clauseLocation)
                }
                query.limit = limit
                query.limitWithTies = withTies
                if withTies && query.orderBy.isEmpty {
                    throw error("WITH TIES cannot be specified without ORDER BY clause", at: .unknown)
                }
            } else if !sawOffset && isKeyword(.offset) {
                sawOffset = true
                advance()
                let offset = try parseExpression()
                if !accept(.row) { _ = accept(.rows) }
                guard query.offset == nil else { throw error("multiple OFFSET clauses not allowed", at: offset.location) }
                query.offset = offset
            } else {
                break
            }
        }
        try parseLockingClauses(into: &query)
    }

    /// `LIMIT n | ALL`, or `FETCH FIRST | NEXT [n] ROW | ROWS ONLY | WITH TIES`.
    mutating func parseLimitClause() throws(DatabaseError) -> (Expression?, Bool) {
        let start = location
        if accept(.limit) {
            if accept(.all) { return (nil, false) }
            let count = try parseExpression()
            if current.kind == .comma {
                throw error("LIMIT #,# syntax is not supported", at: start, hint: "Use separate LIMIT and OFFSET clauses.")
            }
            return (count, false)
        }
        try expect(.fetch)
        if !accept(.first) { try expect(.next) }
        var count = Expression(.literal(.integer(1)), location: location)
        if !isKeyword(.row) && !isKeyword(.rows) {
            if current.isOperator("+") || current.isOperator("-") {
                let negative = current.isOperator("-")
                let signLocation = location
                advance()
                let number = try parseSignedNumber()
                count = Expression(.literal(negative ? (number.negated ?? number) : number), location: signLocation)
            } else {
                count = try parsePrimaryExpression()
            }
        }
        if !accept(.row) { try expect(.rows) }
        if accept(.only) { return (count, false) }
        try expect(.with)
        try expect(.ties)
        return (count, true)
    }

    mutating func parseLockingClauses(into query: inout Query) throws(DatabaseError) {
        while isKeyword(.for) {
            if isKeyword(.read, at: 1) && isKeyword(.only, at: 2) {
                advance(); advance(); advance()
                continue
            }
            advance()
            let strength: LockingClause.Strength
            if accept(.update) {
                strength = .update
            } else if accept(.no) {
                try expect(.key)
                try expect(.update)
                strength = .noKeyUpdate
            } else if accept(.share) {
                strength = .share
            } else {
                try expect(.key)
                try expect(.share)
                strength = .keyShare
            }
            var clause = LockingClause(strength: strength)
            if accept(.of) { clause.tables = try parseQualifiedNameList() }
            if accept(.nowait) {
                clause.waitPolicy = .noWait
            } else if accept(.skip) {
                try expect(.locked)
                clause.waitPolicy = .skipLocked
            }
            query.locking.append(clause)
        }
    }

    /// `ORDER BY item, ...`.
    mutating func parseOrderByClause() throws(DatabaseError) -> [SortItem] {
        try expect(.order)
        try expect(.by)
        var items: [SortItem] = []
        repeat {
            var item = SortItem(try parseExpression())
            if accept(.asc) {
                item.direction = .ascending
            } else if accept(.desc) {
                item.direction = .descending
            } else if accept(.using) {
                if isKeyword(Keyword.operator) {
                    item.direction = .using(try parseQualifiedOperator())
                } else {
                    guard current.kind == .operator else { throw syntaxError() }
                    item.direction = .using(OperatorName(current.text))
                    advance()
                }
            }
            if accept(.nulls) {
                if accept(.first) {
                    item.nulls = .first
                } else {
                    try expect(.last)
                    item.nulls = .last
                }
            }
            items.append(item)
        } while accept(.comma)
        return items
    }
}
