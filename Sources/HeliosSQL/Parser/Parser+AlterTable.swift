// ALTER TABLE / INDEX / VIEW / SEQUENCE / DATABASE / ROLE. ALTER TABLE takes a comma-separated
// list of actions; RENAME and SET SCHEMA stand alone, as in PostgreSQL.

import HeliosCore

extension Parser {
    mutating func parseAlter() throws(DatabaseError) -> Statement {
        let start = location
        try expect(.alter)
        let kind: ObjectKind
        if accept(.table) {
            kind = .table
        } else if accept(.index) {
            kind = .index
        } else if accept(.view) {
            kind = .view
        } else if accept(.materialized) {
            try expect(.view)
            kind = .materializedView
        } else if accept(.sequence) {
            let ifExists = accept(.if, .exists)
            let name = try parseQualifiedName()
            if isKeyword(.rename) || isKeyword(.owner) || isKeyword(.set) || isKeyword(.reset) {
                let actions = try parseAlterTableActions(kind: .sequence)
                return .alterTable(AlterTableStatement(kind: .sequence, ifExists: ifExists, name: name, actions: actions,
                                                       location: start))
            }
            let options = try parseSequenceOptions(allowRestart: true)
            guard !options.isEmpty else { throw syntaxError() }
            return .alterSequence(AlterSequenceStatement(name: name, ifExists: ifExists, options: options, location: start))
        } else if accept(.database) {
            return .alterDatabase(try parseAlterDatabase(start: start))
        } else if isKeyword(.role) || isKeyword(.user) || isKeyword(.group) {
            return .alterRole(try parseAlterRole(start: start))
        } else if accept(.system) {
            return .alterSystem(try parseAlterSystem(start: start))
        } else if current.kind == .identifier, let keyword = current.keyword {
            throw unsupported("ALTER \(keyword.rawValue.uppercased())", at: location)
        } else {
            throw syntaxError()
        }
        let ifExists = accept(.if, .exists)
        let table = try parseRelationExpression()
        let actions = try parseAlterTableActions(kind: kind)
        return .alterTable(AlterTableStatement(kind: kind, ifExists: ifExists, includesDescendants: table.includesDescendants,
                                               name: table.name, actions: actions, location: start))
    }

    mutating func parseAlterTableActions(kind: ObjectKind) throws(DatabaseError) -> [AlterTableAction] {
        if accept(.rename) {
            if accept(.to) { return [.rename(to: try parseColumnIdentifier())] }
            if accept(.constraint) {
                let from = try parseColumnIdentifier()
                try expect(.to)
                return [.renameConstraint(from: from, to: try parseColumnIdentifier())]
            }
            _ = accept(.column)
            let from = try parseColumnIdentifier()
            try expect(.to)
            return [.renameColumn(from: from, to: try parseColumnIdentifier())]
        }
        if isKeyword(.set) && isKeyword(.schema, at: 1) {
            advance()
            advance()
            return [.setSchema(try parseColumnIdentifier())]
        }
        var actions: [AlterTableAction] = []
        repeat {
            actions.append(try parseAlterTableAction())
        } while accept(.comma)
        return actions
    }

    mutating func parseAlterTableAction() throws(DatabaseError) -> AlterTableAction {
        if accept(.add) {
            if isKeyword(.constraint) || isKeyword(.primary) || isKeyword(.unique) || isKeyword(.check)
                || isKeyword(.foreign) || isKeyword(.exclude) {
                if let usingIndex = try parseConstraintUsingIndex() { return usingIndex }
                return .addConstraint(try parseTableConstraint())
            }
            _ = accept(.column)
            let ifNotExists = accept(.if, .not, .exists)
            return .addColumn(try parseColumnDefinition(), ifNotExists: ifNotExists)
        }
        if accept(.drop) {
            if accept(.constraint) {
                let ifExists = accept(.if, .exists)
                let name = try parseColumnIdentifier()
                return .dropConstraint(name, ifExists: ifExists, behavior: parseDropBehavior())
            }
            _ = accept(.column)
            let ifExists = accept(.if, .exists)
            let name = try parseColumnIdentifier()
            return .dropColumn(name, ifExists: ifExists, behavior: parseDropBehavior())
        }
        if accept(.validate) {
            try expect(.constraint)
            return .validateConstraint(try parseColumnIdentifier())
        }
        if accept(.owner) {
            try expect(.to)
            return .ownerTo(try parseRoleSpecification())
        }
        if accept(.reset) { return .resetOptions(try parseOptionNames()) }
        if isKeyword(.set) {
            if peek().kind == .leftParenthesis {
                advance()
                return .setOptions(try parseDefinitionOptions())
            }
            if isKeyword(.tablespace, at: 1) {
                advance(); advance()
                return .setTablespace(try parseColumnIdentifier())
            }
            if isKeyword(.logged, at: 1) {
                advance(); advance()
                return .setLogged
            }
            if isKeyword(.unlogged, at: 1) {
                advance(); advance()
                return .setUnlogged
            }
            if isKeyword(.without, at: 1) || isKeyword(.with, at: 1) || isKeyword(.access, at: 1) {
                throw unsupported("this ALTER TABLE action", at: location)
            }
            throw syntaxError(at: peek())
        }
        if accept(.alter) {
            _ = accept(.column)
            let column = try parseColumnIdentifier()
            return .alterColumn(column, try parseAlterColumnAction())
        }
        if current.kind == .identifier, let keyword = current.keyword,
           [.enable, .disable, .cluster, .inherit, .no, .of, .not, .replica, .force, .attach, .detach].contains(keyword) {
            throw unsupported("ALTER TABLE \(keyword.rawValue.uppercased())", at: location)
        }
        throw syntaxError()
    }

    /// `[CONSTRAINT name] {UNIQUE | PRIMARY KEY} USING INDEX index [attributes]`, or nil.
    mutating func parseConstraintUsingIndex() throws(DatabaseError) -> AlterTableAction? {
        var cursor = 0
        if isKeyword(.constraint) { cursor = 2 }
        let primary = isKeyword(.primary, at: cursor)
        let keyLength = primary ? 2 : 1
        guard primary || isKeyword(.unique, at: cursor),
              isKeyword(.using, at: cursor + keyLength), isKeyword(.index, at: cursor + keyLength + 1) else { return nil }
        var name: String?
        if accept(.constraint) { name = try parseColumnIdentifier() }
        for _ in 0..<(keyLength + 2) { advance() }
        let index = try parseColumnIdentifier()
        var attributes = ConstraintAttributes()
        while try parseConstraintAttributes(into: &attributes) {}
        return .addConstraintUsingIndex(name: name, primaryKey: primary, index: index, attributes: attributes)
    }

    /// `(name, ...)` of option names for RESET.
    mutating func parseOptionNames() throws(DatabaseError) -> [String] {
        try expect(.leftParenthesis)
        var names: [String] = []
        repeat {
            var name = try parseColumnLabel()
            if accept(.dot) { name += "." + (try parseColumnLabel()) }
            names.append(name)
        } while accept(.comma)
        try expect(.rightParenthesis)
        return names
    }

    mutating func parseAlterColumnAction() throws(DatabaseError) -> AlterColumnAction {
        if accept(.type) { return try parseAlterColumnType() }
        if accept(.set) {
            if accept(.data) {
                try expect(.type)
                return try parseAlterColumnType()
            }
            if accept(.default) { return .setDefault(try parseExpression()) }
            if accept(.not) {
                try expect(.null)
                return .setNotNull
            }
            if accept(.statistics) { return .setStatistics(Int(try parseSignedInteger())) }
            if accept(.storage) { return .setStorage(try parseColumnIdentifier()) }
            if accept(.compression) { return .setCompression(try parseColumnIdentifier()) }
            if current.kind == .leftParenthesis { return .setOptions(try parseDefinitionOptions()) }
            if isKeyword(.generated) || isKeyword(.increment) || isKeyword(.start) || isKeyword(.minvalue)
                || isKeyword(.maxvalue) || isKeyword(.cache) || isKeyword(.cycle) || isKeyword(.no) {
                index -= 1
                return try parseSetIdentity()
            }
            throw syntaxError()
        }
        if accept(.drop) {
            if accept(.default) { return .dropDefault }
            if accept(.not) {
                try expect(.null)
                return .dropNotNull
            }
            if accept(.identity) { return .dropIdentity(ifExists: accept(.if, .exists)) }
            if accept(.expression) { return .dropExpression(ifExists: accept(.if, .exists)) }
            throw syntaxError()
        }
        if accept(.add) {
            try expect(.generated)
            var always = true
            if accept(.by) {
                try expect(.default)
                always = false
            } else {
                try expect(.always)
            }
            try expect(.as)
            try expect(.identity)
            var options: [SequenceOption] = []
            if accept(.leftParenthesis) {
                options = try parseSequenceOptions(allowRestart: false)
                try expect(.rightParenthesis)
            }
            return .addIdentity(always: always, options: options)
        }
        if accept(.reset) { return .resetOptions(try parseOptionNames()) }
        if isKeyword(.restart) { return try parseSetIdentity() }
        throw syntaxError()
    }

    /// `SET GENERATED ...`, `SET INCREMENT BY n`, `RESTART [WITH n]`, ... on an identity column.
    mutating func parseSetIdentity() throws(DatabaseError) -> AlterColumnAction {
        var always: Bool?
        var options: [SequenceOption] = []
        while true {
            if accept(.restart) {
                _ = accept(.with)
                if current.kind == .integer || current.kind == .numeric || current.isOperator("-") {
                    options.append(.restart(try parseSignedNumber()))
                } else {
                    options.append(.restart(nil))
                }
                continue
            }
            guard accept(.set) else { break }
            if accept(.generated) {
                if accept(.always) {
                    always = true
                } else {
                    try expect(.by)
                    try expect(.default)
                    always = false
                }
                continue
            }
            let option = try parseSequenceOptions(allowRestart: false)
            guard let first = option.first, option.count == 1 else { throw syntaxError() }
            options.append(first)
        }
        return .setIdentity(always: always, options: options)
    }

    mutating func parseAlterColumnType() throws(DatabaseError) -> AlterColumnAction {
        let type = try parseTypeName()
        let collation = accept(.collate) ? try parseAnyName() : nil
        let using = accept(.using) ? try parseExpression() : nil
        return .setType(type, collation: collation, using: using)
    }

    // MARK: - Database and role

    mutating func parseAlterDatabase(start: SourceLocation) throws(DatabaseError) -> AlterDatabaseStatement {
        let name = try parseColumnIdentifier()
        let action: AlterDatabaseStatement.Action
        if accept(.rename) {
            try expect(.to)
            action = .rename(to: try parseColumnIdentifier())
        } else if accept(.owner) {
            try expect(.to)
            action = .ownerTo(try parseRoleSpecification())
        } else if isKeyword(.set) && isKeyword(.tablespace, at: 1) {
            advance(); advance()
            action = .setTablespace(try parseColumnIdentifier())
        } else if isKeyword(.set) {
            action = .setting(try parseSet())
        } else if isKeyword(.reset) {
            action = .reset(try parseReset())
        } else {
            _ = accept(.with)
            action = .options(try parseDatabaseOptions())
        }
        return AlterDatabaseStatement(name: name, action: action, location: start)
    }

    mutating func parseAlterRole(start: SourceLocation) throws(DatabaseError) -> AlterRoleStatement {
        let keyword: RoleKeyword = accept(.role) ? .role : accept(.user) ? .user : { advance(); return .group }()
        var role: RoleSpecification?
        if !accept(.all) { role = try parseRoleSpecification() }
        var database: String?
        if accept(.in) {
            try expect(.database)
            database = try parseColumnIdentifier()
        }
        let action: AlterRoleStatement.Action
        if isKeyword(.set) {
            action = .setting(database: database, try parseSet())
        } else if isKeyword(.reset) {
            action = .reset(database: database, try parseReset())
        } else if database == nil && accept(.rename) {
            try expect(.to)
            action = .rename(to: try parseNonReservedWord())
        } else if database == nil && role != nil {
            _ = accept(.with)
            action = .options(try parseRoleOptions())
        } else {
            throw syntaxError()
        }
        return AlterRoleStatement(keyword: keyword, role: role, action: action, location: start)
    }
}
