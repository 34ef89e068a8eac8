"""Aggregate calls (with DISTINCT, ORDER BY and FILTER) and window function calls.

Results must not depend on the order rows arrive in: string_agg and array_agg always carry an
ORDER BY that ends with their argument (rows that tie are then indistinguishable), and window
functions that see row order (row_number, ntile, lag, lead, first_value, frames in ROWS mode) are
ordered by every column in scope, so only identical rows can tie. rank, dense_rank and aggregates
over the default RANGE frame treat peers alike and take any ORDER BY.
"""
from __future__ import annotations

import random

from .scope import Expr, Scope
from .sqltypes import (ARRAY, FLOAT4, FLOAT8, INT4, INT8, NUMERIC, TEXT, SQLType, common_type,
                       quote_string)

ROWS_FRAMES = [
    "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW",
    "ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING",
    "ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING",
    "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING",
    "ROWS 2 PRECEDING",
    "ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING",
    "GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW",
]
SEPARATORS = [", ", ",", "|", "", " - "]


def sum_type(argument: SQLType) -> SQLType:
    return {"int2": INT8, "int4": INT8, "int8": NUMERIC, "numeric": NUMERIC,
            "float4": FLOAT4, "float8": FLOAT8}.get(argument.kind, argument)


def average_type(argument: SQLType) -> SQLType:
    return FLOAT8 if argument.category == "float" else NUMERIC


class AggregateGenerator:
    def __init__(self, rng: random.Random, expressions) -> None:
        self.rng = rng
        self.expressions = expressions

    # ------------------------------------------------------------------ aggregates

    def aggregate(self, scope: Scope, category: str) -> Expr | None:
        """An aggregate call giving `category`, over the rows of `scope`."""
        if not scope.relations:
            return None
        rng = self.rng
        rows = scope.row_scope()
        made = self._call(rows, category)
        if made is None:
            return None
        sql, sql_type = made
        if rng.random() < 0.2:
            sql += f" FILTER (WHERE {self.expressions.predicate(rows, 1).sql})"
        return Expr(sql, sql_type)

    def _argument(self, rows: Scope, category: str) -> Expr:
        return self.expressions.expr(rows, category, self.rng.choice([0, 0, 1])).typed()

    def _call(self, rows: Scope, category: str) -> tuple[str, SQLType] | None:
        rng = self.rng
        distinct = "DISTINCT " if rng.random() < 0.15 else ""
        if category == "int":
            choice = rng.randrange(5)
            if choice == 0:
                return "count(*)", INT8
            if choice == 1:
                return f"count({distinct}{self._argument(rows, rng.choice(['any', 'int'])).sql})", INT8
            argument = self._argument(rows, "int")
            if choice == 2 and argument.type.kind != "int8":
                return f"sum({distinct}{argument.sql})", INT8
            return f"{rng.choice(['min', 'max'])}({argument.sql})", argument.type
        if category in ("numeric", "float"):
            argument = self._argument(rows, category if rng.random() < 0.7 else "int")
            name = rng.choice(["sum", "avg", "min", "max", "stddev", "variance", "stddev_pop",
                               "var_samp", "sum", "avg"])
            if name in ("min", "max"):
                return f"{name}({argument.sql})", argument.type
            if name == "sum":
                return f"sum({distinct}{argument.sql})", sum_type(argument.type)
            if name == "avg":
                return f"avg({distinct}{argument.sql})", average_type(argument.type)
            return f"{name}({argument.sql})", average_type(argument.type)
        if category == "string":
            argument = self._argument(rows, "string")
            if rng.random() < 0.4:
                return f"{rng.choice(['min', 'max'])}({argument.sql})", TEXT
            return self._string_agg(rows, argument, distinct), TEXT
        if category == "bool":
            predicate = self.expressions.predicate(rows, 1)
            return f"{rng.choice(['bool_and', 'bool_or', 'every'])}({predicate.sql})", predicate.type
        if category in ("date", "timestamp", "interval"):
            argument = self._argument(rows, category)
            if category == "interval" and rng.random() < 0.3:
                return f"{rng.choice(['sum', 'avg'])}({argument.sql})", argument.type
            return f"{rng.choice(['min', 'max'])}({argument.sql})", argument.type
        return None

    def _string_agg(self, rows: Scope, argument: Expr, distinct: str) -> str:
        rng = self.rng
        separator = quote_string(rng.choice(SEPARATORS))
        direction = rng.choice(["", " DESC", " NULLS FIRST", " DESC NULLS LAST"])
        if distinct and argument.has_column:
            return f"string_agg(DISTINCT {argument.sql}, {separator} ORDER BY {argument.sql}{direction})"
        keys = [f"{argument.sql}{direction}"]
        if rng.random() < 0.4:
            other = self.expressions.expr(rows, "orderable", 0)
            keys.insert(0, f"{other.sql}{rng.choice(['', ' DESC'])}")
        return f"string_agg({argument.sql}, {separator} ORDER BY {', '.join(keys)})"

    def array_aggregate(self, scope: Scope) -> Expr | None:
        """array_agg with an order that makes it deterministic; its text shows array quoting."""
        if not scope.relations:
            return None
        rng = self.rng
        rows = scope.row_scope()
        argument = self.expressions.expr(rows, "orderable", rng.choice([0, 1])).typed()
        if rng.random() < 0.25 and argument.has_column:
            return Expr(f"array_agg(DISTINCT {argument.sql})", ARRAY)
        direction = rng.choice(["", " DESC", " NULLS FIRST", " DESC NULLS LAST"])
        return Expr(f"array_agg({argument.sql} ORDER BY {argument.sql}{direction})", ARRAY)

    # ------------------------------------------------------------------ windows

    def window(self, scope: Scope, category: str) -> Expr | None:
        """A window function call giving `category`, over the rows of `scope`."""
        if not scope.relations:
            return None
        rng = self.rng
        rows = scope.row_scope()
        partition = self._partition(rows)
        choice = rng.randrange(6)
        if category == "int" and choice == 0:
            name = rng.choice(["row_number()", f"ntile({rng.randint(1, 4)})"])
            return Expr(f"{name} OVER ({partition}ORDER BY {self.total_order(rows)})",
                        INT8 if name.startswith("row") else INT4)
        if category == "int" and choice == 1:
            name = rng.choice(["rank()", "dense_rank()"])
            return Expr(f"{name} OVER ({partition}ORDER BY {self._any_order(rows)})", INT8)
        if category == "float" and choice == 0:
            name = rng.choice(["percent_rank()", "cume_dist()"])
            return Expr(f"{name} OVER ({partition}ORDER BY {self._any_order(rows)})", FLOAT8)
        if choice in (2, 3):
            return self._navigation(rows, partition, category)
        made = self._call(rows, category)
        if made is None:
            return None
        sql, sql_type = made
        if "DISTINCT" in sql or "ORDER BY" in sql:
            return None                     # not allowed in window aggregates
        return Expr(f"{sql} OVER ({partition}{self._aggregate_window_tail(rows)})", sql_type)

    def _navigation(self, rows: Scope, partition: str, category: str) -> Expr:
        rng = self.rng
        argument = self.expressions.expr(rows, category, 0).typed()
        order = f"ORDER BY {self.total_order(rows)}"
        choice = rng.randrange(4)
        if choice <= 1:
            name = "lag" if choice == 0 else "lead"
            extra, result = "", argument.type
            if rng.random() < 0.5:
                extra = f", {rng.randint(1, 2)}"
                if rng.random() < 0.5:
                    default = self.expressions.literal(argument.category)
                    extra += f", {default.sql}"          # anycompatible: a common type results
                    result = common_type([argument.type, default.type])
            return Expr(f"{name}({argument.sql}{extra}) OVER ({partition}{order})", result)
        frame = f" {rng.choice(ROWS_FRAMES)}" if rng.random() < 0.5 else ""
        name = rng.choice([f"first_value({argument.sql})", f"last_value({argument.sql})",
                           f"nth_value({argument.sql}, {rng.randint(1, 3)})"])
        return Expr(f"{name} OVER ({partition}{order}{frame})", argument.type)

    def _aggregate_window_tail(self, rows: Scope) -> str:
        rng = self.rng
        choice = rng.randrange(4)
        if choice == 0:
            return ""                                            # the whole partition
        if choice == 1:
            return f"ORDER BY {self._any_order(rows)}"          # RANGE: peers count alike
        if choice == 2:
            ranged = self._range_offset(rows)
            if ranged:
                return ranged
        return f"ORDER BY {self.total_order(rows)} {rng.choice(ROWS_FRAMES)}"

    def _range_offset(self, rows: Scope) -> str | None:
        rng = self.rng
        candidates = [e for e in rows.columns(include_outer=False)
                      if e.type.kind in ("int2", "int4", "numeric", "date", "timestamp")]
        if not candidates:
            return None
        column = rng.choice(candidates)
        if column.type.kind in ("date", "timestamp"):
            offset = "INTERVAL '1 day'"
        elif column.type.kind == "numeric":
            offset = "1.5"
        else:
            offset = "2"
        direction = rng.choice(["", " DESC"])
        return (f"ORDER BY {column.sql}{direction} RANGE BETWEEN {offset} PRECEDING "
                f"AND {rng.choice(['CURRENT ROW', offset + ' FOLLOWING'])}")

    def _partition(self, rows: Scope) -> str:
        columns = rows.columns(include_outer=False)
        count = self.rng.choice([0, 0, 1, 1, 2])
        if not columns or count == 0:
            return ""
        chosen = self.rng.sample(columns, min(count, len(columns)))
        return f"PARTITION BY {', '.join(e.sql for e in chosen)} "

    def total_order(self, rows: Scope) -> str:
        """Every column in scope, each ascending or descending: only identical rows tie."""
        columns = rows.columns(include_outer=False)
        self.rng.shuffle(columns)
        return ", ".join(f"{e.sql}{self._direction()}" for e in columns)

    def _any_order(self, rows: Scope) -> str:
        columns = rows.columns(include_outer=False)
        chosen = self.rng.sample(columns, min(len(columns), self.rng.randint(1, 2)))
        return ", ".join(f"{e.sql}{self._direction()}" for e in chosen)

    def _direction(self) -> str:
        return self.rng.choice(["", " ASC", " DESC", " NULLS FIRST", " DESC NULLS LAST",
                                " ASC NULLS LAST", " DESC NULLS FIRST"])

