// The answer to Describe S.

/// A prepared statement's parameter types and result columns.
public struct StatementDescription: Equatable, Sendable {
    /// One per parameter, inferred types resolved (ParameterDescription).
    public var parameterTypeOIDs: [UInt32]
    /// The result columns (RowDescription), or nil for a statement that returns no rows (NoData).
    public var columns: [ColumnDescription]?

    public init(parameterTypeOIDs: [UInt32], columns: [ColumnDescription]?) {
        self.parameterTypeOIDs = parameterTypeOIDs
        self.columns = columns
    }
}
