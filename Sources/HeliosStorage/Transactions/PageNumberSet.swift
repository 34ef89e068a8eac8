// A set of page numbers that is a plain array while small: most write transactions allocate a
// handful of pages, and hashing each one cost more than the rest of the bookkeeping.

/// Page numbers, kept in an array up to `arrayLimit` elements and in a hash set beyond.
struct PageNumberSet: Sequence {
    private var small: [UInt32] = []
    private var large: Set<UInt32>?
    static let arrayLimit = 32

    var isEmpty: Bool { large?.isEmpty ?? small.isEmpty }

    mutating func insert(_ page: UInt32) {
        if large != nil {
            large!.insert(page)
        } else if small.count < Self.arrayLimit {
            if !small.contains(page) { small.append(page) }
        } else {
            large = Set(small)
            large!.insert(page)
            small = []
        }
    }

    /// Removes `page`; returns whether it was there.
    @discardableResult
    mutating func remove(_ page: UInt32) -> Bool {
        if large != nil { return large!.remove(page) != nil }
        guard let index = small.firstIndex(of: page) else { return false }
        small.swapAt(index, small.count - 1)
        small.removeLast()
        return true
    }

    func makeIterator() -> Array<UInt32>.Iterator {
        (large.map(Array.init) ?? small).makeIterator()
    }
}
