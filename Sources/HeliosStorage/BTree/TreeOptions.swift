// Per-tree page-layout settings, changeable at run time (the autopilot chooses them per index
// from the observed insert pattern), and the insert pattern the tree observes.

import HeliosCore

/// How a full leaf is split.
public enum SplitPolicy: UInt8, Sendable, CaseIterable {
    /// Detect sequential inserts per leaf: split at the end (or start) for ascending (or
    /// descending) runs, in the middle otherwise.
    case automatic = 0
    /// Always split at the insertion point when inserting at a leaf's end or start.
    case append = 1
    /// Always split in the middle by bytes.
    case balanced = 2
}

/// Layout settings of one tree.
public struct TreeOptions: Equatable, Sendable {
    public var splitPolicy: SplitPolicy
    /// Percent of a page filled by sequential splits and bulk loads (10...100).
    public var fillFactor: Int

    public init(splitPolicy: SplitPolicy = .automatic, fillFactor: Int = 100) {
        self.splitPolicy = splitPolicy
        self.fillFactor = fillFactor
    }

    public static let `default` = TreeOptions()

    func validated() throws(DatabaseError) -> TreeOptions {
        guard (10...100).contains(fillFactor) else {
            throw DatabaseError(.invalidParameterValue,
                                "value \(fillFactor) out of bounds for option \"fillfactor\"",
                                detail: "Valid values are between \"10\" and \"100\".")
        }
        return self
    }
}

/// What a tree has seen of its inserts since the store opened; drives the automatic split policy
/// and is reported to the autopilot.
public struct InsertPattern: Equatable, Sendable {
    /// Inserts that landed at the end (or start) of the leaf the previous insert went to.
    public var sequentialInserts: UInt64 = 0
    public var otherInserts: UInt64 = 0
    public var leafSplits: UInt64 = 0
    public var sequentialSplits: UInt64 = 0
    /// Inserts that replaced an existing key (a row rewritten: its version chain grew or shrank).
    public var replacements: UInt64 = 0
    /// New keys that landed at the end or start of a leaf, whichever leaf the previous insert went to.
    public var leafEndInserts: UInt64 = 0
    /// Where the last insert went: its leaf and whether at the end (+1), start (-1) or inside (0).
    var lastLeaf: PageID = .none
    var lastDirection: Int8 = 0

    public init() {}
}
