// Values too large to sit in a leaf live in a chain of overflow pages; the leaf cell keeps the
// total length and the first page. Chains are written once and never changed: replacing or
// deleting the value frees the whole chain.
//
// | offset | size | field                                                  |
// |--------|------|--------------------------------------------------------|
// | 0      | 40   | common page header (kind overflow; link = next page,   |
// |        |      | 0 on the last; count = payload bytes on this page)     |
// | 40     | ...  | payload                                                |

package import HeliosCore

/// Reading, writing and freeing overflow chains.
package enum Overflow {
    package static func payloadCapacity(pageSize: Int) -> Int { pageSize - PageHeader.size }

    /// The largest value a tree stores (PostgreSQL's limit for one field is 1 GB, too).
    package static let maximumValueLength = 1 << 30

    /// Writes `value` to a new chain and returns its first page.
    package static func write(_ value: UnsafeRawBufferPointer, pages: TransactionPages,
                              flags: UInt8 = 0) throws(DatabaseError) -> PageID {
        let capacity = payloadCapacity(pageSize: pages.pool.pageSize)
        let pageCount = (value.count + capacity - 1) / capacity
        precondition(pageCount > 0, "overflow chains hold non-empty values")
        var next = PageID.none
        // Back to front, so each page can point at the one already written after it.
        for index in stride(from: pageCount - 1, through: 0, by: -1) {
            let start = index * capacity
            let count = min(capacity, value.count - start)
            let page = try pages.allocate(kind: .overflow, flags: flags)
            page.bytes.link = next
            page.bytes.count = UInt32(count)
            page.bytes.copyBytes(from: UnsafeRawBufferPointer(rebasing: value[start..<(start + count)]), to: PageHeader.size)
            next = page.id
        }
        return next
    }

    /// Reads a whole chain, checking that its pages add up to `length`.
    package static func read(first: PageID, length: Int, pool: BufferPool) throws(DatabaseError) -> [UInt8] {
        var value = [UInt8]()
        value.reserveCapacity(length)
        try forEachPage(first: first, length: length, pool: pool) { (_, bytes) throws(DatabaseError) in
            value.append(contentsOf: bytes.bytes(at: PageHeader.size, count: Int(bytes.count)))
        }
        return value
    }

    /// Visits each page of a chain in order, verifying kinds and payload sizes.
    package static func forEachPage(
        first: PageID, length: Int, pool: BufferPool,
        _ visit: (PageID, PageBytes) throws(DatabaseError) -> Void
    ) throws(DatabaseError) {
        let capacity = payloadCapacity(pageSize: pool.pageSize)
        var remaining = length
        var current = first
        while !current.isNone {
            let page = try pool.pin(current)
            let count = Int(page.bytes.count)
            guard page.bytes.kindByte == PageKind.overflow.rawValue, count > 0, count <= capacity, count <= remaining else {
                throw DatabaseError(.dataCorrupted, "overflow chain is corrupted at page \(current.rawValue)",
                                    detail: "Expected an overflow page with at most \(remaining) more bytes.")
            }
            try visit(current, page.bytes)
            remaining -= count
            current = page.bytes.link
        }
        guard remaining == 0 else {
            throw DatabaseError(.dataCorrupted, "overflow chain starting at page \(first.rawValue) is too short",
                                detail: "\(remaining) of \(length) bytes are missing.")
        }
    }

    /// Frees every page of a chain.
    package static func free(first: PageID, length: Int, pages: TransactionPages) throws(DatabaseError) {
        var chain: [(PageID, UInt64, UInt8)] = []
        try forEachPage(first: first, length: length, pool: pages.pool) { (id, bytes) throws(DatabaseError) in
            chain.append((id, bytes.version, bytes.flags))
        }
        for (id, version, flags) in chain { pages.free(id, pageVersion: version, flags: flags) }
    }
}
