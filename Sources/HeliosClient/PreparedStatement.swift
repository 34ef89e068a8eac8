// A statement parsed once on the server (Parse) and executed many times with new parameters
// (Bind/Execute): what drivers do for repeated queries, and what the workload does for each
// template on each connection.

/// A named server-side prepared statement on one connection.
public struct PreparedStatement: Sendable, Equatable {
    /// The server-side name ("helios_1", ...), unique on its connection.
    public var name: String
    public var sql: String
    /// Parameter type OIDs the server inferred (ParameterDescription).
    public var parameterTypeOIDs: [UInt32]
    /// Result columns, empty for statements that return no rows.
    public var columns: [ResultColumn]
}
