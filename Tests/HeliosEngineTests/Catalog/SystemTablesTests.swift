// pg_catalog's relations computed from HeliosDB's catalog: each compared with what PostgreSQL 15
// answers for the fixture schema (oids aside).

import HeliosCore
import HeliosEngine
import Testing

@Suite struct SystemTablesTests {
    @Test func namespacesListBuiltInAndUserSchemas() throws {
        let db = try CatalogFixture.database()
        #expect(try db.rows("SELECT nspname, pg_get_userbyid(nspowner) FROM pg_namespace ORDER BY nspname")
                == [["app", "postgres"], ["information_schema", "postgres"], ["pg_catalog", "postgres"], ["public", "postgres"]])
        #expect(try db.rows("SELECT oid FROM pg_catalog.pg_namespace WHERE nspname IN ('pg_catalog', 'public') ORDER BY oid")
                == [["11"], ["2200"]])
    }

    @Test func classListsTablesViewsSequencesAndIndexes() throws {
        let db = try CatalogFixture.database()
        let rows = try db.rows("""
            SELECT c.relname, c.relkind, n.nspname, am.amname, c.relhasindex, c.relchecks, c.relnatts, c.relpersistence
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_am am ON am.oid = c.relam
            WHERE n.nspname IN ('public', 'app') ORDER BY n.nspname, c.relname
            """)
        #expect(rows == [
            ["thing", "r", "app", "heap", "t", "0", "2", "p"],
            ["thing_pkey", "i", "app", "btree", "f", "0", "1", "p"],
            ["author", "r", "public", "heap", "t", "1", "5", "p"],
            ["author_email_key", "i", "public", "btree", "f", "0", "1", "p"],
            ["author_id_seq", "S", "public", "NULL", "f", "0", "3", "p"],
            ["author_pkey", "i", "public", "btree", "f", "0", "1", "p"],
            ["book", "r", "public", "heap", "t", "1", "5", "p"],
            ["book_author_id_title_key", "i", "public", "btree", "f", "0", "2", "p"],
            ["book_id_seq", "S", "public", "NULL", "f", "0", "3", "p"],
            ["book_pkey", "i", "public", "btree", "f", "0", "1", "p"],
            ["book_title_idx", "i", "public", "btree", "f", "0", "1", "p"],
            ["counter", "S", "public", "NULL", "f", "0", "3", "p"],
            ["v_book", "v", "public", "NULL", "f", "0", "3", "p"],
        ])
        // Index oids are the indexes' own, shared with pg_index.
        #expect(try db.rows("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relkind = 'i'") == [["6"]])
        // The catalogs list themselves, with PostgreSQL's oids.
        #expect(try db.rows("SELECT oid, relkind FROM pg_class WHERE relname = 'pg_class'") == [["1259", "r"]])
        #expect(try db.rows("SELECT relkind FROM pg_class WHERE relname = 'pg_tables'") == [["v"]])
    }

    @Test func attributesDescribeColumns() throws {
        let db = try CatalogFixture.database()
        let author = try CatalogFixture.oid(db, "author")
        #expect(try db.rows("""
            SELECT attname, atttypid::regtype, attnum, atttypmod, attnotnull, atthasdef, attlen, attcollation
            FROM pg_attribute WHERE attrelid = '\(author)' AND attnum > 0 AND NOT attisdropped ORDER BY attnum
            """) == [
                ["id", "integer", "1", "-1", "t", "t", "4", "0"],
                ["name", "text", "2", "-1", "t", "f", "-1", "100"],
                ["email", "character varying", "3", "104", "f", "f", "-1", "100"],
                ["born", "date", "4", "-1", "f", "f", "4", "0"],
                ["rating", "numeric", "5", "262149", "f", "f", "-1", "0"],
            ])
        let book = try CatalogFixture.oid(db, "book")
        #expect(try db.rows("SELECT attname, attidentity, attgenerated, atttypid, attndims FROM pg_attribute WHERE attrelid = \(book) ORDER BY attnum")
                == [["id", "d", "", "23", "0"], ["author_id", "", "", "23", "0"], ["title", "", "", "25", "0"],
                    ["price", "", "", "1700", "0"], ["tags", "", "", "1009", "1"]])
        // A dropped column keeps its number under PostgreSQL's placeholder name.
        try db.tag("ALTER TABLE book DROP COLUMN tags")
        #expect(try db.rows("SELECT attname, atttypid, attisdropped FROM pg_attribute WHERE attrelid = \(book) AND attnum = 5")
                == [["........pg.dropped.5........", "0", "t"]])
    }

    @Test func defaultsComeBackThroughPgGetExpr() throws {
        let db = try CatalogFixture.database()
        #expect(try db.rows("""
            SELECT adrelid::regclass, adnum, pg_get_expr(adbin, adrelid) FROM pg_attrdef ORDER BY adrelid, adnum
            """) == [["author", "1", "nextval('author_id_seq'::regclass)"], ["book", "3", "'untitled'::text"]])
        // An identity column's sequence is no default: it has no pg_attrdef row, and atthasdef is false.
        #expect(try db.rows("SELECT atthasdef FROM pg_attribute WHERE attrelid = 'book'::regclass AND attnum = 1") == [["f"]])
    }

    @Test func indexesRecordKeysAsInt2Vectors() throws {
        let db = try CatalogFixture.database()
        let rows = try db.rows("""
            SELECT c.relname, i.indrelid::regclass, i.indkey, i.indnatts, i.indisunique, i.indisprimary, i.indoption, i.indclass,
                   i.indkey[0], pg_typeof(i.indkey)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'book'::regclass ORDER BY c.relname
            """)
        #expect(rows == [
            ["book_author_id_title_key", "book", "2 3", "2", "t", "f", "0 0", "1978 3126", "2", "int2vector"],
            ["book_pkey", "book", "1", "1", "t", "t", "0", "1978", "1", "int2vector"],
            ["book_title_idx", "book", "3", "1", "f", "f", "3", "3126", "3", "int2vector"],
        ])
        #expect(try db.rows("SELECT '1 2'::int2vector, ('3 4'::oidvector)[1], '1 2'::int2vector::int2[], array_lower('5'::int2vector, 1)")
                == [["1 2", "4", "[0:1]={1,2}", "0"]])
    }

    @Test func constraintsRecordKeysAndActions() throws {
        let db = try CatalogFixture.database()
        let rows = try db.rows("""
            SELECT conname, contype, conkey, confkey, confrelid::regclass, conindid::regclass, confupdtype, confdeltype, confmatchtype
            FROM pg_constraint WHERE conrelid = 'book'::regclass ORDER BY conname
            """)
        #expect(rows == [
            ["book_author_id_fkey", "f", "{2}", "{1}", "author", "author_pkey", "a", "c", "s"],
            ["book_author_id_title_key", "u", "{2,3}", "NULL", "-", "book_author_id_title_key", " ", " ", " "],
            ["book_pkey", "p", "{1}", "NULL", "-", "book_pkey", " ", " ", " "],
            ["book_price_check", "c", "{4}", "NULL", "-", "-", " ", " ", " "],
        ])
    }

    @Test func typesAreThoseOfPostgres() throws {
        let db = try CatalogFixture.database()
        #expect(try db.rows("""
            SELECT oid, typname, typlen, typbyval, typtype, typcategory, typelem, typarray, typinput, typdelim
            FROM pg_type WHERE oid IN (16, 23, 25, 1007, 22, 1043, 2205) ORDER BY oid
            """) == [
                ["16", "bool", "1", "t", "b", "B", "0", "1000", "boolin", ","],
                ["22", "int2vector", "-1", "f", "b", "A", "21", "1006", "int2vectorin", ","],
                ["23", "int4", "4", "t", "b", "N", "0", "1007", "int4in", ","],
                ["25", "text", "-1", "f", "b", "S", "0", "1009", "textin", ","],
                ["1007", "_int4", "-1", "f", "b", "A", "23", "0", "array_in", ","],
                ["1043", "varchar", "-1", "f", "b", "S", "0", "1015", "varcharin", ","],
                ["2205", "regclass", "4", "t", "b", "N", "0", "2210", "regclassin", ","],
            ])
        // Every type a column can have is in pg_type.
        #expect(try db.rows("SELECT count(*) FROM pg_attribute a LEFT JOIN pg_type t ON t.oid = a.atttypid WHERE t.oid IS NULL AND NOT a.attisdropped")
                == [["0"]])
        // Every type pg_proc mentions is in pg_type (sqlsmith checks), and every function it lists exists.
        #expect(try db.rows("""
            SELECT count(*) FROM (SELECT unnest(proargtypes) AS t FROM pg_proc UNION SELECT prorettype FROM pg_proc) x
            WHERE NOT EXISTS (SELECT 1 FROM pg_type WHERE oid = x.t)
            """) == [["0"]])
        #expect(try db.rows("SELECT proname, proargtypes, prorettype::regtype FROM pg_proc WHERE proname IN ('lower', 'nextval', 'unnest') ORDER BY 1")
                == [["lower", "25", "text"], ["nextval", "2205", "bigint"], ["unnest", "2277", "anyelement"]])
        // DBeaver compares typinput with a regproc literal.
        #expect(try db.rows("SELECT count(*) > 20 FROM pg_type WHERE typinput = 'pg_catalog.array_in'::regproc") == [["t"]])
    }

    @Test func sequencesShowTheirOptions() throws {
        let db = try CatalogFixture.database()
        #expect(try db.rows("SELECT seqrelid::regclass, seqtypid::regtype, seqstart, seqincrement, seqmax, seqcycle FROM pg_sequence ORDER BY 1")
                == [["author_id_seq", "integer", "1", "1", "2147483647", "f"], ["book_id_seq", "integer", "1", "1", "2147483647", "f"],
                    ["counter", "bigint", "10", "5", "9223372036854775807", "f"]])
        try db.rows("SELECT nextval('counter')")
        #expect(try db.rows("SELECT sequencename, data_type, start_value, last_value FROM pg_sequences WHERE sequencename = 'counter'")
                == [["counter", "bigint", "10", "10"]])
        // psql's "Owned by": serial columns own their sequence ('a'), identity columns theirs ('i').
        #expect(try db.rows("SELECT objid::regclass, refobjid::regclass, refobjsubid, deptype FROM pg_depend ORDER BY 1")
                == [["author_id_seq", "author", "1", "a"], ["book_id_seq", "book", "1", "i"]])
    }

    @Test func serverRelationsDescribeTheOneDatabaseAndRole() throws {
        let db = try CatalogFixture.database()
        #expect(try db.rows("SELECT datname, pg_encoding_to_char(encoding), datcollate, datallowconn, datistemplate FROM pg_database")
                == [["helios", "UTF8", "C.UTF-8", "t", "f"]])
        #expect(try db.rows("SELECT rolname, rolsuper, rolcanlogin, oid FROM pg_roles") == [["postgres", "t", "t", "10"]])
        #expect(try db.rows("SELECT usename, usesuper FROM pg_user") == [["postgres", "t"]])
        #expect(try db.rows("SELECT amname, amtype FROM pg_am ORDER BY oid") == [["heap", "t"], ["btree", "i"]])
        #expect(try db.rows("SELECT spcname, pg_tablespace_location(oid) FROM pg_tablespace ORDER BY oid") == [["pg_default", ""], ["pg_global", ""]])
        #expect(try db.rows("SELECT setting FROM pg_catalog.pg_settings WHERE name = 'max_index_keys'") == [["32"]])
        try db.tag("SET application_name = 'tests'")
        #expect(try db.rows("SELECT setting, source FROM pg_settings WHERE name = 'application_name'") == [["tests", "session"]])
        // Relations HeliosDB has nothing for exist, empty, with PostgreSQL's columns.
        #expect(try db.rows("SELECT count(*) FROM pg_inherits") == [["0"]])
        #expect(try db.rows("SELECT tgname, tgenabled FROM pg_trigger") == [])
    }

    @Test func viewsOverTheCatalog() throws {
        let db = try CatalogFixture.database()
        #expect(try db.rows("SELECT schemaname, tablename, hasindexes, hastriggers FROM pg_tables WHERE schemaname NOT IN ('pg_catalog') ORDER BY 2")
                == [["public", "author", "t", "t"], ["public", "book", "t", "t"], ["app", "thing", "t", "f"]])
        #expect(try db.rows("SELECT viewname FROM pg_views WHERE schemaname = 'public'") == [["v_book"]])
        #expect(try db.rows("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'book' ORDER BY 1") == [
            ["book_author_id_title_key", "CREATE UNIQUE INDEX book_author_id_title_key ON public.book USING btree (author_id, title)"],
            ["book_pkey", "CREATE UNIQUE INDEX book_pkey ON public.book USING btree (id)"],
            ["book_title_idx", "CREATE INDEX book_title_idx ON public.book USING btree (title DESC)"],
        ])
        #expect(try db.rows("SELECT relname, n_live_tup FROM pg_stat_user_tables ORDER BY 1") == [["author", "0"], ["book", "0"], ["thing", "0"]])
    }

    @Test func catalogFollowsTransactions() throws {
        let db = try CatalogFixture.database()
        try db.tag("BEGIN")
        try db.tag("CREATE TABLE fresh (x int)")
        #expect(try db.rows("SELECT relname FROM pg_class WHERE relname = 'fresh'") == [["fresh"]])
        let other = db.database.connect(user: "postgres")
        defer { other.close() }
        #expect(try db.rows("SELECT relname FROM pg_class WHERE relname = 'fresh'", in: other) == [])
        try db.tag("ROLLBACK")
        #expect(try db.rows("SELECT relname FROM pg_class WHERE relname = 'fresh'") == [])
    }
}
