// Primary expressions (PostgreSQL's c_expr): constants, typed literals, column references with
// indirection, parameters, parenthesized expressions, rows and subqueries, CASE, CAST, ARRAY,
// EXISTS, and the keywords that begin special forms. Function calls are in Parser+FunctionCall.

import HeliosCore

extension Parser {
    mutating func parsePrimaryExpression() throws(DatabaseError) -> Expression {
        let start = location
        let token = current
        switch token.kind {
        case .integer:
            advance()
            return Expression(.literal(Parser.integerLiteral(token.text)), location: start)
        case .numeric:
            advance()
            return Expression(.literal(.numeric(token.text)), location: start)
        case .string:
            advance()
            return Expression(.literal(.string(token.text)), location: start)
        case .bitString:
            advance()
            return Expression(.literal(.bitString(token.text)), location: start)
        case .hexString:
            advance()
            return Expression(.literal(.hexString(token.text)), location: start)
        case .parameter:
            advance()
            let parameter = Expression(.parameter(Int(token.text) ?? 0), location: start)
            return try parseIndirection(of: parameter)
        case .leftParenthesis:
            return try parseParenthesizedExpression()
        case .identifier:
            if let keyword = token.keyword, let expression = try parseKeywordExpression(keyword) {
                return expression
            }
            return try parseNamedExpression()
        case .quotedIdentifier:
            return try parseNamedExpression()
        default:
            throw syntaxError()
        }
    }

    /// Expressions that begin with a keyword of their own; nil when the keyword is just a name here.
    mutating func parseKeywordExpression(_ keyword: Keyword) throws(DatabaseError) -> Expression? {
        let start = location
        let nextIsParenthesis = peek().kind == .leftParenthesis
        func literal(_ value: Literal) -> Expression {
            advance()
            return Expression(.literal(value), location: start)
        }
        switch keyword {
        case .true: return literal(.boolean(true))
        case .false: return literal(.boolean(false))
        case .null: return literal(.null)
        case .default:
            advance()
            return Expression(.default, location: start)
        case .case: return try parseCaseExpression()
        case .cast:
            advance()
            try expect(.leftParenthesis)
            let value = try parseExpression()
            try expect(.as)
            let type = try parseTypeName()
            try expect(.rightParenthesis)
            return Expression(.typeCast(value, type), location: start)
        case .exists:
            // EXISTS is a column name keyword: without a parenthesis it names a column.
            guard nextIsParenthesis else { return nil }
            advance()
            return Expression(.exists(try parseParenthesizedQuery()), location: start)
        case .array:
            advance()
            if current.kind == .leftParenthesis {
                return Expression(.arraySubquery(try parseParenthesizedQuery()), location: start)
            }
            return try parseArrayElements(start: start)
        case .row where nextIsParenthesis:
            advance()
            advance()
            let elements = current.kind == .rightParenthesis ? [] : try parseExpressionList()
            try expect(.rightParenthesis)
            return Expression(.row(elements), location: start)
        case .current_date, .current_time, .current_timestamp, .localtime, .localtimestamp, .current_role,
             .current_user, .session_user, .user, .current_catalog:
            return try parseSQLValueFunction(keyword)
        case .current_schema where !nextIsParenthesis:
            advance()
            return Expression(.sqlValueFunction(.currentSchema), location: start)
        case .extract, .substring, .position, .trim, .overlay, .coalesce, .nullif, .greatest, .least, .grouping,
             .normalize:
            guard nextIsParenthesis else { return nil }
            return try parseSpecialFunction(keyword)
        case .collation where isKeyword(.for, at: 1):
            advance()
            advance()
            try expect(.leftParenthesis)
            let value = try parseExpression()
            try expect(.rightParenthesis)
            let call = FunctionCall(name: QualifiedName(["pg_catalog", "pg_collation_for"]),
                                    arguments: [FunctionArgument(value)], syntax: .collationFor)
            return Expression(.functionCall(call), location: start)
        case .treat, .xmlconcat, .xmlelement, .xmlexists, .xmlforest, .xmlparse, .xmlpi, .xmlroot, .xmlserialize:
            guard nextIsParenthesis else { return nil }
            throw unsupported(keyword.rawValue.uppercased(), at: start)
        case .interval, .bigint, .bit, .boolean, .char, .character, .dec, .decimal, .float, .int, .integer,
             .national, .nchar, .numeric, .real, .smallint, .time, .timestamp, .varchar:
            return try parseTypedLiteral()
        case .double where isKeyword(.precision, at: 1):
            return try parseTypedLiteral()
        default:
            return nil
        }
    }

    /// `type 'string'` for the SQL-keyword types (ConstTypename Sconst), or nil if no string follows.
    mutating func parseTypedLiteral() throws(DatabaseError) -> Expression? {
        let start = location
        let result = attempt { (parser: inout Parser) throws(DatabaseError) -> Expression in
            var type = try parser.parseSimpleTypeName(forConstant: true)
            guard parser.current.kind == .string else { throw parser.syntaxError() }
            let value = parser.current.text
            let valueLocation = parser.location
            parser.advance()
            if type.baseName == "interval" && type.isSystemType {
                if let fields = try parser.parseIntervalFields(type: &type) { type.intervalFields = fields }
            }
            return Expression(.typeCast(Expression(.literal(.string(value)), location: valueLocation), type),
                              location: start)
        }
        if case .success(let expression) = result { return expression }
        return nil
    }

    mutating func parseSQLValueFunction(_ keyword: Keyword) throws(DatabaseError) -> Expression {
        let start = location
        advance()
        func precision() throws(DatabaseError) -> Int? {
            guard accept(.leftParenthesis) else { return nil }
            let value = try parseIntegerConstant()
            try expect(.rightParenthesis)
            return value
        }
        let function: SQLValueFunction
        switch keyword {
        case .current_date: function = .currentDate
        case .current_time: function = .currentTime(precision: try precision())
        case .current_timestamp: function = .currentTimestamp(precision: try precision())
        case .localtime: function = .localTime(precision: try precision())
        case .localtimestamp: function = .localTimestamp(precision: try precision())
        case .current_role: function = .currentRole
        case .current_user: function = .currentUser
        case .session_user: function = .sessionUser
        case .user: function = .user
        default: function = .currentCatalog
        }
        return Expression(.sqlValueFunction(function), location: start)
    }

    /// `CASE [operand] WHEN ... THEN ... [ELSE ...] END`.
    mutating func parseCaseExpression() throws(DatabaseError) -> Expression {
        let start = location
        try expect(.case)
        let operand = isKeyword(.when) ? nil : try parseExpression()
        var branches: [CaseExpression.Branch] = []
        guard isKeyword(.when) else { throw syntaxError() }
        while accept(.when) {
            let condition = try parseExpression()
            try expect(.then)
            branches.append(CaseExpression.Branch(condition: condition, result: try parseExpression()))
        }
        let elseResult = accept(.else) ? try parseExpression() : nil
        try expect(.end)
        return Expression(.caseExpression(CaseExpression(operand: operand, branches: branches, elseResult: elseResult)),
                          location: start)
    }

    /// `[a, b, ...]` after ARRAY; inner `[...]` are arrays too.
    mutating func parseArrayElements(start: SourceLocation) throws(DatabaseError) -> Expression {
        try enterNesting()
        defer { leaveNesting() }
        try expect(.leftBracket)
        var elements: [Expression] = []
        if current.kind != .rightBracket {
            repeat {
                if current.kind == .leftBracket {
                    elements.append(try parseArrayElements(start: location))
                } else {
                    elements.append(try parseExpression())
                }
            } while accept(.comma)
        }
        try expect(.rightBracket)
        return Expression(.array(elements), location: start)
    }

    /// `( ... )`: a subquery, a parenthesized expression, or a row constructor.
    mutating func parseParenthesizedExpression() throws(DatabaseError) -> Expression {
        let start = location
        var queryError: DatabaseError?
        if startsQuery(at: index + 1) {
            switch attempt({ (parser: inout Parser) throws(DatabaseError) -> Query in try parser.parseParenthesizedQuery() }) {
            case .success(let query):
                return try parseIndirection(of: Expression(.subquery(query), location: start))
            case .failure(let error):
                queryError = error
            }
        }
        let result = attempt { (parser: inout Parser) throws(DatabaseError) -> Expression in
            try parser.expect(.leftParenthesis)
            let first = try parser.parseExpression()
            if parser.accept(.comma) {
                var elements = [first]
                elements.append(contentsOf: try parser.parseExpressionList())
                try parser.expect(.rightParenthesis)
                return Expression(.row(elements), location: start)
            }
            try parser.expect(.rightParenthesis)
            return try parser.parseIndirection(of: first)
        }
        switch result {
        case .success(let expression):
            return expression
        case .failure(let error):
            if let queryError, (queryError.position ?? 0) >= (error.position ?? 0) { throw queryError }
            throw error
        }
    }

    /// An expression that starts with a name: a column reference (with indirection), `t.*`, a
    /// function call, or a typed literal `name 'string'`.
    mutating func parseNamedExpression() throws(DatabaseError) -> Expression {
        let start = location
        let first = current
        let firstIndex = index
        guard Parser.isColumnIdentifier(first) || Parser.isTypeFunctionName(first) else { throw syntaxError() }
        advance()
        var parts = [first.text]
        while current.kind == .dot {
            let next = peek()
            if next.isOperator("*") {
                advance()
                advance()
                guard Parser.isColumnIdentifier(first) else { throw syntaxError(at: first) }
                return Expression(.star(qualifier: parts), location: start)
            }
            advance()
            guard Parser.isColumnLabel(current) else { throw syntaxError() }
            parts.append(current.text)
            advance()
        }
        let isFunctionName = parts.count == 1 ? Parser.isTypeFunctionName(first) : Parser.isColumnIdentifier(first)
        if current.kind == .leftParenthesis {
            guard isFunctionName else { throw syntaxError() }
            let name = QualifiedName(parts, location: start)
            return try parseFunctionCall(name: name, start: start)
        }
        if current.kind == .string && isFunctionName {
            let value = Expression(.literal(.string(current.text)), location: location)
            advance()
            let type = TypeName(name: QualifiedName(parts, location: start), location: start)
            return Expression(.typeCast(value, type), location: start)
        }
        guard Parser.isColumnIdentifier(first) else {
            // A function-only keyword such as LEFT must be followed by "(": PostgreSQL points past it.
            throw syntaxError(at: tokens[firstIndex + 1])
        }
        let reference = Expression(.columnReference(parts), location: start)
        return try parseIndirection(of: reference)
    }

    /// Subscripts and (after a parenthesized expression, parameter or subquery) field selections.
    mutating func parseIndirection(of base: Expression) throws(DatabaseError) -> Expression {
        var steps: [IndirectionStep] = []
        while true {
            if current.kind == .leftBracket {
                advance()
                var lower: Expression?
                if current.kind != .colon { lower = try parseExpression() }
                if accept(.colon) {
                    let upper = current.kind == .rightBracket ? nil : try parseExpression()
                    steps.append(.slice(lower: lower, upper: upper))
                } else {
                    guard let lower else { throw syntaxError() }
                    steps.append(.subscript(lower))
                }
                try expect(.rightBracket)
            } else if current.kind == .dot {
                advance()
                if acceptOperator("*") {
                    steps.append(.star)
                } else {
                    steps.append(.field(try parseColumnLabel()))
                }
            } else {
                break
            }
        }
        guard !steps.isEmpty else { return base }
        if case .indirection(let inner, let earlier) = base.kind {
            return Expression(.indirection(inner, earlier + steps), location: base.location)
        }
        return Expression(.indirection(base, steps), location: base.location)
    }
}
