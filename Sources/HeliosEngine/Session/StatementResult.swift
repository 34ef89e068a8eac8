// What a statement returns: its result columns (for statements that return rows), the rows,
// and the command tag PostgreSQL would send ("SELECT 3", "INSERT 0 1", "BEGIN").

public import HeliosCore
public import HeliosValues

/// One result column, as a RowDescription describes it.
public struct ResultColumn: Sendable, Equatable {
    public var name: String
    public var type: SQLType
    /// The table the column comes from (0 if none) and its attribute number (0 if none).
    public var tableOID: UInt32
    public var columnNumber: Int16

    public init(name: String, type: SQLType, tableOID: UInt32 = 0, columnNumber: Int16 = 0) {
        self.name = name
        self.type = type
        self.tableOID = tableOID
        self.columnNumber = columnNumber
    }
}

/// The outcome of one statement.
public struct StatementResult: Sendable {
    /// nil for statements that return no rows.
    public var columns: [ResultColumn]?
    public var rows: [[SQLValue]]
    public var commandTag: String
    /// Notices raised while it ran.
    public var notices: [String] = []
    /// The settings its values print with (DateStyle, extra_float_digits ..., and the catalog
    /// names regclass and its kin print as), as they were when it ran.
    public var outputSettings: SessionSettings = .standard

    public init(columns: [ResultColumn]?, rows: [[SQLValue]], commandTag: String) {
        self.columns = columns
        self.rows = rows
        self.commandTag = commandTag
    }

    /// The rows as text, as psql prints them (NULL as nil).
    public var textRows: [[String?]] {
        rows.map { row in
            row.enumerated().map { index, value in
                value.isNull ? nil : TextFormat.format(value, as: columns?[index].type, settings: outputSettings)
            }
        }
    }
}

extension ResultColumn {
    init(_ output: OutputColumn) {
        self.init(name: output.name, type: output.type, tableOID: output.origin?.table.rawValue ?? 0,
                  columnNumber: output.origin?.column ?? 0)
    }
}
