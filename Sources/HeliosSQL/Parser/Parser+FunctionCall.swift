// Function calls: arguments (named, VARIADIC, DISTINCT, ORDER BY), WITHIN GROUP, FILTER, OVER
// and window specifications with frames; the SQL-syntax functions EXTRACT, SUBSTRING, POSITION,
// TRIM, OVERLAY, NORMALIZE and COALESCE/NULLIF/GREATEST/LEAST/GROUPING.

import HeliosCore

extension Parser {
    /// `name(arguments) [WITHIN GROUP (...)] [FILTER (...)] [OVER ...]`, at the `(`; a call
    /// followed by a string is a typed literal with modifiers (`numeric(10,2) '1.5'`).
    mutating func parseFunctionCall(name: QualifiedName, start: SourceLocation) throws(DatabaseError) -> Expression {
        guard name.parts.count <= 3 else {
            throw error("improper qualified name (too many dotted names): \(name.parts.joined(separator: "."))",
                        at: start)
        }
        try expect(.leftParenthesis)
        var call = FunctionCall(name: name)
        if current.isOperator("*") {
            advance()
            call.isStar = true
            try expect(.rightParenthesis)
        } else if !accept(.rightParenthesis) {
            if accept(.distinct) {
                call.isDistinct = true
            } else {
                _ = accept(.all)
            }
            repeat {
                if accept(.variadic) {
                    call.isVariadic = true
                    call.arguments.append(try parseFunctionArgument())
                    break
                }
                call.arguments.append(try parseFunctionArgument())
            } while accept(.comma)
            if isKeyword(.order) { call.orderBy = try parseOrderByClause() }
            try expect(.rightParenthesis)
        }
        if current.kind == .string && !call.isStar && !call.isDistinct && !call.isVariadic && call.orderBy.isEmpty {
            let value = Expression(.literal(.string(current.text)), location: location)
            advance()
            let type = TypeName(name: name, modifiers: call.argumentValues, location: start)
            return Expression(.typeCast(value, type), location: start)
        }
        if accept(.within) {
            try expect(.group)
            try expect(.leftParenthesis)
            call.withinGroup = try parseOrderByClause()
            try expect(.rightParenthesis)
        }
        if accept(.filter) {
            try expect(.leftParenthesis)
            try expect(.where)
            call.filter = try parseExpression()
            try expect(.rightParenthesis)
        }
        if accept(.over) {
            if current.kind == .leftParenthesis {
                call.over = try parseWindowSpecification()
            } else {
                let windowLocation = location
                call.over = WindowSpecification(existingName: try parseColumnIdentifier(), isReference: true,
                                                location: windowLocation)
            }
        }
        return Expression(.functionCall(call), location: start)
    }

    /// `value`, `name => value` or `name := value`.
    mutating func parseFunctionArgument() throws(DatabaseError) -> FunctionArgument {
        if Parser.isTypeFunctionName(current) && (peek().kind == .equalsGreater || peek().kind == .colonEquals) {
            let name = current.text
            advance()
            advance()
            return FunctionArgument(try parseExpression(), name: name)
        }
        return FunctionArgument(try parseExpression())
    }

    /// `(existing PARTITION BY ... ORDER BY ... frame)`.
    mutating func parseWindowSpecification() throws(DatabaseError) -> WindowSpecification {
        var specification = WindowSpecification(location: location)
        try expect(.leftParenthesis)
        if Parser.isColumnIdentifier(current)
            && !(current.kind == .identifier && [.partition, .order, .range, .rows, .groups].contains(current.keyword)) {
            specification.existingName = current.text
            advance()
        }
        if accept(.partition) {
            try expect(.by)
            specification.partitionBy = try parseExpressionList()
        }
        if isKeyword(.order) { specification.orderBy = try parseOrderByClause() }
        if isKeyword(.rows) || isKeyword(.range) || isKeyword(.groups) {
            specification.frame = try parseWindowFrame()
        }
        try expect(.rightParenthesis)
        return specification
    }

    mutating func parseWindowFrame() throws(DatabaseError) -> WindowFrame {
        let mode: WindowFrame.Mode = accept(.rows) ? .rows : accept(.range) ? .range : { advance(); return .groups }()
        var frame: WindowFrame
        if accept(.between) {
            let startLocation = location
            let start = try parseFrameBound()
            try expect(.and)
            let endLocation = location
            let end = try parseFrameBound()
            if case .unboundedFollowing = start {
                throw error("frame start cannot be UNBOUNDED FOLLOWING", at: startLocation, state: SQLState("42P20"))
            }
            if case .unboundedPreceding = end {
                throw error("frame end cannot be UNBOUNDED PRECEDING", at: endLocation, state: SQLState("42P20"))
            }
            if case .currentRow = start, case .preceding = end {
                throw error("frame starting from current row cannot have preceding rows", at: endLocation,
                            state: SQLState("42P20"))
            }
            if case .following = start {
                switch end {
                case .preceding, .currentRow:
                    throw error("frame starting from following row cannot have preceding rows", at: endLocation,
                                state: SQLState("42P20"))
                default: break
                }
            }
            frame = WindowFrame(mode: mode, start: start, end: end)
        } else {
            let startLocation = location
            let start = try parseFrameBound()
            if case .unboundedFollowing = start {
                throw error("frame start cannot be UNBOUNDED FOLLOWING", at: startLocation, state: SQLState("42P20"))
            }
            if case .following = start {
                throw error("frame starting from following row cannot end with current row", at: startLocation,
                            state: SQLState("42P20"))
            }
            frame = WindowFrame(mode: mode, start: start)
        }
        if accept(.exclude) {
            if accept(.current) {
                try expect(.row)
                frame.exclusion = .currentRow
            } else if accept(.group) {
                frame.exclusion = .group
            } else if accept(.ties) {
                frame.exclusion = .ties
            } else {
                try expect(.no)
                try expect(.others)
                frame.exclusion = .noOthers
            }
        }
        return frame
    }

    mutating func parseFrameBound() throws(DatabaseError) -> WindowFrame.Bound {
        if isKeyword(.unbounded) && (isKeyword(.preceding, at: 1) || isKeyword(.following, at: 1)) {
            advance()
            return accept(.preceding) ? .unboundedPreceding : { advance(); return .unboundedFollowing }()
        }
        if accept(.current) {
            try expect(.row)
            return .currentRow
        }
        let offset = try parseExpression()
        if accept(.preceding) { return .preceding(offset) }
        try expect(.following)
        return .following(offset)
    }

    // MARK: - SQL-syntax functions

    mutating func parseSpecialFunction(_ keyword: Keyword) throws(DatabaseError) -> Expression {
        let start = location
        advance()
        let openIndex = index
        try expect(.leftParenthesis)
        func call(_ name: String, _ arguments: [Expression], _ syntax: FunctionCall.Syntax) -> Expression {
            let function = FunctionCall(name: QualifiedName(["pg_catalog", name], location: start),
                                        arguments: arguments.map { FunctionArgument($0) }, syntax: syntax)
            return Expression(.functionCall(function), location: start)
        }
        func regularCall(_ name: String) throws(DatabaseError) -> Expression {
            // `substring(a, b)`, `overlay(...)` with plain arguments: an ordinary call.
            index = openIndex
            return try parseFunctionCall(name: QualifiedName(["pg_catalog", name], location: start), start: start)
        }
        let result: Expression
        switch keyword {
        case .coalesce, .greatest, .least, .grouping:
            let list = try parseExpressionList()
            let kind: Expression.Kind = keyword == .coalesce ? .coalesce(list)
                : keyword == .greatest ? .greatest(list) : keyword == .least ? .least(list) : .grouping(list)
            result = Expression(kind, location: start)
        case .nullif:
            let first = try parseExpression()
            try expect(.comma)
            let second = try parseExpression()
            result = Expression(.nullIf(first, second), location: start)
        case .extract:
            let field: String
            if current.kind == .string {
                field = current.text
                advance()
            } else if current.kind == .identifier
                        && (current.keyword == nil || [.year, .month, .day, .hour, .minute, .second].contains(current.keyword)) {
                field = current.text
                advance()
            } else {
                throw syntaxError()
            }
            try expect(.from)
            let source = try parseExpression()
            result = call("extract", [Expression(.literal(.string(field)), location: start), source], .extract)
        case .position:
            let needle = try parseExpression(restricted: true)
            try expect(.in)
            let haystack = try parseExpression(restricted: true)
            result = call("position", [haystack, needle], .position)
        case .substring:
            if current.kind == .rightParenthesis { return try regularCall("substring") }
            let source = try parseExpression()
            if accept(.from) {
                let from = try parseExpression()
                if accept(.for) {
                    result = call("substring", [source, from, try parseExpression()], .substring)
                } else {
                    result = call("substring", [source, from], .substring)
                }
            } else if accept(.for) {
                let count = try parseExpression()
                if accept(.from) {
                    result = call("substring", [source, try parseExpression(), count], .substring)
                } else {
                    result = call("substring", [source, Expression(.literal(.integer(1)), location: start), count],
                                  .substring)
                }
            } else if accept(.similar) {
                let pattern = try parseExpression()
                try expect(.escape)
                result = call("substring", [source, pattern, try parseExpression()], .substring)
            } else {
                return try regularCall("substring")
            }
        case .trim:
            var name = "btrim"
            if accept(.both) {
                name = "btrim"
            } else if accept(.leading) {
                name = "ltrim"
            } else if accept(.trailing) {
                name = "rtrim"
            }
            var arguments: [Expression]
            if accept(.from) {
                arguments = try parseExpressionList()
            } else {
                let first = try parseExpression()
                if accept(.from) {
                    arguments = try parseExpressionList()
                    arguments.append(first)
                } else {
                    arguments = [first]
                    while accept(.comma) { arguments.append(try parseExpression()) }
                }
            }
            result = call(name, arguments, .trim)
        case .overlay:
            if current.kind == .rightParenthesis { return try regularCall("overlay") }
            let source = try parseExpression()
            guard accept(.placing) else { return try regularCall("overlay") }
            let replacement = try parseExpression()
            try expect(.from)
            let from = try parseExpression()
            if accept(.for) {
                result = call("overlay", [source, replacement, from, try parseExpression()], .overlay)
            } else {
                result = call("overlay", [source, replacement, from], .overlay)
            }
        default:
            let value = try parseExpression()
            var arguments = [value]
            if accept(.comma) {
                guard current.kind == .identifier, [.nfc, .nfd, .nfkc, .nfkd].contains(current.keyword) else {
                    throw syntaxError()
                }
                arguments.append(Expression(.literal(.string(current.text.uppercased())), location: location))
                advance()
            }
            result = call("normalize", arguments, .normalize)
        }
        try expect(.rightParenthesis)
        return result
    }
}
