// Session statements: transaction control, SET / SHOW / RESET in their special forms, PREPARE /
// EXECUTE / DEALLOCATE, and cursors (DECLARE, FETCH, MOVE, CLOSE).

import HeliosCore

extension Parser {
    // MARK: - Transactions

    mutating func parseTransactionStatement() throws(DatabaseError) -> TransactionStatement {
        let keyword = current.keyword
        advance()
        switch keyword {
        case .begin?:
            _ = accept(.work) || accept(.transaction)
            return .begin(try parseTransactionModes(), startKeyword: false)
        case .start?:
            try expect(.transaction)
            return .begin(try parseTransactionModes(), startKeyword: true)
        case .commit?, .end?:
            if keyword == .commit && accept(.prepared) { return .commitPrepared(try parseStringConstant()) }
            _ = accept(.work) || accept(.transaction)
            return .commit(chain: try parseChain())
        case .rollback?, .abort?:
            if keyword == .rollback && accept(.prepared) { return .rollbackPrepared(try parseStringConstant()) }
            _ = accept(.work) || accept(.transaction)
            if keyword == .rollback && accept(.to) {
                _ = accept(.savepoint)
                return .rollbackToSavepoint(try parseColumnIdentifier())
            }
            return .rollback(chain: try parseChain())
        case .savepoint?:
            return .savepoint(try parseColumnIdentifier())
        case .release?:
            _ = accept(.savepoint)
            return .release(try parseColumnIdentifier())
        default:
            try expect(.transaction)
            return .prepareTransaction(try parseStringConstant())
        }
    }

    /// `AND [NO] CHAIN`, if present.
    mutating func parseChain() throws(DatabaseError) -> Bool {
        guard accept(.and) else { return false }
        let no = accept(.no)
        try expect(.chain)
        return !no
    }

    /// Transaction modes, separated by commas or spaces (possibly none).
    mutating func parseTransactionModes() throws(DatabaseError) -> [TransactionMode] {
        var modes: [TransactionMode] = []
        while true {
            if !modes.isEmpty { _ = accept(.comma) }
            if accept(.isolation) {
                try expect(.level)
                modes.append(.isolationLevel(try parseIsolationLevel()))
            } else if accept(.read) {
                if accept(.only) {
                    modes.append(.readOnly(true))
                } else {
                    try expect(.write)
                    modes.append(.readOnly(false))
                }
            } else if accept(.deferrable) {
                modes.append(.deferrable(true))
            } else if isKeyword(.not) && isKeyword(.deferrable, at: 1) {
                advance(); advance()
                modes.append(.deferrable(false))
            } else {
                if !modes.isEmpty && tokens[index - 1].kind == .comma { throw syntaxError() }
                return modes
            }
        }
    }

    mutating func parseIsolationLevel() throws(DatabaseError) -> IsolationLevel {
        if accept(.serializable) { return .serializable }
        if accept(.repeatable) {
            try expect(.read)
            return .repeatableRead
        }
        try expect(.read)
        if accept(.committed) { return .readCommitted }
        try expect(.uncommitted)
        return .readUncommitted
    }

    // MARK: - SET, SHOW, RESET

    mutating func parseSet() throws(DatabaseError) -> SetStatement {
        let start = location
        try expect(.set)
        var scope = SetStatement.Scope.session
        if accept(.local) {
            scope = .local
        } else if isKeyword(.session) && !isKeyword(.authorization, at: 1) && !isKeyword(.characteristics, at: 1) {
            advance()
        }
        let action: SetStatement.Action
        if accept(.transaction) {
            if isKeyword(.snapshot) { throw unsupported("SET TRANSACTION SNAPSHOT", at: location) }
            let modes = try parseTransactionModes()
            guard !modes.isEmpty else { throw syntaxError() }
            action = .transaction(modes)
        } else if accept(.session) {
            if accept(.characteristics) {
                try expect(.as)
                try expect(.transaction)
                let modes = try parseTransactionModes()
                guard !modes.isEmpty else { throw syntaxError() }
                action = .sessionCharacteristics(modes)
            } else {
                try expect(.authorization)
                if accept(.default) {
                    action = .sessionAuthorization(nil)
                } else {
                    action = .sessionAuthorization(current.kind == .string ? try parseStringConstant()
                                                   : try parseNonReservedWord())
                }
            }
        } else if isKeyword(.time) && isKeyword(.zone, at: 1) {
            advance(); advance()
            action = try parseTimeZoneValue()
        } else if isKeyword(.schema) && peek().kind == .string {
            advance()
            action = .value(name: "search_path", values: [.string(try parseStringConstant())])
        } else if accept(.names) {
            if isKeyword(.default) || current.kind != .string {
                _ = accept(.default)
                action = .toDefault(name: "client_encoding")
            } else {
                action = .value(name: "client_encoding", values: [.string(try parseStringConstant())])
            }
        } else if isKeyword(.role) && !(peek().kind == .operator && peek().text == "=") && !isKeyword(.to, at: 1) {
            advance()
            let role = current.kind == .string ? try parseStringConstant() : try parseNonReservedWord()
            action = .role(role == "none" && tokens[index - 1].kind == .identifier ? nil : role)
        } else if isKeyword(.xml) || isKeyword(.catalog) {
            throw unsupported("SET \(current.text.uppercased())", at: location)
        } else {
            var name = try parseColumnIdentifier()
            while accept(.dot) { name += "." + (try parseColumnIdentifier()) }
            if isKeyword(.from) { throw unsupported("SET ... FROM CURRENT", at: location) }
            if !accept(.to) { try expectOperator("=") }
            if accept(.default) {
                action = .toDefault(name: name)
            } else {
                var values: [Literal] = []
                repeat {
                    values.append(try parseSetValue())
                } while accept(.comma)
                action = .value(name: name, values: values)
            }
        }
        return SetStatement(scope: scope, action: action, location: start)
    }

    /// After `ALTER SYSTEM`: `SET name {TO | =} {value [, ...] | DEFAULT}` or `RESET {name | ALL}`.
    mutating func parseAlterSystem(start: SourceLocation) throws(DatabaseError) -> AlterSystemStatement {
        if accept(.reset) {
            if accept(.all) { return AlterSystemStatement(name: "all", values: nil, location: start) }
            return AlterSystemStatement(name: try parseParameterName(), values: nil, location: start)
        }
        try expect(.set)
        var name = try parseColumnIdentifier()
        while accept(.dot) { name += "." + (try parseColumnIdentifier()) }
        if !accept(.to) { try expectOperator("=") }
        if accept(.default) { return AlterSystemStatement(name: name, values: nil, location: start) }
        var values: [Literal] = []
        repeat {
            values.append(try parseSetValue())
        } while accept(.comma)
        return AlterSystemStatement(name: name, values: values, location: start)
    }

    /// A var_value: TRUE, FALSE, ON, a word, a string or a signed number; words become strings.
    mutating func parseSetValue() throws(DatabaseError) -> Literal {
        switch current.kind {
        case .string:
            return .string(try parseStringConstant())
        case .integer, .numeric, .operator:
            return try parseSignedNumber()
        case .identifier, .quotedIdentifier:
            if current.kind == .identifier && (current.keyword == .true || current.keyword == .false || current.keyword == .on) {
                let word = current.text
                advance()
                return .string(word)
            }
            return .string(try parseNonReservedWord())
        default:
            throw syntaxError()
        }
    }

    mutating func parseTimeZoneValue() throws(DatabaseError) -> SetStatement.Action {
        if accept(.default) { return .toDefault(name: "timezone") }
        if accept(.local) { return .timeZoneLocal }
        switch current.kind {
        case .string:
            return .value(name: "timezone", values: [.string(try parseStringConstant())])
        case .integer, .numeric, .operator:
            return .value(name: "timezone", values: [try parseSignedNumber()])
        case .identifier where isKeyword(.interval):
            throw unsupported("SET TIME ZONE INTERVAL", at: location)
        case .identifier where current.keyword == nil:
            let word = current.text
            advance()
            return .value(name: "timezone", values: [.string(word)])
        default:
            throw syntaxError()
        }
    }

    /// The parameter named by SHOW or RESET, with the special multi-word forms.
    mutating func parseParameterName() throws(DatabaseError) -> String {
        if accept(.time, .zone) { return "timezone" }
        if accept(.transaction, .isolation, .level) { return "transaction_isolation" }
        if accept(.session, .authorization) { return "session_authorization" }
        if accept(.all) { return "all" }
        var name = try parseColumnIdentifier()
        while accept(.dot) { name += "." + (try parseColumnIdentifier()) }
        return name
    }

    mutating func parseShow() throws(DatabaseError) -> ShowStatement {
        let start = location
        try expect(.show)
        return ShowStatement(name: try parseParameterName(), location: start)
    }

    mutating func parseReset() throws(DatabaseError) -> ResetStatement {
        let start = location
        try expect(.reset)
        return ResetStatement(name: try parseParameterName(), location: start)
    }

    // MARK: - Prepared statements

    mutating func parsePrepare() throws(DatabaseError) -> PrepareStatement {
        let start = location
        try expect(.prepare)
        let name = try parseColumnIdentifier()
        var types: [TypeName] = []
        if accept(.leftParenthesis) {
            repeat {
                types.append(try parseTypeName())
            } while accept(.comma)
            try expect(.rightParenthesis)
        }
        try expect(.as)
        return PrepareStatement(name: name, parameterTypes: types, statement: try parsePreparableStatement(),
                                location: start)
    }

    mutating func parseExecute() throws(DatabaseError) -> ExecuteStatement {
        let start = location
        try expect(.execute)
        let name = try parseColumnIdentifier()
        var arguments: [Expression] = []
        if accept(.leftParenthesis) {
            arguments = try parseExpressionList()
            try expect(.rightParenthesis)
        }
        return ExecuteStatement(name: name, arguments: arguments, location: start)
    }

    mutating func parseDeallocate() throws(DatabaseError) -> DeallocateStatement {
        let start = location
        try expect(.deallocate)
        _ = accept(.prepare)
        if accept(.all) { return DeallocateStatement(name: nil, location: start) }
        return DeallocateStatement(name: try parseColumnIdentifier(), location: start)
    }

    // MARK: - Cursors

    mutating func parseDeclareCursor() throws(DatabaseError) -> DeclareCursorStatement {
        let start = location
        try expect(.declare)
        let name = try parseColumnIdentifier()
        var statement = DeclareCursorStatement(name: name, query: Query(body: .values([])), location: start)
        while true {
            if accept(.binary) {
                statement.binary = true
            } else if accept(.insensitive) {
                statement.insensitive = true
            } else if accept(.asensitive) {
            } else if accept(.scroll) {
                statement.scroll = true
            } else if accept(.no, .scroll) {
                statement.scroll = false
            } else {
                break
            }
        }
        try expect(.cursor)
        if accept(.with) {
            try expect(.hold)
            statement.withHold = true
        } else if accept(.without) {
            try expect(.hold)
        }
        try expect(.for)
        statement.query = try parseQuery()
        return statement
    }

    mutating func parseFetch() throws(DatabaseError) -> FetchStatement {
        let start = location
        let isMove = isKeyword(.move)
        advance()
        if peek().kind == .endOfInput || peek().kind == .semicolon {
            // `FETCH forward` names a cursor called "forward", as in PostgreSQL.
            return FetchStatement(isMove: isMove, cursor: try parseColumnIdentifier(), location: start)
        }
        var direction = FetchDirection.forward(.count(1))
        func signedCount() throws(DatabaseError) -> Int64 { try parseSignedInteger() }
        func startsCount() -> Bool {
            current.kind == .integer || current.isOperator("-") || current.isOperator("+")
        }
        if accept(.next) {
            direction = .forward(.count(1))
        } else if accept(.prior) {
            direction = .backward(.count(1))
        } else if accept(.first) {
            direction = .absolute(1)
        } else if accept(.last) {
            direction = .absolute(-1)
        } else if accept(.absolute) {
            direction = .absolute(try signedCount())
        } else if accept(.relative) {
            direction = .relative(try signedCount())
        } else if accept(.all) {
            direction = .forward(.all)
        } else if accept(.forward) {
            if accept(.all) {
                direction = .forward(.all)
            } else if startsCount() {
                direction = .forward(.count(try signedCount()))
            }
        } else if accept(.backward) {
            if accept(.all) {
                direction = .backward(.all)
            } else if startsCount() {
                direction = .backward(.count(try signedCount()))
            }
        } else if startsCount() {
            direction = .forward(.count(try signedCount()))
        }
        _ = accept(.from) || accept(.in)
        return FetchStatement(isMove: isMove, direction: direction, cursor: try parseColumnIdentifier(), location: start)
    }

    mutating func parseClose() throws(DatabaseError) -> CloseStatement {
        let start = location
        try expect(.close)
        if accept(.all) { return CloseStatement(cursor: nil, location: start) }
        return CloseStatement(cursor: try parseColumnIdentifier(), location: start)
    }
}
