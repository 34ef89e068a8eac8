"""WITH RECURSIVE templates: counting, doubling from table rows, walking a table as a graph,
growing strings, and the lazy infinite recursion that only LIMIT stops.

Each recursion is bounded by a depth column, and its columns are cast to one type in both terms
(PostgreSQL rejects a recursive term whose column types differ from the non-recursive one, 42804).
"""
from __future__ import annotations

import random

from .from_clause import CommonTable
from .queries import Select
from .scope import Relation, Scope
from .sqltypes import CATEGORY_TYPE, INT4, NUMERIC, TEXT

CANONICAL = {"int": "bigint", "numeric": "numeric", "float": "double precision", "string": "text",
             "date": "date", "timestamp": "timestamp", "bool": "boolean"}


class RecursiveTemplates:
    def __init__(self, rng: random.Random, queries) -> None:
        self.rng = rng
        self.queries = queries
        self.schema = queries.schema

    def random_cte(self) -> tuple[str, CommonTable]:
        for template in self.rng.sample([self._counting, self._doubling, self._walk, self._strings], 4):
            made = template()
            if made is not None:
                return made
        return self._counting()

    def _counting(self) -> tuple[str, CommonTable]:
        name = self.queries.names.fresh("rc")
        limit = self.rng.randint(0, 20)
        step = self.rng.choice(["n + 1", "n + 2", "n * 2"])
        start = self.rng.choice(["1", "0", "(-3)"]) if step != "n * 2" else "1"
        all_rows = self.rng.choice(["UNION ALL", "UNION"])
        sql = f"{name}(n) AS (SELECT {start} {all_rows} SELECT {step} FROM {name} WHERE n < {limit})"
        return sql, CommonTable(name, [("n", INT4)], limit + 4)

    def _doubling(self) -> tuple[str, CommonTable] | None:
        candidates = [(t, c) for t in self.schema.tables for c in t.columns
                      if c.type.category in ("int", "numeric") and len(t.rows) <= 30]
        if not candidates:
            return None
        table, column = self.rng.choice(candidates)
        name = self.queries.names.fresh("rd")
        depth = self.rng.randint(1, 4)
        alias = self.queries.names.fresh("r")
        where = self._where(table.name, alias)
        sql = (f"{name}(n, depth) AS (SELECT {alias}.{column.name}::numeric, 0 FROM {table.name} AS {alias}"
               f"{where} UNION ALL SELECT n * 2 + 1, depth + 1 FROM {name} WHERE depth < {depth})")
        return sql, CommonTable(name, [("n", NUMERIC), ("depth", INT4)], max(len(table.rows), 1) * (depth + 1))

    def _walk(self) -> tuple[str, CommonTable] | None:
        """Follows edges from one column to another of the same category."""
        pairs = []
        for table in self.schema.tables:
            for source in table.columns:
                for target in table.columns:
                    if source.type.category == target.type.category and source.type.category in CANONICAL:
                        pairs.append((table, source, target))
        if not pairs:
            return None
        table, source, target = self.rng.choice(pairs)
        start_table = self.rng.choice(self.schema.tables)
        start_columns = [c for c in start_table.columns if c.type.category == source.type.category]
        if not start_columns:
            start_table, start_columns = table, [source]
        start = self.rng.choice(start_columns)
        cast = CANONICAL[source.type.category]
        name = self.queries.names.fresh("rw")
        depth = self.rng.randint(1, 4)
        first, step = self.queries.names.fresh("r"), self.queries.names.fresh("r")
        # UNION ALL multiplies rows by the fan-out at every level: only on small tables with
        # values that do not repeat much; UNION keeps at most (distinct nodes) x (depth + 1) rows.
        small = len(table.rows) <= 10 and source.type.category != "bool"
        union = self.rng.choice(["UNION", "UNION ALL"]) if small else "UNION"
        sql = (f"{name}(node, depth) AS (SELECT {first}.{start.name}::{cast}, 0 FROM {start_table.name} AS {first}"
               f"{self._where(start_table.name, first)} {union} "
               f"SELECT {step}.{target.name}::{cast}, {name}.depth + 1 FROM {name} JOIN {table.name} AS {step} "
               f"ON {step}.{source.name} = {name}.node WHERE {name}.depth < {depth})")
        node_type = CATEGORY_TYPE[source.type.category]
        rows = max(len(table.rows), len(start_table.rows), 1) * (depth + 1) * 4
        return sql, CommonTable(name, [("node", node_type), ("depth", INT4)], rows)

    def _strings(self) -> tuple[str, CommonTable] | None:
        candidates = [(t, c) for t in self.schema.tables for c in t.columns
                      if c.type.category == "string" and 0 < len(t.rows) <= 10]
        if not candidates:
            return None
        table, column = self.rng.choice(candidates)
        name = self.queries.names.fresh("rs")
        alias = self.queries.names.fresh("r")
        sql = (f"{name}(s, depth) AS (SELECT ''::text, 0 UNION ALL SELECT {name}.s || {alias}.{column.name}, "
               f"{name}.depth + 1 FROM {name}, {table.name} AS {alias} WHERE {name}.depth < 2 "
               f"AND {alias}.{column.name} IS NOT NULL)")
        return sql, CommonTable(name, [("s", TEXT), ("depth", INT4)], len(table.rows) ** 2 + len(table.rows) + 1)

    def _where(self, table_name: str, alias: str) -> str:
        if self.rng.random() < 0.5:
            return ""
        table = self.schema.table(table_name)
        relation = Relation(alias, [(c.name, c.type) for c in table.columns], len(table.rows), table_name)
        return f" WHERE {self.queries.expressions.predicate(Scope([relation], safe=True), 1).sql}"

    def lazy_query(self) -> Select:
        """PostgreSQL evaluates a recursive CTE only as far as the outer query reads it."""
        name = self.queries.names.fresh("rl")
        count = self.rng.randint(1, 8)
        sql = (f"WITH RECURSIVE {name}(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM {name}) "
               f"SELECT n FROM {name} LIMIT {count}")
        return Select(sql, [("n", INT4)], None, count)

