// FROM items: tables (with ONLY and aliases), subqueries (PostgreSQL 15 requires their alias),
// table functions (WITH ORDINALITY, ROWS FROM, LATERAL), and joins with PostgreSQL's nesting:
// `a JOIN b JOIN c ON x ON y` joins b and c first, as gram.y does.

import HeliosCore

extension Parser {
    /// `item, item, ...` of FROM (and UPDATE ... FROM, DELETE ... USING).
    mutating func parseFromList() throws(DatabaseError) -> [TableReference] {
        var items = [try parseTableReference()]
        while accept(.comma) { items.append(try parseTableReference()) }
        return items
    }

    /// A FROM item with the joins that follow it.
    mutating func parseTableReference() throws(DatabaseError) -> TableReference {
        try enterNesting()
        defer { leaveNesting() }
        var left = try parseTablePrimary()
        while startsJoin() { left = try parseJoin(left: left) }
        return left
    }

    func startsJoin() -> Bool {
        guard current.kind == .identifier else { return false }
        switch current.keyword {
        case .cross?, .natural?, .join?, .inner?, .left?, .right?, .full?: return true
        default: return false
        }
    }

    /// One join step after `left`.
    mutating func parseJoin(left: TableReference) throws(DatabaseError) -> TableReference {
        let start = left.location
        if accept(.cross) {
            try expect(.join)
            let right = try parseTablePrimary()
            return .join(Join(kind: .cross, left: left, right: right, condition: .none, location: start))
        }
        let natural = accept(.natural)
        let kind: Join.Kind
        if accept(.inner) {
            kind = .inner
        } else if accept(.left) {
            _ = accept(.outer)
            kind = .left
        } else if accept(.right) {
            _ = accept(.outer)
            kind = .right
        } else if accept(.full) {
            _ = accept(.outer)
            kind = .full
        } else {
            kind = .inner
        }
        try expect(.join)
        var right = try parseTablePrimary()
        if natural {
            return .join(Join(kind: kind, left: left, right: right, condition: .natural, location: start))
        }
        while startsJoin() { right = try parseJoin(left: right) }
        let condition: Join.Condition
        if accept(.on) {
            condition = .on(try parseExpression())
        } else if accept(.using) {
            let columns = try parseParenthesizedNameList()
            var alias: String?
            if accept(.as) { alias = try parseColumnIdentifier() }
            condition = .using(columns, alias: alias)
        } else {
            throw syntaxError()
        }
        return .join(Join(kind: kind, left: left, right: right, condition: condition, location: start))
    }

    /// A FROM item without the joins after it.
    mutating func parseTablePrimary() throws(DatabaseError) -> TableReference {
        let start = location
        let lateral = accept(.lateral)
        if current.kind == .leftParenthesis {
            var queryError: DatabaseError?
            if startsQuery(at: index + 1) {
                let attemptResult = attempt { (parser: inout Parser) throws(DatabaseError) -> Query in
                    try parser.parseParenthesizedQuery()
                }
                switch attemptResult {
                case .success(let query):
                    let alias = try parseAlias(required: false)
                    guard alias != nil else {
                        throw error("subquery in FROM must have an alias", at: start,
                                    hint: "For example, FROM (SELECT ...) [AS] foo.")
                    }
                    return .subquery(SubqueryReference(query: query, alias: alias, lateral: lateral, location: start))
                case .failure(let failure):
                    queryError = failure
                }
            }
            // `((SELECT ...) AS s JOIN t ON ...)`: a parenthesized join whose first item is a subquery.
            let joinResult = attempt { (parser: inout Parser) throws(DatabaseError) -> TableReference in
                guard !lateral else { throw parser.syntaxError() }
                parser.advance()
                let inner = try parser.parseTableReference()
                guard case .join(var join) = inner else { throw parser.syntaxError() }
                try parser.expect(.rightParenthesis)
                if let alias = try parser.parseAlias(required: false) { join.alias = alias }
                return .join(join)
            }
            switch joinResult {
            case .success(let join):
                return join
            case .failure(let joinError):
                if let queryError, (queryError.position ?? 0) >= (joinError.position ?? 0) { throw queryError }
                throw joinError
            }
        }
        if isKeyword(.rows) && isKeyword(.from, at: 1) {
            advance()
            advance()
            try expect(.leftParenthesis)
            var functions: [FunctionCall] = []
            repeat {
                functions.append(try parseTableFunctionCall())
            } while accept(.comma)
            try expect(.rightParenthesis)
            return try finishFunctionReference(functions, isRowsFrom: true, lateral: lateral, start: start)
        }
        if startsFunctionCall() {
            let call = try parseTableFunctionCall()
            return try finishFunctionReference([call], isRowsFrom: false, lateral: lateral, start: start)
        }
        guard !lateral else { throw syntaxError() }
        return .table(try parseRelationExpression(allowAlias: true))
    }

    /// Whether the tokens ahead are a function call (a name followed by `(`).
    func startsFunctionCall() -> Bool {
        guard Parser.isTypeFunctionName(current) || Parser.isColumnIdentifier(current) else { return false }
        if current.kind == .identifier, let keyword = current.keyword, keyword.category == .columnName,
           peek().kind == .leftParenthesis {
            // COALESCE(...), EXTRACT(...) and other special forms are functions here too.
            return true
        }
        var cursor = index + 1
        while tokens[cursor].kind == .dot && cursor + 1 < tokens.count && Parser.isColumnLabel(tokens[cursor + 1]) {
            cursor += 2
        }
        return tokens[cursor].kind == .leftParenthesis
    }

    /// A function call in FROM: any function-like expression without OVER.
    mutating func parseTableFunctionCall() throws(DatabaseError) -> FunctionCall {
        let expression = try parsePrimaryExpression()
        switch expression.kind {
        case .functionCall(let call) where call.over == nil:
            return call
        case .coalesce, .greatest, .least, .nullIf, .sqlValueFunction, .typeCast:
            throw unsupported("this function in FROM", at: expression.location)
        default:
            throw syntaxError(at: tokens[max(index - 1, 0)])
        }
    }

    mutating func finishFunctionReference(_ functions: [FunctionCall], isRowsFrom: Bool, lateral: Bool,
                                          start: SourceLocation) throws(DatabaseError) -> TableReference {
        var ordinality = false
        if isKeyword(.with) && isKeyword(.ordinality, at: 1) {
            advance()
            advance()
            ordinality = true
        }
        let alias = try parseAlias(required: false, forFunction: true)
        return .function(FunctionReference(functions: functions, isRowsFrom: isRowsFrom, withOrdinality: ordinality,
                                           alias: alias, lateral: lateral, location: start))
    }

    /// `[ONLY] name [*]` or `ONLY (name)`, with an optional alias.
    mutating func parseRelationExpression(allowAlias: Bool = false, aliasExcludes: Set<Keyword> = [])
        throws(DatabaseError) -> TableName {
        let start = location
        var includesDescendants = true
        var name: QualifiedName
        if accept(.only) {
            includesDescendants = false
            if accept(.leftParenthesis) {
                name = try parseQualifiedName()
                try expect(.rightParenthesis)
            } else {
                name = try parseQualifiedName()
            }
        } else {
            name = try parseQualifiedName()
            _ = acceptOperator("*")
        }
        name.location = start
        var table = TableName(name: name, includesDescendants: includesDescendants, location: start)
        if isKeyword(.tablesample) { throw unsupported("TABLESAMPLE", at: location) }
        if allowAlias {
            if current.kind == .identifier, let keyword = current.keyword, aliasExcludes.contains(keyword) {
                return table
            }
            table.alias = try parseAlias(required: false)
        }
        return table
    }

    /// `[AS] name [(columns)]`; without AS the name must be a ColId.
    mutating func parseAlias(required: Bool, forFunction: Bool = false) throws(DatabaseError) -> TableAlias? {
        let name: String
        if accept(.as) {
            name = try parseColumnIdentifier()
        } else if Parser.isColumnIdentifier(current) {
            name = current.text
            advance()
        } else {
            if required { throw syntaxError() }
            return nil
        }
        var columns: [String] = []
        if accept(.leftParenthesis) {
            repeat {
                columns.append(try parseColumnIdentifier())
                if current.kind != .comma && current.kind != .rightParenthesis {
                    if forFunction { throw unsupported("column definition lists", at: location) }
                    throw syntaxError()
                }
            } while accept(.comma)
            try expect(.rightParenthesis)
        }
        return TableAlias(name: name, columns: columns)
    }
}
