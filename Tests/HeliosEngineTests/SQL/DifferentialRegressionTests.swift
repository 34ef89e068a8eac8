// Statements on which the differential tests (Tests/Differential) found HeliosDB answering
// otherwise than PostgreSQL 15, reduced to a few rows. Expected results are PostgreSQL's.

import HeliosCore
import HeliosEngine
import Testing

@Suite struct DifferentialRegressionTests {
    static func database() throws -> SQLTestDatabase {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE a (id int, d date, x int)")
        try db.tag("CREATE TABLE b (id int, ts timestamp, y int)")
        try db.tag("INSERT INTO a VALUES (1, '2024-01-01', 10), (2, '2024-01-02', 20), (3, NULL, 30), (4, '2024-01-01', NULL)")
        try db.tag("INSERT INTO b VALUES (1, '2024-01-01 00:00', 1), (2, '2024-01-02 12:00', 2), (3, '2024-01-01 00:00', 3)")
        return db
    }

    @Test func dateEqualsTimestampJoinsMatchAcrossTypes() throws {
        let db = try Self.database()
        #expect(try db.rows("SELECT a.id, b.id FROM a JOIN b ON a.d = b.ts ORDER BY 1, 2") == [["1", "1"], ["1", "3"], ["4", "1"], ["4", "3"]])
        #expect(try db.rows("SELECT a.id, b.id FROM a LEFT JOIN b ON a.d = b.ts ORDER BY 1, 2")
                == [["1", "1"], ["1", "3"], ["2", "NULL"], ["3", "NULL"], ["4", "1"], ["4", "3"]])
    }

    @Test func commonTableExpressionsAreVisibleInExpressionSubqueries() throws {
        let db = try Self.database()
        #expect(try db.rows("WITH w AS (SELECT id, x FROM a) SELECT id FROM b WHERE y IN (SELECT count(*) FROM w WHERE w.x > 10) ORDER BY 1")
                == [["2"]])
        #expect(try db.rows("WITH w AS (SELECT 1 AS v), u AS (SELECT (SELECT max(v) FROM w) + 1 AS v) SELECT v FROM u") == [["2"]])
    }

    @Test func recursionUnderLimitStopsWhenEnoughRowsCame() throws {
        let db = try Self.database()
        #expect(try db.rows("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r LIMIT 3") == [["1"], ["2"], ["3"]])
        #expect(try db.rows("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n * 2 FROM r) SELECT sum(n) FROM (SELECT n FROM r LIMIT 10) AS s")
                == [["1023"]])
    }

    @Test func repeatedSubqueriesAggregatesAndWindowsAreTheSameExpression() throws {
        let db = try Self.database()
        #expect(try db.rows("""
            SELECT DISTINCT ON ((SELECT max(y) FROM b WHERE b.id <= a.id)) (SELECT max(y) FROM b WHERE b.id <= a.id), id
            FROM a ORDER BY (SELECT max(y) FROM b WHERE b.id <= a.id), id DESC
            """) == [["1", "1"], ["2", "2"], ["3", "4"]])
        #expect(try db.rows("SELECT DISTINCT x % 2, max(id) FROM a GROUP BY x % 2 ORDER BY max(id)") == [["0", "3"], ["NULL", "4"]])
        #expect(try db.rows("SELECT DISTINCT id, rank() OVER (ORDER BY x) FROM a ORDER BY rank() OVER (ORDER BY x)")
                == [["1", "1"], ["2", "2"], ["3", "3"], ["4", "4"]])
    }

    @Test func distinctAggregatesTakeTheirValuesInOrder() throws {
        let db = try Self.database()
        #expect(try db.rows("SELECT array_agg(DISTINCT x), string_agg(DISTINCT d::text, ',') FROM a")
                == [["{10,20,30,NULL}", "2024-01-01,2024-01-02"]])
    }

    @Test func havingComparesTheGroupedColumnWithASubquery() throws {
        let db = try Self.database()
        #expect(try db.rows("SELECT id, sum(x) FROM a GROUP BY id HAVING id IN (SELECT y FROM b) ORDER BY 1")
                == [["1", "10"], ["2", "20"], ["3", "30"]])
    }

    @Test func aJoinWithAnEmptyOuterSideNeverEvaluatesItsInnerSide() throws {
        let db = try Self.database()
        #expect(try db.rows("SELECT count(*) FROM (SELECT id FROM a WHERE id > 10) AS l LEFT JOIN (SELECT id, 1 / (x - x) AS k FROM a) AS r ON l.id = r.id")
                == [["0"]])
        #expect(try db.rows("SELECT count(*) FROM (SELECT id FROM a WHERE id > 10) AS l JOIN (SELECT id, 1 / (x - x) AS k FROM a) AS r ON l.id < r.id")
                == [["0"]])
        // Nothing reads k, so PostgreSQL 15 never computes it (and neither do we: projection pruning).
        #expect(try db.rows("SELECT count(*) FROM (SELECT id FROM a) AS l JOIN (SELECT id, 1 / (x - x) AS k FROM a) AS r ON l.id = r.id")
                == [["4"]])
        #expect(db.state("SELECT count(*), sum(k) FROM (SELECT id FROM a) AS l JOIN (SELECT id, 1 / (x - x) AS k FROM a) AS r ON l.id = r.id")
                == "22012")
    }

    @Test func assigningAColumnTwiceIsASyntaxError() throws {
        let db = try Self.database()
        #expect(db.state("UPDATE a SET x = 1, x = 2") == "42601")
        #expect(db.state("INSERT INTO a (x, x) VALUES (1, 2)") == "42701")
    }

    @Test func onConflictActsOnAnArbiterConflictBeforeOtherUniqueIndexes() throws {
        let db = try Self.database()
        try db.tag("CREATE TABLE u (h numeric UNIQUE, m int UNIQUE, g numeric, f int)")
        try db.tag("INSERT INTO u VALUES (0.1, 42, NULL, 0)")
        #expect(try db.rows("""
            INSERT INTO u AS x (f, g, h, m) VALUES (0, NULL, 0.1, 1000), (0, 10.0, 3, NULL), (0, -5, 0.1, 42)
            ON CONFLICT (h) DO UPDATE SET g = EXCLUDED.g WHERE x.g > 2.5 RETURNING x.m
            """) == [["NULL"]])
        #expect(db.state("INSERT INTO u (h, m) VALUES (7, 42) ON CONFLICT (h) DO NOTHING") == "23505")
    }

    @Test func overOnANameNoFunctionHasIsAnUndefinedFunction() throws {
        let db = try Self.database()
        #expect(db.state("SELECT nosuch(1) OVER ()") == "42883")
        #expect(db.state("SELECT lower('a') OVER ()") == "42809")
    }

    @Test func aRecursiveTermReadsItselfOnceAndDirectly() throws {
        let db = try Self.database()
        #expect(db.state("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT r.n + 1 FROM r, r AS r2) SELECT * FROM r") == "42P19")
        #expect(db.state("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT r.n + 1 FROM a LEFT JOIN r ON true WHERE r.n < 3) SELECT * FROM r")
                == "42P19")
        #expect(db.state("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT x + 1 FROM a WHERE x IN (SELECT n FROM r)) SELECT * FROM r")
                == "42P19")
        #expect(try db.rows("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM (SELECT n FROM r) AS s WHERE n < 3) SELECT * FROM r")
                == [["1"], ["2"], ["3"]])
    }

    @Test func existsWithoutAParenthesisIsAColumnName() throws {
        let db = try Self.database()
        #expect(db.state("SELECT id FROM a WHERE NOT EXISTS") == "42703")
        #expect(try db.rows("SELECT exists FROM (SELECT 1 AS exists) AS s") == [["1"]])
    }

    @Test func fullJoinsNeedAnEqualityBetweenTheSides() throws {
        let db = try Self.database()
        #expect(try db.rows("SELECT a.id, b.id FROM a FULL JOIN b ON a.d = b.ts ORDER BY 1, 2")
                == [["1", "1"], ["1", "3"], ["2", "NULL"], ["3", "NULL"], ["4", "1"], ["4", "3"], ["NULL", "2"]])
        #expect(db.state("SELECT count(*) FROM a FULL JOIN b ON a.id < b.id") == "0A000")
        #expect(try db.rows("SELECT count(*) FROM a FULL JOIN b ON a.id = b.id AND a.x < b.y") == [["7"]])
        #expect(try db.rows("SELECT count(*) FROM a FULL JOIN b ON true") == [["12"]])
    }

    @Test func groupingByThePrimaryKeyLetsTheQueryReadTheOtherColumns() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE p (id int PRIMARY KEY, d date, x int)")
        try db.tag("CREATE TABLE q (id int, y int)")
        try db.tag("INSERT INTO p VALUES (1, '2024-01-01', 10), (2, '2024-01-02', 20), (3, NULL, 30)")
        try db.tag("INSERT INTO q VALUES (1, 1), (2, 2), (2, 3)")
        #expect(try db.rows("SELECT id, d, x, count(*) FROM p GROUP BY id ORDER BY id")
                == [["1", "2024-01-01", "10", "1"], ["2", "2024-01-02", "20", "1"], ["3", "NULL", "30", "1"]])
        #expect(try db.rows("SELECT p.id, p.x, sum(q.y) FROM p JOIN q ON p.id = q.id GROUP BY p.id ORDER BY 1") == [["1", "10", "1"], ["2", "20", "5"]])
        #expect(db.state("SELECT q.id, q.y FROM q GROUP BY q.id") == "42803")
    }

    @Test func distinctOnFollowsPostgresRuleForTheOrderBy() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE dd (a int, b int, c int)")
        try db.tag("INSERT INTO dd VALUES (1, 1, 3), (1, 1, 2), (1, 2, 1), (2, 1, 5)")
        #expect(try db.rows("SELECT DISTINCT ON (a, a) a, a, c FROM dd ORDER BY 1, 2, 3") == [["1", "1", "1"], ["2", "2", "5"]])
        #expect(try db.rows("SELECT DISTINCT ON (a, b) a, b FROM dd ORDER BY a") == [["1", "1"], ["1", "2"], ["2", "1"]])
        #expect(db.state("SELECT DISTINCT ON (a, b) a, b FROM dd ORDER BY a, c") == "42P10")
        #expect(db.state("SELECT DISTINCT ON (a) a, c FROM dd ORDER BY c, a") == "42P10")
        #expect(db.state("SELECT DISTINCT ON (a, b) a, b FROM dd ORDER BY a, c, b") == "42P10")
    }

    @Test func aSetOperationReadsABranchsUntypedLiteralsAsTheColumnType() throws {
        let db = try SQLTestDatabase()
        #expect(db.state("SELECT 1 UNION SELECT 'a'") == "22P02")
        #expect(try db.rows("SELECT 1 UNION SELECT '2' ORDER BY 1") == [["1"], ["2"]])
        #expect(try db.rows("SELECT 'x' UNION SELECT 'y' ORDER BY 1") == [["x"], ["y"]])
        #expect(try db.rows("SELECT a FROM (SELECT NULL AS a UNION ALL SELECT 2) s ORDER BY 1") == [["2"], ["NULL"]])
        #expect(try db.rows("SELECT pg_typeof(a)::text FROM (SELECT 'x' AS a UNION SELECT 'y'::varchar(3)) s LIMIT 1")
                == [["character varying"]])
    }

    @Test func anIndexEntryLeftByAnUpdateDoesNotReturnTheRowAgain() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE ix (id int, k text)")
        try db.tag("CREATE INDEX ix_k ON ix (k)")
        try db.tag("INSERT INTO ix VALUES (1, 'm'), (2, 'a')")
        try db.tag("BEGIN")
        try db.tag("UPDATE ix SET k = 'zz' WHERE id = 1")
        try db.tag("ROLLBACK")
        try db.tag("UPDATE ix SET k = 'zzz' WHERE id = 1")
        #expect(try db.rows("SELECT id, k FROM ix WHERE k >= 'a' ORDER BY id") == [["1", "zzz"], ["2", "a"]])
        #expect(try db.rows("SELECT count(*) FROM ix WHERE k >= 'b'") == [["1"]])
        #expect(try db.rows("SELECT count(*) FROM ix WHERE k = 'm'") == [["0"]])
        #expect(try db.tag("UPDATE ix SET id = id + 10 WHERE k >= 'b'") == "UPDATE 1")
    }

    @Test func aFromClauseNamesEachItemOnce() throws {
        let db = try Self.database()
        #expect(db.state("WITH w AS (SELECT 1 AS v) SELECT * FROM w, w") == "42712")
        #expect(db.state("SELECT * FROM a, a") == "42712")
        #expect(db.state("SELECT * FROM a JOIN b AS a ON true") == "42712")
        #expect(try db.rows("SELECT count(*) FROM a AS t JOIN a AS u ON t.id = u.id") == [["4"]])
        #expect(db.state("UPDATE b x SET x.d = NULL") == "42703")
    }
}
