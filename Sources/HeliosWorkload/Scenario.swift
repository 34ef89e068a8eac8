// A scenario is a small application's database: its tables (primary keys only), how to fill
// them at a scale, the statements the application sends (templates), the phases its day goes
// through (each phase leans on different templates, so different indexes would help), and the
// indexes a DBA might consider for those templates (the "index every candidate" baseline).

/// One application workload.
public struct Scenario: Sendable {
    public var name: String
    public var summary: String
    public var tables: [TableDefinition]
    public var templates: [QueryTemplate]
    public var phases: [WorkloadPhase]
    public var candidateIndexes: [CandidateIndex]

    /// Row counts of every table at `scale` (scale 1 is each table's base row count).
    public func rowCounts(scale: Double) -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in tables { counts[table.name] = table.rowCount(scale: scale) }
        return counts
    }

    public func templateIndex(named name: String) -> Int? {
        templates.firstIndex { $0.name == name }
    }

    /// Every scenario this build knows, by name.
    public static let all: [Scenario] = [.ecommerce, .saas, .events]

    public static func named(_ name: String) -> Scenario? {
        all.first { $0.name == name }
    }
}

/// A table with its DDL and a generator for its rows.
public struct TableDefinition: Sendable {
    public var name: String
    /// CREATE TABLE with the primary key as the only index.
    public var createStatement: String
    /// Column names in the order `row` produces values.
    public var columns: [String]
    public var baseRowCount: Int
    /// Row `number` (1-based) of the seeded data; `counts` gives every table's size, for
    /// foreign keys into them.
    public var row: @Sendable (_ number: Int, _ random: inout WorkloadRandom, _ counts: [String: Int]) -> [String?]

    public init(name: String, createStatement: String, columns: [String], baseRowCount: Int,
                row: @escaping @Sendable (Int, inout WorkloadRandom, [String: Int]) -> [String?]) {
        self.name = name
        self.createStatement = createStatement
        self.columns = columns
        self.baseRowCount = baseRowCount
        self.row = row
    }

    public func rowCount(scale: Double) -> Int {
        max(1, Int((Double(baseRowCount) * scale).rounded()))
    }
}

/// Whether a template reads or changes data.
public enum StatementKind: String, Sendable {
    case read, write
}

/// One statement shape the application sends, with `$n` parameters and a generator for them.
public struct QueryTemplate: Sendable {
    public var name: String
    public var sql: String
    public var kind: StatementKind
    public var parameters: @Sendable (inout ParameterContext) -> [String?]

    public init(_ name: String, _ kind: StatementKind, _ sql: String,
                parameters: @escaping @Sendable (inout ParameterContext) -> [String?]) {
        self.name = name
        self.kind = kind
        self.sql = sql
        self.parameters = parameters
    }
}

/// What a parameter generator may use: the randomness, the seeded tables' sizes, fresh keys for
/// inserts, and the workload's clock (seconds since the run began) for "now"-relative values.
public struct ParameterContext: Sendable {
    public var random: WorkloadRandom
    public let rowCounts: [String: Int]
    /// Seconds since the start of the run at which the statement arrives.
    public var elapsedSeconds: Double = 0
    private var nextKeys: [String: Int] = [:]
    /// New keys start this far above the seeded rows, so two streams can insert side by side.
    private let keyOffset: Int

    public init(random: WorkloadRandom, rowCounts: [String: Int], keyOffset: Int = 0) {
        self.random = random
        self.rowCounts = rowCounts
        self.keyOffset = keyOffset
    }

    public func rowCount(_ table: String) -> Int { rowCounts[table] ?? 1 }

    /// A primary key no seeded row and no earlier insert of this stream used.
    public mutating func newKey(_ table: String) -> Int {
        let key = nextKeys[table] ?? (rowCount(table) + 1 + keyOffset)
        nextKeys[table] = key + 1
        return key
    }

    /// An existing row's key, hot rows more often.
    public mutating func hotKey(_ table: String) -> Int { random.skewed(upTo: rowCount(table)) }

    /// An existing row's key, uniformly.
    public mutating func anyKey(_ table: String) -> Int { random.int(in: 1...rowCount(table)) }
}

/// A stretch of the run with its own template mix.
public struct WorkloadPhase: Sendable {
    public var name: String
    /// What the phase is about (which columns it filters on), for reports.
    public var summary: String
    /// Relative weights by template name; templates not named do not arrive in this phase.
    public var weights: [String: Double]

    public init(_ name: String, _ summary: String, _ weights: [String: Double]) {
        self.name = name
        self.summary = summary
        self.weights = weights
    }
}

/// An index a DBA might consider for the scenario's templates.
public struct CandidateIndex: Sendable, Equatable {
    public var table: String
    public var columns: [String]

    public init(_ table: String, _ columns: [String]) {
        self.table = table
        self.columns = columns
    }

    public var name: String { "candidate_" + table + "_" + columns.joined(separator: "_") }

    public var createStatement: String {
        "CREATE INDEX \(name) ON \(table) (\(columns.joined(separator: ", ")))"
    }
}
