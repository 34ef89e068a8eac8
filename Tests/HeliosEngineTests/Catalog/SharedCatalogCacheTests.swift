// SharedCatalogCache: descriptors are shared only among statements that see the same catalog
// version exactly, so DDL of another session is seen at its next statement, and a transaction's
// own uncommitted DDL is seen by it alone.

import HeliosCore
import HeliosEngine
import Testing

@Suite struct SharedCatalogCacheTests {
    @Test func entriesAnswerOnlyTheirVersion() {
        let cache = SharedCatalogCache()
        let namespace = ObjectID.publicNamespace
        #expect(cache.relation(named: "t", in: namespace, version: 1) == nil)  // not cached
        cache.store(nil, named: "t", in: namespace, version: 1)
        #expect(cache.relation(named: "t", in: namespace, version: 1) == .some(nil))  // known missing
        #expect(cache.relation(named: "t", in: namespace, version: 2) == nil)
        cache.store(nil, named: "u", in: namespace, version: 2)
        #expect(cache.relation(named: "t", in: namespace, version: 1) == nil)  // version 1 dropped
        cache.store(nil, named: "t", in: namespace, version: 1)  // a late statement of version 1
        #expect(cache.relation(named: "u", in: namespace, version: 2) == .some(nil))
        #expect(cache.relation(named: "t", in: namespace, version: 1) == nil)
    }

    @Test func otherSessionsDDLIsSeenAtTheNextStatement() throws {
        let db = try SQLTestDatabase()
        let other = db.database.connect(user: "postgres")
        defer { other.close() }
        try db.tag("CREATE TABLE t (id int PRIMARY KEY)")
        try db.tag("INSERT INTO t VALUES (1)")
        #expect(try db.rows("SELECT * FROM t", in: other) == [["1"]])
        #expect(try db.rows("SELECT * FROM t", in: other) == [["1"]])
        try db.tag("ALTER TABLE t ADD COLUMN z int DEFAULT 7")
        #expect(try db.rows("SELECT * FROM t", in: other) == [["1", "7"]])
        // Uncommitted DDL: seen by its own transaction only, by the other session after COMMIT.
        #expect(throws: DatabaseError.self) { try db.rows("SELECT * FROM u", in: other) }
        try db.tag("BEGIN")
        try db.tag("CREATE TABLE u (x int)")
        try db.tag("INSERT INTO u VALUES (5)")
        #expect(try db.rows("SELECT * FROM u") == [["5"]])
        #expect(throws: DatabaseError.self) { try db.rows("SELECT * FROM u", in: other) }
        try db.tag("COMMIT")
        #expect(try db.rows("SELECT * FROM u", in: other) == [["5"]])
        try db.tag("DROP TABLE u")
        #expect(throws: DatabaseError.self) { try db.rows("SELECT * FROM u", in: other) }
    }
}
