// The cost-based optimizer seen through EXPLAIN: ANALYZE's statistics drive row estimates,
// indexes are used when they make a query cheaper and not otherwise, an index replaces a sort
// under a LIMIT, a join of five tables starts from its selective table, few outer rows make an
// index nested loop, and what-if planning costs indexes that do not exist. Tests assert plan
// shapes and estimate ranges, never timings; every query's rows are checked too.

import Foundation
import HeliosCore
import HeliosEngine
import Testing

@Suite struct CostBasedOptimizerTests {
    /// t: 10,000 rows; kind is 'common' for 90% of them, 'rare' for one, else 'other'; n is
    /// i % 1000 (uniform); id is the primary key.
    private func skewedTable(_ db: SQLTestDatabase) throws {
        try db.tag("CREATE TABLE t (id int PRIMARY KEY, kind text, n int, m int)")
        try db.tag("""
            INSERT INTO t SELECT i, CASE WHEN i = 77 THEN 'rare' WHEN i % 10 = 0 THEN 'other' ELSE 'common' END, i % 1000, i % 7
            FROM generate_series(1, 10000) i
            """)
    }

    private func plan(_ db: SQLTestDatabase, _ query: String) throws -> [String] {
        try db.rows("EXPLAIN " + query).map { $0[0] }
    }

    /// The estimated rows of the plan's first line.
    private func estimatedRows(_ db: SQLTestDatabase, _ query: String) throws -> Int {
        let first = try plan(db, query)[0]
        guard let range = first.range(of: #"rows=(\d+)"#, options: .regularExpression) else { return -1 }
        return Int(first[range].dropFirst(5)) ?? -1
    }

    @Test func analyzeStatisticsDriveRowEstimates() throws {
        let db = try SQLTestDatabase()
        try skewedTable(db)
        try db.tag("ANALYZE t")
        #expect(try estimatedRows(db, "SELECT * FROM t WHERE kind = 'rare'") <= 3)
        let common = try estimatedRows(db, "SELECT * FROM t WHERE kind = 'common'")
        #expect((8500...9500).contains(common), "\(common)")
        let range = try estimatedRows(db, "SELECT * FROM t WHERE n < 100")
        #expect((800...1200).contains(range), "\(range)")
        let between = try estimatedRows(db, "SELECT * FROM t WHERE n >= 100 AND n < 300")
        #expect((1600...2400).contains(between), "\(between)")
        let groups = try estimatedRows(db, "SELECT m, count(*) FROM t GROUP BY m")
        #expect(groups == 7, "\(groups)")
        #expect(try db.rows("SELECT count(*) FROM t WHERE kind = 'rare'") == [["1"]])

        // Statistics persist: a reopened database estimates the same.
        let reopened = try Database.open(at: db.directory + "-copy")
        try reopened.close()
        try db.tag("ANALYZE")  // every table
        #expect(try estimatedRows(db, "SELECT * FROM t WHERE kind = 'rare'") <= 3)
    }

    @Test func statisticsSurviveARestart() throws {
        let directory = "/tmp/helios-statistics-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var database = try Database.open(at: directory)
        var session = database.connect(user: "postgres")
        try session.execute("CREATE TABLE s (a int, b text)")
        try session.execute("INSERT INTO s SELECT i % 5, 'x' FROM generate_series(1, 1000) i")
        try session.execute("ANALYZE s")
        func rows() throws -> String { try session.query("EXPLAIN SELECT * FROM s WHERE a = 3").textRows[0][0] ?? "" }
        let before = try rows()
        #expect(before.contains("rows=200"), "\(before)")
        session.close()
        try database.close()
        database = try Database.open(at: directory)
        session = database.connect(user: "postgres")
        #expect(try rows() == before)
        session.close()
        try database.close()
    }

    @Test func indexesAreUsedWhenTheyAreCheaper() throws {
        let db = try SQLTestDatabase()
        try skewedTable(db)
        try db.tag("CREATE INDEX t_n ON t (n)")
        try db.tag("ANALYZE t")
        let selective = try plan(db, "SELECT * FROM t WHERE n = 5")
        #expect(selective[0].contains("Index Scan using t_n on t"), "\(selective)")
        let wide = try plan(db, "SELECT * FROM t WHERE n > 5")
        #expect(wide[0].contains("Seq Scan on t"), "\(wide)")
        let key = try plan(db, "SELECT * FROM t WHERE id = 42")
        #expect(key[0].contains("Index Scan using t_pkey on t"), "\(key)")
        #expect(try db.rows("SELECT count(*) FROM t WHERE n = 5") == [["10"]])
        #expect(try db.rows("SELECT count(*) FROM t WHERE n > 5") == [["9940"]])
        // A disabled method is priced out, not forbidden.
        try db.tag("SET enable_seqscan = off")
        #expect(try plan(db, "SELECT * FROM t WHERE n > 5")[0].contains("Index Scan using t_n on t"))
        #expect(try db.rows("SELECT count(*) FROM t WHERE n > 5") == [["9940"]])
    }

    @Test func anIndexReplacesTheSortUnderALimit() throws {
        let db = try SQLTestDatabase()
        try skewedTable(db)
        try db.tag("CREATE INDEX t_n_id ON t (n, id)")
        let newest = try plan(db, "SELECT id FROM t ORDER BY id DESC LIMIT 3")
        #expect(newest.contains { $0.contains("Index Scan Backward using t_pkey on t") }, "\(newest)")
        #expect(!newest.contains { $0.contains("Sort") }, "\(newest)")
        #expect(try db.rows("SELECT id FROM t ORDER BY id DESC LIMIT 3") == [["10000"], ["9999"], ["9998"]])
        // Equality on the first column, order by the second.
        let within = try plan(db, "SELECT id FROM t WHERE n = 7 ORDER BY id LIMIT 2")
        #expect(within.contains { $0.contains("Index Scan using t_n_id on t") }, "\(within)")
        #expect(!within.contains { $0.contains("Sort") }, "\(within)")
        #expect(try db.rows("SELECT id FROM t WHERE n = 7 ORDER BY id LIMIT 2") == [["7"], ["1007"]])
        // Sorting everything by an unindexed column still sorts.
        #expect(try plan(db, "SELECT id FROM t ORDER BY m LIMIT 3").contains { $0.contains("Sort") })
        // The ORDER BY column need not be selected (the sort then sits under the projection
        // that drops it), and a range on it rides along the index too.
        try db.tag("CREATE INDEX t_kind_n ON t (kind, n)")
        try db.tag("ANALYZE t")
        let hidden = "SELECT id FROM t WHERE kind = 'common' AND n >= 500 ORDER BY n LIMIT 3"
        let hiddenPlan = try plan(db, hidden)
        #expect(hiddenPlan.contains { $0.contains("Index Scan using t_kind_n on t") }, "\(hiddenPlan)")
        #expect(!hiddenPlan.contains { $0.contains("Sort") }, "\(hiddenPlan)")
        #expect(try db.rows(hidden).count == 3)
        #expect(try db.rows("SELECT n FROM t WHERE kind = 'common' AND n >= 500 ORDER BY n LIMIT 3") == [["501"], ["501"], ["501"]])
    }

    /// A chain c - b - a - d - e where only `a` is filtered to one row: the cheapest plan joins
    /// from `a` outwards, so no join below the top one reads more than a few rows.
    @Test func aFiveTableJoinStartsFromItsSelectiveTable() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE a (id int PRIMARY KEY, v int)")
        try db.tag("INSERT INTO a SELECT i, i FROM generate_series(1, 100) i")
        for name in ["b", "c", "d", "e"] {
            try db.tag("CREATE TABLE \(name) (id int PRIMARY KEY, a_id int, w int)")
            try db.tag("INSERT INTO \(name) SELECT i, i % 100 + 1, i FROM generate_series(1, 3000) i")
        }
        try db.tag("ANALYZE")
        let query = """
            SELECT count(*) FROM c, b, e, d, a
            WHERE b.a_id = a.id AND c.id = b.id AND d.a_id = a.id AND e.id = d.id AND a.v = 5
            """
        #expect(try db.rows(query) == [["900"]])
        let lines = try plan(db, query)
        // No cross product, and `a` is read at the deepest level of the join tree.
        #expect(!lines.contains { $0.contains("Nested Loop") && !$0.contains("Index") && lines.count < 3 })
        let depth = { (line: String) in line.prefix { $0 == " " }.count }
        let aLine = try #require(lines.first { $0.contains(" on a ") || $0.hasSuffix(" on a") }, "\(lines)")
        let deepest = lines.filter { $0.contains(" Scan ") }.map(depth).max() ?? 0
        #expect(depth(aLine) >= deepest - 6, "\(lines)")
        // Every estimate along the way is sane: the top join expects about the 900 rows it makes.
        let joinRows = lines.filter { $0.contains("Join") || $0.contains("Nested Loop") }.compactMap { line -> Int? in
            guard let range = line.range(of: #"rows=(\d+)"#, options: .regularExpression) else { return nil }
            return Int(line[range].dropFirst(5))
        }
        #expect(joinRows.allSatisfy { $0 <= 5000 }, "\(lines)")
    }

    @Test func fewOuterRowsMakeAnIndexNestedLoop() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE customers (id int PRIMARY KEY, region text)")
        try db.tag("INSERT INTO customers SELECT i, 'r' || (i % 50) FROM generate_series(1, 1000) i")
        try db.tag("CREATE TABLE orders (id int PRIMARY KEY, customer int, total int)")
        try db.tag("INSERT INTO orders SELECT i, i % 1000 + 1, i % 97 FROM generate_series(1, 20000) i")
        try db.tag("CREATE INDEX orders_customer ON orders (customer)")
        try db.tag("ANALYZE")
        let query = "SELECT sum(o.total) FROM customers c JOIN orders o ON o.customer = c.id WHERE c.id < 4"
        let lines = try plan(db, query)
        #expect(lines.contains { $0.contains("Nested Loop") }, "\(lines)")
        #expect(lines.contains { $0.contains("Index Scan using orders_customer on orders") }, "\(lines)")
        let expected = try db.rows(query)
        try db.tag("SET enable_nestloop = off")
        #expect(try plan(db, query).contains { $0.contains("Hash Join") })
        #expect(try db.rows(query) == expected)
        // A left join keeps customers without orders either way.
        try db.tag("RESET enable_nestloop")
        try db.tag("INSERT INTO customers VALUES (0, 'none')")
        let left = "SELECT c.id, count(o.id) FROM customers c LEFT JOIN orders o ON o.customer = c.id WHERE c.id < 3 GROUP BY c.id ORDER BY c.id"
        #expect(try db.rows(left) == [["0", "0"], ["1", "20"], ["2", "20"]])
    }

    @Test func whatIfPlansCostIndexesThatDoNotExist() throws {
        let db = try SQLTestDatabase()
        try skewedTable(db)
        try db.tag("ANALYZE t")
        let query = "SELECT * FROM t WHERE n = 5 AND m = 5"
        let without = try db.session.planWhatIf(query, indexes: [])
        let with = try db.session.planWhatIf(query, indexes: [HypotheticalIndex(table: "t", columns: ["n"])])
        #expect(with.totalCost < without.totalCost / 5, "\(with.totalCost) vs \(without.totalCost)")
        #expect(with.usedIndexes.count == 1)
        #expect(with.explain[0].contains("Index Scan using <hypothetical"), "\(with.explain)")
        #expect(without.usedIndexes.isEmpty)
        // An index on a column the query does not filter on is not used.
        let useless = try db.session.planWhatIf(query, indexes: [HypotheticalIndex(table: "t", columns: ["kind"])])
        #expect(useless.usedIndexes.isEmpty)
        #expect(abs(useless.totalCost - without.totalCost) < 0.01)
        // Nothing was built: the real plan still reads the table.
        #expect(try plan(db, query)[0].contains("Seq Scan on t"))
        #expect(try db.rows("SELECT count(*) FROM pg_indexes WHERE tablename = 't'") == [["1"]])
    }

    @Test func sortedInputsMakeAMergeJoin() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE l (id int PRIMARY KEY, v int)")
        try db.tag("INSERT INTO l SELECT i, i % 37 FROM generate_series(1, 6000) i")
        try db.tag("CREATE TABLE r (id int PRIMARY KEY, w int)")
        try db.tag("INSERT INTO r SELECT i * 2, CASE WHEN i % 9 = 0 THEN NULL ELSE i % 41 END FROM generate_series(1, 5000) i")
        try db.tag("ANALYZE")
        let queries = [
            "SELECT count(*), sum(v + w) FROM l JOIN r ON l.id = r.id",
            "SELECT l.id, r.w FROM l LEFT JOIN r ON r.id = l.id AND r.w > 3 ORDER BY l.id",
            "SELECT l.v, count(*) FROM l JOIN r ON l.v = r.w GROUP BY l.v ORDER BY l.v",
        ]
        let plan = try self.plan(db, queries[0])
        #expect(plan.contains { $0.contains("Merge Join") }, "\(plan)")
        #expect(!plan.contains { $0.contains("Sort") }, "\(plan)")
        // Duplicate keys on both sides, and NULL keys, through sorted inputs.
        try db.tag("SET enable_hashjoin = off")
        try db.tag("SET enable_nestloop = off")
        let sorted = try self.plan(db, queries[2])
        #expect(sorted.contains { $0.contains("Merge Join") } && sorted.contains { $0.contains("Sort") }, "\(sorted)")
        var merged: [[[String]]] = []
        for query in queries { merged.append(try db.rows(query)) }
        try db.tag("RESET enable_hashjoin")
        try db.tag("RESET enable_nestloop")
        try db.tag("SET enable_mergejoin = off")
        #expect(!(try self.plan(db, queries[0])).contains { $0.contains("Merge") })
        for (query, expected) in zip(queries, merged) {
            #expect(try db.rows(query) == expected, "\(query)")
        }
        #expect(merged[0] == [["3000", "\(Self.expectedSum())"]], "\(merged[0])")
    }

    /// sum(v + w) over l.id = r.id: ids 2, 4, ... 6000 (r's ids up to 10000), w NULL where i % 9 = 0.
    private static func expectedSum() -> Int {
        var sum = 0
        for i in 1...3000 where i % 9 != 0 { sum += (2 * i) % 37 + i % 41 }
        return sum
    }

    @Test func existsAndInSubqueriesBecomeSemiAndAntiJoins() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE p (id int PRIMARY KEY, k int)")
        try db.tag("INSERT INTO p SELECT i, CASE WHEN i % 10 = 0 THEN NULL ELSE i % 300 END FROM generate_series(1, 3000) i")
        try db.tag("CREATE TABLE q (id int PRIMARY KEY, k int, flag bool)")
        try db.tag("INSERT INTO q SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE i % 150 END, i % 3 = 0 FROM generate_series(1, 2000) i")
        try db.tag("ANALYZE")
        let exists = "SELECT count(*) FROM p WHERE EXISTS (SELECT 1 FROM q WHERE q.k = p.k AND q.flag)"
        let plan = try self.plan(db, exists)
        #expect(plan.contains { $0.contains("Semi Join") }, "\(plan)")
        #expect(try db.rows(exists) == db.rows("SELECT count(DISTINCT p.id) FROM p JOIN q ON q.k = p.k AND q.flag"))
        let notExists = "SELECT count(*) FROM p WHERE NOT EXISTS (SELECT 1 FROM q WHERE q.k = p.k AND q.flag)"
        #expect(try self.plan(db, notExists).contains { $0.contains("Anti Join") })
        let matched = Int(try db.rows(exists)[0][0])!
        #expect(try db.rows(notExists) == [["\(3000 - matched)"]])
        let inList = "SELECT count(*) FROM p WHERE p.k IN (SELECT q.k FROM q WHERE q.id > p.id)"
        #expect(try self.plan(db, inList).contains { $0.contains("Semi Join") })
        #expect(try db.rows(inList) == db.rows("SELECT count(DISTINCT p.id) FROM p JOIN q ON q.k = p.k AND q.id > p.id"))
        // NOT IN, where NULLs make the answer differ from an anti join, stays a subquery.
        let notIn = "SELECT count(*) FROM p WHERE p.k NOT IN (SELECT q.k FROM q WHERE q.id = p.id)"
        #expect(!(try self.plan(db, notIn)).contains { $0.contains("Anti Join") })
        #expect(try db.rows(notIn) == db.rows("""
            SELECT count(*) FROM p WHERE NOT EXISTS (SELECT 1 FROM q WHERE q.id = p.id AND (q.k = p.k OR q.k IS NULL OR p.k IS NULL))
            """))
        // A correlated aggregate is not a semi join either, and still answers.
        let aggregate = "SELECT count(*) FROM p WHERE p.k < (SELECT count(*) FROM q WHERE q.k = p.k)"
        #expect(try db.rows(aggregate) == db.rows("""
            SELECT count(*) FROM p LEFT JOIN (SELECT k, count(*) AS c FROM q GROUP BY k) g ON g.k = p.k WHERE p.k < coalesce(g.c, 0)
            """))
    }

    @Test func unusedColumnsOfDerivedTablesAreNotComputed() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE z (id int PRIMARY KEY, x int)")
        try db.tag("INSERT INTO z SELECT i, 7 FROM generate_series(1, 50) i")
        // PostgreSQL never evaluates k here: nothing reads it.
        #expect(try db.rows("SELECT count(*) FROM (SELECT id, 1 / (x - x) AS k FROM z) s") == [["50"]])
        #expect(try db.rows("SELECT s.id FROM (SELECT id, 1 / (x - x) AS k FROM z) s WHERE s.id = 3") == [["3"]])
        try db.tag("CREATE VIEW zv AS SELECT id, x, 1 / (x - x) AS k FROM z")
        #expect(try db.rows("SELECT max(id) FROM zv") == [["50"]])
        // What is read is still computed, and fails as it should.
        #expect(db.state("SELECT sum(k) FROM (SELECT id, 1 / (x - x) AS k FROM z) s") == "22012")
        #expect(db.state("SELECT k FROM zv WHERE id = 1") == "22012")
        // DISTINCT and set operations keep every column of their inputs.
        #expect(db.state("SELECT count(*) FROM (SELECT DISTINCT id, 1 / (x - x) AS k FROM z) s") == "22012")
        #expect(try db.rows("SELECT count(*) FROM (SELECT id, x AS k FROM z UNION SELECT id, x + 1 FROM z) s") == [["100"]])
    }
}
