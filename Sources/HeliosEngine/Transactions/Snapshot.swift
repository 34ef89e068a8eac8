// A snapshot decides which row versions a statement (READ COMMITTED) or a whole transaction
// (REPEATABLE READ, SERIALIZABLE) sees, exactly as PostgreSQL's MVCC snapshots do: the
// transactions that had committed when it was taken, plus the snapshot owner's own changes
// made by earlier commands.

package import HeliosCore

/// The transactions visible to one reader.
///
/// A transaction is "committed before the snapshot" when its ID is below `xmax`, it was not in
/// progress when the snapshot was taken, and it did not abort. Abort status of a finished
/// transaction never changes, so the aborted set captured with the snapshot suffices.
public struct Snapshot: Sendable {
    /// The first transaction ID not yet handed out when the snapshot was taken.
    package let xmax: TransactionID
    /// Transactions in progress when the snapshot was taken (not the owner's own).
    package let active: Set<UInt64>
    /// Transactions known to have aborted.
    package let aborted: Set<UInt64>
    /// The owner's transaction IDs whose changes count as its own (top level and subtransactions
    /// not rolled back), and the number of the command now running.
    package var own: Set<UInt64>
    package var command: UInt32

    package init(xmax: TransactionID, active: Set<UInt64>, aborted: Set<UInt64>, own: Set<UInt64> = [], command: UInt32 = 0) {
        self.xmax = xmax
        self.active = active
        self.aborted = aborted
        self.own = own
        self.command = command
    }

    /// Whether `xid` committed before this snapshot was taken (own transactions excluded).
    @inline(__always)
    package func committedBefore(_ xid: TransactionID) -> Bool {
        if xid == .frozen { return true }
        return xid < xmax && !active.contains(xid.rawValue) && !aborted.contains(xid.rawValue)
            && !own.contains(xid.rawValue)
    }

    /// Whether a version with this header is visible.
    @inline(__always)
    package func sees(_ version: VersionChain.Header) -> Bool {
        // Created by someone this snapshot sees, or by an earlier command of its own.
        let created = own.contains(version.xmin.rawValue) ? version.cmin < command : committedBefore(version.xmin)
        guard created else { return false }
        guard version.xmax.isValid, !version.xmaxOnlyLocks else { return true }
        // Deleted or replaced: still visible unless that change is visible too.
        if own.contains(version.xmax.rawValue) { return version.cmax >= command }
        return !committedBefore(version.xmax)
    }

    /// The data of the version of a row this snapshot sees, if any.
    @inline(__always)
    package func visibleVersion(_ chain: UnsafeRawBufferPointer) throws(DatabaseError) -> UnsafeRawBufferPointer? {
        var found: UnsafeRawBufferPointer?
        try VersionChain.forEach(chain) { header, data in
            if sees(header) {
                found = data
                return false
            }
            return true
        }
        return found
    }
}

