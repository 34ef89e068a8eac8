// How one key column sorts: its direction and where its NULLs go. The key encoder and decoder
// take one per component; an index stores one per column in its definition.

/// The sort order of one key column: ASC or DESC, NULLS FIRST or NULLS LAST.
///
/// `NULLS FIRST` means first in the column's own order, whatever its direction, as in SQL:
/// `DESC NULLS LAST` lists the largest value first and the NULLs at the very end.
public struct KeyOrder: Hashable, Sendable, CustomStringConvertible {
    public enum Direction: Hashable, Sendable {
        case ascending, descending
    }

    public enum NullPlacement: Hashable, Sendable {
        case first, last
    }

    public var direction: Direction
    public var nulls: NullPlacement

    /// An order; without `nulls`, PostgreSQL's default: NULLs sort as if larger than any value,
    /// so last when ascending and first when descending.
    public init(_ direction: Direction = .ascending, nulls: NullPlacement? = nil) {
        self.direction = direction
        self.nulls = nulls ?? (direction == .ascending ? .last : .first)
    }

    /// `ASC NULLS LAST`, PostgreSQL's default.
    public static let ascending = KeyOrder(.ascending)
    /// `DESC NULLS FIRST`, PostgreSQL's default for `DESC`.
    public static let descending = KeyOrder(.descending)

    public var isDescending: Bool { direction == .descending }

    /// The clause as SQL writes it, e.g. "DESC NULLS LAST".
    public var description: String {
        (direction == .ascending ? "ASC" : "DESC") + (nulls == .first ? " NULLS FIRST" : " NULLS LAST")
    }
}
