// Maintenance and utility statements: EXPLAIN, ANALYZE, VACUUM, COPY, CHECKPOINT, DISCARD,
// LISTEN/UNLISTEN/NOTIFY, LOCK and DO.

/// `EXPLAIN [ANALYZE] [VERBOSE] statement` or `EXPLAIN (options) statement`.
public struct ExplainStatement: Sendable, Hashable {
    public var options: [ExplainOption]
    public var statement: Statement
    public var location: SourceLocation

    public init(options: [ExplainOption] = [], statement: Statement, location: SourceLocation = .unknown) {
        self.options = options
        self.statement = statement
        self.location = location
    }
}

/// An EXPLAIN option, checked against PostgreSQL's list.
public enum ExplainOption: Sendable, Hashable {
    case analyze(Bool)
    case verbose(Bool)
    case costs(Bool)
    case buffers(Bool)
    case timing(Bool)
    case summary(Bool)
    case settings(Bool)
    case wal(Bool)
    case format(ExplainFormat)
}

/// EXPLAIN's output formats.
public enum ExplainFormat: String, Sendable, Hashable {
    case text = "TEXT"
    case json = "JSON"
    case xml = "XML"
    case yaml = "YAML"
}

/// A table (and optionally columns) named by ANALYZE or VACUUM.
public struct MaintenanceTarget: Sendable, Hashable {
    public var table: QualifiedName
    public var columns: [String]

    public init(table: QualifiedName, columns: [String] = []) {
        self.table = table
        self.columns = columns
    }
}

/// `VACUUM [(options)] [FULL] [FREEZE] [VERBOSE] [ANALYZE] [tables]` and
/// `ANALYZE [(options)] [VERBOSE] [tables]`; the old keyword forms become options.
public struct MaintenanceStatement: Sendable, Hashable {
    /// False for ANALYZE, true for VACUUM.
    public var isVacuum: Bool
    /// Options such as `full`, `freeze`, `verbose`, `analyze`, `parallel 2`, lower case.
    public var options: [DefinitionOption]
    public var targets: [MaintenanceTarget]
    public var location: SourceLocation

    public init(isVacuum: Bool, options: [DefinitionOption] = [], targets: [MaintenanceTarget] = [],
                location: SourceLocation = .unknown) {
        self.isVacuum = isVacuum
        self.options = options
        self.targets = targets
        self.location = location
    }
}

/// `COPY table [(columns)] FROM | TO ...` or `COPY (query) TO ...`.
public struct CopyStatement: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        case table(QualifiedName, columns: [String])
        case query(Statement)
    }

    public enum Endpoint: Sendable, Hashable {
        /// STDIN or STDOUT: data travels over the client connection.
        case client
        case file(String)
        case program(String)
    }

    public var source: Source
    /// True for COPY FROM (loading into the table), false for COPY TO.
    public var isFrom: Bool
    public var endpoint: Endpoint
    public var options: [CopyOption]
    /// `COPY t FROM ... WHERE condition`.
    public var whereCondition: Expression?
    public var location: SourceLocation

    public init(source: Source, isFrom: Bool, endpoint: Endpoint, options: [CopyOption] = [],
                whereCondition: Expression? = nil, location: SourceLocation = .unknown) {
        self.source = source
        self.isFrom = isFrom
        self.endpoint = endpoint
        self.options = options
        self.whereCondition = whereCondition
        self.location = location
    }
}

/// A COPY option; the old-style keyword options map onto these.
public enum CopyOption: Sendable, Hashable {
    case format(CopyFormat)
    case freeze(Bool)
    case delimiter(String)
    case null(String)
    case header(CopyHeader)
    case quote(String)
    case escape(String)
    /// `FORCE_QUOTE (columns)`; `*` is `nil`.
    case forceQuote([String]?)
    case forceNotNull([String])
    case forceNull([String])
    case encoding(String)
}

/// COPY's data formats.
public enum CopyFormat: String, Sendable, Hashable {
    case text, csv, binary
}

/// COPY's HEADER option.
public enum CopyHeader: Sendable, Hashable {
    case absent, present, match
}

/// `DISCARD ALL | PLANS | SEQUENCES | TEMP`.
public enum DiscardTarget: String, Sendable, Hashable {
    case all = "ALL"
    case plans = "PLANS"
    case sequences = "SEQUENCES"
    case temporary = "TEMP"
}

/// `LOCK [TABLE] [ONLY] names [IN mode MODE] [NOWAIT]`.
public struct LockStatement: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable {
        case accessShare = "ACCESS SHARE"
        case rowShare = "ROW SHARE"
        case rowExclusive = "ROW EXCLUSIVE"
        case shareUpdateExclusive = "SHARE UPDATE EXCLUSIVE"
        case share = "SHARE"
        case shareRowExclusive = "SHARE ROW EXCLUSIVE"
        case exclusive = "EXCLUSIVE"
        case accessExclusive = "ACCESS EXCLUSIVE"
    }

    public var tables: [TableName]
    public var mode: Mode
    public var noWait: Bool
    public var location: SourceLocation

    public init(tables: [TableName], mode: Mode = .accessExclusive, noWait: Bool = false, location: SourceLocation = .unknown) {
        self.tables = tables
        self.mode = mode
        self.noWait = noWait
        self.location = location
    }
}

/// `NOTIFY channel [, 'payload']`.
public struct NotifyStatement: Sendable, Hashable {
    public var channel: String
    public var payload: String?

    public init(channel: String, payload: String? = nil) {
        self.channel = channel
        self.payload = payload
    }
}

/// `DO [LANGUAGE l] 'code'`.
public struct DoStatement: Sendable, Hashable {
    public var code: String
    public var language: String?

    public init(code: String, language: String? = nil) {
        self.code = code
        self.language = language
    }
}
