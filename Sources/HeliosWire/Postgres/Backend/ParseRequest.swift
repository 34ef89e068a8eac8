// A Parse message, as the engine receives it.

/// Prepare `query` as `statementName`.
public struct ParseRequest: Equatable, Sendable {
    /// "" is the unnamed statement.
    public var statementName: String
    public var query: String
    /// Types the client gave, by position; 0 means "infer". May be shorter than the number of
    /// parameters the query uses (the rest are inferred) or longer.
    public var parameterTypeOIDs: [UInt32]

    public init(statementName: String, query: String, parameterTypeOIDs: [UInt32]) {
        self.statementName = statementName
        self.query = query
        self.parameterTypeOIDs = parameterTypeOIDs
    }
}
