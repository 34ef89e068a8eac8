// CREATE dispatch and the smaller CREATE statements: INDEX, VIEW, SEQUENCE (and its options,
// shared with ALTER SEQUENCE and identity columns), SCHEMA, EXTENSION, DATABASE, ROLE/USER/GROUP.

import HeliosCore

extension Parser {
    mutating func parseCreate() throws(DatabaseError) -> Statement {
        let start = location
        try expect(.create)
        let orReplace = accept(.or, .replace)
        let persistence = parsePersistence()
        if accept(.table) {
            guard !orReplace else { throw syntaxError(at: tokens[index - 1]) }
            return try parseCreateTable(start: start, persistence: persistence)
        }
        if isKeyword(.recursive) || isKeyword(.view) {
            return .createView(try parseCreateView(start: start, orReplace: orReplace, persistence: persistence))
        }
        if accept(.sequence) {
            return .createSequence(try parseCreateSequence(start: start, persistence: persistence))
        }
        guard !orReplace && persistence == .permanent else {
            if isKeyword(.function) || isKeyword(.procedure) || isKeyword(.trigger) || isKeyword(.rule) {
                throw unsupported("CREATE \(current.text.uppercased())", at: location)
            }
            throw syntaxError()
        }
        if isKeyword(.unique) || isKeyword(.index) {
            return .createIndex(try parseCreateIndex(start: start))
        }
        if accept(.schema) { return .createSchema(try parseCreateSchema(start: start)) }
        if accept(.extension) { return .createExtension(try parseCreateExtension(start: start)) }
        if accept(.database) { return .createDatabase(try parseCreateDatabase(start: start)) }
        if isKeyword(.role) || isKeyword(.user) || isKeyword(.group) {
            return .createRole(try parseCreateRole(start: start))
        }
        if current.kind == .identifier, let keyword = current.keyword {
            switch keyword {
            case .materialized, .function, .procedure, .trigger, .type, .domain, .aggregate, .operator, .collation,
                 .conversion, .tablespace, .foreign, .server, .publication, .subscription, .policy, .rule, .cast,
                 .event, .language, .text, .statistics, .access, .transform, .default:
                throw unsupported("CREATE \(keyword.rawValue.uppercased())", at: location)
            default:
                break
            }
        }
        throw syntaxError()
    }

    // MARK: - Index

    /// `CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] table ...`.
    mutating func parseCreateIndex(start: SourceLocation) throws(DatabaseError) -> CreateIndexStatement {
        let unique = accept(.unique)
        try expect(.index)
        let concurrently = accept(.concurrently)
        var ifNotExists = false
        var name: String?
        if accept(.if, .not, .exists) {
            ifNotExists = true
            name = try parseColumnIdentifier()
        } else if !isKeyword(.on) {
            name = try parseColumnIdentifier()
        }
        try expect(.on)
        let table = try parseRelationExpression()
        var statement = CreateIndexStatement(name: name, unique: unique, concurrently: concurrently,
                                             ifNotExists: ifNotExists, table: table.name,
                                             includesDescendants: table.includesDescendants, elements: [],
                                             location: start)
        if accept(.using) { statement.method = try parseColumnIdentifier() }
        try expect(.leftParenthesis)
        repeat {
            statement.elements.append(try parseIndexElement())
        } while accept(.comma)
        try expect(.rightParenthesis)
        statement.include = try parseIncludeColumns()
        statement.nullsNotDistinct = try parseNullsDistinct()
        statement.options = try parseWithOptions()
        if accept(.tablespace) { statement.tablespace = try parseColumnIdentifier() }
        if accept(.where) { statement.predicate = try parseExpression() }
        return statement
    }

    /// `column | function(...) | (expression)` `[COLLATE c] [opclass] [ASC | DESC] [NULLS FIRST | LAST]`.
    mutating func parseIndexElement() throws(DatabaseError) -> IndexElement {
        let start = location
        let key: IndexElement.Key
        if current.kind == .leftParenthesis {
            advance()
            key = .expression(try parseExpression())
            try expect(.rightParenthesis)
        } else if startsFunctionCall() {
            key = .expression(try parsePrimaryExpression())
        } else {
            key = .column(try parseColumnIdentifier())
        }
        var element = IndexElement(key: key, location: start)
        if accept(.collate) { element.collation = try parseAnyName() }
        if Parser.isColumnIdentifier(current) && !isKeyword(.nulls) {
            element.operatorClass = try parseAnyName()
            if current.kind == .leftParenthesis { throw unsupported("operator class parameters", at: location) }
        }
        if accept(.asc) {
            element.direction = .ascending
        } else if accept(.desc) {
            element.direction = .descending
        }
        if accept(.nulls) {
            if accept(.first) {
                element.nulls = .first
            } else {
                try expect(.last)
                element.nulls = .last
            }
        }
        return element
    }

    // MARK: - View

    mutating func parseCreateView(start: SourceLocation, orReplace: Bool, persistence: TablePersistence)
        throws(DatabaseError) -> CreateViewStatement {
        let recursive = accept(.recursive)
        try expect(.view)
        let name = try parseQualifiedName()
        let columns = current.kind == .leftParenthesis ? try parseParenthesizedNameList() : []
        let options = try parseWithOptions()
        try expect(.as)
        let query = try parseQuery()
        var statement = CreateViewStatement(name: name, orReplace: orReplace, persistence: persistence,
                                            recursive: recursive, columns: columns, options: options, query: query,
                                            location: start)
        if recursive && columns.isEmpty { throw syntaxError() }
        if accept(.with) {
            if accept(.local) {
                statement.checkOption = .local
            } else {
                _ = accept(.cascaded)
                statement.checkOption = .cascaded
            }
            try expect(.check)
            try expect(.option)
        }
        return statement
    }

    // MARK: - Sequence

    mutating func parseCreateSequence(start: SourceLocation, persistence: TablePersistence)
        throws(DatabaseError) -> CreateSequenceStatement {
        let ifNotExists = accept(.if, .not, .exists)
        let name = try parseQualifiedName()
        let options = try parseSequenceOptions(allowRestart: false)
        return CreateSequenceStatement(name: name, persistence: persistence, ifNotExists: ifNotExists, options: options,
                                       location: start)
    }

    /// Sequence options in any order, until none follows.
    mutating func parseSequenceOptions(allowRestart: Bool) throws(DatabaseError) -> [SequenceOption] {
        var options: [SequenceOption] = []
        while true {
            if accept(.as) {
                options.append(.type(try parseSimpleTypeName(forConstant: false)))
            } else if accept(.increment) {
                _ = accept(.by)
                options.append(.incrementBy(try parseSignedNumber()))
            } else if accept(.minvalue) {
                options.append(.minimumValue(try parseSignedNumber()))
            } else if accept(.maxvalue) {
                options.append(.maximumValue(try parseSignedNumber()))
            } else if isKeyword(.no) && isKeyword(.minvalue, at: 1) {
                advance(); advance()
                options.append(.minimumValue(nil))
            } else if isKeyword(.no) && isKeyword(.maxvalue, at: 1) {
                advance(); advance()
                options.append(.maximumValue(nil))
            } else if isKeyword(.no) && isKeyword(.cycle, at: 1) {
                advance(); advance()
                options.append(.cycle(false))
            } else if accept(.cycle) {
                options.append(.cycle(true))
            } else if accept(.start) {
                _ = accept(.with)
                options.append(.start(try parseSignedNumber()))
            } else if accept(.cache) {
                options.append(.cache(try parseSignedNumber()))
            } else if allowRestart && accept(.restart) {
                _ = accept(.with)
                if current.kind == .integer || current.kind == .numeric || current.isOperator("-") || current.isOperator("+") {
                    options.append(.restart(try parseSignedNumber()))
                } else {
                    options.append(.restart(nil))
                }
            } else if accept(.owned) {
                try expect(.by)
                if accept(.none) {
                    options.append(.ownedBy(nil))
                } else {
                    options.append(.ownedBy(try parseAnyName()))
                }
            } else if isKeyword(.sequence) && isKeyword(.name, at: 1) {
                advance(); advance()
                options.append(.sequenceName(try parseQualifiedName()))
            } else {
                return options
            }
        }
    }

    // MARK: - Schema, extension, database

    mutating func parseCreateSchema(start: SourceLocation) throws(DatabaseError) -> CreateSchemaStatement {
        let ifNotExists = accept(.if, .not, .exists)
        var name: String?
        if !isKeyword(.authorization) { name = try parseColumnIdentifier() }
        var authorization: RoleSpecification?
        if accept(.authorization) { authorization = try parseRoleSpecification() }
        var statement = CreateSchemaStatement(name: name, ifNotExists: ifNotExists, authorization: authorization,
                                              location: start)
        while isKeyword(.create) || isKeyword(.grant) {
            if ifNotExists {
                throw error("CREATE SCHEMA IF NOT EXISTS cannot include schema elements", at: location,
                            state: .featureNotSupported)
            }
            statement.elements.append(try parseStatement())
        }
        return statement
    }

    mutating func parseCreateExtension(start: SourceLocation) throws(DatabaseError) -> CreateExtensionStatement {
        let ifNotExists = accept(.if, .not, .exists)
        var statement = CreateExtensionStatement(name: try parseColumnIdentifier(), ifNotExists: ifNotExists, location: start)
        _ = accept(.with)
        while true {
            if accept(.schema) {
                statement.schema = try parseColumnIdentifier()
            } else if accept(.version) {
                statement.version = current.kind == .string ? try parseStringConstant() : try parseNonReservedWord()
            } else if accept(.cascade) {
                statement.cascade = true
            } else {
                return statement
            }
        }
    }

    mutating func parseCreateDatabase(start: SourceLocation) throws(DatabaseError) -> CreateDatabaseStatement {
        var statement = CreateDatabaseStatement(name: try parseColumnIdentifier(), location: start)
        _ = accept(.with)
        statement.options = try parseDatabaseOptions()
        return statement
    }

    /// `name [=] value | DEFAULT`, repeated: the options of CREATE and ALTER DATABASE.
    mutating func parseDatabaseOptions() throws(DatabaseError) -> [DefinitionOption] {
        var options: [DefinitionOption] = []
        while Parser.isColumnLabel(current) {
            let start = location
            var name = current.text
            advance()
            if name == "connection" {
                try expect(.limit)
                name = "connection_limit"
            }
            _ = acceptEquals()
            let value: DefinitionValue
            if accept(.default) {
                value = .word("default")
            } else {
                value = try parseDefinitionValue()
            }
            options.append(DefinitionOption(name: name, value: value, location: start))
        }
        return options
    }

    // MARK: - Role

    mutating func parseCreateRole(start: SourceLocation) throws(DatabaseError) -> CreateRoleStatement {
        let keyword: RoleKeyword = accept(.role) ? .role : accept(.user) ? .user : { advance(); return .group }()
        let nameLocation = location
        let name = try parseNonReservedWord()
        if ["public", "none"].contains(name) && tokens[index - 1].kind == .identifier {
            throw error("role name \"\(name)\" is reserved", at: nameLocation, state: .reservedName)
        }
        _ = accept(.with)
        return CreateRoleStatement(keyword: keyword, name: name, options: try parseRoleOptions(), location: start)
    }

    /// Role options until none follows.
    mutating func parseRoleOptions() throws(DatabaseError) -> [RoleOption] {
        var options: [RoleOption] = []
        while true {
            if accept(.encrypted) || accept(.unencrypted) {
                try expect(.password)
                options.append(.password(try parseStringConstant()))
                continue
            }
            if accept(.password) {
                if accept(.null) { options.append(.password(nil)) } else { options.append(.password(try parseStringConstant())) }
                continue
            }
            if accept(.valid) {
                try expect(.until)
                options.append(.validUntil(try parseStringConstant()))
                continue
            }
            if accept(.connection) {
                try expect(.limit)
                options.append(.connectionLimit(try parseSignedInteger()))
                continue
            }
            if accept(.in) {
                if !accept(.role) { try expect(.group) }
                options.append(.inRole(try parseRoleNameList()))
                continue
            }
            if accept(.role) || accept(.user) {
                options.append(.role(try parseRoleNameList()))
                continue
            }
            if accept(.admin) {
                options.append(.admin(try parseRoleNameList()))
                continue
            }
            if accept(.sysid) {
                options.append(.systemID(Int64(try parseIntegerConstant())))
                continue
            }
            guard current.kind == .identifier, current.keyword == nil || current.keyword == .inherit else {
                return options
            }
            let word = current.text
            let option: RoleOption
            switch word {
            case "superuser": option = .superuser(true)
            case "nosuperuser": option = .superuser(false)
            case "createdb": option = .createDatabase(true)
            case "nocreatedb": option = .createDatabase(false)
            case "createrole": option = .createRole(true)
            case "nocreaterole": option = .createRole(false)
            case "inherit": option = .inherit(true)
            case "noinherit": option = .inherit(false)
            case "login": option = .login(true)
            case "nologin": option = .login(false)
            case "replication": option = .replication(true)
            case "noreplication": option = .replication(false)
            case "bypassrls": option = .bypassRowLevelSecurity(true)
            case "nobypassrls": option = .bypassRowLevelSecurity(false)
            default:
                throw error("unrecognized role option \"\(word)\"", at: location)
            }
            advance()
            options.append(option)
        }
    }

    mutating func parseRoleNameList() throws(DatabaseError) -> [String] {
        var names = [try parseNonReservedWord()]
        while accept(.comma) { names.append(try parseNonReservedWord()) }
        return names
    }
}

extension SQLState {
    static let reservedName = SQLState("42939")
}
