// Catalog queries real clients send, verbatim (captured between the clients and PostgreSQL
// 15.18; see CLIENTS.md): pgjdbc's DatabaseMetaData, SQLAlchemy's Inspector, psycopg's and
// asyncpg's type introspection, pgbench's partition probe. "{book}" stands for the oid of the table
// reflected, and the captured table names are the fixture's.

import Foundation

enum ClientQueries {

    /// pgjdbc getTables.
    static let jdbcTables = #"""
        SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, c.relname AS TABLE_NAME,  CASE n.nspname ~ '^pg_' OR n.nspname = 'information_schema'  WHEN true THEN CASE  WHEN n.nspname = 'pg_catalog' OR n.nspname = 'information_schema' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TABLE'   WHEN 'v' THEN 'SYSTEM VIEW'   WHEN 'i' THEN 'SYSTEM INDEX'   ELSE NULL   END  WHEN n.nspname = 'pg_toast' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TOAST TABLE'   WHEN 'i' THEN 'SYSTEM TOAST INDEX'   ELSE NULL   END  ELSE CASE c.relkind   WHEN 'r' THEN 'TEMPORARY TABLE'   WHEN 'p' THEN 'TEMPORARY TABLE'   WHEN 'i' THEN 'TEMPORARY INDEX'   WHEN 'S' THEN 'TEMPORARY SEQUENCE'   WHEN 'v' THEN 'TEMPORARY VIEW'   ELSE NULL   END  END  WHEN false THEN CASE c.relkind  WHEN 'r' THEN 'TABLE'  WHEN 'p' THEN 'PARTITIONED TABLE'  WHEN 'i' THEN 'INDEX'  WHEN 'P' then 'PARTITIONED INDEX'  WHEN 'S' THEN 'SEQUENCE'  WHEN 'v' THEN 'VIEW'  WHEN 'c' THEN 'TYPE'  WHEN 'f' THEN 'FOREIGN TABLE'  WHEN 'm' THEN 'MATERIALIZED VIEW'  ELSE NULL  END  ELSE NULL  END  AS TABLE_TYPE, d.description AS REMARKS,  '' as TYPE_CAT, '' as TYPE_SCHEM, '' as TYPE_NAME, '' AS SELF_REFERENCING_COL_NAME, '' AS REF_GENERATION  FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c  LEFT JOIN pg_catalog.pg_description d ON (c.oid = d.objoid AND d.objsubid = 0  and d.classoid = 'pg_class'::regclass)  WHERE c.relnamespace = n.oid  AND n.nspname LIKE 'public' AND c.relname LIKE '%' AND (false  OR ( c.relkind = 'r' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' )  OR ( c.relkind = 'v' AND n.nspname <> 'pg_catalog' AND n.nspname <> 'information_schema' ) )  ORDER BY TABLE_TYPE,TABLE_SCHEM,TABLE_NAME
        """#

    /// pgjdbc getColumns.
    static let jdbcColumns = #"""
        SELECT * FROM (SELECT n.nspname,c.relname,a.attname,a.atttypid,a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS attnotnull,a.atttypmod,a.attlen,t.typtypmod,row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS attnum, nullif(a.attidentity, '') as attidentity,nullif(a.attgenerated, '') as attgenerated,pg_catalog.pg_get_expr(def.adbin, def.adrelid) AS adsrc,dsc.description,t.typbasetype,t.typtype  FROM pg_catalog.pg_namespace n  JOIN pg_catalog.pg_class c ON (c.relnamespace = n.oid)  JOIN pg_catalog.pg_attribute a ON (a.attrelid=c.oid)  JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)  LEFT JOIN pg_catalog.pg_attrdef def ON (a.attrelid=def.adrelid AND a.attnum = def.adnum)  LEFT JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)  LEFT JOIN pg_catalog.pg_class dc ON (dc.oid=dsc.classoid AND dc.relname='pg_class')  LEFT JOIN pg_catalog.pg_namespace dn ON (dc.relnamespace=dn.oid AND dn.nspname='pg_catalog')  WHERE c.relkind in ('r','p','v','f','m') and a.attnum > 0 AND NOT a.attisdropped  AND n.nspname LIKE 'public' AND c.relname LIKE 'book') c WHERE true  AND attname LIKE '%' ORDER BY nspname,c.relname,attnum
        """#

    /// pgjdbc getPrimaryKeys (needs information_schema._pg_expandarray, a record-returning function).
    static let jdbcPrimaryKeys = #"""
        SELECT        result.TABLE_CAT,        result.TABLE_SCHEM,        result.TABLE_NAME,        result.COLUMN_NAME,        result.KEY_SEQ,        result.PK_NAME FROM      (SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM,   ct.relname AS TABLE_NAME, a.attname AS COLUMN_NAME,   (information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, ci.relname AS PK_NAME,   information_schema._pg_expandarray(i.indkey) AS KEYS, a.attnum AS A_ATTNUM FROM pg_catalog.pg_class ct   JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid)   JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)   JOIN pg_catalog.pg_index i ON ( a.attrelid = i.indrelid)   JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid) WHERE true  AND n.nspname = 'public' AND ct.relname = 'book' AND i.indisprimary  ) result where  result.A_ATTNUM = (result.KEYS).x  ORDER BY result.table_name, result.pk_name, result.key_seq
        """#

    /// pgjdbc getImportedKeys.
    static let jdbcImportedKeys = #"""
        SELECT NULL::text AS PKTABLE_CAT, pkn.nspname AS PKTABLE_SCHEM, pkc.relname AS PKTABLE_NAME, pka.attname AS PKCOLUMN_NAME, NULL::text AS FKTABLE_CAT, fkn.nspname AS FKTABLE_SCHEM, fkc.relname AS FKTABLE_NAME, fka.attname AS FKCOLUMN_NAME, pos.n AS KEY_SEQ, CASE con.confupdtype  WHEN 'c' THEN 0 WHEN 'n' THEN 2 WHEN 'd' THEN 4 WHEN 'r' THEN 1 WHEN 'p' THEN 1 WHEN 'a' THEN 3 ELSE NULL END AS UPDATE_RULE, CASE con.confdeltype  WHEN 'c' THEN 0 WHEN 'n' THEN 2 WHEN 'd' THEN 4 WHEN 'r' THEN 1 WHEN 'p' THEN 1 WHEN 'a' THEN 3 ELSE NULL END AS DELETE_RULE, con.conname AS FK_NAME, pkic.relname AS PK_NAME, CASE  WHEN con.condeferrable AND con.condeferred THEN 5 WHEN con.condeferrable THEN 6 ELSE 7 END AS DEFERRABILITY  FROM  pg_catalog.pg_namespace pkn, pg_catalog.pg_class pkc, pg_catalog.pg_attribute pka,  pg_catalog.pg_namespace fkn, pg_catalog.pg_class fkc, pg_catalog.pg_attribute fka,  pg_catalog.pg_constraint con,  pg_catalog.generate_series(1, 32) pos(n),  pg_catalog.pg_class pkic WHERE pkn.oid = pkc.relnamespace AND pkc.oid = pka.attrelid AND pka.attnum = con.confkey[pos.n] AND con.confrelid = pkc.oid  AND fkn.oid = fkc.relnamespace AND fkc.oid = fka.attrelid AND fka.attnum = con.conkey[pos.n] AND con.conrelid = fkc.oid  AND con.contype = 'f' AND (pkic.relkind = 'i' OR pkic.relkind = 'I') AND pkic.oid = con.conindid  AND fkn.nspname = 'public' AND fkc.relname = 'book' ORDER BY pkn.nspname,pkc.relname, con.conname,pos.n
        """#

    /// pgjdbc getIndexInfo (needs information_schema._pg_expandarray).
    static let jdbcIndexInfo = #"""
        SELECT     tmp.TABLE_CAT,     tmp.TABLE_SCHEM,     tmp.TABLE_NAME,     tmp.NON_UNIQUE,     tmp.INDEX_QUALIFIER,     tmp.INDEX_NAME,     tmp.TYPE,     tmp.ORDINAL_POSITION,     trim(both '"' from pg_catalog.pg_get_indexdef(tmp.CI_OID, tmp.ORDINAL_POSITION, false)) AS COLUMN_NAME,   CASE tmp.AM_NAME     WHEN 'btree' THEN CASE tmp.I_INDOPTION[tmp.ORDINAL_POSITION - 1] & 1::smallint       WHEN 1 THEN 'D'       ELSE 'A'     END     ELSE NULL   END AS ASC_OR_DESC,     tmp.CARDINALITY,     tmp.PAGES,     tmp.FILTER_CONDITION FROM (SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM,   ct.relname AS TABLE_NAME, NOT i.indisunique AS NON_UNIQUE,   NULL AS INDEX_QUALIFIER, ci.relname AS INDEX_NAME,   CASE i.indisclustered     WHEN true THEN 1    ELSE CASE am.amname       WHEN 'hash' THEN 2      ELSE 3    END   END AS TYPE,   (information_schema._pg_expandarray(i.indkey)).n AS ORDINAL_POSITION,   ci.reltuples AS CARDINALITY,   ci.relpages AS PAGES,   pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS FILTER_CONDITION,   ci.oid AS CI_OID,   i.indoption AS I_INDOPTION,   am.amname AS AM_NAME FROM pg_catalog.pg_class ct   JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)   JOIN pg_catalog.pg_index i ON (ct.oid = i.indrelid)   JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid)   JOIN pg_catalog.pg_am am ON (ci.relam = am.oid) WHERE true  AND n.nspname = 'public' AND ct.relname = 'book') AS tmp ORDER BY NON_UNIQUE, TYPE, INDEX_NAME, ORDINAL_POSITION
        """#

    /// pgjdbc getSchemas.
    static let jdbcSchemas = #"""
        SELECT nspname AS TABLE_SCHEM, NULL AS TABLE_CATALOG FROM pg_catalog.pg_namespace  WHERE nspname <> 'pg_toast' AND (nspname !~ '^pg_temp_'  OR nspname = (pg_catalog.current_schemas(true))[1]) AND (nspname !~ '^pg_toast_temp_'  OR nspname = replace((pg_catalog.current_schemas(true))[1], 'pg_temp_', 'pg_toast_temp_'))  ORDER BY TABLE_SCHEM
        """#

    /// pgjdbc ResultSetMetaData: a type by oid ($1).
    static let jdbcTypeOfColumn = #"""
        SELECT n.nspname = ANY(current_schemas(true)), n.nspname, t.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid WHERE t.oid = $1
        """#

    /// pgjdbc ResultSetMetaData: nullability and auto-increment of result columns.
    static let jdbcColumnFlags = #"""
        SELECT c.oid, a.attnum, a.attname, c.relname, n.nspname, a.attnotnull OR (t.typtype = 'd' AND t.typnotnull), a.attidentity != '' OR pg_catalog.pg_get_expr(d.adbin, d.adrelid) LIKE '%nextval(%' FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON (c.relnamespace = n.oid) JOIN pg_catalog.pg_attribute a ON (c.oid = a.attrelid) JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid) LEFT JOIN pg_catalog.pg_attrdef d ON (d.adrelid = a.attrelid AND d.adnum = a.attnum) JOIN (SELECT {book} AS oid , 5 AS attnum UNION ALL SELECT {book}, 6 UNION ALL SELECT {book}, 3) vals ON (c.oid = vals.oid AND a.attnum = vals.attnum)
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saHstore = #"""
        SELECT t.oid, typarray
        FROM pg_type t JOIN pg_namespace ns
            ON typnamespace = ns.oid
        WHERE typname = 'hstore'
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saVersion = #"""
        select pg_catalog.version()
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saCurrentSchema = #"""
        select current_schema()
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saIsolation = #"""
        show transaction isolation level
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saStandardStrings = #"""
        show standard_conforming_strings
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saSchemas = #"""
        SELECT pg_catalog.pg_namespace.nspname 
        FROM pg_catalog.pg_namespace 
        WHERE (pg_catalog.pg_namespace.nspname NOT LIKE 'pg/_' || '%' ESCAPE '/') ORDER BY pg_catalog.pg_namespace.nspname
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saTableNames = #"""
        SELECT pg_catalog.pg_class.relname 
        FROM pg_catalog.pg_class JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace 
        WHERE pg_catalog.pg_class.relkind = ANY (ARRAY['r', 'p']) AND pg_catalog.pg_class.relpersistence != 't' AND pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) AND pg_catalog.pg_namespace.nspname != 'pg_catalog'
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saColumns = #"""
        SELECT pg_catalog.pg_attribute.attname AS name, pg_catalog.format_type(pg_catalog.pg_attribute.atttypid, pg_catalog.pg_attribute.atttypmod) AS format_type, CASE WHEN pg_catalog.pg_attribute.atthasdef THEN (SELECT pg_catalog.pg_get_expr(pg_catalog.pg_attrdef.adbin, pg_catalog.pg_attrdef.adrelid) AS pg_get_expr_1 
        FROM pg_catalog.pg_attrdef 
        WHERE pg_catalog.pg_attribute.atthasdef AND pg_catalog.pg_attrdef.adrelid = pg_catalog.pg_attribute.attrelid AND pg_catalog.pg_attrdef.adnum = pg_catalog.pg_attribute.attnum) ELSE NULL END AS "default", pg_catalog.pg_attribute.attnotnull AS not_null, pg_catalog.pg_class.relname AS table_name, pg_catalog.pg_description.description AS comment, pg_catalog.pg_attribute.attgenerated AS generated, CASE WHEN (pg_catalog.pg_attribute.attidentity != '') THEN (SELECT json_build_object('always', pg_catalog.pg_attribute.attidentity = 'a', 'start', pg_catalog.pg_sequence.seqstart, 'increment', pg_catalog.pg_sequence.seqincrement, 'minvalue', pg_catalog.pg_sequence.seqmin, 'maxvalue', pg_catalog.pg_sequence.seqmax, 'cache', pg_catalog.pg_sequence.seqcache, 'cycle', pg_catalog.pg_sequence.seqcycle) AS json_build_object_1 
        FROM pg_catalog.pg_sequence 
        WHERE pg_catalog.pg_attribute.attidentity != '' AND pg_catalog.pg_sequence.seqrelid = CAST(CAST(pg_catalog.pg_get_serial_sequence(CAST(CAST(pg_catalog.pg_attribute.attrelid AS REGCLASS) AS TEXT), pg_catalog.pg_attribute.attname) AS REGCLASS) AS OID)) ELSE NULL END AS identity_options, CASE WHEN (pg_catalog.pg_attribute.attcollation != 0 AND (SELECT pg_catalog.pg_type.typcollation 
        FROM pg_catalog.pg_type 
        WHERE pg_catalog.pg_type.oid = pg_catalog.pg_attribute.atttypid) != pg_catalog.pg_attribute.attcollation) THEN (SELECT json_build_object('name', pg_catalog.pg_collation.collname, 'schema', CASE WHEN pg_catalog.pg_collation_is_visible(pg_catalog.pg_collation.oid) THEN NULL ELSE pg_catalog.pg_namespace.nspname END) AS json_build_object_9 
        FROM pg_catalog.pg_collation JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_collation.collnamespace 
        WHERE pg_catalog.pg_collation.oid = pg_catalog.pg_attribute.attcollation) ELSE NULL END AS collation 
        FROM pg_catalog.pg_class LEFT OUTER JOIN pg_catalog.pg_attribute ON pg_catalog.pg_class.oid = pg_catalog.pg_attribute.attrelid AND pg_catalog.pg_attribute.attnum > 0 AND NOT pg_catalog.pg_attribute.attisdropped LEFT OUTER JOIN pg_catalog.pg_description ON pg_catalog.pg_description.objoid = pg_catalog.pg_attribute.attrelid AND pg_catalog.pg_description.objsubid = pg_catalog.pg_attribute.attnum JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace 
        WHERE pg_catalog.pg_class.relkind = ANY (ARRAY['r', 'p', 'f', 'v', 'm']) AND pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) AND pg_catalog.pg_namespace.nspname != 'pg_catalog' AND pg_catalog.pg_class.relname IN ('book') ORDER BY pg_catalog.pg_class.relname, pg_catalog.pg_attribute.attnum
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saEnums = #"""
        SELECT pg_catalog.pg_type.typname AS name, pg_catalog.pg_type_is_visible(pg_catalog.pg_type.oid) AS visible, pg_catalog.pg_namespace.nspname AS schema, lbl_agg.labels AS labels 
        FROM pg_catalog.pg_type JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_type.typnamespace LEFT OUTER JOIN (SELECT pg_catalog.pg_enum.enumtypid AS enumtypid, array_agg(CAST(pg_catalog.pg_enum.enumlabel AS TEXT) ORDER BY pg_catalog.pg_enum.enumsortorder) AS labels 
        FROM pg_catalog.pg_enum GROUP BY pg_catalog.pg_enum.enumtypid) AS lbl_agg ON pg_catalog.pg_type.oid = lbl_agg.enumtypid 
        WHERE pg_catalog.pg_type.typtype = 'e' ORDER BY pg_catalog.pg_namespace.nspname, pg_catalog.pg_type.typname
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saTableOIDs = #"""
        SELECT pg_catalog.pg_class.oid, pg_catalog.pg_class.relname 
        FROM pg_catalog.pg_class JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace 
        WHERE pg_catalog.pg_class.relkind = ANY (ARRAY['r', 'p', 'f', 'v', 'm']) AND pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) AND pg_catalog.pg_namespace.nspname != 'pg_catalog' AND pg_catalog.pg_class.relname IN ('book')
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saPrimaryKeys = #"""
        SELECT attr.conrelid, array_agg(CAST(attr.attname AS TEXT) ORDER BY attr.ord) AS cols, attr.conname, min(attr.description) AS description, min(attr.indnkeyatts) AS indnkeyatts, bool_and(attr.indnullsnotdistinct) AS indnullsnotdistinct 
        FROM (SELECT con.conrelid AS conrelid, con.conname AS conname, con.description AS description, con.ord AS ord, con.indnkeyatts AS indnkeyatts, con.indnullsnotdistinct AS indnullsnotdistinct, pg_catalog.pg_attribute.attname AS attname 
        FROM pg_catalog.pg_attribute JOIN (SELECT pg_catalog.pg_constraint.conrelid AS conrelid, pg_catalog.pg_constraint.conname AS conname, unnest(pg_catalog.pg_index.indkey) AS attnum, generate_subscripts(pg_catalog.pg_index.indkey, 1) AS ord, pg_catalog.pg_index.indnkeyatts AS indnkeyatts, pg_catalog.pg_index.indnullsnotdistinct AS indnullsnotdistinct, pg_catalog.pg_description.description AS description 
        FROM pg_catalog.pg_constraint JOIN pg_catalog.pg_index ON pg_catalog.pg_constraint.conindid = pg_catalog.pg_index.indexrelid LEFT OUTER JOIN pg_catalog.pg_description ON pg_catalog.pg_description.objoid = pg_catalog.pg_constraint.oid AND pg_catalog.pg_description.classoid = CAST('pg_catalog.pg_constraint' AS REGCLASS) 
        WHERE pg_catalog.pg_constraint.contype = 'p' AND pg_catalog.pg_constraint.conrelid IN ({book})) AS con ON pg_catalog.pg_attribute.attnum = con.attnum AND pg_catalog.pg_attribute.attrelid = con.conrelid 
        WHERE con.conrelid IN ({book})) AS attr GROUP BY attr.conrelid, attr.conname ORDER BY attr.conrelid, attr.conname
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saForeignKeys = #"""
        SELECT pg_catalog.pg_class.relname, pg_catalog.pg_constraint.conname, CASE WHEN (pg_catalog.pg_constraint.oid IS NOT NULL) THEN pg_catalog.pg_get_constraintdef(pg_catalog.pg_constraint.oid, true) END AS anon_1, nsp_ref.nspname, pg_catalog.pg_description.description 
        FROM pg_catalog.pg_class LEFT OUTER JOIN pg_catalog.pg_constraint ON pg_catalog.pg_class.oid = pg_catalog.pg_constraint.conrelid AND pg_catalog.pg_constraint.contype = 'f' LEFT OUTER JOIN pg_catalog.pg_class AS cls_ref ON cls_ref.oid = pg_catalog.pg_constraint.confrelid LEFT OUTER JOIN pg_catalog.pg_namespace AS nsp_ref ON cls_ref.relnamespace = nsp_ref.oid LEFT OUTER JOIN pg_catalog.pg_description ON pg_catalog.pg_description.objoid = pg_catalog.pg_constraint.oid AND pg_catalog.pg_description.classoid = CAST('pg_catalog.pg_constraint' AS REGCLASS) JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace 
        WHERE pg_catalog.pg_class.relkind = ANY (ARRAY['r', 'p', 'f', 'v', 'm']) AND pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) AND pg_catalog.pg_namespace.nspname != 'pg_catalog' AND pg_catalog.pg_class.relname IN ('book') ORDER BY pg_catalog.pg_class.relname, pg_catalog.pg_constraint.conname
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saAccessMethod = #"""
        SELECT pg_catalog.pg_am.oid, pg_catalog.pg_am.amname 
        FROM pg_catalog.pg_am 
        WHERE pg_catalog.pg_am.amname = 'btree'
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saOperatorClasses = #"""
        SELECT pg_catalog.pg_opclass.oid, pg_catalog.pg_opclass.opcname 
        FROM pg_catalog.pg_opclass 
        WHERE NOT pg_catalog.pg_opclass.opcdefault
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saIndexes = #"""
        SELECT pg_catalog.pg_index.indrelid, pg_catalog.pg_class.relname, pg_catalog.pg_index.indisunique, pg_catalog.pg_index.indisvalid, pg_catalog.pg_constraint.conrelid IS NOT NULL AS has_constraint, pg_catalog.pg_index.indoption, pg_catalog.pg_class.reloptions, pg_catalog.pg_class.relam, CASE WHEN (pg_catalog.pg_index.indpred IS NOT NULL) THEN pg_catalog.pg_get_expr(pg_catalog.pg_index.indpred, pg_catalog.pg_index.indrelid) END AS filter_definition, pg_catalog.pg_index.indnkeyatts, pg_catalog.pg_index.indnullsnotdistinct, idx_cols.elements, idx_cols.elements_is_expr, idx_cols.elements_opclass 
        FROM pg_catalog.pg_index JOIN pg_catalog.pg_class ON pg_catalog.pg_index.indexrelid = pg_catalog.pg_class.oid LEFT OUTER JOIN (SELECT idx_attr.indexrelid AS indexrelid, min(idx_attr.indrelid) AS min_1, array_agg(idx_attr.element ORDER BY idx_attr.ord) AS elements, array_agg(idx_attr.is_expr ORDER BY idx_attr.ord) AS elements_is_expr, array_agg(idx_attr.att_opclass ORDER BY idx_attr.ord) AS elements_opclass 
        FROM (SELECT idx.indexrelid AS indexrelid, idx.indrelid AS indrelid, idx.ord AS ord, CASE WHEN (idx.attnum = 0) THEN pg_catalog.pg_get_indexdef(idx.indexrelid, idx.ord + 1, true) ELSE CAST(pg_catalog.pg_attribute.attname AS TEXT) END AS element, idx.attnum = 0 AS is_expr, CAST(idx.att_opclass AS BIGINT) AS att_opclass 
        FROM (SELECT pg_catalog.pg_index.indexrelid AS indexrelid, pg_catalog.pg_index.indrelid AS indrelid, unnest(pg_catalog.pg_index.indkey) AS attnum, unnest(pg_catalog.pg_index.indclass) AS att_opclass, generate_subscripts(pg_catalog.pg_index.indkey, 1) AS ord 
        FROM pg_catalog.pg_index 
        WHERE NOT pg_catalog.pg_index.indisprimary AND pg_catalog.pg_index.indrelid IN ({book})) AS idx LEFT OUTER JOIN pg_catalog.pg_attribute ON pg_catalog.pg_attribute.attnum = idx.attnum AND pg_catalog.pg_attribute.attrelid = idx.indrelid 
        WHERE idx.indrelid IN ({book})) AS idx_attr GROUP BY idx_attr.indexrelid) AS idx_cols ON pg_catalog.pg_index.indexrelid = idx_cols.indexrelid LEFT OUTER JOIN pg_catalog.pg_constraint ON pg_catalog.pg_index.indrelid = pg_catalog.pg_constraint.conrelid AND pg_catalog.pg_index.indexrelid = pg_catalog.pg_constraint.conindid AND pg_catalog.pg_constraint.contype = ANY (ARRAY['p', 'u', 'x']) 
        WHERE pg_catalog.pg_index.indrelid IN ({book}) AND NOT pg_catalog.pg_index.indisprimary ORDER BY pg_catalog.pg_index.indrelid, pg_catalog.pg_class.relname
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saTableComments = #"""
        SELECT pg_catalog.pg_class.relname, pg_catalog.pg_description.description 
        FROM pg_catalog.pg_class LEFT OUTER JOIN pg_catalog.pg_description ON pg_catalog.pg_class.oid = pg_catalog.pg_description.objoid AND pg_catalog.pg_description.objsubid = 0 AND pg_catalog.pg_description.classoid = CAST('pg_catalog.pg_class' AS REGCLASS) JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace 
        WHERE pg_catalog.pg_class.relkind = ANY (ARRAY['r', 'p', 'f', 'v', 'm']) AND pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) AND pg_catalog.pg_namespace.nspname != 'pg_catalog' AND pg_catalog.pg_class.relname IN ('book')
        """#

    /// SQLAlchemy (psycopg2 dialect).
    static let saTableOptions = #"""
        SELECT pg_catalog.pg_class.oid, pg_catalog.pg_class.relname, pg_catalog.pg_class.reloptions, NULL AS relhasoids, CASE WHEN (pg_catalog.pg_am.amname IS NOT NULL AND pg_catalog.pg_am.amname != current_setting('default_table_access_method')) THEN pg_catalog.pg_am.amname ELSE NULL END AS access_method_name, pg_catalog.pg_tablespace.spcname AS tablespace_name, inherits.parent_table_names 
        FROM pg_catalog.pg_class LEFT OUTER JOIN pg_catalog.pg_am ON pg_catalog.pg_class.relam = pg_catalog.pg_am.oid LEFT OUTER JOIN (SELECT pg_catalog.pg_inherits.inhrelid AS inhrelid, array_agg(pg_catalog.pg_class.relname ORDER BY pg_catalog.pg_inherits.inhseqno) AS parent_table_names 
        FROM pg_catalog.pg_inherits JOIN pg_catalog.pg_class ON pg_catalog.pg_inherits.inhparent = pg_catalog.pg_class.oid GROUP BY pg_catalog.pg_inherits.inhrelid) AS inherits ON pg_catalog.pg_class.oid = inherits.inhrelid LEFT OUTER JOIN pg_catalog.pg_tablespace ON pg_catalog.pg_tablespace.oid = pg_catalog.pg_class.reltablespace JOIN pg_catalog.pg_namespace ON pg_catalog.pg_namespace.oid = pg_catalog.pg_class.relnamespace 
        WHERE pg_catalog.pg_class.relkind = ANY (ARRAY['r', 'p', 'f', 'v', 'm']) AND pg_catalog.pg_table_is_visible(pg_catalog.pg_class.oid) AND pg_catalog.pg_namespace.nspname != 'pg_catalog' AND pg_catalog.pg_class.relname IN ('book')
        """#

    /// psycopg 3 TypeInfo lookup ($1 a type name).
    static let psycopgTypeInfo = #"""
        SELECT
            typname AS name, oid, typarray AS array_oid,
            oid::regtype::text AS regtype, typdelim AS delimiter
        FROM pg_type t
        WHERE t.oid = to_regtype($1)
        ORDER BY t.oid
        """#

    /// asyncpg: turn JIT off before introspecting.
    static let asyncpgJit = #"""
        SELECT
                                current_setting('jit') AS cur,
                                set_config('jit', 'off', false) AS new
        """#

    /// asyncpg type introspection ($1 an oid[] of types it has no codec for).
    static let asyncpgTypeInfo = #"""
        WITH RECURSIVE typeinfo_tree(
            oid, ns, name, kind, basetype, elemtype, elemdelim,
            range_subtype, attrtypoids, attrnames, depth)
        AS (
            SELECT
                ti.oid, ti.ns, ti.name, ti.kind, ti.basetype,
                ti.elemtype, ti.elemdelim, ti.range_subtype,
                ti.attrtypoids, ti.attrnames, 0
            FROM
                    (
                SELECT
                    t.oid                           AS oid,
                    ns.nspname                      AS ns,
                    t.typname                       AS name,
                    t.typtype                       AS kind,
                    (CASE WHEN t.typtype = 'd' THEN
                        (WITH RECURSIVE typebases(oid, depth) AS (
                            SELECT
                                t2.typbasetype      AS oid,
                                0                   AS depth
                            FROM
                                pg_type t2
                            WHERE
                                t2.oid = t.oid

                            UNION ALL

                            SELECT
                                t2.typbasetype      AS oid,
                                tb.depth + 1        AS depth
                            FROM
                                pg_type t2,
                                typebases tb
                            WHERE
                               tb.oid = t2.oid
                               AND t2.typbasetype != 0
                       ) SELECT oid FROM typebases ORDER BY depth DESC LIMIT 1)

                       ELSE NULL
                    END)                            AS basetype,
                    t.typelem                       AS elemtype,
                    elem_t.typdelim                 AS elemdelim,
                    COALESCE(
                        range_t.rngsubtype,
                        multirange_t.rngsubtype)    AS range_subtype,
                    (CASE WHEN t.typtype = 'c' THEN
                        (SELECT
                            array_agg(ia.atttypid ORDER BY ia.attnum)
                        FROM
                            pg_attribute ia
                            INNER JOIN pg_class c
                                ON (ia.attrelid = c.oid)
                        WHERE
                            ia.attnum > 0 AND NOT ia.attisdropped
                            AND c.reltype = t.oid)

                        ELSE NULL
                    END)                            AS attrtypoids,
                    (CASE WHEN t.typtype = 'c' THEN
                        (SELECT
                            array_agg(ia.attname::text ORDER BY ia.attnum)
                        FROM
                            pg_attribute ia
                            INNER JOIN pg_class c
                                ON (ia.attrelid = c.oid)
                        WHERE
                            ia.attnum > 0 AND NOT ia.attisdropped
                            AND c.reltype = t.oid)

                        ELSE NULL
                    END)                            AS attrnames
                FROM
                    pg_catalog.pg_type AS t
                    INNER JOIN pg_catalog.pg_namespace ns ON (
                        ns.oid = t.typnamespace)
                    LEFT JOIN pg_type elem_t ON (
                        t.typlen = -1 AND
                        t.typelem != 0 AND
                        t.typelem = elem_t.oid
                    )
                    LEFT JOIN pg_range range_t ON (
                        t.oid = range_t.rngtypid
                    )
                    LEFT JOIN pg_range multirange_t ON (
                        t.oid = multirange_t.rngmultitypid
                    )
            )
         AS ti
            WHERE
                ti.oid = any($1::oid[])

            UNION ALL

            SELECT
                ti.oid, ti.ns, ti.name, ti.kind, ti.basetype,
                ti.elemtype, ti.elemdelim, ti.range_subtype,
                ti.attrtypoids, ti.attrnames, tt.depth + 1
            FROM
                    (
                SELECT
                    t.oid                           AS oid,
                    ns.nspname                      AS ns,
                    t.typname                       AS name,
                    t.typtype                       AS kind,
                    (CASE WHEN t.typtype = 'd' THEN
                        (WITH RECURSIVE typebases(oid, depth) AS (
                            SELECT
                                t2.typbasetype      AS oid,
                                0                   AS depth
                            FROM
                                pg_type t2
                            WHERE
                                t2.oid = t.oid

                            UNION ALL

                            SELECT
                                t2.typbasetype      AS oid,
                                tb.depth + 1        AS depth
                            FROM
                                pg_type t2,
                                typebases tb
                            WHERE
                               tb.oid = t2.oid
                               AND t2.typbasetype != 0
                       ) SELECT oid FROM typebases ORDER BY depth DESC LIMIT 1)

                       ELSE NULL
                    END)                            AS basetype,
                    t.typelem                       AS elemtype,
                    elem_t.typdelim                 AS elemdelim,
                    COALESCE(
                        range_t.rngsubtype,
                        multirange_t.rngsubtype)    AS range_subtype,
                    (CASE WHEN t.typtype = 'c' THEN
                        (SELECT
                            array_agg(ia.atttypid ORDER BY ia.attnum)
                        FROM
                            pg_attribute ia
                            INNER JOIN pg_class c
                                ON (ia.attrelid = c.oid)
                        WHERE
                            ia.attnum > 0 AND NOT ia.attisdropped
                            AND c.reltype = t.oid)

                        ELSE NULL
                    END)                            AS attrtypoids,
                    (CASE WHEN t.typtype = 'c' THEN
                        (SELECT
                            array_agg(ia.attname::text ORDER BY ia.attnum)
                        FROM
                            pg_attribute ia
                            INNER JOIN pg_class c
                                ON (ia.attrelid = c.oid)
                        WHERE
                            ia.attnum > 0 AND NOT ia.attisdropped
                            AND c.reltype = t.oid)

                        ELSE NULL
                    END)                            AS attrnames
                FROM
                    pg_catalog.pg_type AS t
                    INNER JOIN pg_catalog.pg_namespace ns ON (
                        ns.oid = t.typnamespace)
                    LEFT JOIN pg_type elem_t ON (
                        t.typlen = -1 AND
                        t.typelem != 0 AND
                        t.typelem = elem_t.oid
                    )
                    LEFT JOIN pg_range range_t ON (
                        t.oid = range_t.rngtypid
                    )
                    LEFT JOIN pg_range multirange_t ON (
                        t.oid = multirange_t.rngmultitypid
                    )
            )
         ti,
                typeinfo_tree tt
            WHERE
                (tt.elemtype IS NOT NULL AND ti.oid = tt.elemtype)
                OR (tt.attrtypoids IS NOT NULL AND ti.oid = any(tt.attrtypoids))
                OR (tt.range_subtype IS NOT NULL AND ti.oid = tt.range_subtype)
                OR (tt.basetype IS NOT NULL AND ti.oid = tt.basetype)
        )

        SELECT DISTINCT
            *,
            basetype::regtype::text AS basetype_name,
            elemtype::regtype::text AS elemtype_name,
            range_subtype::regtype::text AS range_subtype_name
        FROM
            typeinfo_tree
        ORDER BY
            depth DESC
        """#

    /// pgbench: is pgbench_accounts partitioned?
    static let pgbenchPartitions = #"""
        select o.n, p.partstrat, pg_catalog.count(i.inhparent) from pg_catalog.pg_class as c join pg_catalog.pg_namespace as n on (n.oid = c.relnamespace) cross join lateral (select pg_catalog.array_position(pg_catalog.current_schemas(true), n.nspname)) as o(n) left join pg_catalog.pg_partitioned_table as p on (p.partrelid = c.oid) left join pg_catalog.pg_inherits as i on (c.oid = i.inhparent) where c.relname = 'pgbench_accounts' and o.n is not null group by 1, 2 order by 1 asc limit 1
        """#


    /// `template` with "{book}" replaced by `oid`.
    static func filled(_ template: String, book oid: String) -> String {
        template.replacingOccurrences(of: "{book}", with: oid)
    }
}
