// psql's \d family against the fixture schema: every query psql 15 sends runs, and the answers are
// PostgreSQL 15's except where HeliosDB differs on purpose (one database, no template databases;
// sizes 0; defaults and checks keep the text they were written with, without PostgreSQL's casts).

import HeliosCore
import HeliosEngine
import Testing

@Suite struct PsqlDescribeTests {
    private func fixture() throws -> (SQLTestDatabase, [String: String]) {
        let db = try CatalogFixture.database()
        var oids: [String: String] = [:]
        for name in ["author", "book", "counter", "v_book", "book_pkey"] { oids[name] = try CatalogFixture.oid(db, name) }
        return (db, oids)
    }

    @Test func listsRelationsSchemasRolesAndDatabases() throws {
        let (db, _) = try fixture()
        #expect(try db.rows(PsqlQueries.listTables) == [["public", "author", "table", "postgres"], ["public", "book", "table", "postgres"]])
        #expect(try db.rows(PsqlQueries.listIndexes) == [
            ["public", "author_email_key", "index", "postgres", "author"], ["public", "author_pkey", "index", "postgres", "author"],
            ["public", "book_author_id_title_key", "index", "postgres", "book"], ["public", "book_pkey", "index", "postgres", "book"],
            ["public", "book_title_idx", "index", "postgres", "book"],
        ])
        #expect(try db.rows(PsqlQueries.listSequences) == [["public", "author_id_seq", "sequence", "postgres"],
                                                           ["public", "book_id_seq", "sequence", "postgres"],
                                                           ["public", "counter", "sequence", "postgres"]])
        #expect(try db.rows(PsqlQueries.listViews) == [["public", "v_book", "view", "postgres"]])
        #expect(try db.rows(PsqlQueries.listRelations).map { $0[1] } == ["author", "author_id_seq", "book", "book_id_seq", "counter", "v_book"])
        // app is not on the search path, so \d does not list its table.
        #expect(try db.rows(PsqlQueries.listSchemas) == [["app", "postgres"], ["public", "postgres"]])
        #expect(try db.rows(PsqlQueries.listRoles) == [["postgres", "t", "t", "t", "t", "t", "-1", "NULL", "{}", "t", "t"]])
        #expect(try db.rows(PsqlQueries.listDatabases) == [["helios", "postgres", "UTF8", "C.UTF-8", "C.UTF-8", "NULL", "libc", "NULL"]])
        #expect(try db.rows(PsqlQueries.listTablesVerbose) == [
            ["public", "author", "table", "postgres", "permanent", "heap", "0 bytes", "people who write"],
            ["public", "book", "table", "postgres", "permanent", "heap", "0 bytes", "NULL"],
        ])
    }

    @Test func describesATable() throws {
        let (db, oids) = try fixture()
        let queries = PsqlQueries.describeTableVerbose.map { PsqlQueries.filled($0, oids) }
        #expect(try db.rows(queries[0]) == [[oids["book"]!, "public", "book"]])
        #expect(try db.rows(queries[1]) == [["1", "r", "t", "f", "t", "f", "f", "f", "f", "", "0", "", "p", "d", "heap"]])
        #expect(try db.rows(queries[2]) == [
            ["id", "integer", "NULL", "t", "NULL", "d", "", "p", "", "NULL", "NULL"],
            ["author_id", "integer", "NULL", "t", "NULL", "", "", "p", "", "NULL", "NULL"],
            ["title", "text", "'untitled'::text", "t", "NULL", "", "", "x", "", "NULL", "NULL"],
            ["price", "numeric(8,2)", "NULL", "f", "NULL", "", "", "m", "", "NULL", "NULL"],
            ["tags", "text[]", "NULL", "f", "NULL", "", "", "x", "", "NULL", "NULL"],
        ])
        #expect(try db.rows(queries[3]) == [
            ["book_pkey", "t", "t", "f", "t", "CREATE UNIQUE INDEX book_pkey ON book USING btree (id)", "PRIMARY KEY (id)", "p", "f",
             "f", "f", "0"],
            ["book_author_id_title_key", "f", "t", "f", "t",
             "CREATE UNIQUE INDEX book_author_id_title_key ON book USING btree (author_id, title)", "UNIQUE (author_id, title)", "u",
             "f", "f", "f", "0"],
            ["book_title_idx", "f", "f", "f", "t", "CREATE INDEX book_title_idx ON book USING btree (title DESC)", "NULL", "NULL",
             "NULL", "NULL", "f", "0"],
        ])
        #expect(try db.rows(queries[4]) == [["book_price_check", "CHECK (price > 0)"]])
        #expect(try db.rows(queries[5]) == [["t", "book_author_id_fkey",
                                             "FOREIGN KEY (author_id) REFERENCES author(id) ON DELETE CASCADE", "book"]])
        // Referenced by: asked of author, the table book's key points at.
        #expect(try db.rows(PsqlQueries.filled(PsqlQueries.describeTableVerbose[6], ["book": oids["author"]!]))
                == [["book_author_id_fkey", "book", "FOREIGN KEY (author_id) REFERENCES author(id) ON DELETE CASCADE"]])
        // Policies, statistics, publications, triggers, inheritance: none, but every query runs.
        for query in queries[6...] { #expect(try db.rows(query) == []) }
    }

    @Test func describesASequenceAViewAndAnIndex() throws {
        let (db, oids) = try fixture()
        let sequence = PsqlQueries.describeSequence.map { PsqlQueries.filled($0, oids) }
        #expect(try db.rows(sequence[1]).first?[1] == "S")
        #expect(try db.rows(sequence[2]) == [["bigint", "10", "1", "9223372036854775807", "5", "no", "1"]])
        #expect(try db.rows(sequence[3]) == [])
        // A serial column's sequence is "Owned by" it.
        let owned = PsqlQueries.filled(PsqlQueries.describeSequence[3], ["counter": try CatalogFixture.oid(db, "author_id_seq")])
        #expect(try db.rows(owned) == [["public.author.id", "a"]])

        let view = PsqlQueries.describeView.map { PsqlQueries.filled($0, oids) }
        #expect(try db.rows(view[1]).first?[1] == "v")
        #expect(try db.rows(view[2]).map { $0[0] } == ["id", "title", "name"])

        let index = PsqlQueries.describeIndex.map { PsqlQueries.filled($0, oids) }
        #expect(try db.rows(index[1]).first?.last == "btree")
        #expect(try db.rows(index[2]) == [["id", "integer", "yes", "id"]])
        #expect(try db.rows(index[3]) == [["t", "t", "f", "t", "f", "f", "f", "f", "btree", "book", "NULL"]])
    }
}
