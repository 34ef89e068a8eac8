// DROP of tables, indexes, views, sequences, schemas, databases, roles and extensions; TRUNCATE;
// COMMENT ON.

import HeliosCore

extension Parser {
    mutating func parseDrop() throws(DatabaseError) -> Statement {
        let start = location
        try expect(.drop)
        var statement = DropStatement(kind: .table, names: [], location: start)
        if accept(.table) {
            statement.kind = .table
        } else if accept(.index) {
            statement.kind = .index
            statement.concurrently = accept(.concurrently)
        } else if accept(.view) {
            statement.kind = .view
        } else if accept(.materialized) {
            try expect(.view)
            statement.kind = .materializedView
        } else if accept(.sequence) {
            statement.kind = .sequence
        } else if accept(.schema) {
            statement.kind = .schema
        } else if accept(.extension) {
            statement.kind = .extension
        } else if accept(.type) {
            statement.kind = .type
        } else if accept(.database) {
            statement.kind = .database
            statement.ifExists = accept(.if, .exists)
            statement.names = [QualifiedName(try parseColumnIdentifier(), location: tokens[index - 1].location)]
            if isKeyword(.with) || current.kind == .leftParenthesis {
                _ = accept(.with)
                try expect(.leftParenthesis)
                repeat {
                    try expect(.force)
                    statement.force = true
                } while accept(.comma)
                try expect(.rightParenthesis)
            }
            return .drop(statement)
        } else if isKeyword(.role) || isKeyword(.user) || isKeyword(.group) {
            statement.kind = .role
            statement.roleKeyword = accept(.role) ? .role : accept(.user) ? .user : { advance(); return .group }()
            statement.ifExists = accept(.if, .exists)
            repeat {
                let nameLocation = location
                statement.names.append(QualifiedName(try parseNonReservedWord(), location: nameLocation))
            } while accept(.comma)
            return .drop(statement)
        } else if current.kind == .identifier, let keyword = current.keyword,
                  [.function, .procedure, .trigger, .domain, .aggregate, .operator, .collation, .tablespace, .foreign,
                   .server, .publication, .subscription, .policy, .rule, .cast, .event, .language, .owned, .routine,
                   .statistics, .text, .access, .transform, .conversion].contains(keyword) {
            throw unsupported("DROP \(keyword.rawValue.uppercased())", at: location)
        } else {
            throw syntaxError()
        }
        statement.ifExists = accept(.if, .exists)
        if statement.kind == .schema || statement.kind == .extension || statement.kind == .type {
            repeat {
                statement.names.append(statement.kind == .type ? try parseAnyName()
                                       : QualifiedName(try parseColumnIdentifier(), location: tokens[index - 1].location))
            } while accept(.comma)
        } else {
            repeat {
                statement.names.append(try parseAnyName())
            } while accept(.comma)
        }
        statement.behavior = parseDropBehavior()
        return .drop(statement)
    }

    mutating func parseTruncate() throws(DatabaseError) -> TruncateStatement {
        let start = location
        try expect(.truncate)
        _ = accept(.table)
        var tables: [TableName] = []
        repeat {
            tables.append(try parseRelationExpression())
        } while accept(.comma)
        var statement = TruncateStatement(tables: tables, location: start)
        if accept(.restart) {
            try expect(.identity)
            statement.restartIdentity = true
        } else if accept(.continue) {
            try expect(.identity)
        }
        statement.behavior = parseDropBehavior()
        return statement
    }

    /// `COMMENT ON kind name IS 'text' | NULL`.
    mutating func parseComment() throws(DatabaseError) -> CommentStatement {
        let start = location
        try expect(.comment)
        try expect(.on)
        let kind: ObjectKind
        var table: QualifiedName?
        let name: QualifiedName
        if accept(.table) {
            kind = .table
            name = try parseAnyName()
        } else if accept(.column) {
            kind = .column
            name = try parseAnyName()
            guard name.parts.count >= 2 else {
                throw error("column name must be qualified", at: name.location)
            }
        } else if accept(.index) {
            kind = .index
            name = try parseAnyName()
        } else if accept(.view) {
            kind = .view
            name = try parseAnyName()
        } else if accept(.materialized) {
            try expect(.view)
            kind = .materializedView
            name = try parseAnyName()
        } else if accept(.sequence) {
            kind = .sequence
            name = try parseAnyName()
        } else if accept(.schema) {
            kind = .schema
            name = QualifiedName(try parseColumnIdentifier(), location: tokens[index - 1].location)
        } else if accept(.database) {
            kind = .database
            name = QualifiedName(try parseColumnIdentifier(), location: tokens[index - 1].location)
        } else if accept(.role) {
            kind = .role
            name = QualifiedName(try parseNonReservedWord(), location: tokens[index - 1].location)
        } else if accept(.extension) {
            kind = .extension
            name = QualifiedName(try parseColumnIdentifier(), location: tokens[index - 1].location)
        } else if accept(.type) {
            kind = .type
            name = try parseAnyName()
        } else if accept(.constraint) {
            kind = .constraint
            name = QualifiedName(try parseColumnIdentifier(), location: tokens[index - 1].location)
            try expect(.on)
            _ = accept(.domain)
            table = try parseAnyName()
        } else if current.kind == .identifier, current.keyword != nil {
            throw unsupported("COMMENT ON \(current.text.uppercased())", at: location)
        } else {
            throw syntaxError()
        }
        try expect(.is)
        let comment: String? = accept(.null) ? nil : try parseStringConstant()
        return CommentStatement(kind: kind, name: name, table: table, comment: comment, location: start)
    }
}
