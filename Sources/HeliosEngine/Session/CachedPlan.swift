// Plans of prepared queries, kept between Executes (PostgreSQL's plan cache). A plan embeds
// what binding resolved: relation descriptors (with their storage trees), the search path's
// answer to each unqualified name, constants folded under DateStyle and TimeZone. It is reused
// only while all of that holds: the catalog version (bumped by every committed DDL before its
// commit becomes visible; checked after the statement's snapshot is taken), the statistics
// version (bumped by ANALYZE, so that fresh statistics re-plan), the search path and
// the settings that folding reads — and never inside a transaction that changed the catalog
// itself.

import HeliosCore

package struct CachedPlan: Sendable {
    package struct Key: Equatable, Sendable {
        var catalogVersion: UInt64
        /// Bumped by ANALYZE: new statistics may make another plan better.
        var statisticsVersion: UInt64
        var settings: String
    }

    package var key: Key
    package var plan: LogicalPlan
    package var outputs: [OutputColumn]
}

extension Session {
    /// The key a cached plan must have to be used now; nil when no plan may be cached.
    func planCacheKey(_ transaction: SQLTransaction) -> CachedPlan.Key? {
        guard !transaction.changedCatalog else { return nil }
        let folded = ["DateStyle", "TimeZone", "IntervalStyle", "extra_float_digits", "enable_seqscan", "enable_indexscan",
                      "enable_hashjoin", "enable_nestloop", "enable_mergejoin", "enable_sort", "random_page_cost", "seq_page_cost"].map { (try? settings.show($0).value) ?? "" }
        return CachedPlan.Key(catalogVersion: database.catalogVersion.load(ordering: .relaxed),
                              statisticsVersion: database.statistics.version.load(ordering: .relaxed),
                              settings: (settings.searchPath + folded).joined(separator: "\u{1}"))
    }
}
