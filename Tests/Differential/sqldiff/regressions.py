"""Hand-written cases whose PostgreSQL 15 answers are easy to get wrong. Each runs on both sides
and must agree; `expected` also pins the oracle's own answer (as text), so this file doubles as a
list of PostgreSQL behaviours, checked: if the oracle ever answers otherwise, the oracle is not
the PostgreSQL we think it is.
"""
from __future__ import annotations

from dataclasses import dataclass, field

N = None  # NULL, in expected rows


@dataclass
class Regression:
    name: str
    sql: str
    expected: list[tuple] | None = None      # the oracle's rows, as text
    sqlstate: str | None = None              # or the oracle's error
    ordered: bool = False                    # the rows' order counts (ORDER BY every column)
    columns: list[str] | None = None         # expected output column names
    setup: list[str] = field(default_factory=list)   # run first, inside the same transaction


TABLE = ["CREATE TABLE reg_items (id integer PRIMARY KEY, name text NOT NULL, price numeric(8,2), "
         "qty smallint, tag varchar(5), seen date, ok boolean)",
         "INSERT INTO reg_items VALUES (1, 'apple', 1.50, 3, 'f', '2024-02-28', true), "
         "(2, 'Banana', 0.25, 12, 'f', '2024-02-29', false), (3, 'cherry', NULL, 0, NULL, NULL, NULL), "
         "(4, 'date', 10.00, -1, 'dry', '2023-12-31', true)"]

REGRESSIONS = [
    Regression("integer division truncates toward zero; % takes the dividend's sign",
               "SELECT 7 / 2, -7 / 2, 7 % -3, -7 % 3, 7::int2 / 2::int2",
               [("3", "-3", "1", "-1", "3")]),
    Regression("numeric division picks its scale (at least 16 significant digits)",
               "SELECT 1.0 / 3, 10::numeric / 4, 2.00 / 1, 123456789::numeric / 7, 0.0001 / 3, 5 / 2.0",
               [("0.33333333333333333333", "2.5000000000000000", "2.0000000000000000",
                 "17636684.142857142857", "0.000033333333333333333333", "2.5000000000000000")]),
    Regression("avg of integers is numeric; sum of integers is bigint",
               "SELECT avg(x), sum(x), pg_typeof(avg(x))::text, pg_typeof(sum(x))::text, count(x) "
               "FROM (VALUES (1), (2), (2)) AS v(x)",
               [("1.6666666666666667", "5", "numeric", "bigint", "3")]),
    Regression("aggregates over no rows: count is 0, the rest NULL",
               "SELECT count(*), count(x), sum(x), avg(x), max(x), bool_and(b), string_agg(s, ','), array_agg(x) "
               "FROM (SELECT 1 AS x, true AS b, 'a' AS s WHERE false) AS q",
               [("0", "0", N, N, N, N, N, N)]),
    Regression("stddev and variance of one row are NULL; numeric and float results differ in the last digit",
               "SELECT stddev(x), variance(x), stddev(x::float8), (SELECT stddev(y) FROM (VALUES (1)) AS w(y)) "
               "FROM (VALUES (1), (2), (4)) AS v(x)",
               [("1.5275252316519467", "2.3333333333333333", "1.5275252316519468", N)]),
    Regression("NULLs sort last ascending and first descending",
               "SELECT x FROM (VALUES (1), (NULL), (3)) AS v(x) ORDER BY x", [("1",), ("3",), (N,)], ordered=True),
    Regression("NULLs first when descending, unless NULLS LAST",
               "SELECT x, y FROM (VALUES (1, 1), (NULL, 2), (3, 3)) AS v(x, y) ORDER BY x DESC, y",
               [(N, "2"), ("3", "3"), ("1", "1")], ordered=True),
    Regression("NaN sorts above Infinity; NaN = NaN for floats",
               "SELECT x FROM (VALUES (1::float8), ('NaN'), (NULL), ('-Infinity'), ('Infinity')) AS v(x) ORDER BY x",
               [("-Infinity",), ("1",), ("Infinity",), ("NaN",), (N,)], ordered=True),
    Regression("text sorts by code point under C.UTF-8",
               "SELECT s FROM (VALUES ('a'), ('B'), ('b'), ('A'), ('é'), ('_'), (' '), ('Z')) AS v(s) ORDER BY s",
               [(" ",), ("A",), ("B",), ("Z",), ("_",), ("a",), ("b",), ("é",)], ordered=True),
    Regression("string_agg follows its ORDER BY",
               "SELECT string_agg(s, ',' ORDER BY s DESC), string_agg(s, '' ORDER BY n) "
               "FROM (VALUES ('b', 2), ('a', 3), ('c', 1)) AS v(s, n)", [("c,b,a", "cba")]),
    Regression("array output quotes and escapes elements",
               "SELECT array_agg(x ORDER BY x) FROM (VALUES ('a b'), ('c'), (NULL), ('\"q\"'), (''), ('NULL')) AS v(x)",
               [('{"","\\"q\\"","NULL","a b",c,NULL}',)]),
    Regression("date arithmetic: date + integer is a date, date - date an integer",
               "SELECT DATE '2024-02-28' + 1, DATE '2024-03-01' - DATE '2024-02-01', "
               "DATE '2024-01-31' + INTERVAL '1 month', TIMESTAMP '2024-01-01 10:00' - TIMESTAMP '2023-12-31 08:30'",
               [("2024-02-29", "29", "2024-02-29 00:00:00", "1 day 01:30:00")]),
    Regression("interval output style (IntervalStyle postgres)",
               "SELECT INTERVAL '36 hours', INTERVAL '1 year 2 mons', INTERVAL '-3 days 04:00:00', "
               "justify_hours(INTERVAL '36 hours'), INTERVAL '1.5 seconds'",
               [("36:00:00", "1 year 2 mons", "-3 days +04:00:00", "1 day 12:00:00", "00:00:01.5")]),
    Regression("timestamp and date output: trailing zeros dropped, BC suffix",
               "SELECT TIMESTAMP '2024-01-01 10:00:00.500', TIMESTAMP '2024-01-01 10:00', DATE '0044-03-15 BC', "
               "DATE 'infinity'", [("2024-01-01 10:00:00.5", "2024-01-01 10:00:00", "0044-03-15 BC", "infinity")]),
    Regression("EXTRACT returns numeric, date_part double precision",
               "SELECT EXTRACT(second FROM TIMESTAMP '2024-01-01 10:00:01.5'), "
               "date_part('second', TIMESTAMP '2024-01-01 10:00:01.5'), EXTRACT(epoch FROM DATE '2000-01-01')",
               [("1.500000", "1.5", "946684800")]),
    Regression("float output: shortest digits that round-trip, exponent from 1e15 up or below 1e-4",
               "SELECT 0.1::float8 + 0.2::float8, 1e20::float8, 1e15::float8, 1e-5::float8, 1.5::real, "
               "123456789::real, 'NaN'::float8, -(0::float8), 100::float8",
               [("0.30000000000000004", "1e+20", "1e+15", "1e-05", "1.5", "1.2345679e+08", "NaN", "-0", "100")]),
    Regression("booleans print as t/f, but as true/false once cast to text",
               "SELECT true, false, true::text, 1 = 1, NULL::boolean", [("t", "f", "true", "t", N)]),
    Regression("rounding: numeric rounds half away from zero, double precision half to even",
               "SELECT round(2.5), round(-2.5), round(2.5::float8), round(3.5::float8), 2.5::integer, "
               "2.5::float8::integer, (-2.5)::integer", [("3", "-3", "2", "4", "3", "2", "-3")]),
    Regression("column names PostgreSQL derives",
               "SELECT 1, 1 + 1, count(*), CASE WHEN true THEN 1 END, CASE WHEN true THEN 1 ELSE abs(-1) END, "
               "x::text, COALESCE(x, 0), EXISTS (SELECT 1), ARRAY[1], (SELECT 1), (SELECT max(x)), -x, "
               "NULLIF(x, 1), GREATEST(x, 1) FROM (VALUES (1)) AS v(x) GROUP BY x",
               columns=["?column?", "?column?", "count", "case", "abs", "x", "coalesce", "exists", "array",
                        "?column?", "max", "?column?", "nullif", "greatest"]),
    Regression("VALUES names its columns column1, column2, ...",
               "VALUES (1, 'a'), (2, NULL)", [("1", "a"), ("2", N)], columns=["column1", "column2"]),
    Regression("three-valued logic: NOT IN with a NULL is never true",
               "SELECT 1 IN (1, NULL), 2 IN (1, NULL), 2 NOT IN (1, NULL), NULL = NULL, "
               "NULL IS NOT DISTINCT FROM NULL, (NULL AND false), (NULL OR true)",
               [("t", N, N, N, "t", "f", "t")]),
    Regression("concatenation: || with NULL is NULL, concat skips NULLs, non-text operands print",
               "SELECT 'a' || NULL, concat('a', NULL, 'b'), concat_ws(',', 'a', NULL, 'b'), "
               "'x' || 1.50 || true || DATE '2020-01-01'", [(N, "ab", "a,b", "x1.50true2020-01-01")]),
    Regression("UNION resolves integer and numeric to numeric",
               "SELECT 1 AS v UNION SELECT 2.5 ORDER BY 1", [("1",), ("2.5",)], ordered=True),
    Regression("explicit varchar(n) cast truncates; LIKE escapes with backslash",
               "SELECT 'abcdef'::varchar(3), 'a_b' LIKE 'a\\_b', 'axb' LIKE 'a\\_b', 'ÄB' ILIKE 'äb'",
               [("abc", "t", "f", "t")]),
    Regression("case mapping under C.UTF-8",
               "SELECT upper('straße'), lower('ÀÉ'), initcap('éa bc')", [("STRAßE", "àé", "Éa Bc")]),
    Regression("window sum over ORDER BY uses RANGE: peers share a value",
               "SELECT x, sum(x) OVER (ORDER BY x), row_number() OVER (ORDER BY x, y) "
               "FROM (VALUES (1, 'a'), (1, 'b'), (2, 'c')) AS v(x, y) ORDER BY 1, 2, 3",
               [("1", "2", "1"), ("1", "2", "2"), ("2", "4", "3")], ordered=True),
    Regression("GREATEST and LEAST ignore NULLs",
               "SELECT GREATEST(1, NULL, 3), LEAST(NULL, NULL::integer), GREATEST('b', 'a')", [("3", N, "b")]),
    Regression("recursive CTE counting",
               "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT sum(n), count(*) FROM r",
               [("15", "5")]),
    Regression("a recursive CTE is read only as far as LIMIT needs",
               "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r LIMIT 3",
               [("1",), ("2",), ("3",)]),
    Regression("integer literal types: 2147483648 is bigint, 1.5 and 1e3 numeric",
               "SELECT pg_typeof(2147483647)::text, pg_typeof(2147483648)::text, pg_typeof(1.5)::text, "
               "pg_typeof(1e3)::text", [("integer", "bigint", "numeric", "numeric")]),
    Regression("integer overflow is an error", "SELECT 2147483647 + 1", sqlstate="22003"),
    Regression("-32768::smallint casts before negating, so it overflows", "SELECT -32768::smallint", sqlstate="22003"),
    Regression("division by zero", "SELECT 1 / 0", sqlstate="22012"),
    Regression("a subquery in FROM needs an alias in PostgreSQL 15", "SELECT * FROM (SELECT 1)", sqlstate="42601"),
    Regression("FULL JOIN needs merge- or hash-joinable conditions",
               "SELECT * FROM (VALUES (1)) AS a(x) FULL JOIN (VALUES (2)) AS b(y) ON a.x < b.y", sqlstate="0A000"),
    Regression("a scalar subquery returning two rows is an error",
               "SELECT (SELECT x FROM (VALUES (1), (2)) AS v(x))", sqlstate="21000"),
    Regression("SELECT with no columns is valid", "SELECT FROM (VALUES (1), (2)) AS v(x)", [(), ()], columns=[]),
    Regression("INSERT ... RETURNING; numeric(8,2) rounds half away from zero on assignment",
               "INSERT INTO reg_items (id, name, price) VALUES (5, 'elder', 2.005), (6, 'fig', 3) RETURNING id, price",
               [("5", "2.01"), ("6", "3.00")], setup=TABLE),
    Regression("UPDATE ... FROM with a grouped source",
               "UPDATE reg_items AS i SET qty = s.n FROM (SELECT tag, count(*) AS n FROM reg_items GROUP BY tag) AS s "
               "WHERE i.tag = s.tag RETURNING i.id, i.qty", [("1", "2"), ("2", "2"), ("4", "1")], setup=TABLE),
    Regression("ON CONFLICT DO UPDATE with EXCLUDED",
               "INSERT INTO reg_items AS i (id, name, qty) VALUES (1, 'apricot', 5), (9, 'kiwi', 1) "
               "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, qty = i.qty + EXCLUDED.qty RETURNING id, name, qty",
               [("1", "apricot", "8"), ("9", "kiwi", "1")], setup=TABLE),
    Regression("DELETE ... USING", "DELETE FROM reg_items AS i USING (VALUES ('f')) AS v(t) WHERE i.tag = v.t RETURNING i.id",
               [("1",), ("2",)], setup=TABLE),
    Regression("varchar(n) assignment that is too long is an error",
               "INSERT INTO reg_items (id, name, tag) VALUES (7, 'x', 'toolong')", sqlstate="22001", setup=TABLE),
    Regression("NOT NULL violation", "INSERT INTO reg_items (id, name) VALUES (8, NULL)", sqlstate="23502", setup=TABLE),
    Regression("unique violation", "INSERT INTO reg_items (id, name) VALUES (1, 'again')", sqlstate="23505", setup=TABLE),
    Regression("smallint overflow on assignment is an error",
               "UPDATE reg_items SET qty = 40000 WHERE id = 1", sqlstate="22003", setup=TABLE),
    Regression("GROUP BY a primary key allows the table's other columns",
               "SELECT id, name, count(*) FROM reg_items GROUP BY id ORDER BY id",
               [("1", "apple", "1"), ("2", "Banana", "1"), ("3", "cherry", "1"), ("4", "date", "1")],
               ordered=True, setup=TABLE),
    Regression("DISTINCT ON keeps the first row of each group in ORDER BY order",
               "SELECT DISTINCT ON (ok) ok, name FROM reg_items ORDER BY ok, name DESC",
               [("f", "Banana"), ("t", "date"), (N, "cherry")], ordered=True, setup=TABLE),
    Regression("LIMIT ALL and LIMIT NULL mean no limit",
               "SELECT id FROM reg_items ORDER BY id LIMIT NULL OFFSET 2", [("3",), ("4",)], ordered=True, setup=TABLE),
    Regression("FETCH FIRST ... WITH TIES keeps the last tie group whole",
               "SELECT tag FROM reg_items ORDER BY tag FETCH FIRST 2 ROWS WITH TIES", [("dry",), ("f",), ("f",)],
               ordered=True, setup=TABLE),
]
