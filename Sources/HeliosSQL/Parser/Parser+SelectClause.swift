// The SELECT clause proper: DISTINCT [ON], the target list with AS and bare labels, INTO, FROM,
// WHERE, GROUP BY (with ROLLUP, CUBE, GROUPING SETS), HAVING and WINDOW.

import HeliosCore

extension Parser {
    mutating func parseSelectClause() throws(DatabaseError) -> SelectClause {
        try expect(.select)
        var clause = SelectClause()
        if accept(.all) {
            clause.distinct = .none
        } else if accept(.distinct) {
            if accept(.on) {
                try expect(.leftParenthesis)
                clause.distinct = .distinctOn(try parseExpressionList())
                try expect(.rightParenthesis)
            } else {
                clause.distinct = .distinct
            }
        }
        if clause.distinct != .none || !endsTargetList() { clause.targets = try parseTargetList() }
        if isKeyword(.into) { clause.into = try parseIntoClause() }
        if accept(.from) { clause.from = try parseFromList() }
        if accept(.where) { clause.whereCondition = try parseExpression() }
        if isKeyword(.group) {
            advance()
            try expect(.by)
            clause.groupBy = try parseGroupByClause()
        }
        if accept(.having) { clause.having = try parseExpression() }
        if accept(.window) {
            repeat {
                let name = try parseColumnIdentifier()
                try expect(.as)
                clause.windows.append(WindowDefinition(name: name, specification: try parseWindowSpecification()))
            } while accept(.comma)
        }
        return clause
    }

    /// Whether the target list is empty here (`SELECT FROM t`, `SELECT;`).
    func endsTargetList() -> Bool {
        switch current.kind {
        case .endOfInput, .semicolon, .rightParenthesis: return true
        case .identifier:
            switch current.keyword {
            case .from?, .where?, .group?, .having?, .window?, .into?, .union?, .intersect?, .except?, .order?,
                 .limit?, .offset?, .fetch?, .for?, .on?, .returning?:
                return true
            default:
                return false
            }
        default:
            return false
        }
    }

    /// `target [, ...]` where a target is `*`, `t.*`, or `expression [[AS] label]`.
    mutating func parseTargetList() throws(DatabaseError) -> [SelectTarget] {
        var targets: [SelectTarget] = []
        repeat {
            if current.isOperator("*") {
                targets.append(SelectTarget(Expression(.star(qualifier: []), location: location)))
                advance()
                continue
            }
            let expression = try parseExpression()
            var alias: String?
            if accept(.as) {
                alias = try parseColumnLabel()
            } else if Parser.isBareColumnLabel(current) {
                alias = current.text
                advance()
            }
            targets.append(SelectTarget(expression, alias: alias))
        } while accept(.comma)
        return targets
    }

    /// `INTO [TEMPORARY | TEMP | UNLOGGED] [TABLE] name`.
    mutating func parseIntoClause() throws(DatabaseError) -> IntoClause {
        try expect(.into)
        let persistence = parsePersistence()
        _ = accept(.table)
        return IntoClause(table: try parseQualifiedName(), persistence: persistence)
    }

    /// `TEMPORARY | TEMP | LOCAL TEMP | GLOBAL TEMP | UNLOGGED`, if present.
    mutating func parsePersistence() -> TablePersistence {
        if (isKeyword(.local) || isKeyword(.global)) && (isKeyword(.temporary, at: 1) || isKeyword(.temp, at: 1)) {
            advance()
        }
        if accept(.temporary) || accept(.temp) { return .temporary }
        if accept(.unlogged) { return .unlogged }
        return .permanent
    }

    /// `GROUP BY [ALL | DISTINCT] element, ...`.
    mutating func parseGroupByClause() throws(DatabaseError) -> GroupByClause {
        var distinct = false
        if accept(.distinct) { distinct = true } else { _ = accept(.all) }
        return GroupByClause(distinct: distinct, elements: try parseGroupingElements())
    }

    mutating func parseGroupingElements() throws(DatabaseError) -> [GroupingElement] {
        var elements: [GroupingElement] = []
        repeat {
            elements.append(try parseGroupingElement())
        } while accept(.comma)
        return elements
    }

    mutating func parseGroupingElement() throws(DatabaseError) -> GroupingElement {
        try enterNesting()
        defer { leaveNesting() }
        if current.kind == .leftParenthesis && peek().kind == .rightParenthesis {
            advance()
            advance()
            return .empty
        }
        if (isKeyword(.rollup) || isKeyword(.cube)) && peek().kind == .leftParenthesis {
            let isRollup = isKeyword(.rollup)
            advance()
            advance()
            let list = try parseExpressionList()
            try expect(.rightParenthesis)
            return isRollup ? .rollup(list) : .cube(list)
        }
        if isKeyword(.grouping) && isKeyword(.sets, at: 1) {
            advance()
            advance()
            try expect(.leftParenthesis)
            let elements = try parseGroupingElements()
            try expect(.rightParenthesis)
            return .groupingSets(elements)
        }
        return .expression(try parseExpression())
    }
}
