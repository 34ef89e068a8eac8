// Relation and namespace descriptors shared by every statement whose snapshot sees the same
// catalog version exactly (StatementContext.catalogVersion): whatever such a snapshot reads from
// the catalog is the same for all of them, since only commits of catalog changes move the
// version. Looking names up and decoding descriptors from the catalog's trees for every
// statement cost 13% of a simple-protocol pgbench -S query. Statements whose version is unknown,
// or whose transaction changed the catalog itself, read the trees as before. Entries of an
// older version are dropped when a newer one is first stored; the entry count is bounded.

package import HeliosCore
import Synchronization

package final class SharedCatalogCache: Sendable {
    private struct RelationName: Hashable {
        var namespace: ObjectID
        var name: String
    }

    private struct Entries {
        var version: UInt64
        /// nil values are cached too: most unqualified names are first looked up in pg_catalog.
        var relationsByName: [RelationName: RelationDescriptor?] = [:]
        var namespacesByName: [String: NamespaceDescriptor?] = [:]
        var count: Int { relationsByName.count + namespacesByName.count }
    }

    /// Entries kept for one version at most; past it the cache starts over.
    static let entryLimit = 10_000

    private let entries = Mutex<Entries?>(nil)

    package init() {}

    /// The relation named `name` in `namespace` at `version`: .some(nil) when it is known not to exist, nil when not cached.
    package func relation(named name: String, in namespace: ObjectID, version: UInt64) -> RelationDescriptor?? {
        entries.withLock { entries in
            guard let entries, entries.version == version else { return nil }
            return entries.relationsByName[RelationName(namespace: namespace, name: name)]
        }
    }

    package func store(_ relation: RelationDescriptor?, named name: String, in namespace: ObjectID, version: UInt64) {
        update(version) { $0.relationsByName[RelationName(namespace: namespace, name: name)] = .some(relation) }
    }

    /// The namespace named `name` at `version`, as `relation(named:in:version:)`.
    package func namespace(named name: String, version: UInt64) -> NamespaceDescriptor?? {
        entries.withLock { entries in
            guard let entries, entries.version == version else { return nil }
            return entries.namespacesByName[name]
        }
    }

    package func store(_ namespace: NamespaceDescriptor?, named name: String, version: UInt64) {
        update(version) { $0.namespacesByName[name] = .some(namespace) }
    }

    private func update(_ version: UInt64, _ change: (inout Entries) -> Void) {
        entries.withLock { entries in
            if let current = entries, current.version > version { return }  // a late statement of an older version
            if entries == nil || entries?.version != version || entries!.count >= Self.entryLimit {
                entries = Entries(version: version)
            }
            change(&entries!)
        }
    }
}
