"""Statements that should fail, so that both sides must fail with the same SQLSTATE: templates over
the schema (syntax, unknown names, type errors, grouping errors, data exceptions, constraint
violations) and mutations of valid generated queries. A few templates are valid but surprising
(SELECT with no columns, ' 12 '::integer, explicit varchar truncation): both must succeed alike.

Runtime errors are only asked for where PostgreSQL's answer does not hang on plan choices: on
constants (folded at plan time) or on tables that do have rows.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass


@dataclass
class InvalidStatement:
    sql: str
    transaction: bool      # modifies the schema or data: run inside BEGIN ... ROLLBACK


CONSTANT_TEMPLATES = [
    "SELEC 1", "SELECT 'unterminated", "SELECT 1 /* unterminated comment", "SELECT (1", "SELECT 1)",
    "SELECT 1/0", "SELECT 1 % 0", "SELECT 1.0 / 0", "SELECT 1::float8 / 0", "SELECT 5 / 0.0",
    "SELECT 'abc'::integer", "SELECT ''::integer", "SELECT '1.5'::integer", "SELECT ' 12 '::integer",
    "SELECT 'tru'::boolean", "SELECT 'yes'::boolean", "SELECT 'on'::boolean", "SELECT 2147483647 + 1",
    "SELECT (-2147483648)::integer * -1", "SELECT 32767::smallint + 1::smallint",
    "SELECT 9223372036854775807::bigint + 1", "SELECT -32768::smallint", "SELECT (-32768)::smallint",
    "SELECT 1e400::float8", "SELECT 100000::smallint", "SELECT 12345.678::numeric(5,2)",
    "SELECT abs(-2147483648)", "SELECT -2147483648 / -1", "SELECT (-9223372036854775808)::bigint / -1",
    "SELECT '2021-02-30'::date", "SELECT '2021-13-01'::date", "SELECT 'garbage'::date",
    "SELECT '2020-01-01 25:00'::timestamp", "SELECT 'abc'::varchar(2)", "SELECT 'abc  '::varchar(3)",
    "SELECT substr('abc', 1, -1)", "SELECT repeat('x', -1)", "SELECT 'a' LIKE 'a' ESCAPE 'ab'",
    "SELECT 'a' LIKE 'a\\'", "SELECT 1 UNION SELECT 1, 2", "SELECT 1 UNION SELECT 'a'",
    "SELECT true UNION SELECT 1", "SELECT DATE '2020-01-01' UNION SELECT 1",
    "SELECT round(1.5::float8, 1)", "SELECT 'a' + 1", "SELECT true + 1",
    "SELECT DATE '2020-01-01' + DATE '2020-01-02'", "SELECT lower(1)", "SELECT length(123)",
    "SELECT 1 = 'a'", "SELECT * FROM (SELECT 1)", "SELECT x FROM (VALUES (1), ('a')) AS v(x)",
    "SELECT ARRAY[1, 'a']", "SELECT (1, 2) = (1, 2, 3)", "SELECT $1", "SELECT", "SELECT 1 AS",
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT r.n + 1 FROM r, r AS r2) SELECT * FROM r",
    "WITH w AS (SELECT 1 AS a) SELECT * FROM w, w", "SELECT NULL::integer + 'x'",
    "SELECT sqrt(-1::float8)", "SELECT sqrt(-1.0)", "SELECT ln(0)", "SELECT log(-1)",
    "SELECT power(0, -1)", "SELECT 0 ^ -1.0", "SELECT 10::numeric ^ 1000000",
    "SELECT DATE 'infinity' - DATE '2020-01-01'", "SELECT TIMESTAMP '294277-01-01 00:00:00'",
    "SELECT DATE '5874897-12-31' + 1", "SELECT make_date(2020, 2, 30)", "SELECT chr(0)",
    "SELECT 'x'::char(3) || 'y'", "SELECT CAST('1e3' AS numeric)", "SELECT CAST('1e3' AS integer)",
    "SELECT CAST('0x1F' AS integer)", "SELECT CAST('1_000' AS integer)", "SELECT 1 BETWEEN 2",
    "SELECT CASE WHEN true THEN 1 ELSE 'a' END", "SELECT CASE WHEN true THEN 1 ELSE true END",
    "SELECT COALESCE(1, 'a')", "SELECT COALESCE(1, true)", "SELECT GREATEST(1, 'x')",
    "SELECT NULLIF(1, 'a')", "SELECT 1 IN (1, 'a')", "SELECT 'a' IN (1, 2)",
    "SELECT ntile(0) OVER ()", "SELECT nth_value(1, 0) OVER ()", "SELECT lag(1, -1) OVER ()",
    "SELECT count(*) OVER w", "SELECT row_number() OVER (ORDER BY 1 ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW)",
    "SELECT sum(1) OVER (ROWS BETWEEN -1 PRECEDING AND CURRENT ROW)",
    "SELECT string_agg(x, ',') FROM (VALUES (1)) AS v(x)", "SELECT avg('a')",
    "SELECT sum(x) FROM (VALUES ('1'), ('2')) AS v(x)", "SELECT max(x) FROM (VALUES (true)) AS v(x)",
    "SELECT generate_series(1, 3) LIMIT -1", "SELECT 1 OFFSET -1", "SELECT 1 LIMIT 'a'",
    "SELECT 1 FETCH FIRST 0 ROWS WITH TIES", "SELECT 1 ORDER BY 2", "SELECT 1 GROUP BY 2",
    "SELECT 1 AS a ORDER BY a + 1", "SELECT 1 AS a, 2 AS a ORDER BY a",
    "VALUES (1, 2), (3)", "VALUES (1), (2) ORDER BY column2", "SELECT * FROM generate_series(1, 3, 0)",
]

TABLE_TEMPLATES = [
    ("SELECT {c} FROM {t} WHERE", False), ("SELECT ({c} FROM {t}", False),
    ("SELECT {c}, FROM {t}", False), ("SELECT nosuchcolumn FROM {t}", False),
    ("SELECT * FROM nosuchtable", False), ("SELECT nosuchfunction({c}) FROM {t}", False),
    ("SELECT {c}, count(*) FROM {t}", False), ("SELECT * FROM {t} WHERE count(*) > 0", False),
    ("SELECT * FROM {t} WHERE row_number() OVER () > 1", False),
    ("SELECT sum(count(*)) FROM {t}", False), ("SELECT {c} FROM {t} ORDER BY 99", False),
    ("SELECT * FROM {t} LIMIT -1", False), ("SELECT * FROM {t} OFFSET -1", False),
    ("SELECT * FROM {t} AS x WHERE {t}.{c} IS NULL", False),
    ("SELECT * FROM {t} NATURAL JOIN {t2} USING ({c})", False),
    ("SELECT count(*) OVER w FROM {t}", False), ("SELECT {c} FROM {t} GROUP BY 5", False),
    ("SELECT 1 FROM {t} HAVING {c} IS NULL", False), ("SELECT FROM {t}", False),
    ("SELECT * FROM {t} WHERE EXISTS (SELECT)", False),
    ("SELECT * FROM {t} WHERE {c} IN (SELECT 1, 2)", False),
    ("SELECT {c} FROM {t} x JOIN {t2} y USING (nosuchcolumn)", False),
    ("SELECT x.nosuchcolumn FROM {t} x", False), ("SELECT y.{c} FROM {t} x", False),
    ("SELECT {t}.* FROM {t} x", False), ("SELECT * FROM {t}, {t}", False),
    ("SELECT * FROM {t} x, {t2} x", False), ("SELECT {c} FROM {t} WHERE {c} = ANY (SELECT 1, 2)", False),
    ("SELECT * FROM {t} ORDER BY nosuchcolumn", False), ("SELECT {c} AS z FROM {t} WHERE z IS NULL", False),
    ("SELECT {c} AS z FROM {t} GROUP BY z", False), ("SELECT {c} AS z FROM {t} ORDER BY -z", False),
    ("SELECT * FROM {t} WHERE {c}", False), ("SELECT * FROM {t} WHERE 1", False),
    ("SELECT * FROM {t} JOIN {t2} ON 1", False), ("SELECT * FROM {t} JOIN {t2}", False),
    ("SELECT * FROM {t} CROSS JOIN {t2} ON true", False),
    ("INSERT INTO {t} ({c}, {c}) VALUES (NULL, NULL)", True),
    ("INSERT INTO {t} ({c}) VALUES (NULL, NULL)", True), ("INSERT INTO {t} (nosuchcolumn) VALUES (1)", True),
    ("INSERT INTO {t} VALUES (DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT)", True),
    ("INSERT INTO {t} SELECT * FROM {t2}", True), ("INSERT INTO {t} DEFAULT VALUES", True),
    ("UPDATE {t} SET nosuchcolumn = 1", True), ("UPDATE {t} SET {c} = DEFAULT, {c} = NULL", True),
    ("UPDATE {t} x SET x.{c} = NULL", True), ("DELETE FROM {t} WHERE nosuchcolumn = 1", True),
    ("CREATE TABLE {t} (a integer)", True), ("DROP TABLE nosuchtable", True),
    ("DROP TABLE IF EXISTS nosuchtable", True), ("CREATE INDEX ON {t} (nosuchcolumn)", True),
    ("CREATE VIEW {t} AS SELECT 1", True), ("ALTER TABLE {t} ADD COLUMN {c} integer", True),
    ("TRUNCATE {t}", True), ("INSERT INTO {t} ({c}) VALUES (NULL) ON CONFLICT ({c}) DO NOTHING", True),
]


class InvalidGenerator:
    def __init__(self, rng: random.Random, queries) -> None:
        self.rng = rng
        self.queries = queries
        self.schema = queries.schema

    def statement(self) -> InvalidStatement:
        choice = self.rng.random()
        if choice < 0.3:
            return InvalidStatement(self.rng.choice(CONSTANT_TEMPLATES), False)
        if choice < 0.6:
            return self._table_template()
        if choice < 0.7:
            return self._data_dependent()
        return InvalidStatement(self._mutation(), False)

    def _table_template(self) -> InvalidStatement:
        rng = self.rng
        template, transaction = rng.choice(TABLE_TEMPLATES)
        table = rng.choice(self.schema.tables)
        other = rng.choice(self.schema.tables)
        column = rng.choice(table.columns).name
        return InvalidStatement(template.format(t=table.name, t2=other.name, c=column), transaction)

    def _data_dependent(self) -> InvalidStatement:
        """Errors that need rows: more than one row from a scalar subquery, division by a zero
        column value, a bad cast of stored text, violations of NOT NULL and UNIQUE."""
        rng = self.rng
        table = rng.choice(self.schema.tables)
        column = rng.choice(table.columns)
        choice = rng.randrange(6)
        if choice == 0:
            return InvalidStatement(f"SELECT (SELECT {column.name} FROM {table.name})", False)
        if choice == 1 and column.type.is_number:
            return InvalidStatement(f"SELECT {column.name}, 1 / {column.name} FROM {table.name}", False)
        if choice == 2 and column.type.category == "string":
            return InvalidStatement(f"SELECT {column.name}::integer FROM {table.name}", False)
        if choice == 3:
            required = [c for c in table.columns if c.not_null]
            if required:
                return InvalidStatement(f"INSERT INTO {table.name} ({required[0].name}) VALUES (NULL)", True)
        if choice == 4 and table.unique_keys() and table.rows:
            return InvalidStatement(f"INSERT INTO {table.name} SELECT * FROM {table.name}", True)
        return InvalidStatement(f"UPDATE {table.name} SET {column.name} = NULL", True)

    def _mutation(self) -> str:
        """A valid random query with one thing broken."""
        rng = self.rng
        sql = self.queries.top(rng.choice(["basic", "joins", "aggregates", "order"])).sql
        choice = rng.randrange(6)
        references = re.findall(r"\b[rd]\d+\.\w+", sql)
        if choice == 0 and references:
            victim = rng.choice(references)
            return sql.replace(victim, victim.split(".")[0] + ".zz", 1)
        if choice == 1:
            tables = re.findall(r"\bt\d+\b", sql)
            if tables:
                return re.sub(rf"\b{rng.choice(tables)}\b", "t99", sql, count=1)
        if choice == 2 and ")" in sql:
            index = rng.choice([m.start() for m in re.finditer(r"\)", sql)])
            return sql[:index] + sql[index + 1:]
        if choice == 3:
            tokens = sql.split(" ")
            return " ".join(tokens[: rng.randint(1, max(1, len(tokens) - 1))])
        if choice == 4:
            functions = re.findall(r"\b(lower|upper|abs|round|coalesce|length|sum|count|max|min)\(", sql, re.I)
            if functions:
                return sql.replace(functions[0] + "(", "nosuchfunction(", 1)
        tokens = sql.split(" ")
        position = rng.randrange(len(tokens))
        tokens.insert(position, rng.choice(["SELECT", "FROM", ",", "(", "WHERE", "AND", "'x'", "1"]))
        return " ".join(tokens)
