// Run-time parameters (GUCs): what SET, SHOW, RESET, current_setting() and set_config() read
// and write, with PostgreSQL 15's names and defaults. Parameters that change how values are
// read and printed (DateStyle, TimeZone, IntervalStyle, extra_float_digits, bytea_output) also
// update the SessionSettings expressions use. SET LOCAL values revert when the transaction ends.

public import HeliosCore
public import HeliosValues

package struct SettingsStore {
    /// Known parameters: canonical name and default value.
    static let defaults: [(name: String, value: String)] = [
        ("application_name", ""),
        ("bytea_output", "hex"),
        ("client_encoding", "UTF8"),
        ("client_min_messages", "notice"),
        ("DateStyle", "ISO, MDY"),
        ("default_transaction_isolation", "read committed"),
        ("default_transaction_read_only", "off"),
        ("extra_float_digits", "1"),
        ("idle_in_transaction_session_timeout", "0"),
        ("integer_datetimes", "on"),
        ("IntervalStyle", "postgres"),
        ("is_superuser", "on"),
        ("lc_collate", "C"),
        ("lc_ctype", "C"),
        ("lc_messages", "C"),
        ("lc_monetary", "C"),
        ("lc_numeric", "C"),
        ("lc_time", "C"),
        ("lock_timeout", "0"),
        ("log_min_duration_statement", "-1"),
        ("max_identifier_length", "63"),
        ("search_path", "\"$user\", public"),
        ("server_encoding", "UTF8"),
        ("server_version", "15.0"),
        ("server_version_num", "150000"),
        ("session_authorization", "helios"),
        ("standard_conforming_strings", "on"),
        ("statement_timeout", "0"),
        ("synchronous_commit", "on"),
        ("TimeZone", "Etc/UTC"),
        ("timezone_abbreviations", "Default"),
        ("transaction_isolation", "read committed"),
        ("transaction_read_only", "off"),
        ("work_mem", "4MB"),
        ("maintenance_work_mem", "64MB"),
        ("default_statistics_target", "100"),
        ("enable_seqscan", "on"),
        ("enable_indexscan", "on"),
        ("enable_hashjoin", "on"),
        ("enable_nestloop", "on"),
        ("enable_mergejoin", "on"),
        ("enable_sort", "on"),
        ("cpu_tuple_cost", "0.01"),
        ("cpu_index_tuple_cost", "0.005"),
        ("cpu_operator_cost", "0.0025"),
        ("jit", "off"),
        ("row_security", "on"),
        ("xmloption", "content"),
        ("check_function_bodies", "on"),
        ("default_tablespace", ""),
        ("default_with_oids", "off"),
        ("escape_string_warning", "on"),
        ("geqo", "on"),
        ("max_parallel_workers_per_gather", "2"),
        ("random_page_cost", "4"),
        ("seq_page_cost", "1"),
        ("effective_cache_size", "4GB"),
        ("track_io_timing", "off"),
        ("plan_cache_mode", "auto"),
        ("password_encryption", "scram-sha-256"),
        ("default_table_access_method", "heap"),
        ("max_index_keys", "32"),
        ("block_size", "8192"),
        ("in_hot_standby", "off"),
    ]

    /// Parameters SET cannot change (PostgreSQL's internal and postmaster ones).
    static let readOnly: Set<String> = [
        "server_version", "server_version_num", "server_encoding", "integer_datetimes", "max_identifier_length", "lc_collate",
        "lc_ctype", "is_superuser", "max_index_keys", "block_size", "in_hot_standby",
    ]

    /// Whether SET cannot change parameter `name`.
    static func isReadOnly(_ name: String) -> Bool { readOnly.contains(name.lowercased()) }

    /// Parameters only a superuser may SET (PostgreSQL's PGC_SUSET), lower case.
    static let superuserOnly: Set<String> = ["log_min_duration_statement"]

    /// Whether only a superuser may change parameter `name`.
    static func isSuperuserOnly(_ name: String) -> Bool { superuserOnly.contains(name.lowercased()) }

    static let logMinDurationStatement = MillisecondsSetting(name: "log_min_duration_statement", range: -1...Int(Int32.max))

    static let canonicalNames: [String: String] = Dictionary(uniqueKeysWithValues: defaults.map { ($0.name.lowercased(), $0.name) })

    private var values: [String: String] = [:]
    /// Values to restore when the transaction ends (SET LOCAL, and SET inside a transaction
    /// that rolls back).
    private var transactionUndo: [String: String?] = [:]
    package private(set) var valueSettings = SessionSettings.standard
    /// Changes with every SET, RESET and transaction-end undo: what is derived from the
    /// settings (the planner's cost model) is cached until it moves.
    package private(set) var generation = 0
    package var searchPath: [String] = ["public"]
    package var user: String
    /// log_min_duration_statement in milliseconds (-1: off), read by the server after each statement.
    package private(set) var logMinDurationStatement = -1
    /// Values RESET returns to where the server's configuration (its command line) replaced
    /// the built-in default, by lower-case name.
    private var serverDefaults: [String: String] = [:]

    /// `generation`: where to continue counting (a store replacing another must not repeat
    /// generations the old one had, or caches keyed by them would match).
    package init(user: String, generation: Int = 0) {
        self.user = user
        self.generation = generation
        for (name, value) in Self.defaults { values[name.lowercased()] = value }
        values["session_authorization"] = user
    }

    /// The canonical spelling of a parameter name, or nil for an unknown one (names with a
    /// dot are custom parameters, always allowed).
    static func canonical(_ name: String) -> String? {
        let lowered = name.lowercased()
        if let known = canonicalNames[lowered] { return known }
        return lowered.contains(".") ? lowered : nil
    }

    /// SHOW name.
    package func show(_ name: String) throws(DatabaseError) -> (name: String, value: String) {
        guard let canonical = Self.canonical(name), let value = values[canonical.lowercased()] else {
            throw DatabaseError(.undefinedObject, "unrecognized configuration parameter \"\(name)\"")
        }
        return (canonical, value)
    }

    package func value(_ name: String) -> String? {
        values[name.lowercased()]
    }

    /// All known parameters, for SHOW ALL and pg_settings.
    package var all: [(name: String, value: String)] {
        Self.defaults.map { ($0.name, values[$0.name.lowercased()] ?? $0.value) }
    }

    /// SET name = value (local: until the transaction ends; inTransaction: undone if it rolls back).
    package mutating func set(_ name: String, to value: String?, local: Bool, inTransaction: Bool) throws(DatabaseError) {
        guard let canonical = Self.canonical(name) else {
            throw DatabaseError(.undefinedObject, "unrecognized configuration parameter \"\(name)\"")
        }
        let key = canonical.lowercased()
        let newValue = value ?? serverDefaults[key] ?? Self.defaults.first { $0.name.lowercased() == key }?.value ?? ""
        if Self.readOnly.contains(key) {
            throw DatabaseError(.cantChangeRuntimeParam, "parameter \"\(canonical)\" cannot be changed")
        }
        let normalized = try apply(key, newValue)
        if (local || inTransaction) && transactionUndo[key] == nil {
            transactionUndo[key] = .some(values[key])
        }
        values[key] = normalized
        generation += 1
        if !local && inTransaction {
            // A plain SET in a transaction survives its commit.
            committedInTransaction.insert(key)
        }
    }

    private var committedInTransaction: Set<String> = []

    /// Makes `value` parameter `name`'s value and the one RESET returns to, as a setting in
    /// postgresql.conf or on the server's command line is.
    package mutating func setServerDefault(_ name: String, to value: String) throws(DatabaseError) {
        guard let canonical = Self.canonical(name) else {
            throw DatabaseError(.undefinedObject, "unrecognized configuration parameter \"\(name)\"")
        }
        let key = canonical.lowercased()
        values[key] = try apply(key, value)
        serverDefaults[key] = values[key]
        generation += 1
    }

    /// Applies a value to the typed settings; returns the value as SHOW prints it.
    private mutating func apply(_ key: String, _ value: String) throws(DatabaseError) -> String {
        switch key {
        case "timezone":
            valueSettings.timeZone = try TimeZoneDatabase.sessionTimeZone(value)
            return value
        case "datestyle":
            return try applyDateStyle(value)
        case "intervalstyle":
            switch value.lowercased() {
            case "postgres": valueSettings.intervalStyle = .postgres
            case "postgres_verbose": valueSettings.intervalStyle = .postgresVerbose
            case "sql_standard": valueSettings.intervalStyle = .sqlStandard
            case "iso_8601": valueSettings.intervalStyle = .iso8601
            default: throw invalidValue("IntervalStyle", value)
            }
            return value.lowercased()
        case "extra_float_digits":
            guard let digits = Int(value), (-15...3).contains(digits) else { throw invalidValue("extra_float_digits", value) }
            valueSettings.extraFloatDigits = digits
            return String(digits)
        case "bytea_output":
            switch value.lowercased() {
            case "hex": valueSettings.byteaOutputHex = true
            case "escape": valueSettings.byteaOutputHex = false
            default: throw invalidValue("bytea_output", value)
            }
            return value.lowercased()
        case "search_path":
            searchPath = Self.parseSearchPath(value, user: user)
            return value
        case "client_encoding":
            let upper = value.uppercased().replacingOccurrences(of: "-", with: "")
            guard upper == "UTF8" || upper == "UNICODE" || upper == "SQL_ASCII" else {
                throw DatabaseError(.featureNotSupported, "encoding \"\(value)\" is not supported; HeliosDB speaks UTF8")
            }
            return upper == "SQL_ASCII" ? "SQL_ASCII" : "UTF8"
        case "transaction_isolation", "default_transaction_isolation":
            let lowered = value.lowercased()
            guard ["read uncommitted", "read committed", "repeatable read", "serializable"].contains(lowered) else {
                throw invalidValue(key, value)
            }
            return lowered == "read uncommitted" ? "read committed" : lowered
        case "log_min_duration_statement":
            logMinDurationStatement = try Self.logMinDurationStatement.parse(value)
            return MillisecondsSetting.display(logMinDurationStatement)
        case "standard_conforming_strings":
            guard ["on", "true", "yes", "1"].contains(value.lowercased()) else {
                throw DatabaseError(.featureNotSupported, "standard_conforming_strings can only be on")
            }
            return "on"
        default:
            return value
        }
    }

    private mutating func applyDateStyle(_ value: String) throws(DatabaseError) -> String {
        var style = valueSettings.dateStyle
        var order = valueSettings.dateOrder
        for part in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            switch part {
            case "iso": style = .iso
            case "sql": style = .sql
            case "postgres": style = .postgres
            case "german": style = .german
            case "mdy", "us", "noneuropean", "non-european": order = .monthDayYear
            case "dmy", "euro", "european": order = .dayMonthYear
            case "ymd": order = .yearMonthDay
            case "default": break
            default: throw invalidValue("DateStyle", value)
            }
        }
        valueSettings.dateStyle = style
        valueSettings.dateOrder = order
        let styleName = switch style {
        case .iso: "ISO"
        case .sql: "SQL"
        case .postgres: "Postgres"
        case .german: "German"
        }
        let orderName = switch order {
        case .monthDayYear: "MDY"
        case .dayMonthYear: "DMY"
        case .yearMonthDay: "YMD"
        }
        return "\(styleName), \(orderName)"
    }

    private func invalidValue(_ name: String, _ value: String) -> DatabaseError {
        DatabaseError(.invalidParameterValue, "invalid value for parameter \"\(name)\": \"\(value)\"")
    }

    /// The schemas of a search_path value ("$user" becomes the user's name).
    static func parseSearchPath(_ value: String, user: String) -> [String] {
        value.split(separator: ",").map { part in
            var name = part.trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2 {
                name = String(name.dropFirst().dropLast())
            } else {
                name = name.lowercased()
            }
            return name == "$user" ? user : name
        }.filter { !$0.isEmpty }
    }

    /// The transaction ended: SET LOCAL values revert, and so do all SETs of a rolled-back one.
    package mutating func transactionEnded(committed: Bool) {
        if !transactionUndo.isEmpty { generation += 1 }
        for (key, previous) in transactionUndo {
            if committed && committedInTransaction.contains(key) { continue }
            if let previous {
                values[key] = previous
                _ = try? apply(key, previous)
            }
        }
        transactionUndo = [:]
        committedInTransaction = []
    }
}
