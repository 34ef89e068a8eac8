// A prepared query's cached plan (Session/CachedPlan.swift) is made again whenever what it was
// bound against changed: DDL of any session (the autopilot's index changes are DDL too),
// ANALYZE, the search path. Each test fails if that invalidation is missing: the old plan
// would miss the new index, read a dropped column, or a table the path no longer finds first.

import HeliosCore
import HeliosEngine
import HeliosValues
import Testing

@Suite struct PlanCacheTests {
    /// Bind, Execute and Sync of prepared statement `name`, as the wire's extended protocol does.
    private func run(_ db: SQLTestDatabase, _ name: String, _ parameters: [SQLValue] = []) throws -> [String] {
        do {
            _ = try db.session.bind(portal: "", statement: name, parameters: parameters)
            let output = try db.session.execute(portal: "", maxRows: 0)
            db.session.sync(errorReported: false)
            return output.rows.map { row in
                row.map { $0.isNull ? "NULL" : TextFormat.format($0, as: nil, settings: .standard) }.joined(separator: ",")
            }
        } catch {
            db.session.sync(errorReported: true)
            throw error
        }
    }

    private func cachedIndexes(_ db: SQLTestDatabase, _ name: String) -> [String]? {
        db.session.preparedStatements[name]?.cachedPlan?.indexNames
    }

    private func makeTable(_ db: SQLTestDatabase) throws {
        try db.tag("CREATE TABLE t (id int PRIMARY KEY, w int, v text)")
        try db.tag("INSERT INTO t SELECT g, g % 500, 'v' || g FROM generate_series(1, 5000) AS g")
        try db.tag("ANALYZE t")
    }

    @Test func indexCreatedAfterPlanningIsUsedThenDroppedIsNot() throws {
        let db = try SQLTestDatabase()
        try makeTable(db)
        let other = db.database.connect(user: "postgres")
        defer { other.close() }
        _ = try db.session.prepare(name: "q", text: "SELECT id FROM t WHERE w = $1 ORDER BY id", parameterTypes: [nil])
        let expected = ["7", "507", "1007", "1507", "2007", "2507", "3007", "3507", "4007", "4507"]
        #expect(try run(db, "q", [.int32(7)]) == expected)
        #expect(cachedIndexes(db, "q") == [])
        try other.execute("CREATE INDEX t_w ON t (w)")
        #expect(try run(db, "q", [.int32(7)]) == expected)
        #expect(cachedIndexes(db, "q") == ["t_w"])
        try other.execute("DROP INDEX t_w")
        #expect(try run(db, "q", [.int32(7)]) == expected)
        #expect(cachedIndexes(db, "q") == [])
    }

    @Test func droppedColumnIsAnErrorNotOldRows() throws {
        let db = try SQLTestDatabase()
        try makeTable(db)
        let other = db.database.connect(user: "postgres")
        defer { other.close() }
        _ = try db.session.prepare(name: "q", text: "SELECT v FROM t WHERE id = $1", parameterTypes: [nil])
        #expect(try run(db, "q", [.int32(3)]) == ["v3"])
        #expect(try run(db, "q", [.int32(4)]) == ["v4"])  // from the cached plan
        try other.execute("ALTER TABLE t DROP COLUMN v")
        let failure = #expect(throws: DatabaseError.self) { try run(db, "q", [.int32(3)]) }
        #expect(failure?.state == .undefinedColumn)
        try other.execute("ALTER TABLE t ADD COLUMN v text DEFAULT 'new'")
        #expect(try run(db, "q", [.int32(3)]) == ["new"])
    }

    @Test func analyzePlansAgain() throws {
        let db = try SQLTestDatabase()
        try makeTable(db)
        _ = try db.session.prepare(name: "q", text: "SELECT v FROM t WHERE id = $1", parameterTypes: [nil])
        #expect(try run(db, "q", [.int32(3)]) == ["v3"])
        let before = try #require(db.session.preparedStatements["q"]?.cachedPlan?.key)
        try db.database.connect(user: "postgres").execute("ANALYZE t")
        #expect(try run(db, "q", [.int32(3)]) == ["v3"])
        let after = try #require(db.session.preparedStatements["q"]?.cachedPlan?.key)
        #expect(after.statisticsVersion > before.statisticsVersion)
        #expect(after.catalogVersion == before.catalogVersion)
    }

    @Test func searchPathChangeFindsTheOtherTable() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE SCHEMA s")
        try db.tag("CREATE TABLE public.t (v text)")
        try db.tag("CREATE TABLE s.t (v text)")
        try db.tag("INSERT INTO public.t VALUES ('public')")
        try db.tag("INSERT INTO s.t VALUES ('s')")
        _ = try db.session.prepare(name: "q", text: "SELECT v FROM t", parameterTypes: [])
        #expect(try run(db, "q") == ["public"])
        #expect(try run(db, "q") == ["public"])
        try db.tag("SET search_path = s, public")
        #expect(try run(db, "q") == ["s"])
        try db.tag("RESET search_path")
        #expect(try run(db, "q") == ["public"])
    }

    @Test func catalogVersionOfASnapshotIsKnownOnlyWhenNoCatalogChangeIsCommitting() throws {
        let db = try SQLTestDatabase()
        let settled = try #require(db.database.settledCatalogVersion())
        #expect(db.database.catalogVersion(seenSince: settled) == settled)
        #expect(db.database.catalogVersion(seenSince: nil) == nil)
        // While a commit of a catalog change is in flight, no version can be trusted.
        try db.database.committingCatalogChange { () throws(DatabaseError) in
            #expect(db.database.settledCatalogVersion() == nil)
            #expect(db.database.catalogVersion(seenSince: settled) == nil)
        }
        let next = try #require(db.database.settledCatalogVersion())
        #expect(next == settled + 1)
    }
}
