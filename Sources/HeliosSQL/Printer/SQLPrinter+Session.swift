// Printing roles, databases, GRANT, and the session and utility statements.

extension SQLPrinter {
    mutating func databaseOptions(_ options: [DefinitionOption]) {
        for option in options {
            write(" ")
            write(option.name == "connection_limit" ? "CONNECTION LIMIT" : SQLPrinter.identifier(option.name))
            if let value = option.value {
                write(" = ")
                if case .word("default") = value { write("DEFAULT") } else { definitionValue(value) }
            }
        }
    }

    mutating func alterDatabase(_ alter: AlterDatabaseStatement) {
        write("ALTER DATABASE ")
        name(alter.name)
        switch alter.action {
        case .options(let options):
            write(" WITH")
            databaseOptions(options)
        case .rename(let to): write(" RENAME TO " + SQLPrinter.identifier(to))
        case .ownerTo(let role):
            write(" OWNER TO ")
            roleSpecification(role)
        case .setTablespace(let tablespace): write(" SET TABLESPACE " + SQLPrinter.identifier(tablespace))
        case .setting(let set):
            write(" ")
            self.set(set)
        case .reset(let reset):
            write(" RESET " + SQLPrinter.parameterName(reset.name))
        }
    }

    mutating func roleOptions(_ options: [RoleOption]) {
        for option in options {
            write(" ")
            switch option {
            case .superuser(let on): write(on ? "SUPERUSER" : "NOSUPERUSER")
            case .createDatabase(let on): write(on ? "CREATEDB" : "NOCREATEDB")
            case .createRole(let on): write(on ? "CREATEROLE" : "NOCREATEROLE")
            case .inherit(let on): write(on ? "INHERIT" : "NOINHERIT")
            case .login(let on): write(on ? "LOGIN" : "NOLOGIN")
            case .replication(let on): write(on ? "REPLICATION" : "NOREPLICATION")
            case .bypassRowLevelSecurity(let on): write(on ? "BYPASSRLS" : "NOBYPASSRLS")
            case .connectionLimit(let limit): write("CONNECTION LIMIT \(limit)")
            case .password(let password):
                write("PASSWORD ")
                if let password { string(password) } else { write("NULL") }
            case .validUntil(let time):
                write("VALID UNTIL ")
                string(time)
            case .inRole(let roles): write("IN ROLE " + roles.map(SQLPrinter.identifier).joined(separator: ", "))
            case .role(let roles): write("ROLE " + roles.map(SQLPrinter.identifier).joined(separator: ", "))
            case .admin(let roles): write("ADMIN " + roles.map(SQLPrinter.identifier).joined(separator: ", "))
            case .systemID(let id): write("SYSID \(id)")
            }
        }
    }

    mutating func alterRole(_ alter: AlterRoleStatement) {
        write("ALTER \(alter.keyword.rawValue) ")
        if let role = alter.role { roleSpecification(role) } else { write("ALL") }
        switch alter.action {
        case .options(let options):
            write(" WITH")
            roleOptions(options)
        case .rename(let to): write(" RENAME TO " + SQLPrinter.identifier(to))
        case .setting(let database, let set):
            if let database { write(" IN DATABASE " + SQLPrinter.identifier(database)) }
            write(" ")
            self.set(set)
        case .reset(let database, let reset):
            if let database { write(" IN DATABASE " + SQLPrinter.identifier(database)) }
            write(" RESET " + SQLPrinter.parameterName(reset.name))
        }
    }

    mutating func grant(_ grant: GrantStatement) {
        write(grant.isGrant ? "GRANT " : "REVOKE ")
        if !grant.isGrant && grant.withGrantOption {
            if case .roles = grant.subject { write("ADMIN OPTION FOR ") } else { write("GRANT OPTION FOR ") }
        }
        switch grant.subject {
        case .privileges(let privileges, let objects):
            if privileges.isEmpty {
                write("ALL PRIVILEGES")
            } else {
                list(privileges) { printer, privilege in
                    printer.write(privilege.name == "all" ? "ALL" : SQLPrinter.privilegeName(privilege.name))
                    if !privilege.columns.isEmpty {
                        printer.write(" (")
                        printer.nameList(privilege.columns)
                        printer.write(")")
                    }
                }
            }
            write(" ON \(objects.kind.rawValue) ")
            list(objects.names) { printer, name in printer.qualifiedName(name) }
        case .roles(let roles):
            nameList(roles)
        }
        write(grant.isGrant ? " TO " : " FROM ")
        list(grant.grantees) { printer, role in printer.roleSpecification(role) }
        if grant.isGrant && grant.withGrantOption {
            if case .roles = grant.subject { write(" WITH ADMIN OPTION") } else { write(" WITH GRANT OPTION") }
        }
        if let grantedBy = grant.grantedBy {
            write(" GRANTED BY ")
            roleSpecification(grantedBy)
        }
        dropBehavior(grant.behavior)
    }

    static func privilegeName(_ name: String) -> String {
        ["select", "references", "create"].contains(name) ? name.uppercased() : identifier(name)
    }

    /// A parameter name as SET writes it: `timezone`, `x.y`.
    static func settingName(_ name: String) -> String {
        name.split(separator: ".").map { identifier(String($0)) }.joined(separator: ".")
    }

    /// A parameter name as SHOW and RESET write it, with their multi-word forms.
    static func parameterName(_ name: String) -> String {
        switch name {
        case "all": return "ALL"
        case "timezone": return "TIME ZONE"
        case "transaction_isolation": return "TRANSACTION ISOLATION LEVEL"
        case "session_authorization": return "SESSION AUTHORIZATION"
        default: return name.split(separator: ".").map { identifier(String($0)) }.joined(separator: ".")
        }
    }

    // MARK: - Session statements

    mutating func transactionModes(_ modes: [TransactionMode]) {
        list(modes) { printer, mode in
            switch mode {
            case .isolationLevel(let level): printer.write("ISOLATION LEVEL " + level.rawValue)
            case .readOnly(let readOnly): printer.write(readOnly ? "READ ONLY" : "READ WRITE")
            case .deferrable(let deferrable): printer.write(deferrable ? "DEFERRABLE" : "NOT DEFERRABLE")
            }
        }
    }

    mutating func set(_ set: SetStatement) {
        write(set.scope == .local ? "SET LOCAL " : "SET ")
        switch set.action {
        case .value(let name, let values):
            write(SQLPrinter.settingName(name) + " TO ")
            list(values) { printer, value in printer.literal(value) }
        case .toDefault(let name): write(SQLPrinter.settingName(name) + " TO DEFAULT")
        case .timeZoneLocal: write("TIME ZONE LOCAL")
        case .transaction(let modes):
            write("TRANSACTION ")
            transactionModes(modes)
        case .sessionCharacteristics(let modes):
            write("SESSION CHARACTERISTICS AS TRANSACTION ")
            transactionModes(modes)
        case .sessionAuthorization(let user):
            write("SESSION AUTHORIZATION ")
            if let user { string(user) } else { write("DEFAULT") }
        case .role(let role):
            write("ROLE ")
            if let role { string(role) } else { write("NONE") }
        }
    }

    mutating func sessionOrUtilityStatement(_ statement: Statement) {
        switch statement {
        case .transaction(let transaction):
            switch transaction {
            case .begin(let modes, let startKeyword):
                write(startKeyword ? "START TRANSACTION" : "BEGIN")
                if !modes.isEmpty {
                    write(" ")
                    transactionModes(modes)
                }
            case .commit(let chain): write(chain ? "COMMIT AND CHAIN" : "COMMIT")
            case .rollback(let chain): write(chain ? "ROLLBACK AND CHAIN" : "ROLLBACK")
            case .savepoint(let name): write("SAVEPOINT " + SQLPrinter.identifier(name))
            case .release(let name): write("RELEASE SAVEPOINT " + SQLPrinter.identifier(name))
            case .rollbackToSavepoint(let name): write("ROLLBACK TO SAVEPOINT " + SQLPrinter.identifier(name))
            case .prepareTransaction(let id): write("PREPARE TRANSACTION " + SQLPrinter.stringLiteral(id))
            case .commitPrepared(let id): write("COMMIT PREPARED " + SQLPrinter.stringLiteral(id))
            case .rollbackPrepared(let id): write("ROLLBACK PREPARED " + SQLPrinter.stringLiteral(id))
            }
        case .set(let set): self.set(set)
        case .show(let show): write("SHOW " + SQLPrinter.parameterName(show.name))
        case .reset(let reset): write("RESET " + SQLPrinter.parameterName(reset.name))
        case .alterSystem(let alter):
            if let values = alter.values {
                write("ALTER SYSTEM SET " + SQLPrinter.parameterName(alter.name) + " = ")
                list(values) { printer, value in printer.literal(value) }
            } else {
                write("ALTER SYSTEM RESET " + (alter.name == "all" ? "ALL" : SQLPrinter.parameterName(alter.name)))
            }
        case .prepare(let prepare):
            write("PREPARE " + SQLPrinter.identifier(prepare.name))
            if !prepare.parameterTypes.isEmpty {
                write(" (")
                list(prepare.parameterTypes) { printer, type in printer.typeName(type) }
                write(")")
            }
            write(" AS ")
            self.statement(prepare.statement)
        case .execute(let execute):
            write("EXECUTE " + SQLPrinter.identifier(execute.name))
            if !execute.arguments.isEmpty {
                write(" (")
                expressionList(execute.arguments)
                write(")")
            }
        case .deallocate(let deallocate):
            write("DEALLOCATE " + (deallocate.name.map(SQLPrinter.identifier) ?? "ALL"))
        case .declareCursor(let declare):
            write("DECLARE " + SQLPrinter.identifier(declare.name))
            if declare.binary { write(" BINARY") }
            if declare.insensitive { write(" INSENSITIVE") }
            if let scroll = declare.scroll { write(scroll ? " SCROLL" : " NO SCROLL") }
            write(declare.withHold ? " CURSOR WITH HOLD FOR " : " CURSOR FOR ")
            query(declare.query)
        case .fetch(let fetch):
            write(fetch.isMove ? "MOVE " : "FETCH ")
            func count(_ count: FetchCount) -> String {
                switch count {
                case .all: return "ALL"
                case .count(let value): return String(value)
                }
            }
            switch fetch.direction {
            case .forward(let amount): write("FORWARD " + count(amount))
            case .backward(let amount): write("BACKWARD " + count(amount))
            case .absolute(let position): write("ABSOLUTE \(position)")
            case .relative(let offset): write("RELATIVE \(offset)")
            }
            write(" FROM " + SQLPrinter.identifier(fetch.cursor))
        case .closeCursor(let close):
            write("CLOSE " + (close.cursor.map(SQLPrinter.identifier) ?? "ALL"))
        default:
            utilityStatement(statement)
        }
    }

    mutating func utilityStatement(_ statement: Statement) {
        switch statement {
        case .explain(let explain):
            write("EXPLAIN ")
            if !explain.options.isEmpty {
                write("(")
                list(explain.options) { printer, option in
                    switch option {
                    case .analyze(let on): printer.write("ANALYZE \(on)")
                    case .verbose(let on): printer.write("VERBOSE \(on)")
                    case .costs(let on): printer.write("COSTS \(on)")
                    case .buffers(let on): printer.write("BUFFERS \(on)")
                    case .timing(let on): printer.write("TIMING \(on)")
                    case .summary(let on): printer.write("SUMMARY \(on)")
                    case .settings(let on): printer.write("SETTINGS \(on)")
                    case .wal(let on): printer.write("WAL \(on)")
                    case .format(let format): printer.write("FORMAT " + format.rawValue)
                    }
                }
                write(") ")
            }
            self.statement(explain.statement)
        case .maintenance(let maintenance):
            write(maintenance.isVacuum ? "VACUUM" : "ANALYZE")
            if !maintenance.options.isEmpty {
                write(" (")
                list(maintenance.options) { printer, option in
                    printer.write(SQLPrinter.identifier(option.name))
                    if let value = option.value {
                        printer.write(" ")
                        printer.definitionValue(value)
                    }
                }
                write(")")
            }
            if !maintenance.targets.isEmpty {
                write(" ")
                list(maintenance.targets) { printer, target in
                    printer.qualifiedName(target.table)
                    if !target.columns.isEmpty {
                        printer.write(" (")
                        printer.nameList(target.columns)
                        printer.write(")")
                    }
                }
            }
        case .copy(let copy): self.copy(copy)
        case .checkpoint: write("CHECKPOINT")
        case .discard(let target): write("DISCARD " + target.rawValue)
        case .listen(let channel): write("LISTEN " + SQLPrinter.identifier(channel))
        case .unlisten(let channel): write("UNLISTEN " + (channel.map(SQLPrinter.identifier) ?? "*"))
        case .notify(let notify):
            write("NOTIFY " + SQLPrinter.identifier(notify.channel))
            if let payload = notify.payload { write(", " + SQLPrinter.stringLiteral(payload)) }
        case .lock(let lock):
            write("LOCK TABLE ")
            list(lock.tables) { printer, table in printer.tableName(table) }
            write(" IN \(lock.mode.rawValue) MODE")
            if lock.noWait { write(" NOWAIT") }
        case .doBlock(let block):
            write("DO ")
            if let language = block.language { write("LANGUAGE " + SQLPrinter.identifier(language) + " ") }
            string(block.code)
        default:
            break
        }
    }

    mutating func copy(_ copy: CopyStatement) {
        write("COPY ")
        switch copy.source {
        case .table(let table, let columns):
            qualifiedName(table)
            if !columns.isEmpty {
                write(" (")
                nameList(columns)
                write(")")
            }
        case .query(let statement):
            write("(")
            self.statement(statement)
            write(")")
        }
        write(copy.isFrom ? " FROM " : " TO ")
        switch copy.endpoint {
        case .client: write(copy.isFrom ? "STDIN" : "STDOUT")
        case .file(let path): string(path)
        case .program(let command): write("PROGRAM " + SQLPrinter.stringLiteral(command))
        }
        if !copy.options.isEmpty {
            write(" (")
            list(copy.options) { printer, option in
                switch option {
                case .format(let format): printer.write("FORMAT " + format.rawValue)
                case .freeze(let on): printer.write("FREEZE \(on)")
                case .delimiter(let text): printer.write("DELIMITER " + SQLPrinter.stringLiteral(text))
                case .null(let text): printer.write("NULL " + SQLPrinter.stringLiteral(text))
                case .header(let header):
                    switch header {
                    case .absent: printer.write("HEADER false")
                    case .present: printer.write("HEADER true")
                    case .match: printer.write("HEADER match")
                    }
                case .quote(let text): printer.write("QUOTE " + SQLPrinter.stringLiteral(text))
                case .escape(let text): printer.write("ESCAPE " + SQLPrinter.stringLiteral(text))
                case .forceQuote(let columns):
                    printer.write("FORCE_QUOTE " + (columns.map { "(" + $0.map(SQLPrinter.identifier).joined(separator: ", ") + ")" } ?? "*"))
                case .forceNotNull(let columns):
                    printer.write("FORCE_NOT_NULL (" + columns.map(SQLPrinter.identifier).joined(separator: ", ") + ")")
                case .forceNull(let columns):
                    printer.write("FORCE_NULL (" + columns.map(SQLPrinter.identifier).joined(separator: ", ") + ")")
                case .encoding(let text): printer.write("ENCODING " + SQLPrinter.stringLiteral(text))
                }
            }
            write(")")
        }
        if let condition = copy.whereCondition {
            write(" WHERE ")
            expression(condition)
        }
    }
}
