// The catalog tree (tree 0) maps tree IDs and names to each tree's root and options. It is an
// ordinary B+ tree, copied on write like the others, so every version has its own catalog and a
// snapshot sees each tree as it was when the snapshot began.
//
// | key                              | value                                            |
// |----------------------------------|--------------------------------------------------|
// | 0x01, tree ID (u64 big-endian)   | TreeRoot (24 bytes), split policy u8, fill u8, name (UTF-8) |
// | 0x02, name (UTF-8)               | tree ID (u64 big-endian)                         |
// | 0x03                             | next tree ID (u64 big-endian)                    |

package import HeliosCore

/// What the catalog records about one tree.
package struct TreeDescriptor: Equatable, Sendable {
    package var id: TreeID
    package var name: String
    package var root: TreeRoot
    package var options: TreeOptions
}

/// Keys and values of the catalog tree.
package enum TreeCatalog {
    package static let firstTreeID: UInt64 = 1

    package static func descriptorKey(_ id: TreeID) -> [UInt8] {
        [0x01] + bigEndian(id.rawValue)
    }

    package static func nameKey(_ name: String) -> [UInt8] {
        [0x02] + Array(name.utf8)
    }

    package static let nextIDKey: [UInt8] = [0x03]

    package static func encode(_ descriptor: TreeDescriptor) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: TreeRoot.byteCount + 2)
        bytes.withUnsafeMutableBytes { raw in
            descriptor.root.write(to: PageBytes(raw.baseAddress!, size: raw.count), at: 0)
        }
        bytes[TreeRoot.byteCount] = descriptor.options.splitPolicy.rawValue
        bytes[TreeRoot.byteCount + 1] = UInt8(descriptor.options.fillFactor)
        bytes.append(contentsOf: Array(descriptor.name.utf8))
        return bytes
    }

    package static func decode(_ bytes: UnsafeRawBufferPointer, id: TreeID) throws(DatabaseError) -> TreeDescriptor {
        guard bytes.count >= TreeRoot.byteCount + 2,
              let policy = SplitPolicy(rawValue: bytes[TreeRoot.byteCount]),
              (10...100).contains(Int(bytes[TreeRoot.byteCount + 1])) else {
            throw DatabaseError(.dataCorrupted, "catalog entry of \(id) is corrupted")
        }
        let root = TreeRoot.read(from: PageBytes(UnsafeMutableRawPointer(mutating: bytes.baseAddress!), size: bytes.count), at: 0)
        let name = String(decoding: bytes[(TreeRoot.byteCount + 2)...], as: UTF8.self)
        return TreeDescriptor(id: id, name: name, root: root,
                              options: TreeOptions(splitPolicy: policy, fillFactor: Int(bytes[TreeRoot.byteCount + 1])))
    }

    package static func bigEndian(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    package static func decodeBigEndian(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard bytes.count == 8 else { return nil }
        return UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self))
    }

    /// Looks up a tree's descriptor in a catalog version.
    package static func descriptor(of id: TreeID, catalog: TreeRoot, pool: BufferPool) throws(DatabaseError) -> TreeDescriptor? {
        let key = descriptorKey(id)
        return try key.withBytes { (raw) throws(DatabaseError) -> TreeDescriptor? in
            try BTreeReader.withValue(root: catalog, key: raw, pool: pool) { (value) throws(DatabaseError) in
                guard let value else { return nil }
                return try decode(value, id: id)
            }
        }
    }

    /// Looks up a tree's ID by name in a catalog version.
    package static func id(named name: String, catalog: TreeRoot, pool: BufferPool) throws(DatabaseError) -> TreeID? {
        let key = nameKey(name)
        return try key.withBytes { (raw) throws(DatabaseError) -> TreeID? in
            try BTreeReader.withValue(root: catalog, key: raw, pool: pool) { value in
                value.flatMap(decodeBigEndian).map(TreeID.init)
            }
        }
    }
}
