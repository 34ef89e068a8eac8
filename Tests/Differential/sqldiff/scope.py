"""What an expression may refer to: the FROM items of its query, those of enclosing queries
(correlation), and, in a grouped query, the grouping expressions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .sqltypes import SQLType


COLUMN_REFERENCE = re.compile(r"\b[a-z]+\d+\.[a-z_0-9]+\b")


@dataclass(frozen=True)
class Expr:
    """A generated expression: its SQL text and the type PostgreSQL gives it (as inferred)."""

    sql: str
    type: SQLType

    @property
    def category(self) -> str:
        return self.type.category

    @property
    def has_column(self) -> bool:
        """Whether it reads a column. ORDER BY, GROUP BY and DISTINCT ON take an integer
        constant as a column position, so constant items are referred to by position."""
        return COLUMN_REFERENCE.search(self.sql) is not None

    def typed(self) -> "Expr":
        """A string literal has type unknown, which polymorphic functions (array_agg, lag,
        min, ...) cannot resolve (42804, 42725): give it type text."""
        if self.sql.startswith("'") and self.sql.endswith("'"):
            return Expr(f"{self.sql}::text", self.type)
        return self


@dataclass
class Relation:
    """A FROM item under an alias."""

    alias: str
    columns: list[tuple[str, SQLType]]
    rows: int                   # an upper estimate of its row count, to keep joins small
    table: str | None = None    # the base table or view it names, if any

    def refs(self) -> list[Expr]:
        return [Expr(f"{self.alias}.{name}", sql_type) for name, sql_type in self.columns]


@dataclass
class Scope:
    relations: list[Relation]
    outer: list[Relation] = field(default_factory=list)
    grouped: list[Expr] | None = None   # a grouped query: what may stand outside aggregates
    aggregates: bool = False            # aggregate calls are allowed here
    windows: bool = False               # window function calls are allowed here
    safe: bool = True                   # only expressions that cannot raise for some rows only

    def columns(self, include_outer: bool = True) -> list[Expr]:
        if self.grouped is not None:
            return list(self.grouped)
        refs = [ref for relation in self.relations for ref in relation.refs()]
        if include_outer:
            refs += [ref for relation in self.outer for ref in relation.refs()]
        return refs

    def row_scope(self) -> "Scope":
        """The scope inside an aggregate or window call: this query's rows, no nesting. Outer
        columns are left out: an aggregate over outer columns only would belong to the outer
        query (SQL's rule), which is rarely what a random query means."""
        return replace(self, outer=[], grouped=None, aggregates=False, windows=False, safe=True)

    def with_safe(self, safe: bool = True) -> "Scope":
        return replace(self, safe=safe)

    def inner_outer(self) -> list[Relation]:
        """What a subquery written here may correlate with."""
        if self.grouped is not None:
            return list(self.outer)     # ungrouped columns are off limits in a grouped query
        return self.relations + self.outer


class Names:
    """Fresh aliases for one statement, so that nested queries never shadow each other."""

    def __init__(self) -> None:
        self.count = 0

    def fresh(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"


def wrap(sql: str) -> str:
    """Parenthesizes an expression unless it is a plain name or literal or already one group."""
    if sql.replace(".", "").replace("_", "").isalnum() or (sql.startswith("(") and sql.endswith(")")
                                                           and _one_group(sql)):
        return sql
    return f"({sql})"


def _one_group(sql: str) -> bool:
    """Whether the first parenthesis closes at the very end (so the whole text is one group)."""
    depth = 0
    in_string = False
    for index, char in enumerate(sql):
        if char == "'":
            in_string = not in_string
        elif not in_string:
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0 and index != len(sql) - 1:
                    return False
    return True
