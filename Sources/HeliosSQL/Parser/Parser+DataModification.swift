// INSERT (with ON CONFLICT), UPDATE (with multiple-column assignment and WHERE CURRENT OF) and
// DELETE (with USING); all take WITH and RETURNING.

import HeliosCore

extension Parser {
    mutating func parseInsert(with: WithClause?) throws(DatabaseError) -> InsertStatement {
        let start = location
        try expect(.insert)
        try expect(.into)
        let table = try parseQualifiedName()
        var alias: String?
        if accept(.as) { alias = try parseColumnIdentifier() }
        var columns: [AssignmentTarget] = []
        if current.kind == .leftParenthesis && !startsQuery(at: index + 1) {
            advance()
            repeat {
                columns.append(try parseAssignmentTarget())
            } while accept(.comma)
            try expect(.rightParenthesis)
        }
        var overriding: InsertStatement.Overriding?
        if accept(.overriding) {
            if accept(.system) {
                overriding = .systemValue
            } else {
                try expect(.user)
                overriding = .userValue
            }
            try expect(.value)
        }
        let source: InsertStatement.Source
        if accept(.default) {
            try expect(.values)
            source = .defaultValues
        } else {
            source = .query(try parseQuery())
        }
        var statement = InsertStatement(with: with, table: table, alias: alias, columns: columns, overriding: overriding,
                                        source: source, location: start)
        if accept(.on) {
            try expect(.conflict)
            statement.onConflict = try parseOnConflict()
        }
        statement.returning = try parseReturning()
        return statement
    }

    /// A column being assigned, with optional `.field` and `[subscript]` steps.
    mutating func parseAssignmentTarget() throws(DatabaseError) -> AssignmentTarget {
        let start = location
        let column = try parseColumnIdentifier()
        var path: [IndirectionStep] = []
        while current.kind == .dot || current.kind == .leftBracket {
            if accept(.dot) {
                path.append(.field(try parseColumnLabel()))
                continue
            }
            advance()
            var lower: Expression?
            if current.kind != .colon { lower = try parseExpression() }
            if accept(.colon) {
                let upper = current.kind == .rightBracket ? nil : try parseExpression()
                path.append(.slice(lower: lower, upper: upper))
            } else {
                guard let lower else { throw syntaxError() }
                path.append(.subscript(lower))
            }
            try expect(.rightBracket)
        }
        return AssignmentTarget(column, path: path, location: start)
    }

    /// After `ON CONFLICT`: `[(targets) [WHERE ...] | ON CONSTRAINT name] DO NOTHING | DO UPDATE ...`.
    mutating func parseOnConflict() throws(DatabaseError) -> OnConflictClause {
        var target: OnConflictClause.Target?
        if current.kind == .leftParenthesis {
            advance()
            var elements: [IndexElement] = []
            repeat {
                elements.append(try parseIndexElement())
            } while accept(.comma)
            try expect(.rightParenthesis)
            let predicate = accept(.where) ? try parseExpression() : nil
            target = .columns(elements, predicate: predicate)
        } else if accept(.on) {
            try expect(.constraint)
            target = .constraint(try parseColumnIdentifier())
        }
        try expect(.do)
        if accept(.nothing) { return OnConflictClause(target: target, action: .doNothing) }
        let updateLocation = location
        try expect(.update)
        guard target != nil else {
            throw error("ON CONFLICT DO UPDATE requires inference specification or constraint name", at: updateLocation,
                        hint: "For example, ON CONFLICT (column_name).")
        }
        try expect(.set)
        let assignments = try parseAssignments()
        let condition = accept(.where) ? try parseExpression() : nil
        return OnConflictClause(target: target, action: .doUpdate(assignments, whereCondition: condition))
    }

    /// `target = value, (a, b) = (x, y), (a, b) = (subquery), ...`.
    mutating func parseAssignments() throws(DatabaseError) -> [Assignment] {
        var assignments: [Assignment] = []
        repeat {
            if current.kind == .leftParenthesis {
                advance()
                var targets: [AssignmentTarget] = []
                repeat {
                    targets.append(try parseAssignmentTarget())
                } while accept(.comma)
                try expect(.rightParenthesis)
                try expectOperator("=")
                let sourceLocation = location
                var source = try parseExpression()
                if targets.count == 1, case .row = source.kind {
                } else if case .subquery = source.kind {
                } else if case .row = source.kind {
                } else if case .default = source.kind {
                } else if targets.count == 1 {
                    source = Expression(.row([source]), location: sourceLocation)
                } else {
                    throw error("source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression",
                                at: sourceLocation)
                }
                assignments.append(.multiple(targets, source))
            } else {
                let target = try parseAssignmentTarget()
                try expectOperator("=")
                assignments.append(.single(target, try parseExpression()))
            }
        } while accept(.comma)
        return assignments
    }

    /// `RETURNING targets`, or nothing.
    mutating func parseReturning() throws(DatabaseError) -> [SelectTarget] {
        guard accept(.returning) else { return [] }
        return try parseTargetList()
    }

    mutating func parseUpdate(with: WithClause?) throws(DatabaseError) -> UpdateStatement {
        let start = location
        try expect(.update)
        let table = try parseRelationExpression(allowAlias: true, aliasExcludes: [.set])
        try expect(.set)
        let assignments = try parseAssignments()
        let from = accept(.from) ? try parseFromList() : []
        let whereClause = try parseWhereOrCurrentOf()
        let returning = try parseReturning()
        return UpdateStatement(with: with, table: table, assignments: assignments, from: from, whereClause: whereClause,
                               returning: returning, location: start)
    }

    mutating func parseDelete(with: WithClause?) throws(DatabaseError) -> DeleteStatement {
        let start = location
        try expect(.delete)
        try expect(.from)
        let table = try parseRelationExpression(allowAlias: true)
        let using = accept(.using) ? try parseFromList() : []
        let whereClause = try parseWhereOrCurrentOf()
        let returning = try parseReturning()
        return DeleteStatement(with: with, table: table, using: using, whereClause: whereClause, returning: returning,
                               location: start)
    }

    mutating func parseWhereOrCurrentOf() throws(DatabaseError) -> WhereClause? {
        guard accept(.where) else { return nil }
        if isKeyword(.current) && isKeyword(.of, at: 1) {
            advance()
            advance()
            return .currentOf(cursor: try parseColumnIdentifier())
        }
        return .condition(try parseExpression())
    }
}
