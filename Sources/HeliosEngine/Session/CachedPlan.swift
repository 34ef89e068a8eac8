// Plans of prepared queries, kept between Executes (PostgreSQL's plan cache). A plan embeds
// what binding resolved: relation descriptors (with their storage trees), the search path's
// answer to each unqualified name, constants folded under DateStyle and TimeZone. It is reused
// only while all of that holds: the catalog version (the one the statement's snapshot sees
// exactly, CatalogVersion.swift; no plan is cached or reused when that is unknown), the statistics
// version (bumped by ANALYZE, so that fresh statistics re-plan) and the settings generation
// (moved by any SET: the search path, the settings folding reads, the planner's) — and never
// inside a transaction that changed the catalog itself.

import HeliosCore

package struct CachedPlan: Sendable {
    package struct Key: Equatable, Sendable {
        package var catalogVersion: UInt64
        /// Bumped by ANALYZE: new statistics may make another plan better.
        package var statisticsVersion: UInt64
        /// Any SET moves it (the search path, folding and planner settings are all settings).
        package var settingsGeneration: Int
    }

    package var key: Key
    package var plan: LogicalPlan
    package var outputs: [OutputColumn]

    /// The secondary indexes the plan reads, by name (for tests and diagnostics).
    package var indexNames: [String] {
        var names: [String] = []
        _ = try? plan.transformingScans { scan in
            if let index = scan.access?.index, !names.contains(index.name) { names.append(index.name) }
            return scan
        }
        return names
    }
}

extension Session {
    /// The key a cached plan must have to be used by `statement`; nil when no plan may be cached.
    func planCacheKey(_ statement: StatementContext) -> CachedPlan.Key? {
        guard !statement.transaction.changedCatalog, let catalogVersion = statement.catalogVersion else { return nil }
        return CachedPlan.Key(catalogVersion: catalogVersion,
                              statisticsVersion: database.statistics.version.load(ordering: .relaxed),
                              settingsGeneration: settings.generation)
    }
}
