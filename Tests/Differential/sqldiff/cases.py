"""Test cases: one statement, how its result is compared, and how it is isolated.

Each case is generated from its own random source, seeded by (run seed, schema number, case
number, attempt), so any case can be regenerated alone (`--replay SCHEMA:CASE`) without the ones
before it.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .dml import DMLGenerator
from .invalid import InvalidGenerator
from .queries import Ordering, QueryGenerator
from .choices import weighted

# Feature groups and how often each is the focus of a case.
FEATURES = {
    "basic": 1.0,        # WHERE, expressions, three-valued logic, functions, casts
    "joins": 1.5,        # inner, left, right, full, cross, natural, USING, nested, multi-way
    "aggregates": 1.5,   # GROUP BY, HAVING, aggregates with DISTINCT / ORDER BY / FILTER
    "windows": 1.0,      # window functions, partitions, frames
    "subqueries": 1.2,   # scalar, IN, EXISTS, ANY/ALL, correlated, in FROM
    "cte": 0.8,          # WITH, WITH RECURSIVE
    "setops": 0.8,       # UNION / INTERSECT / EXCEPT [ALL]
    "values": 0.5,       # VALUES lists, generate_series
    "order": 1.2,        # ORDER BY, LIMIT / OFFSET / FETCH, DISTINCT, DISTINCT ON
    "dml": 1.2,          # INSERT / UPDATE / DELETE, RETURNING, ON CONFLICT, FROM / USING
    "errors": 0.6,       # statements that must fail alike
}


@dataclass
class Case:
    schema_number: int
    number: int
    feature: str
    sql: str
    ordering: Ordering | None = None
    transaction: bool = False          # run inside BEGIN ... ROLLBACK
    check_table: str | None = None     # compare this table's contents after the statement
    tables: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return f"{self.schema_number}:{self.number}"


def case_random(seed: int, schema_number: int, number: int, attempt: int = 0) -> random.Random:
    suffix = f":{attempt}" if attempt else ""
    return random.Random(f"{seed}:{schema_number}:{number}{suffix}")


def make_case(seed: int, schema, schema_number: int, number: int, features: set[str],
              attempt: int = 0) -> Case:
    """Case `number` of a schema; a later `attempt` draws another statement for the same slot
    (the runner asks for one when the oracle's answer to the first was empty)."""
    rng = case_random(seed, schema_number, number)
    focus = weighted(rng, [(name, weight) for name, weight in FEATURES.items() if name in features])
    if attempt:
        rng = case_random(seed, schema_number, number, attempt)     # same focus, another statement
    queries = QueryGenerator(rng, schema, features | {"basic"})
    if focus == "dml":
        statement = DMLGenerator(rng, queries).statement()
        return Case(schema_number, number, focus, statement.sql, None, True, statement.table,
                    {statement.table} | queries._tables(statement.sql))
    if focus == "errors":
        statement = InvalidGenerator(rng, queries).statement()
        return Case(schema_number, number, focus, statement.sql, None, statement.transaction, None,
                    queries._tables(statement.sql))
    select = queries.top(focus)
    return Case(schema_number, number, focus, select.sql, select.ordering, False, None,
                queries._tables(select.sql))


def add_views(seed: int, schema, schema_number: int, features: set[str]) -> None:
    """Gives the schema zero to two views, generated like derived tables."""
    rng = random.Random(f"{seed}:{schema_number}:views")
    for index in range(rng.choice([0, 0, 1, 1, 2])):
        queries = QueryGenerator(rng, schema, features | {"basic"})
        queries.names.count = 100 * (index + 1)
        schema.views.append(queries.view_definition(f"v{index}"))
