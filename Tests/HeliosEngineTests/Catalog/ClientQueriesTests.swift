// The catalog queries of pgjdbc, SQLAlchemy, psycopg, asyncpg and pgbench, verbatim, against the
// fixture schema; expected rows are PostgreSQL 15's for the same schema (oids and the documented
// differences aside: defaults keep the text they were written with, relpages is 0).

import HeliosCore
import HeliosEngine
import HeliosValues
import Testing

@Suite struct ClientQueriesTests {
    @Test func pgjdbcMetadata() throws {
        let db = try CatalogFixture.database()
        let book = try CatalogFixture.oid(db, "book")
        #expect(try db.rows(ClientQueries.jdbcTables) == [
            ["NULL", "public", "author", "TABLE", "people who write", "", "", "", "", ""],
            ["NULL", "public", "book", "TABLE", "NULL", "", "", "", "", ""],
            ["NULL", "public", "v_book", "VIEW", "NULL", "", "", "", "", ""],
        ])
        #expect(try db.rows(ClientQueries.jdbcColumns) == [
            ["public", "book", "id", "23", "t", "-1", "4", "-1", "1", "d", "NULL", "NULL", "NULL", "0", "b"],
            ["public", "book", "author_id", "23", "t", "-1", "4", "-1", "2", "NULL", "NULL", "NULL", "NULL", "0", "b"],
            ["public", "book", "title", "25", "t", "-1", "-1", "-1", "3", "NULL", "NULL", "'untitled'::text", "NULL", "0", "b"],
            ["public", "book", "price", "1700", "f", "524294", "-1", "-1", "4", "NULL", "NULL", "NULL", "NULL", "0", "b"],
            ["public", "book", "tags", "1009", "f", "-1", "-1", "-1", "5", "NULL", "NULL", "NULL", "NULL", "0", "b"],
        ])
        #expect(try db.rows(ClientQueries.jdbcImportedKeys) == [[
            "NULL", "public", "author", "id", "NULL", "public", "book", "author_id", "1", "3", "0", "book_author_id_fkey", "author_pkey", "7",
        ]])
        #expect(try db.rows(ClientQueries.jdbcSchemas) == [["app", "NULL"], ["information_schema", "NULL"], ["pg_catalog", "NULL"],
                                                           ["public", "NULL"]])
        #expect(try db.rows("SELECT setting FROM pg_catalog.pg_settings WHERE name='max_index_keys'") == [["32"]])
        let type = try db.session.query(ClientQueries.jdbcTypeOfColumn, .oid(1009))
        #expect(type.textRows == [["t", "pg_catalog", "_text"]])
        #expect(try db.rows(ClientQueries.filled(ClientQueries.jdbcColumnFlags, book: book)) == [
            [book, "3", "title", "book", "public", "t", "f"], [book, "5", "tags", "book", "public", "f", "NULL"],
        ])
    }

    @Test func pgjdbcPrimaryKeysAndIndexInfo() throws {
        // getPrimaryKeys and getIndexInfo select fields of information_schema._pg_expandarray's
        // records; the rows are PostgreSQL 15's (CARDINALITY and PAGES, statistics, left out).
        let db = try CatalogFixture.database()
        #expect(try db.rows(ClientQueries.jdbcPrimaryKeys) == [["NULL", "public", "book", "id", "1", "book_pkey"]])
        #expect(try db.rows(ClientQueries.jdbcIndexInfo).map { Array($0[0..<10]) + [$0[12]] } == [
            ["NULL", "public", "book", "f", "NULL", "book_author_id_title_key", "3", "1", "author_id", "A", "NULL"],
            ["NULL", "public", "book", "f", "NULL", "book_author_id_title_key", "3", "2", "title", "A", "NULL"],
            ["NULL", "public", "book", "f", "NULL", "book_pkey", "3", "1", "id", "A", "NULL"],
            ["NULL", "public", "book", "t", "NULL", "book_title_idx", "3", "1", "title", "D", "NULL"],
        ])
    }

    @Test func sqlalchemyDialectAndInspector() throws {
        let db = try CatalogFixture.database()
        let book = try CatalogFixture.oid(db, "book")
        #expect(try db.rows(ClientQueries.saHstore) == [])
        #expect(try db.rows(ClientQueries.saVersion)[0][0].hasPrefix("PostgreSQL 15."))
        #expect(try db.rows(ClientQueries.saCurrentSchema) == [["public"]])
        #expect(try db.rows(ClientQueries.saIsolation) == [["read committed"]])
        #expect(try db.rows(ClientQueries.saStandardStrings) == [["on"]])
        #expect(try db.rows(ClientQueries.saSchemas) == [["app"], ["information_schema"], ["public"]])
        #expect(Set(try db.rows(ClientQueries.saTableNames).map { $0[0] }) == ["author", "book"])
        #expect(try db.rows(ClientQueries.saColumns) == [
            ["id", "integer", "NULL", "t", "book", "NULL", "",
             #"{"always" : false, "start" : 1, "increment" : 1, "minvalue" : 1, "maxvalue" : 2147483647, "cache" : 1, "cycle" : false}"#,
             "NULL"],
            ["author_id", "integer", "NULL", "t", "book", "NULL", "", "NULL", "NULL"],
            ["title", "text", "'untitled'::text", "t", "book", "NULL", "", "NULL", "NULL"],
            ["price", "numeric(8,2)", "NULL", "f", "book", "NULL", "", "NULL", "NULL"],
            ["tags", "text[]", "NULL", "f", "book", "NULL", "", "NULL", "NULL"],
        ])
        #expect(try db.rows(ClientQueries.saEnums) == [])
        #expect(try db.rows(ClientQueries.saTableOIDs) == [[book, "book"]])
        let filled = { (query: String) in ClientQueries.filled(query, book: book) }
        #expect(try db.rows(filled(ClientQueries.saPrimaryKeys)) == [[book, "{id}", "book_pkey", "NULL", "1", "f"]])
        #expect(try db.rows(ClientQueries.saForeignKeys) == [
            ["book", "book_author_id_fkey", "FOREIGN KEY (author_id) REFERENCES author(id) ON DELETE CASCADE", "public", "NULL"],
        ])
        #expect(try db.rows(ClientQueries.saAccessMethod) == [["403", "btree"]])
        #expect(try db.rows(ClientQueries.saOperatorClasses) == [])
        #expect(try db.rows(filled(ClientQueries.saIndexes)) == [
            [book, "book_author_id_title_key", "t", "t", "t", "0 0", "NULL", "403", "NULL", "2", "f", "{author_id,title}", "{f,f}", "{1978,3126}"],
            [book, "book_title_idx", "f", "t", "f", "3", "NULL", "403", "NULL", "1", "f", "{title}", "{f}", "{3126}"],
        ])
        #expect(try db.rows(ClientQueries.saTableComments) == [["book", "NULL"]])
        #expect(try db.rows(ClientQueries.saTableOptions) == [[book, "book", "NULL", "NULL", "NULL", "NULL", "NULL"]])
    }

    @Test func typeIntrospection() throws {
        let db = try CatalogFixture.database()
        #expect(try db.session.query(ClientQueries.psycopgTypeInfo, .text("int4")).textRows == [["int4", "23", "1007", "integer", ","]])
        #expect(try db.session.query(ClientQueries.psycopgTypeInfo, .text("hstore")).textRows == [])
        #expect(try db.rows(ClientQueries.asyncpgJit) == [["off", "off"]])
        let types = SQLValue.array(SQLArray(elementType: .oid, elements: [.oid(1009)]))
        #expect(try db.session.query(ClientQueries.asyncpgTypeInfo, types).textRows == [
            ["25", "pg_catalog", "text", "b", nil, "0", nil, nil, nil, nil, "1", nil, "-", nil],
            ["1009", "pg_catalog", "_text", "b", nil, "25", ",", nil, nil, nil, "0", nil, "text", nil],
        ])
        // The pool's reset script.
        #expect(try db.rows("SELECT pg_advisory_unlock_all()") == [[""]])
    }

    @Test func pgbenchFindsItsTables() throws {
        let db = try SQLTestDatabase()
        try db.tag("create table pgbench_accounts(aid int not null,bid int,abalance int,filler char(84)) with (fillfactor=100)")
        #expect(try db.rows(ClientQueries.pgbenchPartitions) == [["2", "NULL", "0"]])
    }
}
