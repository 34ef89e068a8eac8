// Value expressions by precedence climbing, with PostgreSQL 15's precedence and associativity
// table (gram.y): OR < AND < NOT < IS < comparison < BETWEEN/IN/LIKE < ESCAPE < other operators
// < + - < * / % < ^ < AT TIME ZONE < COLLATE < unary minus < [] < :: . Non-associative levels
// (comparison, IS DISTINCT FROM, LIKE, BETWEEN) reject a second operator of the same level where
// PostgreSQL's parser does, at the same token. `restricted` parses b_expr, the subset without
// boolean connectives, IS tests, LIKE, IN and BETWEEN (used in DEFAULT and BETWEEN bounds).

import HeliosCore

/// Binding strength of operators, from weakest to strongest.
enum Precedence: Int {
    case or = 1
    case and
    case not
    case isTest
    case comparison
    case pattern
    case escape
    case userOperator = 9
    case additive
    case multiplicative
    case exponent
    case atTimeZone
    case collate
    case unary
    case typeCast = 18
}

extension Parser {
    /// An expression (a_expr), or a b_expr when `restricted`.
    mutating func parseExpression(restricted: Bool = false) throws(DatabaseError) -> Expression {
        try parseExpression(minimum: .or, restricted: restricted)
    }

    mutating func parseExpression(minimum: Precedence, restricted: Bool = false) throws(DatabaseError) -> Expression {
        try enterNesting()
        defer { leaveNesting() }
        var left = try parsePrefixExpression(restricted: restricted)
        var nonAssociativeLevel: Precedence?
        while true {
            guard let level = infixPrecedence(restricted: restricted), level.rawValue >= minimum.rawValue else {
                return left
            }
            if level == nonAssociativeLevel { throw syntaxError() }
            let (expression, closesLevel) = try parseInfix(left: left, level: level, restricted: restricted)
            left = expression
            nonAssociativeLevel = closesLevel ? nil : (Parser.isNonAssociative(level) ? level : nil)
        }
    }

    static func isNonAssociative(_ level: Precedence) -> Bool {
        level == .comparison || level == .isTest || level == .pattern || level == .escape
    }

    /// The precedence of the infix or postfix operator at the cursor, if there is one.
    func infixPrecedence(restricted: Bool) -> Precedence? {
        let token = current
        switch token.kind {
        case .typeCast: return .typeCast
        case .operator: return Parser.operatorPrecedence(token.text)
        case .identifier:
            guard let keyword = token.keyword, !isBareLabelHere(keyword) else { return nil }
            switch keyword {
            case .operator where peek().kind == .leftParenthesis: return .userOperator
            case .is:
                guard restricted else { return .isTest }
                let distinctAt = isKeyword(.not, at: 1) ? 2 : 1
                return isKeyword(.distinct, at: distinctAt) ? .isTest : nil
            case .and: return restricted ? nil : .and
            case .or: return restricted ? nil : .or
            case .isnull, .notnull: return restricted ? nil : .isTest
            case .like, .ilike, .in, .between: return restricted ? nil : .pattern
            case .similar where isKeyword(.to, at: 1): return restricted ? nil : .pattern
            case .not:
                guard !restricted else { return nil }
                let next = peek()
                guard next.kind == .identifier, let nextKeyword = next.keyword else { return nil }
                switch nextKeyword {
                case .like, .ilike, .in, .between: return .pattern
                case .similar where isKeyword(.to, at: 2): return .pattern
                default: return nil
                }
            case .at where isKeyword(.time, at: 1): return restricted ? nil : .atTimeZone
            case .collate: return restricted ? nil : .collate
            default: return nil
            }
        default:
            return nil
        }
    }

    /// Whether a keyword that may be an operator is instead an output label here: PostgreSQL
    /// reads `SELECT a IS` and `SELECT a and FROM t` as `a` labelled by the keyword, because
    /// nothing that could follow the operator does.
    func isBareLabelHere(_ keyword: Keyword) -> Bool {
        guard keyword.isBareLabel else { return false }
        let next = peek()
        switch next.kind {
        case .endOfInput, .comma, .semicolon, .rightParenthesis: return true
        case .identifier:
            switch next.keyword {
            case .from?, .where?, .group?, .having?, .window?, .order?, .limit?, .offset?, .fetch?, .union?,
                 .intersect?, .except?, .into?, .returning?:
                return true
            default:
                return false
            }
        default:
            return false
        }
    }

    static func operatorPrecedence(_ symbol: String) -> Precedence {
        switch symbol {
        case "<", ">", "=", "<=", ">=", "<>": return .comparison
        case "+", "-": return .additive
        case "*", "/", "%": return .multiplicative
        case "^": return .exponent
        default: return .userOperator
        }
    }

    // MARK: - Prefix forms

    mutating func parsePrefixExpression(restricted: Bool) throws(DatabaseError) -> Expression {
        let start = location
        if current.kind == .operator && !Parser.isInfixOnlyOperator(current.text) {
            let symbol = current.text
            advance()
            if symbol == "-" || symbol == "+" {
                let operand = try parseExpression(minimum: .unary, restricted: restricted)
                if symbol == "-", case .literal(let literal) = operand.kind, let negated = literal.negated {
                    return Expression(.literal(negated), location: start)
                }
                return Expression(.prefixOperator(OperatorName(symbol), operand), location: start)
            }
            let operand = try parseExpression(minimum: .additive, restricted: restricted)
            return Expression(.prefixOperator(OperatorName(symbol), operand), location: start)
        }
        if isKeyword(.operator) && peek().kind == .leftParenthesis {
            let name = try parseQualifiedOperator()
            let operand = try parseExpression(minimum: .additive, restricted: restricted)
            return Expression(.prefixOperator(name, operand), location: start)
        }
        if !restricted && isKeyword(.not) {
            advance()
            let operand = try parseExpression(minimum: .not)
            return Expression(.not(operand), location: start)
        }
        return try parsePrimaryExpression()
    }

    /// The operators that are tokens of their own in PostgreSQL's grammar and never prefix
    /// operators (`= 1` is an error, where `~ 1` and `- 1` are not).
    static func isInfixOnlyOperator(_ symbol: String) -> Bool {
        ["=", "<", ">", "<=", ">=", "<>", "*", "/", "%", "^"].contains(symbol)
    }

    /// `OPERATOR(schema.symbol)`.
    mutating func parseQualifiedOperator() throws(DatabaseError) -> OperatorName {
        try expect(Keyword.operator)
        try expect(.leftParenthesis)
        var schema: String?
        if Parser.isColumnIdentifier(current) {
            var parts = [try parseColumnIdentifier()]
            try expect(.dot)
            while Parser.isColumnLabel(current) && peek().kind == .dot {
                parts.append(try parseColumnLabel())
                advance()
            }
            schema = parts.joined(separator: ".")
        }
        guard current.kind == .operator else { throw syntaxError() }
        let symbol = current.text
        advance()
        try expect(.rightParenthesis)
        return OperatorName(symbol, schema: schema)
    }

    // MARK: - Infix and postfix forms

    /// Applies the operator at the cursor to `left`. Returns the result, its operator location
    /// set, and whether the form ends in a closing token (so a following operator of the same
    /// level is allowed).
    mutating func parseInfix(left: Expression, level: Precedence, restricted: Bool)
        throws(DatabaseError) -> (Expression, Bool) {
        let operatorLocation = current.location
        var (expression, closesLevel) = try parseInfixForm(left: left, level: level, restricted: restricted)
        expression.operatorLocation = operatorLocation
        return (expression, closesLevel)
    }

    mutating func parseInfixForm(left: Expression, level: Precedence, restricted: Bool)
        throws(DatabaseError) -> (Expression, Bool) {
        let token = current
        let location = left.location
        func make(_ kind: Expression.Kind) -> Expression { Expression(kind, location: location) }
        if token.kind == .typeCast {
            advance()
            return (make(.typeCast(left, try parseTypeName())), true)
        }
        if token.kind == .operator || isKeyword(Keyword.operator) {
            let name: OperatorName
            if token.kind == .operator {
                name = OperatorName(token.text)
                advance()
            } else {
                name = try parseQualifiedOperator()
            }
            if !restricted, let quantified = try parseQuantifiedRight(left: left, operatorName: name) {
                return (quantified, true)
            }
            let right = try parseExpression(minimum: Parser.nextLevel(level), restricted: restricted)
            return (make(.binaryOperator(name, left, right)), false)
        }
        switch token.keyword {
        case .and?:
            advance()
            return (make(.and(left, try parseExpression(minimum: .not))), false)
        case .or?:
            advance()
            return (make(.or(left, try parseExpression(minimum: .and))), false)
        case .isnull?:
            advance()
            return (make(.isNull(left, negated: false)), true)
        case .notnull?:
            advance()
            return (make(.isNull(left, negated: true)), true)
        case .is?:
            return try parseIsTest(left: left, restricted: restricted)
        case .collate?:
            advance()
            return (make(.collate(left, try parseAnyName())), true)
        case .at?:
            advance()
            advance()
            try expect(.zone)
            let zone = try parseExpression(minimum: .collate)
            let call = FunctionCall(name: QualifiedName(["pg_catalog", "timezone"]),
                                    arguments: [FunctionArgument(zone), FunctionArgument(left)], syntax: .atTimeZone)
            return (make(.functionCall(call)), false)
        default:
            return try parsePatternForm(left: left)
        }
    }

    static func nextLevel(_ level: Precedence) -> Precedence {
        Precedence(rawValue: level.rawValue + 1) ?? level
    }

    /// `IS [NOT] NULL | TRUE | FALSE | UNKNOWN | DISTINCT FROM x | DOCUMENT | NORMALIZED`.
    mutating func parseIsTest(left: Expression, restricted: Bool) throws(DatabaseError) -> (Expression, Bool) {
        let location = left.location
        try expect(.is)
        let negated = accept(.not)
        if accept(.distinct) {
            try expect(.from)
            let right = try parseExpression(minimum: .comparison, restricted: restricted)
            return (Expression(.isDistinctFrom(left, right, negated: negated), location: location), false)
        }
        if restricted {
            if isKeyword(.document) { throw unsupported("IS DOCUMENT", at: location) }
            throw syntaxError()
        }
        let kind: Expression.Kind
        switch current.keyword {
        case .null? where current.kind == .identifier: kind = .isNull(left, negated: negated)
        case .true? where current.kind == .identifier: kind = .booleanTest(left, negated ? .isNotTrue : .isTrue)
        case .false? where current.kind == .identifier: kind = .booleanTest(left, negated ? .isNotFalse : .isFalse)
        case .unknown? where current.kind == .identifier:
            kind = .booleanTest(left, negated ? .isNotUnknown : .isUnknown)
        case .document? where current.kind == .identifier:
            throw unsupported("IS DOCUMENT", at: location)
        case .normalized?, .nfc?, .nfd?, .nfkc?, .nfkd?:
            throw unsupported("IS NORMALIZED", at: location)
        default:
            throw syntaxError()
        }
        advance()
        return (Expression(kind, location: location), true)
    }

    /// `[NOT] LIKE | ILIKE | SIMILAR TO | IN | BETWEEN`.
    mutating func parsePatternForm(left: Expression) throws(DatabaseError) -> (Expression, Bool) {
        let location = left.location
        let negated = accept(.not)
        if accept(.in) {
            return (try parseInRight(left: left, negated: negated), true)
        }
        if accept(.between) {
            var symmetric = false
            if accept(.symmetric) { symmetric = true } else { _ = accept(.asymmetric) }
            let low = try parseExpression(minimum: .or, restricted: true)
            try expect(.and)
            let high = try parseExpression(minimum: .escape)
            let between = Between(value: left, low: low, high: high, negated: negated, symmetric: symmetric)
            return (Expression(.between(between), location: location), false)
        }
        let kind: PatternMatch.Kind
        if accept(.like) {
            kind = .like
        } else if accept(.ilike) {
            kind = .ilike
        } else if accept(.similar) {
            try expect(.to)
            kind = .similarTo
        } else {
            throw syntaxError()
        }
        if kind != .similarTo {
            let symbol = (negated ? "!" : "") + (kind == .like ? "~~" : "~~*")
            if let quantified = try parseQuantifiedRight(left: left, operatorName: OperatorName(symbol)) {
                return (quantified, true)
            }
        }
        let pattern = try parseExpression(minimum: .escape)
        var escape: Expression?
        if accept(.escape) { escape = try parseExpression(minimum: .escape) }
        let match = PatternMatch(kind: kind, value: left, pattern: pattern, escape: escape, negated: negated)
        return (Expression(.patternMatch(match), location: location), false)
    }

    /// The right side of IN: `(subquery)` or `(expression, ...)`.
    mutating func parseInRight(left: Expression, negated: Bool) throws(DatabaseError) -> Expression {
        guard current.kind == .leftParenthesis else { throw syntaxError() }
        if startsQuery(at: index + 1) {
            let attempt = attempt { (parser: inout Parser) throws(DatabaseError) -> Query in
                try parser.parseParenthesizedQuery()
            }
            if case .success(let query) = attempt {
                return Expression(.inSubquery(left, query, negated: negated), location: left.location)
            }
        }
        try expect(.leftParenthesis)
        let list = try parseExpressionList()
        try expect(.rightParenthesis)
        return Expression(.inList(left, list, negated: negated), location: left.location)
    }

    /// `ANY | SOME | ALL (subquery | array)` after an operator, or nil if not there.
    mutating func parseQuantifiedRight(left: Expression, operatorName: OperatorName) throws(DatabaseError) -> Expression? {
        let quantifier: QuantifiedComparison.Quantifier
        if isKeyword(.any) || isKeyword(.some) {
            quantifier = .any
        } else if isKeyword(.all) {
            quantifier = .all
        } else {
            return nil
        }
        advance()
        guard current.kind == .leftParenthesis else { throw syntaxError() }
        let source: QuantifiedComparison.Source
        if startsQuery(at: index + 1),
           case .success(let query) = attempt({ (parser: inout Parser) throws(DatabaseError) -> Query in
               try parser.parseParenthesizedQuery()
           }) {
            source = .subquery(query)
        } else {
            try expect(.leftParenthesis)
            let array = try parseExpression()
            try expect(.rightParenthesis)
            source = .array(array)
        }
        let comparison = QuantifiedComparison(left: left, operatorName: operatorName, quantifier: quantifier, right: source)
        return Expression(.quantifiedComparison(comparison), location: left.location)
    }

    /// `expression, expression, ...`.
    mutating func parseExpressionList() throws(DatabaseError) -> [Expression] {
        var list = [try parseExpression()]
        while accept(.comma) { list.append(try parseExpression()) }
        return list
    }

    /// Whether a query starts at `position`, looking through opening parentheses.
    func startsQuery(at position: Int) -> Bool {
        var cursor = position
        while cursor < tokens.count && tokens[cursor].kind == .leftParenthesis { cursor += 1 }
        guard cursor < tokens.count else { return false }
        let token = tokens[cursor]
        guard token.kind == .identifier else { return false }
        switch token.keyword {
        case .select?, .values?, .with?, .table?: return true
        default: return false
        }
    }
}
