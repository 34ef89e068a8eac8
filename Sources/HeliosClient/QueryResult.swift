// What one statement returned: its columns, its rows as text (the client asks for text results
// only, which every server and type supports), and the command tag.

/// One result column, from RowDescription.
public struct ResultColumn: Sendable, Equatable {
    public var name: String
    public var typeOID: UInt32

    public init(name: String, typeOID: UInt32) {
        self.name = name
        self.typeOID = typeOID
    }
}

/// The outcome of one statement.
public struct QueryResult: Sendable, Equatable {
    public var columns: [ResultColumn]
    /// Each row's values in text format; nil is SQL NULL.
    public var rows: [[String?]]
    /// "SELECT 3", "INSERT 0 1", "CREATE TABLE"...; empty for an empty query.
    public var commandTag: String

    public init(columns: [ResultColumn] = [], rows: [[String?]] = [], commandTag: String = "") {
        self.columns = columns
        self.rows = rows
        self.commandTag = commandTag
    }

    /// Rows the command reported (the tag's last number: rows selected, inserted, updated, copied).
    public var affectedRowCount: Int? {
        guard let last = commandTag.split(separator: " ").last else { return nil }
        return Int(last)
    }

    /// The first row's first value, for one-value queries.
    public var scalar: String? { rows.first?.first ?? nil }
}
