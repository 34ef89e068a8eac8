// The catalog functions clients introspect with, and the reg* types printing names. Expected
// values are PostgreSQL 15's for the fixture schema.

import HeliosCore
import HeliosEngine
import Testing

@Suite struct CatalogFunctionsTests {
    @Test func regTypesReadAndPrintNames() throws {
        let db = try CatalogFixture.database()
        #expect(try db.rows("SELECT 'book'::regclass, 'book_pkey'::regclass, 'app.thing'::regclass, 1259::regclass, 0::regclass")
                == [["book", "book_pkey", "app.thing", "pg_class", "-"]])
        #expect(try db.rows("SELECT 'pg_catalog.pg_class'::regclass::oid, 'book'::regclass::text, 99999::regclass::text")
                == [["1259", "book", "99999"]])
        #expect(db.state("SELECT 'nosuch'::regclass") == "42P01")
        // Text read at run time goes through the catalog too.
        #expect(try db.rows("SELECT relname FROM pg_class WHERE oid = ('boo' || 'k')::regclass") == [["book"]])
        #expect(try db.rows("SELECT 'public'::regnamespace, 11::regnamespace::text, 'postgres'::regrole, 10::regrole::text")
                == [["public", "pg_catalog", "postgres", "postgres"]])
        #expect(try db.rows("SELECT 'array_in'::regproc, 'pg_catalog.array_in'::regproc::oid, 0::regtype") == [["array_in", "750", "-"]])
        #expect(db.state("SELECT 'nosuch'::regnamespace") == "3F000")
        // format() and concat() take "any": reg* values still print as names (sqlsmith's type list).
        #expect(try db.rows("SELECT format('%I.%I', typnamespace::regnamespace, typname), concat('book'::regclass, ':', '1 2'::int2vector) FROM pg_type WHERE oid = 23")
                == [["pg_catalog.int4", "book:1 2"]])
        // A parameter given as text is read as a name, as regclassin reads it.
        #expect(try db.session.query("SELECT $1::regclass::oid = 'book'::regclass::oid", .text("public.book")).textRows == [["t"]])
        #expect(try db.session.query("SELECT relname FROM pg_class WHERE oid = $1::regclass", .text("book")).textRows == [["book"]])
        // A table off the search path prints qualified, and unqualified once it is on it.
        try db.tag("SET search_path = app, public")
        #expect(try db.rows("SELECT 'app.thing'::regclass, 'public.book'::regclass") == [["thing", "book"]])
    }

    @Test func formatTypeAndDeparsers() throws {
        let db = try CatalogFixture.database()
        #expect(try db.rows("""
            SELECT format_type(1042, NULL), format_type(1042, -1), format_type(1042, 14), format_type(1015, 14),
                   format_type(22, NULL), format_type(1184, 3), format_type(999999, NULL), format_type(NULL, 1)
            """) == [["character", "bpchar", "character(10)", "character varying(10)[]", "int2vector",
                      "timestamp(3) with time zone", "???", "NULL"]])
        #expect(try db.rows("""
            SELECT pg_get_indexdef(indexrelid), pg_get_indexdef(indexrelid, 0, true), pg_get_indexdef(indexrelid, 2, false)
            FROM pg_index WHERE indexrelid = 'book_author_id_title_key'::regclass
            """) == [["CREATE UNIQUE INDEX book_author_id_title_key ON public.book USING btree (author_id, title)",
                      "CREATE UNIQUE INDEX book_author_id_title_key ON book USING btree (author_id, title)", "title"]])
        #expect(try db.rows("SELECT conname, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true) FROM pg_constraint WHERE conrelid = 'author'::regclass ORDER BY conname")
                == [["author_email_key", "UNIQUE (email)", "UNIQUE (email)"], ["author_pkey", "PRIMARY KEY (id)", "PRIMARY KEY (id)"],
                    ["author_rating_check", "CHECK ((rating >= 0))", "CHECK (rating >= 0)"]])
        try db.tag("CREATE TABLE loan (id int, book_id int, CONSTRAINT loan_book FOREIGN KEY (book_id) REFERENCES book (id) MATCH FULL ON UPDATE RESTRICT ON DELETE SET NULL)")
        #expect(try db.rows("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'loan_book'")
                == [["FOREIGN KEY (book_id) REFERENCES book(id) MATCH FULL ON UPDATE RESTRICT ON DELETE SET NULL"]])
        #expect(try db.rows("SELECT pg_get_viewdef('v_book'::regclass) IS NOT NULL, pg_get_viewdef('book'::regclass)") == [["t", "NULL"]])
    }

    @Test func sessionAndServerFacts() throws {
        let db = try CatalogFixture.database()
        #expect(try db.rows("SELECT current_schema(), current_schemas(true), current_schemas(false), current_database()")
                == [["public", "{pg_catalog,public}", "{public}", "helios"]])
        #expect(try db.rows("SELECT pg_get_userbyid(10), pg_get_userbyid(12345), pg_encoding_to_char(6), pg_is_in_recovery()")
                == [["postgres", "unknown (OID=12345)", "UTF8", "f"]])
        #expect(try db.rows("SELECT version() LIKE 'PostgreSQL 15.%', pg_postmaster_start_time() <= now()") == [["t", "t"]])
        #expect(try db.rows("SELECT pg_size_pretty(1234567::bigint), pg_size_pretty(100::bigint), pg_size_pretty(10240::bigint)")
                == [["1206 kB", "100 bytes", "10 kB"]])
        // Sizes are 0 until the store reports them per tree.
        #expect(try db.rows("SELECT pg_relation_size('book'), pg_total_relation_size('book'), pg_table_size('book'), pg_indexes_size('book')")
                == [["0", "0", "0", "0"]])
        #expect(try db.rows("""
            SELECT has_table_privilege('book', 'SELECT'), has_table_privilege(c.oid, 'INSERT'), has_schema_privilege('public', 'USAGE'),
                   has_database_privilege(current_database(), 'CONNECT'), has_table_privilege('postgres', 'book', 'SELECT')
            FROM pg_class c WHERE c.relname = 'book'
            """) == [["t", "t", "t", "t", "t"]])
        // pg_catalog is searched first unless the path places it; missing schemas are skipped.
        try db.tag("SET search_path = nosuch, app, pg_catalog")
        #expect(try db.rows("SELECT current_schema(), current_schemas(true), current_schemas(false)")
                == [["app", "{app,pg_catalog}", "{app,pg_catalog}"]])
        try db.tag("SET search_path = nosuch")
        #expect(try db.rows("SELECT current_schema(), current_schemas(true)") == [["NULL", "{pg_catalog}"]])
    }

    @Test func visibilityAndLookups() throws {
        let db = try CatalogFixture.database()
        #expect(try db.rows("SELECT pg_table_is_visible('book'::regclass), pg_table_is_visible('app.thing'::regclass), pg_table_is_visible(99999)")
                == [["t", "f", "NULL"]])
        #expect(try db.rows("SELECT pg_type_is_visible(23), pg_function_is_visible('array_in'::regproc)") == [["t", "t"]])
        #expect(try db.rows("SELECT to_regclass('book'), to_regclass('nosuch'), to_regtype('int'), to_regtype('nosuch'), to_regnamespace('app')")
                == [["book", "NULL", "integer", "NULL", "app"]])
        #expect(try db.rows("SELECT pg_get_serial_sequence('author', 'id'), pg_get_serial_sequence('book', 'id'), pg_get_serial_sequence('book', 'title')")
                == [["public.author_id_seq", "public.book_id_seq", "NULL"]])
        #expect(db.state("SELECT pg_get_serial_sequence('nosuch', 'id')") == "42P01")
    }

    @Test func commentsOnTablesAndColumns() throws {
        let db = try CatalogFixture.database()
        try db.tag("COMMENT ON COLUMN author.name IS 'full name'")
        #expect(try db.rows("SELECT obj_description('author'::regclass, 'pg_class'), obj_description('author'::regclass), col_description('author'::regclass, 2), col_description('author'::regclass, 1)")
                == [["people who write", "people who write", "full name", "NULL"]])
        #expect(try db.rows("SELECT objsubid, description FROM pg_description WHERE objoid = 'author'::regclass ORDER BY objsubid")
                == [["0", "people who write"], ["2", "full name"]])
        try db.tag("COMMENT ON COLUMN author.name IS NULL")
        #expect(try db.rows("SELECT count(*) FROM pg_description") == [["1"]])
        #expect(db.state("COMMENT ON COLUMN author.nosuch IS 'x'") == "42703")
    }

    @Test func setReturningFunctionsInTheSelectList() throws {
        let db = try SQLTestDatabase()
        #expect(try db.rows("SELECT unnest(ARRAY[10, 20, 30]), generate_subscripts(ARRAY[10, 20, 30], 1)")
                == [["10", "1"], ["20", "2"], ["30", "3"]])
        // Sets of different lengths: the shorter runs out into NULLs.
        #expect(try db.rows("SELECT unnest(ARRAY[1, 2, 3]), unnest(ARRAY['a'])") == [["1", "a"], ["2", "NULL"], ["3", "NULL"]])
        #expect(try db.rows("SELECT x, unnest(ARRAY[x, x * 10]) FROM generate_series(1, 2) x ORDER BY 1, 2")
                == [["1", "1"], ["1", "10"], ["2", "2"], ["2", "20"]])
        #expect(try db.rows("SELECT unnest(ARRAY[]::int[])") == [])
        #expect(try db.rows("SELECT unnest(array_agg(x ORDER BY x DESC)) FROM generate_series(1, 3) x") == [["3"], ["2"], ["1"]])
        #expect(try db.rows("SELECT generate_subscripts('7 8'::int2vector, 1)") == [["0"], ["1"]])
        #expect(db.state("SELECT x FROM generate_series(1, 2) x WHERE unnest(ARRAY[x]) > 0") == "0A000")
        #expect(db.state("SELECT count(unnest(ARRAY[1]))") == "0A000")
        // HeliosDB has no partitions, so no relation has ancestors (psql's \d asks).
        #expect(try db.rows("SELECT pg_partition_ancestors(1259)") == [])
        #expect(try db.rows("SELECT json_build_object('a', 1, 'b', true, 'c', NULL, 'd', 'x', 'e', ARRAY[1, 2])")
                == [[#"{"a" : 1, "b" : true, "c" : null, "d" : "x", "e" : [1,2]}"#]])
    }
}
