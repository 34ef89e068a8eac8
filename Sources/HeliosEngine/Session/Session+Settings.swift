// SET, SHOW and RESET: run-time parameters, plus SET TRANSACTION and SET SESSION
// CHARACTERISTICS, which change the transaction's or the session's isolation and read-only mode.

public import HeliosCore
public import HeliosValues
public import HeliosSQL

extension Session {
    func runSet(_ statement: SetStatement) throws(DatabaseError) -> StatementResult {
        let transaction = try currentTransaction()
        let local = statement.scope == .local
        if case .value(let name, _) = statement.action, SystemSettings.definition(name) != nil {
            throw DatabaseError(.cantChangeRuntimeParam, "parameter \"\(name)\" cannot be changed now",
                                hint: "It is server-wide: use ALTER SYSTEM SET.")
        }
        switch statement.action {
        case .value(let name, let values):
            let text = values.map(Self.settingText).joined(separator: ", ")
            try checkMaySet(name)
            try settings.set(name, to: text, local: local, inTransaction: transaction.isExplicit)
            if name.lowercased() == "transaction_isolation" {
                try apply([.isolationLevel(IsolationLevel(rawValue: text.uppercased()) ?? .readCommitted)], to: transaction)
            } else if name.lowercased() == "default_transaction_isolation" {
                defaultIsolation = Isolation(IsolationLevel(rawValue: text.uppercased()) ?? .readCommitted)
            }
        case .toDefault(let name):
            try checkMaySet(name)
            try settings.set(name, to: nil, local: local, inTransaction: transaction.isExplicit)
        case .timeZoneLocal:
            try settings.set("TimeZone", to: nil, local: local, inTransaction: transaction.isExplicit)
        case .transaction(let modes):
            try apply(modes, to: transaction)
            try settings.set("transaction_isolation", to: transaction.isolation.settingName, local: true, inTransaction: true)
        case .sessionCharacteristics(let modes):
            for mode in modes {
                switch mode {
                case .isolationLevel(let level):
                    defaultIsolation = Isolation(level)
                    try settings.set("default_transaction_isolation", to: defaultIsolation.settingName, local: false, inTransaction: false)
                case .readOnly(let readOnly): defaultReadOnly = readOnly
                case .deferrable: break
                }
            }
        case .sessionAuthorization(let user), .role(let user):
            if let user, user != settings.user {
                throw DatabaseError(.featureNotSupported, "SET ROLE and SET SESSION AUTHORIZATION to another role are not supported")
            }
        }
        return StatementResult(columns: nil, rows: [], commandTag: "SET")
    }

    /// A SET value as text: strings as they are, numbers as written.
    static func settingText(_ literal: Literal) -> String {
        switch literal {
        case .string(let text): return text
        case .integer(let value): return String(value)
        case .numeric(let text): return text
        case .boolean(let flag): return flag ? "on" : "off"
        case .null: return ""
        case .bitString(let text), .hexString(let text): return text
        }
    }

    func runShow(_ statement: ShowStatement) throws(DatabaseError) -> StatementResult {
        let transaction = try currentTransaction()
        let lowered = statement.name.lowercased()
        if lowered == "all" {
            let columns = [ResultColumn(name: "name", type: .text), ResultColumn(name: "setting", type: .text),
                           ResultColumn(name: "description", type: .text)]
            let rows = settings.all.map { [SQLValue.text($0.name), .text($0.value), .text("")] }
            return StatementResult(columns: columns, rows: rows, commandTag: "SHOW")
        }
        if let value = systemSettingValue(lowered) {
            return StatementResult(columns: [ResultColumn(name: lowered, type: .text)], rows: [[.text(value)]], commandTag: "SHOW")
        }
        var (name, value) = try settings.show(statement.name)
        if lowered == "transaction_isolation" || lowered == "transaction isolation level" {
            value = transaction.isolation.settingName
        } else if lowered == "transaction_read_only" {
            value = transaction.readOnly ? "on" : "off"
        }
        return StatementResult(columns: [ResultColumn(name: name.lowercased(), type: .text)], rows: [[.text(value)]], commandTag: "SHOW")
    }

    func runReset(_ statement: ResetStatement) throws(DatabaseError) -> StatementResult {
        let transaction = try currentTransaction()
        if statement.name.lowercased() == "all" {
            for (name, _) in SettingsStore.defaults {
                try? settings.set(name, to: nil, local: false, inTransaction: transaction.isExplicit)
            }
        } else {
            try checkMaySet(statement.name)
            try settings.set(statement.name, to: nil, local: false, inTransaction: transaction.isExplicit)
        }
        return StatementResult(columns: nil, rows: [], commandTag: "RESET")
    }

    /// Only a superuser may change a superuser-only parameter (PGC_SUSET): 42501 otherwise,
    /// as PostgreSQL's set_config_option answers. The role is looked up only for those.
    package func checkMaySet(_ name: String) throws(DatabaseError) {
        guard SettingsStore.isSuperuserOnly(name), try !database.isSuperuser(user) else { return }
        throw DatabaseError(.insufficientPrivilege, "permission denied to set parameter \"\(name.lowercased())\"")
    }

    /// Sets a parameter's value and RESET value for this session from the server's
    /// configuration (`heliosdb serve --log-min-duration-statement`), before its startup
    /// packet's settings apply.
    public func applyServerSetting(_ name: String, _ value: String) throws(DatabaseError) {
        try settings.setServerDefault(name, to: value)
    }

    /// log_min_duration_statement in milliseconds: -1 logs no durations, 0 logs every one.
    public var logMinDurationStatement: Int { settings.logMinDurationStatement }
}

extension Session {
    /// work_mem in bytes: what each sort or hash table may hold before spilling to disk.
    var workMemory: Int { plannerCosts.workMemory }

    /// A memory setting's bytes ("4MB", "64kB", "1GB", or a number of kB as PostgreSQL reads it).
    static func memoryBytes(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isNumber }
        guard let number = Int(digits), number >= 0 else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        let scale: Int
        switch unit {
        case "", "kb": scale = 1 << 10
        case "b": scale = 1
        case "mb": scale = 1 << 20
        case "gb": scale = 1 << 30
        case "tb": scale = 1 << 40
        default: return nil
        }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: scale)
        return overflow ? nil : max(bytes, 64 << 10)
    }
}
