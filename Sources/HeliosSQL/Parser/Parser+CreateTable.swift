// CREATE TABLE: column definitions and their constraints, table constraints, LIKE, and the
// options after the parentheses; CREATE TABLE AS. Constraint attributes (DEFERRABLE, INITIALLY,
// NOT VALID, NO INHERIT) attach to the constraint before them, as in PostgreSQL.

import HeliosCore

extension Parser {
    /// After `CREATE [persistence] TABLE`.
    mutating func parseCreateTable(start: SourceLocation, persistence: TablePersistence) throws(DatabaseError) -> Statement {
        let ifNotExists = accept(.if, .not, .exists)
        let name = try parseQualifiedName()
        if isKeyword(.of) { throw unsupported("CREATE TABLE OF", at: location) }
        if isKeyword(.partition) { throw unsupported("partitions", at: location) }
        // CREATE TABLE name [(columns)] AS query
        if isKeyword(.as) || (current.kind == .leftParenthesis && isColumnNameListThenAs()) {
            let columns = current.kind == .leftParenthesis ? try parseParenthesizedNameList() : []
            var statement = CreateTableAsStatement(name: name, persistence: persistence, ifNotExists: ifNotExists,
                                                   columns: columns, query: Query(body: .values([])), location: start)
            if accept(.using) { _ = try parseColumnIdentifier() }
            statement.options = try parseWithOptions()
            statement.onCommit = try parseOnCommit()
            if accept(.tablespace) { statement.tablespace = try parseColumnIdentifier() }
            try expect(.as)
            if isKeyword(.execute) { throw unsupported("CREATE TABLE AS EXECUTE", at: location) }
            statement.query = try parseQuery()
            if isKeyword(.with) {
                advance()
                if accept(.no) {
                    statement.withData = false
                }
                try expect(.data)
            }
            return .createTableAs(statement)
        }
        var statement = CreateTableStatement(name: name, persistence: persistence, ifNotExists: ifNotExists, location: start)
        try expect(.leftParenthesis)
        if current.kind != .rightParenthesis {
            repeat {
                statement.elements.append(try parseTableElement())
            } while accept(.comma)
        }
        try expect(.rightParenthesis)
        if accept(.inherits) {
            try expect(.leftParenthesis)
            statement.inherits = try parseQualifiedNameList()
            try expect(.rightParenthesis)
        }
        if isKeyword(.partition) { throw unsupported("PARTITION BY", at: location) }
        if accept(.using) { statement.accessMethod = try parseColumnIdentifier() }
        statement.options = try parseWithOptions()
        statement.onCommit = try parseOnCommit()
        if accept(.tablespace) { statement.tablespace = try parseColumnIdentifier() }
        return .createTable(statement)
    }

    /// Whether a parenthesized list of bare names follows: the column list of CREATE TABLE AS
    /// (a column definition always has a type after its name).
    func isColumnNameListThenAs() -> Bool {
        var cursor = index + 1
        while cursor + 1 < tokens.count {
            guard Parser.isColumnIdentifier(tokens[cursor]) else { return false }
            switch tokens[cursor + 1].kind {
            case .comma: cursor += 2
            case .rightParenthesis: return true
            default: return false
            }
        }
        return false
    }

    /// `WITH (name = value, ...)` or `WITHOUT OIDS`, if present.
    mutating func parseWithOptions() throws(DatabaseError) -> [DefinitionOption] {
        if accept(.without) {
            try expect(.oids)
            return []
        }
        guard isKeyword(.with) && peek().kind == .leftParenthesis else { return [] }
        advance()
        return try parseDefinitionOptions()
    }

    /// `(name [= value], ...)`: storage parameters and similar option lists.
    mutating func parseDefinitionOptions() throws(DatabaseError) -> [DefinitionOption] {
        try expect(.leftParenthesis)
        var options: [DefinitionOption] = []
        repeat {
            let start = location
            var name = try parseColumnLabel()
            if accept(.dot) { name += "." + (try parseColumnLabel()) }
            var value: DefinitionValue?
            if acceptEquals() { value = try parseDefinitionValue() }
            options.append(DefinitionOption(name: name, value: value, location: start))
        } while accept(.comma)
        try expect(.rightParenthesis)
        return options
    }

    /// An option value: a string, a signed number, or a word.
    mutating func parseDefinitionValue() throws(DatabaseError) -> DefinitionValue {
        switch current.kind {
        case .string:
            return .string(try parseStringConstant())
        case .integer, .numeric:
            let text = current.text
            advance()
            return .number(text)
        case .operator where current.text == "-" || current.text == "+":
            let sign = current.text == "-" ? "-" : ""
            advance()
            guard current.kind == .integer || current.kind == .numeric else { throw syntaxError() }
            let text = current.text
            advance()
            return .number(sign + text)
        case .identifier, .quotedIdentifier:
            let word = current.text
            advance()
            return .word(word)
        default:
            throw syntaxError()
        }
    }

    /// `ON COMMIT PRESERVE ROWS | DELETE ROWS | DROP`, if present.
    mutating func parseOnCommit() throws(DatabaseError) -> CreateTableStatement.OnCommit? {
        guard isKeyword(.on) && isKeyword(.commit, at: 1) else { return nil }
        advance()
        advance()
        if accept(.drop) { return .drop }
        if accept(.delete) {
            try expect(.rows)
            return .deleteRows
        }
        try expect(.preserve)
        try expect(.rows)
        return .preserveRows
    }

    /// A column definition, a table constraint, or LIKE.
    mutating func parseTableElement() throws(DatabaseError) -> TableElement {
        if accept(.like) {
            var clause = LikeClause(table: try parseQualifiedName())
            while isKeyword(.including) || isKeyword(.excluding) {
                let including = isKeyword(.including)
                advance()
                let word = try parseColumnLabel()
                guard let option = LikeClause.Option(rawValue: word) else { throw syntaxError(at: tokens[index - 1]) }
                clause.options.append(LikeClause.LikeOption(option: option, including: including))
            }
            return .like(clause)
        }
        if isKeyword(.constraint) || isKeyword(.primary) || isKeyword(.unique) || isKeyword(.check)
            || isKeyword(.foreign) || isKeyword(.exclude) {
            return .constraint(try parseTableConstraint())
        }
        return .column(try parseColumnDefinition())
    }

    /// `name type [COLLATE c] [constraints]`.
    mutating func parseColumnDefinition() throws(DatabaseError) -> ColumnDefinition {
        let start = location
        let name = try parseColumnIdentifier()
        let type = try parseTypeName()
        var column = ColumnDefinition(name: name, type: type, location: start)
        if accept(.storage) { _ = try parseColumnIdentifier() }
        if accept(.compression) { _ = try parseColumnIdentifier() }
        while true {
            if isKeyword(.collate) {
                advance()
                column.collation = try parseAnyName()
                continue
            }
            if try parseConstraintAttribute(into: &column.constraints) { continue }
            guard let constraint = try parseColumnConstraint() else { break }
            column.constraints.append(constraint)
        }
        return column
    }

    /// DEFERRABLE and friends after a column constraint; they attach to the one before.
    mutating func parseConstraintAttribute(into constraints: inout [ColumnConstraint]) throws(DatabaseError) -> Bool {
        let start = location
        var attributes = ConstraintAttributes()
        guard try parseConstraintAttributes(into: &attributes) else { return false }
        guard var last = constraints.popLast() else {
            throw error("misplaced \(attributes.deferrable != nil ? (attributes.deferrable! ? "DEFERRABLE" : "NOT DEFERRABLE") : "INITIALLY") clause",
                        at: start)
        }
        switch last.kind {
        case .unique, .primaryKey, .references: break
        default:
            throw error("misplaced \(attributes.deferrable != nil ? (attributes.deferrable! ? "DEFERRABLE" : "NOT DEFERRABLE") : (attributes.initiallyDeferred! ? "INITIALLY DEFERRED" : "INITIALLY IMMEDIATE")) clause",
                        at: start)
        }
        if let deferrable = attributes.deferrable { last.attributes.deferrable = deferrable }
        if let initially = attributes.initiallyDeferred { last.attributes.initiallyDeferred = initially }
        constraints.append(last)
        return true
    }

    /// Reads one `DEFERRABLE | NOT DEFERRABLE | INITIALLY DEFERRED | INITIALLY IMMEDIATE`.
    mutating func parseConstraintAttributes(into attributes: inout ConstraintAttributes) throws(DatabaseError) -> Bool {
        if accept(.deferrable) {
            attributes.deferrable = true
        } else if isKeyword(.not) && isKeyword(.deferrable, at: 1) {
            advance()
            advance()
            attributes.deferrable = false
        } else if accept(.initially) {
            if accept(.deferred) {
                attributes.initiallyDeferred = true
            } else {
                try expect(.immediate)
                attributes.initiallyDeferred = false
            }
        } else {
            return false
        }
        return true
    }

    /// `[CONSTRAINT name] NOT NULL | NULL | CHECK | DEFAULT | UNIQUE | PRIMARY KEY | REFERENCES | GENERATED`.
    mutating func parseColumnConstraint() throws(DatabaseError) -> ColumnConstraint? {
        let start = location
        var name: String?
        if accept(.constraint) { name = try parseColumnIdentifier() }
        let kind: ColumnConstraint.Kind
        if accept(.not) {
            try expect(.null)
            kind = .notNull
        } else if accept(.null) {
            kind = .null
        } else if accept(.check) {
            try expect(.leftParenthesis)
            let condition = try parseExpression()
            try expect(.rightParenthesis)
            var attributes = ConstraintAttributes()
            if accept(.no, .inherit) { attributes.noInherit = true }
            return ColumnConstraint(name: name, kind: .check(condition), attributes: attributes, location: start)
        } else if accept(.default) {
            kind = .default(try parseExpression(restricted: true))
        } else if accept(.unique) {
            let nullsNotDistinct = try parseNullsDistinct()
            kind = .unique(nullsNotDistinct: nullsNotDistinct, index: try parseIndexParameters())
        } else if accept(.primary) {
            try expect(.key)
            kind = .primaryKey(index: try parseIndexParameters())
        } else if isKeyword(.references) {
            kind = .references(try parseForeignKeyReference())
        } else if accept(.generated) {
            var always = true
            if accept(.by) {
                try expect(.default)
                always = false
            } else {
                try expect(.always)
            }
            try expect(.as)
            if accept(.identity) {
                var options: [SequenceOption] = []
                if current.kind == .leftParenthesis {
                    advance()
                    options = try parseSequenceOptions(allowRestart: false)
                    try expect(.rightParenthesis)
                }
                kind = .identity(always: always, options: options)
            } else {
                guard always else {
                    throw error("for a generated column, GENERATED ALWAYS must be specified", at: start)
                }
                try expect(.leftParenthesis)
                let expression = try parseExpression()
                try expect(.rightParenthesis)
                try expect(.stored)
                kind = .generated(expression)
            }
        } else {
            if name != nil { throw syntaxError() }
            return nil
        }
        return ColumnConstraint(name: name, kind: kind, location: start)
    }

    /// `NULLS [NOT] DISTINCT`; true for NOT DISTINCT.
    mutating func parseNullsDistinct() throws(DatabaseError) -> Bool {
        guard accept(.nulls) else { return false }
        let not = accept(.not)
        try expect(.distinct)
        return not
    }

    /// `[INCLUDE (...)]` is handled by callers; this is `[WITH (...)] [USING INDEX TABLESPACE t]`.
    mutating func parseIndexParameters() throws(DatabaseError) -> IndexParameters {
        var parameters = IndexParameters()
        if isKeyword(.with) && peek().kind == .leftParenthesis {
            advance()
            parameters.options = try parseDefinitionOptions()
        }
        if isKeyword(.using) && isKeyword(.index, at: 1) {
            advance()
            advance()
            try expect(.tablespace)
            parameters.tablespace = try parseColumnIdentifier()
        }
        return parameters
    }

    /// `REFERENCES table [(columns)] [MATCH ...] [ON DELETE ...] [ON UPDATE ...]`.
    mutating func parseForeignKeyReference() throws(DatabaseError) -> ForeignKeyReference {
        try expect(.references)
        var reference = ForeignKeyReference(table: try parseQualifiedName())
        if current.kind == .leftParenthesis { reference.columns = try parseParenthesizedNameList() }
        if accept(.match) {
            if accept(.full) {
                reference.match = .full
            } else if accept(.simple) {
                reference.match = .simple
            } else {
                try expect(.partial)
                throw unsupported("MATCH PARTIAL", at: tokens[index - 1].location)
            }
        }
        while isKeyword(.on) && (isKeyword(.delete, at: 1) || isKeyword(.update, at: 1)) {
            advance()
            let isDelete = accept(.delete)
            if !isDelete { advance() }
            let action: ForeignKeyReference.Action
            if accept(.no) {
                try expect(.action)
                action = .noAction
            } else if accept(.restrict) {
                action = .restrict
            } else if accept(.cascade) {
                action = .cascade
            } else {
                try expect(.set)
                let isNull = accept(.null)
                if !isNull { try expect(.default) }
                let columns = current.kind == .leftParenthesis ? try parseParenthesizedNameList() : []
                action = isNull ? .setNull(columns) : .setDefault(columns)
            }
            if isDelete { reference.onDelete = action } else { reference.onUpdate = action }
        }
        return reference
    }

    /// `[CONSTRAINT name] PRIMARY KEY (...) | UNIQUE (...) | CHECK (...) | FOREIGN KEY (...) REFERENCES ...`.
    mutating func parseTableConstraint() throws(DatabaseError) -> TableConstraint {
        let start = location
        var name: String?
        if accept(.constraint) { name = try parseColumnIdentifier() }
        let kind: TableConstraint.Kind
        var attributes = ConstraintAttributes()
        if accept(.primary) {
            try expect(.key)
            let columns = try parseParenthesizedNameList()
            let include = try parseIncludeColumns()
            kind = .primaryKey(columns: columns, include: include, index: try parseIndexParameters())
        } else if accept(.unique) {
            let nullsNotDistinct = try parseNullsDistinct()
            let columns = try parseParenthesizedNameList()
            let include = try parseIncludeColumns()
            kind = .unique(columns: columns, include: include, nullsNotDistinct: nullsNotDistinct,
                           index: try parseIndexParameters())
        } else if accept(.check) {
            try expect(.leftParenthesis)
            let condition = try parseExpression()
            try expect(.rightParenthesis)
            kind = .check(condition)
        } else if accept(.foreign) {
            try expect(.key)
            let columns = try parseParenthesizedNameList()
            kind = .foreignKey(columns: columns, reference: try parseForeignKeyReference())
        } else if isKeyword(.exclude) {
            throw unsupported("EXCLUDE constraints", at: location)
        } else {
            throw syntaxError()
        }
        while true {
            if try parseConstraintAttributes(into: &attributes) { continue }
            if accept(.not, .valid) {
                attributes.notValid = true
                continue
            }
            if accept(.no, .inherit) {
                attributes.noInherit = true
                continue
            }
            break
        }
        return TableConstraint(name: name, kind: kind, attributes: attributes, location: start)
    }

    /// `INCLUDE (columns)`, if present.
    mutating func parseIncludeColumns() throws(DatabaseError) -> [String] {
        guard accept(.include) else { return [] }
        return try parseParenthesizedNameList()
    }
}
