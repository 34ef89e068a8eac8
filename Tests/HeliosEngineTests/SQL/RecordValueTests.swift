// Record values through SQL: information_schema._pg_expandarray's (x, n) rows, their text as
// PostgreSQL's record_out prints it, field selection on a set function in the select list and on
// a record column of a derived table, and pgjdbc's getPrimaryKeys and getIndexInfo queries
// verbatim (the expected rows are PostgreSQL 15's for the same schema).

import HeliosCore
import HeliosEngine
import HeliosValues
import Testing

@Suite struct RecordValueTests {
    @Test func expandArrayPrintsRecordsAsPostgresDoes() throws {
        let db = try SQLTestDatabase()
        #expect(try db.rows("""
            SELECT information_schema._pg_expandarray(ARRAY['a', 'b c', '', NULL, 'q"x', 'b\\s', '(p)'])
            """) == [["(a,1)"], ["(\"b c\",2)"], ["(\"\",3)"], ["(,4)"], ["(\"q\"\"x\",5)"], ["(\"b\\\\s\",6)"], ["(\"(p)\",7)"]])
        #expect(try db.rows("SELECT (information_schema._pg_expandarray(ARRAY[10, 20])).n, "
            + "(information_schema._pg_expandarray(ARRAY[10, 20])).x") == [["1", "10"], ["2", "20"]])
        // Records compare field by field.
        #expect(try db.rows("SELECT x.k = x.k, x.k < (SELECT information_schema._pg_expandarray(ARRAY[2]) LIMIT 1) "
            + "FROM (SELECT information_schema._pg_expandarray(ARRAY[1]) AS k) x") == [["t", "t"]])
    }

    @Test func fieldsOfARecordColumnAndErrors() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE t (a int, b int, PRIMARY KEY (b, a))")
        #expect(try db.rows("""
            SELECT r.k, (r.k).x, (r.k).n FROM (SELECT information_schema._pg_expandarray(i.indkey) AS k
            FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname = 't') r
            """) == [["(2,1)", "2", "1"], ["(1,2)", "1", "2"]])
        #expect(db.state("SELECT (information_schema._pg_expandarray(ARRAY[1])).z") == "42703")
        #expect(db.state("SELECT _pg_expandarray(ARRAY[1])") == "42883")
        #expect(db.state("SELECT pg_catalog._pg_expandarray(ARRAY[1])") == "42883")
        #expect(db.state("SELECT (ARRAY[1]).x") == "42809")
        // A record is no column type: PostgreSQL refuses tables and views of one.
        #expect(db.state("CREATE TABLE r AS SELECT information_schema._pg_expandarray(ARRAY[1]) AS k") == "42P16")
        #expect(db.state("CREATE VIEW rv AS SELECT information_schema._pg_expandarray(ARRAY[1]) AS k") == "42P16")
        #expect(db.state("CREATE TABLE rt (k record)") == "42P16")
    }

    @Test func recordsTravelInBinaryAsRecordSend() {
        let type = RecordType.blessed([RecordType.Field(name: "x", type: .smallint), RecordType.Field(name: "n", type: .integer)])
        #expect(RecordType.fields(of: type)?.map(\.name) == ["x", "n"])
        #expect(RecordType.blessed([RecordType.Field(name: "x", type: .smallint), RecordType.Field(name: "n", type: .integer)]) == type)
        // Field count 2; int2 (oid 21) of 2 bytes; int4 (oid 23) NULL.
        #expect(BinaryFormat.encode(.record([.int16(7), .null]), as: type)
            == [0, 0, 0, 2, 0, 0, 0, 21, 0, 0, 0, 2, 0, 7, 0, 0, 0, 23, 0xFF, 0xFF, 0xFF, 0xFF])
    }

    @Test func pgjdbcPrimaryKeyAndIndexQueriesAnswerAsOnPostgres() throws {
        let db = try SQLTestDatabase()
        try db.tag("CREATE TABLE book (id int8, edition int2, title text, price numeric, PRIMARY KEY (id, edition))")
        try db.tag("CREATE INDEX book_title ON book (title DESC, price)")
        // DatabaseMetaData.getPrimaryKeys(null, "public", "book"), as pgjdbc 42.5 sends it.
        #expect(try db.rows("""
            SELECT        result.TABLE_CAT,        result.TABLE_SCHEM,        result.TABLE_NAME,        result.COLUMN_NAME,        result.KEY_SEQ,        result.PK_NAME FROM      (SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM,   ct.relname AS TABLE_NAME, a.attname AS COLUMN_NAME,   (information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, ci.relname AS PK_NAME,   information_schema._pg_expandarray(i.indkey) AS KEYS, a.attnum AS A_ATTNUM FROM pg_catalog.pg_class ct   JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid)   JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)   JOIN pg_catalog.pg_index i ON ( a.attrelid = i.indrelid)   JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid) WHERE true  AND n.nspname = 'public' AND ct.relname = 'book' AND i.indisprimary  ) result where  result.A_ATTNUM = (result.KEYS).x  ORDER BY result.table_name, result.pk_name, result.key_seq
            """) == [["NULL", "public", "book", "id", "1", "book_pkey"], ["NULL", "public", "book", "edition", "2", "book_pkey"]])
        // DatabaseMetaData.getIndexInfo(null, "public", "book", false, false), columns PostgreSQL's
        // statistics do not decide.
        #expect(try db.rows("""
            SELECT tmp.INDEX_NAME, tmp.NON_UNIQUE, tmp.TYPE, tmp.ORDINAL_POSITION, trim(both '"' from pg_catalog.pg_get_indexdef(tmp.CI_OID, tmp.ORDINAL_POSITION, false)) AS COLUMN_NAME,   CASE tmp.AM_NAME     WHEN 'btree' THEN CASE tmp.I_INDOPTION[tmp.ORDINAL_POSITION - 1] & 1::smallint       WHEN 1 THEN 'D'       ELSE 'A'     END     ELSE NULL   END AS ASC_OR_DESC, tmp.FILTER_CONDITION FROM (SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM,   ct.relname AS TABLE_NAME, NOT i.indisunique AS NON_UNIQUE,   NULL AS INDEX_QUALIFIER, ci.relname AS INDEX_NAME,   CASE i.indisclustered     WHEN true THEN 1    ELSE CASE am.amname       WHEN 'hash' THEN 2      ELSE 3    END   END AS TYPE,   (information_schema._pg_expandarray(i.indkey)).n AS ORDINAL_POSITION,   ci.reltuples AS CARDINALITY,   ci.relpages AS PAGES,   pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS FILTER_CONDITION,   ci.oid AS CI_OID,   i.indoption AS I_INDOPTION,   am.amname AS AM_NAME FROM pg_catalog.pg_class ct   JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)   JOIN pg_catalog.pg_index i ON (ct.oid = i.indrelid)   JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid)   JOIN pg_catalog.pg_am am ON (ci.relam = am.oid) WHERE true  AND n.nspname = 'public' AND ct.relname = 'book') AS tmp ORDER BY NON_UNIQUE, TYPE, INDEX_NAME, ORDINAL_POSITION
            """) == [["book_pkey", "f", "3", "1", "id", "A", "NULL"], ["book_pkey", "f", "3", "2", "edition", "A", "NULL"],
                     ["book_title", "t", "3", "1", "title", "D", "NULL"], ["book_title", "t", "3", "2", "price", "A", "NULL"]])
    }
}
