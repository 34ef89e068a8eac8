// Reading versioned rows from either kind of storage transaction: a snapshot of the latest
// commit (queries) or the running write transaction (statements that write, which must see
// their own changes).

public import HeliosCore
public import HeliosStorage

/// A storage transaction to read from.
package enum StorageAccess {
    case read(ReadTransaction)
    case write(WriteTransaction)

    /// The raw entry (a version chain) under `key`.
    package func entry(_ key: [UInt8], in tree: TreeID) throws(DatabaseError) -> [UInt8]? {
        switch self {
        case .read(let reader): try reader.get(key, in: tree)
        case .write(let writer): try writer.get(key, in: tree)
        }
    }

    /// The version of the row under `key` that `snapshot` sees.
    package func fetch(_ key: [UInt8], in tree: TreeID, snapshot: Snapshot) throws(DatabaseError) -> [UInt8]? {
        switch self {
        case .read(let reader): try RowStore.fetch(key, in: tree, from: reader, snapshot: snapshot)
        case .write(let writer): try RowStore.fetch(key, in: tree, from: writer, snapshot: snapshot)
        }
    }

    package func cursor(_ tree: TreeID) throws(DatabaseError) -> TreeCursor {
        switch self {
        case .read(let reader): try reader.cursor(tree)
        case .write(let writer): try writer.cursor(tree)
        }
    }

    /// Calls `visit` with each row's key and visible version in key order from `start` (or the
    /// first key); stops when it returns false.
    package func scan(_ tree: TreeID, snapshot: Snapshot, from start: [UInt8]? = nil,
                      _ visit: ([UInt8], UnsafeRawBufferPointer) throws(DatabaseError) -> Bool) throws(DatabaseError) {
        let cursor = try cursor(tree)
        var more: Bool
        if let start { more = try cursor.seek(atOrAfter: start) } else { more = try cursor.first() }
        while more {
            var keepGoing = true
            try cursor.withValue { (chain) throws(DatabaseError) in
                if let data = try snapshot.visibleVersion(chain) {
                    keepGoing = try visit(cursor.key, data)
                }
            }
            if !keepGoing { return }
            more = try cursor.next()
        }
    }
}
