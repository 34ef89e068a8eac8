// Utility statements: EXPLAIN (with option checking as PostgreSQL does it), VACUUM and ANALYZE,
// COPY (new- and old-style options), DISCARD, NOTIFY, LOCK and DO.

import HeliosCore

extension Parser {
    // MARK: - EXPLAIN

    mutating func parseExplain() throws(DatabaseError) -> ExplainStatement {
        let start = location
        try expect(.explain)
        var options: [ExplainOption] = []
        if current.kind == .leftParenthesis {
            for (name, value, optionLocation) in try parseUtilityOptions() {
                options.append(try explainOption(name: name, value: value, at: optionLocation))
            }
        } else {
            if accept(.analyze) || accept(.analyse) { options.append(.analyze(true)) }
            if accept(.verbose) { options.append(.verbose(true)) }
        }
        let statementStart = location
        guard isKeyword(.select) || isKeyword(.values) || isKeyword(.table) || isKeyword(.with) || isKeyword(.insert)
                || isKeyword(.update) || isKeyword(.delete) || isKeyword(.execute) || isKeyword(.declare)
                || isKeyword(.create) || current.kind == .leftParenthesis else {
            if isKeyword(.merge) || isKeyword(.refresh) { throw unsupported("EXPLAIN \(current.text.uppercased())", at: location) }
            throw syntaxError()
        }
        let statement = try parseStatement()
        switch statement {
        case .select, .insert, .update, .delete, .execute, .declareCursor, .createTableAs:
            break
        default:
            throw syntaxError(at: tokens.first { $0.range.lowerBound == statementStart.offset } ?? current)
        }
        return ExplainStatement(options: options, statement: statement, location: start)
    }

    /// `(name [value], ...)` as EXPLAIN, VACUUM and ANALYZE take them.
    mutating func parseUtilityOptions() throws(DatabaseError) -> [(String, DefinitionValue?, SourceLocation)] {
        try expect(.leftParenthesis)
        var options: [(String, DefinitionValue?, SourceLocation)] = []
        repeat {
            let start = location
            guard Parser.isNonReservedWord(current) || isKeyword(.analyze) || isKeyword(.analyse) else {
                throw syntaxError()
            }
            let name = current.kind == .identifier && current.keyword == .analyse ? "analyze" : current.text
            advance()
            var value: DefinitionValue?
            if current.kind != .comma && current.kind != .rightParenthesis {
                if current.kind == .identifier && (current.keyword == .true || current.keyword == .false
                                                   || current.keyword == .on) {
                    value = .word(current.text)
                    advance()
                } else if current.kind == .identifier || current.kind == .quotedIdentifier {
                    value = .word(try parseNonReservedWord())
                } else {
                    value = try parseDefinitionValue()
                }
            }
            options.append((name, value, start))
        } while accept(.comma)
        try expect(.rightParenthesis)
        return options
    }

    func explainOption(name: String, value: DefinitionValue?, at location: SourceLocation) throws(DatabaseError) -> ExplainOption {
        switch name {
        case "analyze": return .analyze(try booleanOption(name, value, at: location))
        case "verbose": return .verbose(try booleanOption(name, value, at: location))
        case "costs": return .costs(try booleanOption(name, value, at: location))
        case "buffers": return .buffers(try booleanOption(name, value, at: location))
        case "timing": return .timing(try booleanOption(name, value, at: location))
        case "summary": return .summary(try booleanOption(name, value, at: location))
        case "settings": return .settings(try booleanOption(name, value, at: location))
        case "wal": return .wal(try booleanOption(name, value, at: location))
        case "format":
            let text: String
            switch value {
            case .word(let word)?: text = word
            case .string(let string)?: text = string
            default: throw error("format requires a parameter", at: location)
            }
            guard let format = ExplainFormat(rawValue: text.uppercased()), text == text.lowercased() || true else {
                throw error("unrecognized value for EXPLAIN option \"format\": \"\(text)\"", at: location,
                            state: .invalidParameterValue)
            }
            return .format(format)
        default:
            throw error("unrecognized EXPLAIN option \"\(name)\"", at: location)
        }
    }

    /// A Boolean option value as PostgreSQL's defGetBoolean reads it.
    func booleanOption(_ name: String, _ value: DefinitionValue?, at location: SourceLocation) throws(DatabaseError) -> Bool {
        guard let value else { return true }
        let text: String
        switch value {
        case .word(let word): text = word
        case .string(let string): text = string.lowercased()
        case .number(let number): text = number
        }
        switch text {
        case "true", "on", "1": return true
        case "false", "off", "0": return false
        default: throw error("\(name) requires a Boolean value", at: .unknown)
        }
    }

    // MARK: - VACUUM and ANALYZE

    mutating func parseMaintenance() throws(DatabaseError) -> MaintenanceStatement {
        let start = location
        let isVacuum = isKeyword(.vacuum)
        advance()
        var statement = MaintenanceStatement(isVacuum: isVacuum, location: start)
        if current.kind == .leftParenthesis {
            for (name, value, optionLocation) in try parseUtilityOptions() {
                statement.options.append(DefinitionOption(name: name, value: value, location: optionLocation))
            }
        } else {
            let keywords: [Keyword] = isVacuum ? [.full, .freeze, .verbose, .analyze] : [.verbose]
            for keyword in keywords {
                let optionLocation = location
                if accept(keyword) || (keyword == .analyze && accept(.analyse)) {
                    statement.options.append(DefinitionOption(name: keyword.rawValue, location: optionLocation))
                }
            }
        }
        if Parser.isColumnIdentifier(current) {
            repeat {
                let table = try parseQualifiedName()
                let columns = current.kind == .leftParenthesis ? try parseParenthesizedNameList() : []
                statement.targets.append(MaintenanceTarget(table: table, columns: columns))
            } while accept(.comma)
        }
        return statement
    }

    // MARK: - COPY

    mutating func parseCopy() throws(DatabaseError) -> CopyStatement {
        let start = location
        try expect(.copy)
        var options: [CopyOption] = []
        if accept(.binary) { options.append(.format(.binary)) }
        let source: CopyStatement.Source
        var isQuery = false
        if current.kind == .leftParenthesis {
            advance()
            source = .query(try parsePreparableStatement())
            try expect(.rightParenthesis)
            isQuery = true
        } else {
            let table = try parseQualifiedName()
            let columns = current.kind == .leftParenthesis ? try parseParenthesizedNameList() : []
            source = .table(table, columns: columns)
        }
        let isFrom: Bool
        if isQuery {
            if isKeyword(.from) { throw syntaxError() }
            try expect(.to)
            isFrom = false
        } else if accept(.from) {
            isFrom = true
        } else {
            try expect(.to)
            isFrom = false
        }
        let endpoint: CopyStatement.Endpoint
        if accept(.program) {
            endpoint = .program(try parseStringConstant())
        } else if accept(.stdin) || accept(.stdout) {
            endpoint = .client
        } else {
            endpoint = .file(try parseStringConstant())
        }
        if isKeyword(.using) || isKeyword(.delimiters) {
            _ = accept(.using)
            try expect(.delimiters)
            options.append(.delimiter(try parseStringConstant()))
        }
        _ = accept(.with)
        if current.kind == .leftParenthesis {
            options.append(contentsOf: try parseCopyGenericOptions())
        } else {
            options.append(contentsOf: try parseCopyLegacyOptions())
        }
        var statement = CopyStatement(source: source, isFrom: isFrom, endpoint: endpoint, options: options, location: start)
        if isFrom && accept(.where) { statement.whereCondition = try parseExpression() }
        return statement
    }

    mutating func parseCopyLegacyOptions() throws(DatabaseError) -> [CopyOption] {
        var options: [CopyOption] = []
        while true {
            if accept(.binary) {
                options.append(.format(.binary))
            } else if accept(.csv) {
                options.append(.format(.csv))
            } else if accept(.freeze) {
                options.append(.freeze(true))
            } else if accept(.header) {
                options.append(.header(.present))
            } else if accept(.delimiter) {
                _ = accept(.as)
                options.append(.delimiter(try parseStringConstant()))
            } else if accept(.null) {
                _ = accept(.as)
                options.append(.null(try parseStringConstant()))
            } else if accept(.quote) {
                _ = accept(.as)
                options.append(.quote(try parseStringConstant()))
            } else if accept(.escape) {
                _ = accept(.as)
                options.append(.escape(try parseStringConstant()))
            } else if accept(.encoding) {
                options.append(.encoding(try parseStringConstant()))
            } else if accept(.force) {
                if accept(.quote) {
                    options.append(.forceQuote(acceptOperator("*") ? nil : try parseNameList()))
                } else if accept(.not) {
                    try expect(.null)
                    options.append(.forceNotNull(try parseNameList()))
                } else {
                    try expect(.null)
                    options.append(.forceNull(try parseNameList()))
                }
            } else {
                return options
            }
        }
    }

    /// `(name [value], ...)`, checked as PostgreSQL's ProcessCopyOptions does.
    mutating func parseCopyGenericOptions() throws(DatabaseError) -> [CopyOption] {
        try expect(.leftParenthesis)
        var options: [CopyOption] = []
        repeat {
            let start = location
            let name = try parseColumnLabel()
            var words: [String]?
            var star = false
            var value: DefinitionValue?
            if acceptOperator("*") {
                star = true
            } else if current.kind == .leftParenthesis {
                advance()
                words = []
                repeat {
                    words?.append(current.kind == .string ? try parseStringConstant() : try parseColumnLabel())
                } while accept(.comma)
                try expect(.rightParenthesis)
            } else if current.kind != .comma && current.kind != .rightParenthesis {
                if current.kind == .identifier && (current.keyword == .true || current.keyword == .false
                                                   || current.keyword == .on) {
                    value = .word(current.text)
                    advance()
                } else if current.kind == .identifier || current.kind == .quotedIdentifier {
                    value = .word(try parseNonReservedWord())
                } else {
                    value = try parseDefinitionValue()
                }
            }
            func string() throws(DatabaseError) -> String {
                switch value {
                case .string(let text)?, .word(let text)?, .number(let text)?: return text
                case nil: throw error("\(name) requires a parameter", at: start)
                }
            }
            switch name {
            case "format":
                let text = try string()
                guard let format = CopyFormat(rawValue: text) else {
                    throw error("COPY format \"\(text)\" not recognized", at: start, state: .invalidParameterValue)
                }
                options.append(.format(format))
            case "freeze": options.append(.freeze(try booleanOption(name, value, at: start)))
            case "delimiter": options.append(.delimiter(try string()))
            case "null": options.append(.null(try string()))
            case "quote": options.append(.quote(try string()))
            case "escape": options.append(.escape(try string()))
            case "encoding": options.append(.encoding(try string()))
            case "header":
                if case .word(let word)? = value, word == "match" {
                    options.append(.header(.match))
                } else if case .string(let text)? = value, text.lowercased() == "match" {
                    options.append(.header(.match))
                } else {
                    options.append(.header(try booleanOption(name, value, at: start) ? .present : .absent))
                }
            case "force_quote":
                if star { options.append(.forceQuote(nil)) } else if let words { options.append(.forceQuote(words)) }
                else { throw error("argument to option \"force_quote\" must be a list of column names", at: start) }
            case "force_not_null", "force_null":
                guard let words else {
                    throw error("argument to option \"\(name)\" must be a list of column names", at: start)
                }
                options.append(name == "force_null" ? .forceNull(words) : .forceNotNull(words))
            default:
                throw error("option \"\(name)\" not recognized", at: start)
            }
        } while accept(.comma)
        try expect(.rightParenthesis)
        return options
    }

    // MARK: - The rest

    mutating func parseDiscard() throws(DatabaseError) -> DiscardTarget {
        try expect(.discard)
        if accept(.all) { return .all }
        if accept(.plans) { return .plans }
        if accept(.sequences) { return .sequences }
        if accept(.temp) || accept(.temporary) { return .temporary }
        throw syntaxError()
    }

    mutating func parseNotify() throws(DatabaseError) -> NotifyStatement {
        try expect(.notify)
        let channel = try parseColumnIdentifier()
        let payload = accept(.comma) ? try parseStringConstant() : nil
        return NotifyStatement(channel: channel, payload: payload)
    }

    mutating func parseLock() throws(DatabaseError) -> LockStatement {
        let start = location
        try expect(.lock)
        _ = accept(.table)
        var tables: [TableName] = []
        repeat {
            tables.append(try parseRelationExpression())
        } while accept(.comma)
        var statement = LockStatement(tables: tables, location: start)
        if accept(.in) {
            if accept(.access) {
                if accept(.share) {
                    statement.mode = .accessShare
                } else {
                    try expect(.exclusive)
                    statement.mode = .accessExclusive
                }
            } else if accept(.row) {
                if accept(.share) {
                    statement.mode = .rowShare
                } else {
                    try expect(.exclusive)
                    statement.mode = .rowExclusive
                }
            } else if accept(.share) {
                if accept(.update) {
                    try expect(.exclusive)
                    statement.mode = .shareUpdateExclusive
                } else if accept(.row) {
                    try expect(.exclusive)
                    statement.mode = .shareRowExclusive
                } else {
                    statement.mode = .share
                }
            } else {
                try expect(.exclusive)
                statement.mode = .exclusive
            }
            try expect(.mode)
        }
        statement.noWait = accept(.nowait)
        return statement
    }

    mutating func parseDo() throws(DatabaseError) -> DoStatement {
        let start = location
        try expect(.do)
        var code: String?
        var language: String?
        while true {
            if current.kind == .string {
                if code != nil { throw error("conflicting or redundant options", at: location) }
                code = try parseStringConstant()
            } else if accept(.language) {
                language = current.kind == .string ? try parseStringConstant() : try parseNonReservedWord()
            } else {
                break
            }
        }
        guard let code else { throw error("no inline code specified", at: start) }
        return DoStatement(code: code, language: language)
    }
}
