// Which catalog version a statement's snapshot sees. Caches keyed by the catalog version (plans
// of prepared statements, their described columns) are only right if everything cached under a
// version was read from a snapshot that sees exactly the catalog changes counted up to that
// version. A commit of a catalog change counts itself in flight, bumps the version, becomes
// visible, then leaves: so a version read while nothing is in flight, before a snapshot is
// taken, and read again unchanged after it, is exactly what that snapshot sees. Reading the
// version only after the snapshot (as before) let a statement whose snapshot missed a
// committing CREATE INDEX or DROP COLUMN cache its plan under the new version, to be reused by
// every later statement that does see it.

package import HeliosCore
import Synchronization

extension Database {
    /// The catalog version, if no change of the catalog is being committed: every change it
    /// counts is visible to a snapshot taken after this call.
    package func settledCatalogVersion() -> UInt64? {
        let version = catalogVersion.load(ordering: .sequentiallyConsistent)
        return catalogCommitsInFlight.load(ordering: .sequentiallyConsistent) == 0 ? version : nil
    }

    /// The version a snapshot taken after `settledCatalogVersion()` returned `before` sees
    /// exactly, or nil when a catalog change may have become visible meanwhile.
    package func catalogVersion(seenSince before: UInt64?) -> UInt64? {
        guard let before, catalogVersion.load(ordering: .sequentiallyConsistent) == before else { return nil }
        return before
    }

    /// Around the commit of a transaction that changed the catalog: counted in flight and the
    /// version bumped before it can become visible, no longer in flight once it is (or failed).
    package func committingCatalogChange<T>(_ commit: () throws(DatabaseError) -> T) throws(DatabaseError) -> T {
        catalogCommitsInFlight.add(1, ordering: .sequentiallyConsistent)
        defer { catalogCommitsInFlight.subtract(1, ordering: .sequentiallyConsistent) }
        catalogVersion.add(1, ordering: .sequentiallyConsistent)
        return try commit()
    }
}
