// Where a syntax-tree node starts in the SQL text. Locations never take part in equality or
// hashing: two trees that differ only in where their nodes stood are the same tree, which is
// what lets tests compare `parse(print(tree))` with `tree`.

/// A 0-based offset in Unicode scalars (PostgreSQL's characters) into the parsed text.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// 0-based offset of the node's first character; -1 for nodes made by code, not parsed.
    public var offset: Int

    public init(_ offset: Int) { self.offset = offset }

    /// A location for nodes built by code rather than parsed.
    public static let unknown = SourceLocation(-1)

    /// The 1-based position PostgreSQL reports in an error's `position` field, if known.
    public var errorPosition: Int? { offset >= 0 ? offset + 1 : nil }

    /// Always true: locations do not distinguish syntax trees (see the file comment).
    public static func == (lhs: SourceLocation, rhs: SourceLocation) -> Bool { true }

    /// Hashes nothing, to agree with `==`.
    public func hash(into hasher: inout Hasher) {}

    public var description: String { "@\(offset)" }
}
