// FETCH FIRST n ROWS WITH TIES: the first n rows in ORDER BY order, then every row that ties with
// the last of them; after OFFSET, over DISTINCT and DISTINCT ON, hidden sort keys and set
// operations. Expected rows are PostgreSQL 15's for the same statements.

import HeliosCore
import HeliosEngine
import Testing

@Suite struct FetchWithTiesTests {
    static func database() throws -> SQLTestDatabase {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE f (id int, k int, s text)")
        try db.tag("INSERT INTO f VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 2, 'c'), (4, 2, 'd'), (5, 3, 'e'), (6, NULL, 'f'), (7, NULL, 'g')")
        return db
    }

    static func sorted(_ rows: [[String]]) -> [String] { rows.map { $0.joined(separator: " ") }.sorted() }

    @Test func keepsEveryRowThatTiesWithTheLast() throws {
        let db = try Self.database()
        #expect(Self.sorted(try db.rows("SELECT id FROM f ORDER BY k FETCH FIRST 2 ROWS WITH TIES")) == ["1", "2", "3", "4"])
        #expect(Self.sorted(try db.rows("SELECT id FROM f ORDER BY k DESC FETCH FIRST 1 ROW WITH TIES")) == ["6", "7"])
        #expect(Self.sorted(try db.rows("SELECT id FROM f ORDER BY k NULLS FIRST FETCH NEXT ROW WITH TIES")) == ["6", "7"])
        #expect(try db.rows("SELECT id FROM f ORDER BY k FETCH FIRST 1 ROW WITH TIES") == [["1"]])
        #expect(try db.rows("SELECT id FROM f ORDER BY k FETCH FIRST 0 ROWS WITH TIES").isEmpty)
        #expect(try db.rows("SELECT count(*) FROM (SELECT id FROM f ORDER BY k FETCH FIRST 5 ROWS WITH TIES) AS t") == [["5"]])
    }

    @Test func countsAfterTheOffset() throws {
        let db = try Self.database()
        // Rows 3 and 4 of the order are both k = 2; the skipped k = 2 row does not come back.
        #expect(try db.rows("SELECT k FROM f ORDER BY k OFFSET 2 ROWS FETCH FIRST 1 ROW WITH TIES") == [["2"], ["2"]])
    }

    @Test func comparesHiddenSortKeysDistinctAndSetOperations() throws {
        let db = try Self.database()
        #expect(Self.sorted(try db.rows("SELECT s FROM f ORDER BY k, id / 3 FETCH FIRST 3 ROWS WITH TIES")) == ["a", "b", "c", "d"])
        #expect(try db.rows("SELECT DISTINCT k FROM f ORDER BY k FETCH FIRST 2 ROWS WITH TIES") == [["1"], ["2"]])
        #expect(try db.rows("SELECT DISTINCT ON (k) k, id FROM f ORDER BY k, id DESC FETCH FIRST 2 ROWS WITH TIES") == [["1", "1"], ["2", "4"]])
        #expect(try db.rows("SELECT k FROM f UNION ALL SELECT 2 ORDER BY 1 FETCH FIRST 2 ROWS WITH TIES")
                == [["1"], ["2"], ["2"], ["2"], ["2"]])
    }

    @Test func nullCountIsAnErrorOnlyWhenWritten() throws {
        let db = try Self.database()
        #expect(db.state("SELECT id FROM f ORDER BY k FETCH FIRST NULL ROWS WITH TIES") == "2201W")
        #expect(try db.rows("SELECT id FROM f ORDER BY k FETCH FIRST (SELECT NULL::int) ROWS WITH TIES").count == 7)
        #expect(db.state("SELECT id FROM f ORDER BY k FETCH FIRST -1 ROWS WITH TIES") == "2201W")
    }
}
