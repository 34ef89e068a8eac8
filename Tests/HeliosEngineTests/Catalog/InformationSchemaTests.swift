// information_schema against the fixture schema, as SQLAlchemy, JDBC tools and Grafana read it;
// expected rows are PostgreSQL 15's (catalog name aside: HeliosDB's database is "helios").

import HeliosCore
import HeliosEngine
import Testing

@Suite struct InformationSchemaTests {
    @Test func schemataAndTables() throws {
        let db = try CatalogFixture.database()
        #expect(try db.rows("SELECT schema_name FROM information_schema.schemata ORDER BY 1")
                == [["app"], ["information_schema"], ["pg_catalog"], ["public"]])
        #expect(try db.rows("""
            SELECT table_catalog, table_schema, table_name, table_type, is_insertable_into, is_typed
            FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 2, 3
            """) == [["helios", "app", "thing", "BASE TABLE", "YES", "NO"], ["helios", "public", "author", "BASE TABLE", "YES", "NO"],
                     ["helios", "public", "book", "BASE TABLE", "YES", "NO"], ["helios", "public", "v_book", "VIEW", "NO", "NO"]])
        #expect(try db.rows("SELECT table_type FROM information_schema.tables WHERE table_name = 'pg_class'") == [["BASE TABLE"]])
        // Unqualified names find information_schema only when it is on the search path.
        #expect(db.state("SELECT * FROM schemata") == "42P01")
        try db.tag("SET search_path = public, information_schema")
        #expect(try db.rows("SELECT count(*) FROM schemata") == [["4"]])
    }

    @Test func columnsDescribeTypesAndDefaults() throws {
        let db = try CatalogFixture.database()
        #expect(try db.rows("""
            SELECT table_name, column_name, ordinal_position, column_default, is_nullable, data_type, character_maximum_length,
                   character_octet_length, numeric_precision, numeric_precision_radix, numeric_scale, datetime_precision, udt_name,
                   is_identity, identity_generation, identity_start, identity_maximum, is_generated, is_updatable
            FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 3
            """) == [
                ["author", "id", "1", "nextval('author_id_seq'::regclass)", "NO", "integer", "NULL", "NULL", "32", "2", "0", "NULL", "int4",
                 "NO", "NULL", "NULL", "NULL", "NEVER", "YES"],
                ["author", "name", "2", "NULL", "NO", "text", "NULL", "1073741824", "NULL", "NULL", "NULL", "NULL", "text",
                 "NO", "NULL", "NULL", "NULL", "NEVER", "YES"],
                ["author", "email", "3", "NULL", "YES", "character varying", "100", "400", "NULL", "NULL", "NULL", "NULL", "varchar",
                 "NO", "NULL", "NULL", "NULL", "NEVER", "YES"],
                ["author", "born", "4", "NULL", "YES", "date", "NULL", "NULL", "NULL", "NULL", "NULL", "0", "date",
                 "NO", "NULL", "NULL", "NULL", "NEVER", "YES"],
                ["author", "rating", "5", "NULL", "YES", "numeric", "NULL", "NULL", "4", "10", "1", "NULL", "numeric",
                 "NO", "NULL", "NULL", "NULL", "NEVER", "YES"],
                ["book", "id", "1", "NULL", "NO", "integer", "NULL", "NULL", "32", "2", "0", "NULL", "int4",
                 "YES", "BY DEFAULT", "1", "2147483647", "NEVER", "YES"],
                ["book", "author_id", "2", "NULL", "NO", "integer", "NULL", "NULL", "32", "2", "0", "NULL", "int4",
                 "NO", "NULL", "NULL", "NULL", "NEVER", "YES"],
                ["book", "title", "3", "'untitled'::text", "NO", "text", "NULL", "1073741824", "NULL", "NULL", "NULL", "NULL", "text",
                 "NO", "NULL", "NULL", "NULL", "NEVER", "YES"],
                ["book", "price", "4", "NULL", "YES", "numeric", "NULL", "NULL", "8", "10", "2", "NULL", "numeric",
                 "NO", "NULL", "NULL", "NULL", "NEVER", "YES"],
                ["book", "tags", "5", "NULL", "YES", "ARRAY", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "_text",
                 "NO", "NULL", "NULL", "NULL", "NEVER", "YES"],
                ["v_book", "id", "1", "NULL", "YES", "integer", "NULL", "NULL", "32", "2", "0", "NULL", "int4",
                 "NO", "NULL", "NULL", "NULL", "NEVER", "NO"],
                ["v_book", "title", "2", "NULL", "YES", "text", "NULL", "1073741824", "NULL", "NULL", "NULL", "NULL", "text",
                 "NO", "NULL", "NULL", "NULL", "NEVER", "NO"],
                ["v_book", "name", "3", "NULL", "YES", "text", "NULL", "1073741824", "NULL", "NULL", "NULL", "NULL", "text",
                 "NO", "NULL", "NULL", "NULL", "NEVER", "NO"],
            ])
    }

    @Test func constraintsAndTheirColumns() throws {
        let db = try CatalogFixture.database()
        #expect(try db.rows("""
            SELECT constraint_name, table_name, constraint_type, is_deferrable, nulls_distinct FROM information_schema.table_constraints
            WHERE table_schema = 'public' AND constraint_name NOT LIKE '%not_null' ORDER BY 1
            """) == [
                ["author_email_key", "author", "UNIQUE", "NO", "YES"], ["author_pkey", "author", "PRIMARY KEY", "NO", "NULL"],
                ["author_rating_check", "author", "CHECK", "NO", "NULL"], ["book_author_id_fkey", "book", "FOREIGN KEY", "NO", "NULL"],
                ["book_author_id_title_key", "book", "UNIQUE", "NO", "YES"], ["book_pkey", "book", "PRIMARY KEY", "NO", "NULL"],
                ["book_price_check", "book", "CHECK", "NO", "NULL"],
            ])
        // NOT NULL columns appear as CHECK constraints named after schema, table and column, as in PostgreSQL.
        let author = try CatalogFixture.oid(db, "author")
        #expect(try db.rows("""
            SELECT c.constraint_name, c.check_clause FROM information_schema.check_constraints c
            WHERE c.constraint_name LIKE '2200_\(author)_%' ORDER BY 1
            """) == [["2200_\(author)_1_not_null", "id IS NOT NULL"], ["2200_\(author)_2_not_null", "name IS NOT NULL"]])
        #expect(try db.rows("SELECT check_clause FROM information_schema.check_constraints WHERE constraint_name = 'book_price_check'")
                == [["((price > 0))"]])
        #expect(try db.rows("""
            SELECT constraint_name, table_name, column_name, ordinal_position, position_in_unique_constraint
            FROM information_schema.key_column_usage WHERE table_schema = 'public' ORDER BY 1, 4
            """) == [
                ["author_email_key", "author", "email", "1", "NULL"], ["author_pkey", "author", "id", "1", "NULL"],
                ["book_author_id_fkey", "book", "author_id", "1", "1"], ["book_author_id_title_key", "book", "author_id", "1", "NULL"],
                ["book_author_id_title_key", "book", "title", "2", "NULL"], ["book_pkey", "book", "id", "1", "NULL"],
            ])
        #expect(try db.rows("SELECT * FROM information_schema.referential_constraints") == [
            ["helios", "public", "book_author_id_fkey", "helios", "public", "author_pkey", "NONE", "NO ACTION", "CASCADE"],
        ])
        #expect(try db.rows("""
            SELECT table_name, column_name, constraint_name FROM information_schema.constraint_column_usage
            WHERE table_schema = 'public' ORDER BY 3, 2
            """) == [
                ["author", "email", "author_email_key"], ["author", "id", "author_pkey"], ["author", "rating", "author_rating_check"],
                ["author", "id", "book_author_id_fkey"], ["book", "author_id", "book_author_id_title_key"],
                ["book", "title", "book_author_id_title_key"], ["book", "id", "book_pkey"], ["book", "price", "book_price_check"],
            ])
    }

    @Test func viewsAndSequences() throws {
        let db = try CatalogFixture.database()
        #expect(try db.rows("SELECT table_name, check_option, is_updatable FROM information_schema.views WHERE table_schema = 'public'")
                == [["v_book", "NONE", "NO"]])
        // An identity column's sequence is not listed, as in PostgreSQL.
        #expect(try db.rows("""
            SELECT sequence_name, data_type, numeric_precision, start_value, minimum_value, maximum_value, increment, cycle_option
            FROM information_schema.sequences ORDER BY 1
            """) == [["author_id_seq", "integer", "32", "1", "1", "2147483647", "1", "NO"],
                     ["counter", "bigint", "64", "10", "1", "9223372036854775807", "5", "NO"]])
    }
}
