// The catalog queries psql 15 sends for its \d family, verbatim (psql -E against PostgreSQL 15.18),
// with "{book}"-style placeholders where psql puts the oid of the relation it describes.

enum PsqlQueries {

    /// \dt
    static let listTables = #"""
        SELECT n.nspname as "Schema",
          c.relname as "Name",
          CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
          pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
        FROM pg_catalog.pg_class c
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
        WHERE c.relkind IN ('r','p','')
              AND n.nspname <> 'pg_catalog'
              AND n.nspname !~ '^pg_toast'
              AND n.nspname <> 'information_schema'
          AND pg_catalog.pg_table_is_visible(c.oid)
        ORDER BY 1,2
        """#

    /// \di
    static let listIndexes = #"""
        SELECT n.nspname as "Schema",
          c.relname as "Name",
          CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
          pg_catalog.pg_get_userbyid(c.relowner) as "Owner",
          c2.relname as "Table"
        FROM pg_catalog.pg_class c
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
             LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
             LEFT JOIN pg_catalog.pg_class c2 ON i.indrelid = c2.oid
        WHERE c.relkind IN ('i','I','')
              AND n.nspname <> 'pg_catalog'
              AND n.nspname !~ '^pg_toast'
              AND n.nspname <> 'information_schema'
          AND pg_catalog.pg_table_is_visible(c.oid)
        ORDER BY 1,2
        """#

    /// \dn
    static let listSchemas = #"""
        SELECT n.nspname AS "Name",
          pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"
        FROM pg_catalog.pg_namespace n
        WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
        ORDER BY 1
        """#

    /// \du
    static let listRoles = #"""
        SELECT r.rolname, r.rolsuper, r.rolinherit,
          r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,
          r.rolconnlimit, r.rolvaliduntil,
          ARRAY(SELECT b.rolname
                FROM pg_catalog.pg_auth_members m
                JOIN pg_catalog.pg_roles b ON (m.roleid = b.oid)
                WHERE m.member = r.oid) as memberof
        , r.rolreplication
        , r.rolbypassrls
        FROM pg_catalog.pg_roles r
        WHERE r.rolname !~ '^pg_'
        ORDER BY 1
        """#

    /// \l
    static let listDatabases = #"""
        SELECT d.datname as "Name",
               pg_catalog.pg_get_userbyid(d.datdba) as "Owner",
               pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding",
               d.datcollate as "Collate",
               d.datctype as "Ctype",
               d.daticulocale as "ICU Locale",
               CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS "Locale Provider",
               pg_catalog.array_to_string(d.datacl, E'\n') AS "Access privileges"
        FROM pg_catalog.pg_database d
        ORDER BY 1
        """#

    /// \ds
    static let listSequences = #"""
        SELECT n.nspname as "Schema",
          c.relname as "Name",
          CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
          pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
        FROM pg_catalog.pg_class c
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('S','')
              AND n.nspname <> 'pg_catalog'
              AND n.nspname !~ '^pg_toast'
              AND n.nspname <> 'information_schema'
          AND pg_catalog.pg_table_is_visible(c.oid)
        ORDER BY 1,2
        """#

    /// \dv
    static let listViews = #"""
        SELECT n.nspname as "Schema",
          c.relname as "Name",
          CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
          pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
        FROM pg_catalog.pg_class c
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('v','')
              AND n.nspname <> 'pg_catalog'
              AND n.nspname !~ '^pg_toast'
              AND n.nspname <> 'information_schema'
          AND pg_catalog.pg_table_is_visible(c.oid)
        ORDER BY 1,2
        """#

    /// \d
    static let listRelations = #"""
        SELECT n.nspname as "Schema",
          c.relname as "Name",
          CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
          pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
        FROM pg_catalog.pg_class c
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
        WHERE c.relkind IN ('r','p','v','m','S','f','')
              AND n.nspname <> 'pg_catalog'
              AND n.nspname !~ '^pg_toast'
              AND n.nspname <> 'information_schema'
          AND pg_catalog.pg_table_is_visible(c.oid)
        ORDER BY 1,2
        """#

    /// \dt+
    static let listTablesVerbose = #"""
        SELECT n.nspname as "Schema",
          c.relname as "Name",
          CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
          pg_catalog.pg_get_userbyid(c.relowner) as "Owner",
          CASE c.relpersistence WHEN 'p' THEN 'permanent' WHEN 't' THEN 'temporary' WHEN 'u' THEN 'unlogged' END as "Persistence",
          am.amname as "Access method",
          pg_catalog.pg_size_pretty(pg_catalog.pg_table_size(c.oid)) as "Size",
          pg_catalog.obj_description(c.oid, 'pg_class') as "Description"
        FROM pg_catalog.pg_class c
             LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
        WHERE c.relkind IN ('r','p','')
              AND n.nspname <> 'pg_catalog'
              AND n.nspname !~ '^pg_toast'
              AND n.nspname <> 'information_schema'
          AND pg_catalog.pg_table_is_visible(c.oid)
        ORDER BY 1,2
        """#

    /// \d+ book: one query per section psql prints.
    static let describeTableVerbose: [String] = [
        #"""
            SELECT c.oid,
              n.nspname,
              c.relname
            FROM pg_catalog.pg_class c
                 LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname OPERATOR(pg_catalog.~) '^(book)$' COLLATE pg_catalog.default
              AND pg_catalog.pg_table_is_visible(c.oid)
            ORDER BY 2, 3
            """#,
        #"""
            SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, pg_catalog.array_to_string(c.reloptions || array(select 'toast.' || x from pg_catalog.unnest(tc.reloptions) x), ', ')
            , c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
            FROM pg_catalog.pg_class c
             LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
            LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
            WHERE c.oid = '{book}'
            """#,
        #"""
            SELECT a.attname,
              pg_catalog.format_type(a.atttypid, a.atttypmod),
              (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
               FROM pg_catalog.pg_attrdef d
               WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
              a.attnotnull,
              (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
               WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
              a.attidentity,
              a.attgenerated,
              a.attstorage,
              a.attcompression AS attcompression,
              CASE WHEN a.attstattarget=-1 THEN NULL ELSE a.attstattarget END AS attstattarget,
              pg_catalog.col_description(a.attrelid, a.attnum)
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = '{book}' AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """#,
        #"""
            SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
              pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace
            FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
              LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))
            WHERE c.oid = '{book}' AND c.oid = i.indrelid AND i.indexrelid = c2.oid
            ORDER BY i.indisprimary DESC, c2.relname
            """#,
        #"""
            SELECT r.conname, pg_catalog.pg_get_constraintdef(r.oid, true)
            FROM pg_catalog.pg_constraint r
            WHERE r.conrelid = '{book}' AND r.contype = 'c'
            ORDER BY 1
            """#,
        #"""
            SELECT true as sametable, conname,
              pg_catalog.pg_get_constraintdef(r.oid, true) as condef,
              conrelid::pg_catalog.regclass AS ontable
            FROM pg_catalog.pg_constraint r
            WHERE r.conrelid = '{book}' AND r.contype = 'f'
                 AND conparentid = 0
            ORDER BY conname
            """#,
        #"""
            SELECT conname, conrelid::pg_catalog.regclass AS ontable,
                   pg_catalog.pg_get_constraintdef(oid, true) AS condef
              FROM pg_catalog.pg_constraint c
             WHERE confrelid IN (SELECT pg_catalog.pg_partition_ancestors('{book}')
                                 UNION ALL VALUES ('{book}'::pg_catalog.regclass))
                   AND contype = 'f' AND conparentid = 0
            ORDER BY conname
            """#,
        #"""
            SELECT pol.polname, pol.polpermissive,
              CASE WHEN pol.polroles = '{0}' THEN NULL ELSE pg_catalog.array_to_string(array(select rolname from pg_catalog.pg_roles where oid = any (pol.polroles) order by 1),',') END,
              pg_catalog.pg_get_expr(pol.polqual, pol.polrelid),
              pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid),
              CASE pol.polcmd
                WHEN 'r' THEN 'SELECT'
                WHEN 'a' THEN 'INSERT'
                WHEN 'w' THEN 'UPDATE'
                WHEN 'd' THEN 'DELETE'
                END AS cmd
            FROM pg_catalog.pg_policy pol
            WHERE pol.polrelid = '{book}' ORDER BY 1
            """#,
        #"""
            SELECT oid, stxrelid::pg_catalog.regclass, stxnamespace::pg_catalog.regnamespace::pg_catalog.text AS nsp, stxname,
            pg_catalog.pg_get_statisticsobjdef_columns(oid) AS columns,
              'd' = any(stxkind) AS ndist_enabled,
              'f' = any(stxkind) AS deps_enabled,
              'm' = any(stxkind) AS mcv_enabled,
            stxstattarget
            FROM pg_catalog.pg_statistic_ext
            WHERE stxrelid = '{book}'
            ORDER BY nsp, stxname
            """#,
        #"""
            SELECT pubname
                 , NULL
                 , NULL
            FROM pg_catalog.pg_publication p
                 JOIN pg_catalog.pg_publication_namespace pn ON p.oid = pn.pnpubid
                 JOIN pg_catalog.pg_class pc ON pc.relnamespace = pn.pnnspid
            WHERE pc.oid ='{book}' and pg_catalog.pg_relation_is_publishable('{book}')
            UNION
            SELECT pubname
                 , pg_get_expr(pr.prqual, c.oid)
                 , (CASE WHEN pr.prattrs IS NOT NULL THEN
                     (SELECT string_agg(attname, ', ')
                       FROM pg_catalog.generate_series(0, pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[], 1)) s,
                            pg_catalog.pg_attribute
                      WHERE attrelid = pr.prrelid AND attnum = prattrs[s])
                    ELSE NULL END) FROM pg_catalog.pg_publication p
                 JOIN pg_catalog.pg_publication_rel pr ON p.oid = pr.prpubid
                 JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid
            WHERE pr.prrelid = '{book}'
            UNION
            SELECT pubname
                 , NULL
                 , NULL
            FROM pg_catalog.pg_publication p
            WHERE p.puballtables AND pg_catalog.pg_relation_is_publishable('{book}')
            ORDER BY 1
            """#,
        #"""
            SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), t.tgenabled, t.tgisinternal,
              CASE WHEN t.tgparentid != 0 THEN
                (SELECT u.tgrelid::pg_catalog.regclass
                 FROM pg_catalog.pg_trigger AS u,
                      pg_catalog.pg_partition_ancestors(t.tgrelid) WITH ORDINALITY AS a(relid, depth)
                 WHERE u.tgname = t.tgname AND u.tgrelid = a.relid
                       AND u.tgparentid = 0
                 ORDER BY a.depth LIMIT 1)
              END AS parent
            FROM pg_catalog.pg_trigger t
            WHERE t.tgrelid = '{book}' AND (NOT t.tgisinternal OR (t.tgisinternal AND t.tgenabled = 'D'))
            ORDER BY 1
            """#,
        #"""
            SELECT c.oid::pg_catalog.regclass
            FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i
            WHERE c.oid = i.inhparent AND i.inhrelid = '{book}'
              AND c.relkind != 'p' AND c.relkind != 'I'
            ORDER BY inhseqno
            """#,
        #"""
            SELECT c.oid::pg_catalog.regclass, c.relkind, inhdetachpending, pg_catalog.pg_get_expr(c.relpartbound, c.oid)
            FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i
            WHERE c.oid = i.inhrelid AND i.inhparent = '{book}'
            ORDER BY pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT', c.oid::pg_catalog.regclass::pg_catalog.text
            """#,
    ]

    /// \d counter: one query per section psql prints.
    static let describeSequence: [String] = [
        #"""
            SELECT c.oid,
              n.nspname,
              c.relname
            FROM pg_catalog.pg_class c
                 LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname OPERATOR(pg_catalog.~) '^(counter)$' COLLATE pg_catalog.default
              AND pg_catalog.pg_table_is_visible(c.oid)
            ORDER BY 2, 3
            """#,
        #"""
            SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, '', c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
            FROM pg_catalog.pg_class c
             LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
            LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
            WHERE c.oid = '{counter}'
            """#,
        #"""
            SELECT pg_catalog.format_type(seqtypid, NULL) AS "Type",
                   seqstart AS "Start",
                   seqmin AS "Minimum",
                   seqmax AS "Maximum",
                   seqincrement AS "Increment",
                   CASE WHEN seqcycle THEN 'yes' ELSE 'no' END AS "Cycles?",
                   seqcache AS "Cache"
            FROM pg_catalog.pg_sequence
            WHERE seqrelid = '{counter}'
            """#,
        #"""
            SELECT pg_catalog.quote_ident(nspname) || '.' ||
               pg_catalog.quote_ident(relname) || '.' ||
               pg_catalog.quote_ident(attname),
               d.deptype
            FROM pg_catalog.pg_class c
            INNER JOIN pg_catalog.pg_depend d ON c.oid=d.refobjid
            INNER JOIN pg_catalog.pg_namespace n ON n.oid=c.relnamespace
            INNER JOIN pg_catalog.pg_attribute a ON (
             a.attrelid=c.oid AND
             a.attnum=d.refobjsubid)
            WHERE d.classid='pg_catalog.pg_class'::pg_catalog.regclass
             AND d.refclassid='pg_catalog.pg_class'::pg_catalog.regclass
             AND d.objid='{counter}'
             AND d.deptype IN ('a', 'i')
            """#,
    ]

    /// \d v_book: one query per section psql prints.
    static let describeView: [String] = [
        #"""
            SELECT c.oid,
              n.nspname,
              c.relname
            FROM pg_catalog.pg_class c
                 LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname OPERATOR(pg_catalog.~) '^(v_book)$' COLLATE pg_catalog.default
              AND pg_catalog.pg_table_is_visible(c.oid)
            ORDER BY 2, 3
            """#,
        #"""
            SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, '', c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
            FROM pg_catalog.pg_class c
             LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
            LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
            WHERE c.oid = '{v_book}'
            """#,
        #"""
            SELECT a.attname,
              pg_catalog.format_type(a.atttypid, a.atttypmod),
              (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
               FROM pg_catalog.pg_attrdef d
               WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
              a.attnotnull,
              (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
               WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
              a.attidentity,
              a.attgenerated
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = '{v_book}' AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """#,
    ]

    /// \d book_pkey: one query per section psql prints.
    static let describeIndex: [String] = [
        #"""
            SELECT c.oid,
              n.nspname,
              c.relname
            FROM pg_catalog.pg_class c
                 LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname OPERATOR(pg_catalog.~) '^(book_pkey)$' COLLATE pg_catalog.default
              AND pg_catalog.pg_table_is_visible(c.oid)
            ORDER BY 2, 3
            """#,
        #"""
            SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, '', c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
            FROM pg_catalog.pg_class c
             LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
            LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
            WHERE c.oid = '{book_pkey}'
            """#,
        #"""
            SELECT a.attname,
              pg_catalog.format_type(a.atttypid, a.atttypmod),
              CASE WHEN a.attnum <= (SELECT i.indnkeyatts FROM pg_catalog.pg_index i WHERE i.indexrelid = '{book_pkey}') THEN 'yes' ELSE 'no' END AS is_key,
              pg_catalog.pg_get_indexdef(a.attrelid, a.attnum, TRUE) AS indexdef
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = '{book_pkey}' AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """#,
        #"""
            SELECT i.indisunique, i.indisprimary, i.indisclustered, i.indisvalid,
              (NOT i.indimmediate) AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x') AND condeferrable) AS condeferrable,
              (NOT i.indimmediate) AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x') AND condeferred) AS condeferred,
            i.indisreplident,
            i.indnullsnotdistinct,
              a.amname, c2.relname, pg_catalog.pg_get_expr(i.indpred, i.indrelid, true)
            FROM pg_catalog.pg_index i, pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_am a
            WHERE i.indexrelid = c.oid AND c.oid = '{book_pkey}' AND c.relam = a.oid
            AND i.indrelid = c2.oid
            """#,
    ]


    /// `template` with each "{name}" replaced by `oids[name]`.
    static func filled(_ template: String, _ oids: [String: String]) -> String {
        var text = template
        for (name, oid) in oids { text = text.replacingOccurrences(of: "{" + name + "}", with: oid) }
        return text
    }
}
