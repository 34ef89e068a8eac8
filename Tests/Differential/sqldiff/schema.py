"""Random schemas and their data: 2-6 tables of 2-8 columns, constraints, indexes, and the SQL
that creates them.

Column names come from one pool per schema in which each name has one type, so a name shared by
two tables always has the same type there: NATURAL joins and USING lists are always valid, and
equal pool values make them match.
"""
from __future__ import annotations

import random
import struct
from dataclasses import dataclass, field

from .sqltypes import (BOOL, DATE, FLOAT4, FLOAT8, INT2, INT4, INT8, TEXT, TIMESTAMP, SQLType,
                       insert_literal, numeric, varchar)
from .values import ValueSource
from .choices import weighted

COLUMN_NAMES = ["a", "b", "c", "d", "e", "f", "g", "h", "k", "m", "n", "p", "q", "s", "u", "w"]
TYPE_WEIGHTS = [
    (INT4, 4), (INT8, 2), (INT2, 1), ("numeric", 3), (FLOAT4, 1), (FLOAT8, 2), (TEXT, 4),
    ("varchar", 2), (BOOL, 2), (DATE, 2), (TIMESTAMP, 1),
]
ROW_COUNTS = [(0, 1), (1, 1), (2, 2), (5, 3), (10, 4), (20, 5), (30, 4), (60, 2)]


@dataclass
class Column:
    name: str
    type: SQLType
    not_null: bool = False


@dataclass
class Table:
    name: str
    columns: list[Column]
    primary_key: list[str] = field(default_factory=list)
    unique: list[list[str]] = field(default_factory=list)
    indexes: list[tuple[list[str], bool]] = field(default_factory=list)  # (columns, unique)
    rows: list[tuple] = field(default_factory=list)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def unique_keys(self) -> list[list[str]]:
        """Column lists that ON CONFLICT can name: the primary key, UNIQUE constraints and indexes."""
        keys = [self.primary_key] if self.primary_key else []
        keys += self.unique
        keys += [cols for cols, unique in self.indexes if unique]
        return keys

    def create_sql(self) -> list[str]:
        parts = [f"{c.name} {c.type.sql}{' NOT NULL' if c.not_null else ''}" for c in self.columns]
        if self.primary_key:
            parts.append(f"PRIMARY KEY ({', '.join(self.primary_key)})")
        parts += [f"UNIQUE ({', '.join(cols)})" for cols in self.unique]
        statements = [f"CREATE TABLE {self.name} ({', '.join(parts)})"]
        for number, (cols, unique) in enumerate(self.indexes):
            kind = "UNIQUE INDEX" if unique else "INDEX"
            statements.append(f"CREATE {kind} {self.name}_i{number} ON {self.name} ({', '.join(cols)})")
        return statements

    def insert_sql(self, rows: list[tuple] | None = None) -> list[str]:
        rows = self.rows if rows is None else rows
        if not rows:
            return []
        names = ", ".join(c.name for c in self.columns)
        values = ",\n  ".join(
            "(" + ", ".join(insert_literal(c.type, v) for c, v in zip(self.columns, row)) + ")"
            for row in rows)
        return [f"INSERT INTO {self.name} ({names}) VALUES\n  {values}"]


@dataclass
class View:
    name: str
    sql: str                          # the SELECT
    columns: list[tuple[str, SQLType]]
    tables: list[str]                 # tables and views it reads
    rows: int = 1                     # an upper estimate of its row count

    def create_sql(self) -> list[str]:
        return [f"CREATE VIEW {self.name} AS {self.sql}"]


@dataclass
class Schema:
    tables: list[Table]
    views: list[View]
    with_infinities: bool
    name_types: dict[str, SQLType]
    values: ValueSource               # the pools that queries draw their literals from

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)

    def relation_names(self) -> list[str]:
        return [t.name for t in self.tables] + [v.name for v in self.views]

    def drop_sql(self) -> list[str]:
        statements = [f"DROP VIEW IF EXISTS {v.name} CASCADE" for v in reversed(self.views)]
        return statements + [f"DROP TABLE IF EXISTS {t.name} CASCADE" for t in self.tables]

    def setup_sql(self, rows: dict[str, list[tuple]] | None = None,
                  only: set[str] | None = None) -> list[str]:
        """Statements that create the schema and load its data (or `rows` for some tables),
        limited to the relations in `only` when given."""
        statements: list[str] = []
        for table in self.tables:
            if only is None or table.name in only:
                statements += table.create_sql()
                statements += table.insert_sql(None if rows is None else rows.get(table.name))
        for view in self.views:
            if only is None or view.name in only:
                statements += view.create_sql()
        return statements

    def dependencies(self, names: set[str]) -> set[str]:
        """The given relations plus every relation the views among them read, transitively."""
        result = set(names)
        changed = True
        while changed:
            changed = False
            for view in self.views:
                if view.name in result and not set(view.tables) <= result:
                    result |= set(view.tables)
                    changed = True
        return result


TYPE_KINDS = {"integer": "int4", "int": "int4", "int4": "int4", "bigint": "int8", "int8": "int8",
              "smallint": "int2", "int2": "int2", "numeric": "numeric", "real": "float4",
              "float4": "float4", "double": "float8", "float8": "float8", "text": "text",
              "varchar": "varchar", "boolean": "bool", "bool": "bool", "date": "date",
              "timestamp": "timestamp"}


def generate_schema(rng: random.Random, max_tables: int = 6, types: set[str] | None = None) -> Schema:
    """Tables with columns, keys and data; views are added later by the query generator.
    `types` (kinds such as int4, numeric, text) limits the column types."""
    values = ValueSource(rng, with_infinities=rng.random() < 0.3)
    weights = TYPE_WEIGHTS
    if types:
        weights = [(t, w) for t, w in TYPE_WEIGHTS if (t if isinstance(t, str) else t.kind) in types]
    name_types = {name: _random_type(rng, weights) for name in COLUMN_NAMES}
    tables = [_random_table(rng, f"t{i}", name_types) for i in range(rng.randint(2, max_tables))]
    for table in tables:
        table.rows = _random_rows(rng, table, values)
    return Schema(tables=tables, views=[], with_infinities=values.with_infinities,
                  name_types=name_types, values=values)


def _random_type(rng: random.Random, weights: list[tuple[object, int]]) -> SQLType:
    choice = weighted(rng, weights)
    if choice == "numeric":
        precision = rng.choice([1, 3, 5, 10, 12, 18])
        return numeric(precision, rng.randint(0, min(precision, 4)))
    if choice == "varchar":
        return varchar(rng.choice([1, 3, 10, 30]))
    return choice


def _random_table(rng: random.Random, name: str, name_types: dict[str, SQLType]) -> Table:
    count = rng.randint(2, 8)
    names = sorted(rng.sample(COLUMN_NAMES, count), key=COLUMN_NAMES.index)
    if rng.random() < 0.3:
        rng.shuffle(names)
    columns = [Column(n, name_types[n], not_null=rng.random() < 0.25) for n in names]
    table = Table(name, columns)
    keyable = [c.name for c in columns if c.type.kind not in ("bool",)]
    if keyable and rng.random() < 0.4:
        table.primary_key = rng.sample(keyable, 1 if rng.random() < 0.8 or len(keyable) < 2 else 2)
        for column in columns:
            if column.name in table.primary_key:
                column.not_null = True
    if keyable and rng.random() < 0.2:
        candidate = rng.sample(keyable, 1)
        if candidate != table.primary_key:
            table.unique.append(candidate)
    if rng.random() < 0.5:
        table.indexes.append((rng.sample(names, min(len(names), rng.randint(1, 2))), False))
    if keyable and rng.random() < 0.1:
        candidate = rng.sample(keyable, 1)
        if candidate not in table.unique_keys():
            table.indexes.append((candidate, True))
    return table


def _random_rows(rng: random.Random, table: Table, values: ValueSource) -> list[tuple]:
    target = weighted(rng, ROW_COUNTS)
    keys = table.unique_keys()
    seen: list[set[tuple]] = [set() for _ in keys]
    rows: list[tuple] = []
    for _ in range(target * 3):
        if len(rows) >= target:
            break
        if rows and rng.random() < 0.1:
            row = rows[rng.randrange(len(rows))]  # an exact duplicate, where keys allow one
        else:
            row = tuple(values.value(c.type, nullable=not c.not_null) for c in table.columns)
        if not _accept_keys(table, keys, seen, row):
            continue
        rows.append(row)
    return rows


def _accept_keys(table: Table, keys: list[list[str]], seen: list[set[tuple]], row: tuple) -> bool:
    names = [c.name for c in table.columns]
    projected = [tuple(_key_value(table.column(n).type, row[names.index(n)]) for n in key)
                 for key in keys]
    for key_values, taken in zip(projected, seen):
        if None not in key_values and key_values in taken:
            return False
    for key_values, taken in zip(projected, seen):
        taken.add(key_values)
    return True


def _key_value(sql_type: SQLType, value: object) -> object:
    """The value as the unique index sees it: floats by number (so 1 and 1.0 collide),
    strings after varchar's blank-padding rules (none), NaN equal to NaN as in PostgreSQL."""
    if value is None:
        return None
    if sql_type.category == "float":
        number = float(value)
        if sql_type.kind == "float4" and abs(number) < 3.5e38:
            number = struct.unpack("f", struct.pack("f", number))[0]
        return "NaN" if number != number else number
    return value
