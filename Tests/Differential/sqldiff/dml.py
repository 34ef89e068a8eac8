"""Random INSERT / UPDATE / DELETE statements, with RETURNING, ON CONFLICT, UPDATE ... FROM and
DELETE ... USING. The runner executes each inside BEGIN ... ROLLBACK and then compares the
table's contents.

Statements are kept deterministic: UPDATE ... FROM joins a source grouped on the join key, so a
row never has two candidate updates; unique columns are only ever set to constants; INSERT ...
SELECT feeding ON CONFLICT picks one row per key with DISTINCT ON under a total order.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from .schema import Table
from .scope import Expr, Relation, Scope
from .sqltypes import insert_literal


@dataclass
class Statement:
    sql: str
    table: str        # whose contents are compared afterwards
    returning: bool


class DMLGenerator:
    def __init__(self, rng: random.Random, queries) -> None:
        self.rng = rng
        self.queries = queries
        self.schema = queries.schema
        self.expressions = queries.expressions
        self.values = self.expressions.values

    def statement(self) -> Statement:
        rng = self.rng
        table = rng.choice(self.schema.tables)
        kinds = [self._insert_values, self._insert_select, self._update, self._update_from,
                 self._delete, self._delete_using]
        if table.unique_keys():
            kinds += [self._upsert, self._upsert]
        return rng.choice(kinds)(table)

    # ------------------------------------------------------------------ INSERT

    def _target_columns(self, table: Table) -> list:
        required = [c for c in table.columns if c.not_null]
        optional = [c for c in table.columns if not c.not_null]
        chosen = required + self.rng.sample(optional, self.rng.randint(0 if required else 1, len(optional)))
        return [c for c in table.columns if c in chosen] if self.rng.random() < 0.7 else chosen

    def _values_list(self, columns: list, count: int) -> str:
        rows = []
        for _ in range(count):
            items = []
            for column in columns:
                roll = self.rng.random()
                if roll < 0.03:
                    items.append("NULL")                 # into NOT NULL columns too: 23502
                elif roll < 0.06 and not column.not_null:
                    items.append("DEFAULT")
                else:
                    items.append(insert_literal(column.type, self.values.value(column.type, not column.not_null)))
            rows.append(f"({', '.join(items)})")
        return ", ".join(rows)

    def _insert_values(self, table: Table) -> Statement:
        rng = self.rng
        columns = self._target_columns(table)
        names = f" ({', '.join(c.name for c in columns)})" if columns != table.columns or rng.random() < 0.7 else ""
        sql = f"INSERT INTO {table.name}{names} VALUES {self._values_list(columns, rng.randint(1, 4))}"
        if rng.random() < 0.3:
            sql += " ON CONFLICT DO NOTHING"
        returning = rng.random() < 0.5
        if returning:
            sql += self._returning(table, table.name)
        return Statement(sql, table.name, returning)

    def _insert_select(self, table: Table) -> Statement:
        rng = self.rng
        columns = self._target_columns(table)
        source = self.queries.from_clauses.tree([], rng.choice([1, 1, 2]), allow_special=False)
        scope = Scope(source.relations, safe=True)
        items = [self.expressions.expr(scope, c.type.category, rng.choice([0, 0, 1])) for c in columns]
        where = list(source.conditions)
        if rng.random() < 0.6:
            where.append(self.expressions.predicate(scope, 1).sql)
        where_sql = f" WHERE {' AND '.join(where)}" if where else ""
        select_list = ", ".join(e.sql for e in items)
        conflict = ""
        if rng.random() < 0.3:
            keys = [k for k in table.unique_keys() if all(table.column(n) in columns for n in k)]
            if keys:
                key = rng.choice(keys)
                positions = [columns.index(table.column(n)) for n in key]
                # A constant in DISTINCT ON is a position (an integer) or an error: use positions.
                distinct = ", ".join(items[p].sql if items[p].has_column else str(p + 1) for p in positions)
                order = ", ".join(str(i + 1) for i in positions + [i for i in range(len(items)) if i not in positions])
                select = f"SELECT DISTINCT ON ({distinct}) {select_list} FROM {source.sql}{where_sql} ORDER BY {order}"
                conflict = " ON CONFLICT DO NOTHING"
            else:
                select = f"SELECT {select_list} FROM {source.sql}{where_sql}"
        else:
            select = f"SELECT {select_list} FROM {source.sql}{where_sql}"
            if rng.random() < 0.2:
                select += " LIMIT 0"
        names = ", ".join(c.name for c in columns)
        sql = f"INSERT INTO {table.name} ({names}) {select}{conflict}"
        returning = rng.random() < 0.4
        if returning:
            sql += self._returning(table, table.name)
        return Statement(sql, table.name, returning)

    def _upsert(self, table: Table) -> Statement:
        rng = self.rng
        key = rng.choice(table.unique_keys())
        columns = self._target_columns(table)
        columns = [c for c in table.columns if c in columns or c.name in key]
        others = [c for c in columns if c.name not in key and c.name not in _unique_names(table)]
        sql = (f"INSERT INTO {table.name} AS x ({', '.join(c.name for c in columns)}) "
               f"VALUES {self._values_list(columns, rng.randint(1, 3))} ON CONFLICT ({', '.join(key)}) ")
        if not others or rng.random() < 0.25:
            sql += "DO NOTHING"
        else:
            chosen = rng.sample(others, rng.randint(1, len(others)))
            relation = Relation("x", [(c.name, c.type) for c in table.columns], len(table.rows), table.name)
            scope = Scope([relation], safe=False)
            assignments = []
            for column in chosen:
                if rng.random() < 0.6:
                    assignments.append(f"{column.name} = EXCLUDED.{column.name}")
                else:
                    value = self.expressions.expr(scope, column.type.category, 1)
                    assignments.append(f"{column.name} = {value.sql}")
            sql += f"DO UPDATE SET {', '.join(assignments)}"
            if rng.random() < 0.3:
                sql += f" WHERE {self.expressions.predicate(scope.with_safe(True), 1).sql}"
        returning = rng.random() < 0.5
        if returning:
            sql += self._returning(table, "x")
        return Statement(sql, table.name, returning)

    # ------------------------------------------------------------------ UPDATE / DELETE

    def _update(self, table: Table) -> Statement:
        rng = self.rng
        alias = self.queries.names.fresh("r")
        relation = Relation(alias, [(c.name, c.type) for c in table.columns], len(table.rows), table.name)
        scope = Scope([relation], safe=False)
        assignments = self._assignments(table, scope)
        sql = f"UPDATE {table.name} AS {alias} SET {', '.join(assignments)}"
        if rng.random() < 0.75:
            sql += f" WHERE {self.expressions.predicate(scope.with_safe(True), rng.choice([1, 2])).sql}"
        returning = rng.random() < 0.4
        if returning:
            sql += self._returning(table, alias)
        return Statement(sql, table.name, returning)

    def _assignments(self, table: Table, scope: Scope) -> list[str]:
        rng = self.rng
        unique = _unique_names(table)
        chosen = rng.sample(table.columns, rng.randint(1, min(3, len(table.columns))))
        assignments = []
        for column in chosen:
            if column.name in unique:
                value = insert_literal(column.type, self.values.value(column.type, not column.not_null))
            elif rng.random() < 0.1 and not column.not_null:
                value = rng.choice(["NULL", "DEFAULT"])
            else:
                value = self.expressions.expr(scope, column.type.category, rng.choice([0, 1, 2])).sql
            assignments.append(f"{column.name} = {value}")
        return assignments

    def _update_from(self, table: Table) -> Statement:
        rng = self.rng
        alias = self.queries.names.fresh("r")
        target = Relation(alias, [(c.name, c.type) for c in table.columns], len(table.rows), table.name)
        source_table = rng.choice(self.schema.tables)
        pairs = [(c, s) for c in table.columns for s in source_table.columns
                 if c.type.family == s.type.family]
        if not pairs:
            return self._update(table)
        target_column, key_column = rng.choice(pairs)
        inner = self.queries.names.fresh("r")
        values = [c for c in source_table.columns if c.type.category in ("int", "numeric", "string", "date")]
        value_column = rng.choice(values) if values else key_column
        aggregate = {"int": "max", "numeric": "sum", "string": "min", "bool": "bool_or"}.get(
            value_column.type.category, "max")
        derived = self.queries.names.fresh("d")
        source = (f"(SELECT {inner}.{key_column.name} AS k, {aggregate}({inner}.{value_column.name}) AS v "
                  f"FROM {source_table.name} AS {inner} GROUP BY {inner}.{key_column.name}) AS {derived}")
        assignable = [c for c in table.columns if c.type.family == value_column.type.family
                      and c.name not in _unique_names(table)]
        scope = Scope([target, Relation(derived, [("k", key_column.type), ("v", value_column.type)], 10)],
                      safe=False)
        if assignable:
            column = rng.choice(assignable)
            assignments = [f"{column.name} = {derived}.v"]
        else:
            assignments = self._assignments(table, scope)
        sql = (f"UPDATE {table.name} AS {alias} SET {', '.join(assignments)} FROM {source} "
               f"WHERE {alias}.{target_column.name} = {derived}.k")
        if rng.random() < 0.3:
            sql += f" AND {self.expressions.predicate(scope.with_safe(True), 1).sql}"
        returning = rng.random() < 0.4
        if returning:
            sql += self._returning(table, alias)
        return Statement(sql, table.name, returning)

    def _delete(self, table: Table) -> Statement:
        rng = self.rng
        alias = self.queries.names.fresh("r")
        relation = Relation(alias, [(c.name, c.type) for c in table.columns], len(table.rows), table.name)
        sql = f"DELETE FROM {table.name} AS {alias}"
        if rng.random() < 0.85:
            sql += f" WHERE {self.expressions.predicate(Scope([relation], safe=True), rng.choice([1, 2])).sql}"
        returning = rng.random() < 0.5
        if returning:
            sql += self._returning(table, alias)
        return Statement(sql, table.name, returning)

    def _delete_using(self, table: Table) -> Statement:
        rng = self.rng
        alias, other_alias = self.queries.names.fresh("r"), self.queries.names.fresh("r")
        other = rng.choice(self.schema.tables)
        pairs = [(c, o) for c in table.columns for o in other.columns if c.type.family == o.type.family]
        if not pairs:
            return self._delete(table)
        column, other_column = rng.choice(pairs)
        relations = [Relation(alias, [(c.name, c.type) for c in table.columns], len(table.rows), table.name),
                     Relation(other_alias, [(c.name, c.type) for c in other.columns], len(other.rows), other.name)]
        sql = (f"DELETE FROM {table.name} AS {alias} USING {other.name} AS {other_alias} "
               f"WHERE {alias}.{column.name} = {other_alias}.{other_column.name}")
        if rng.random() < 0.4:
            sql += f" AND {self.expressions.predicate(Scope(relations, safe=True), 1).sql}"
        returning = rng.random() < 0.4
        if returning:
            sql += self._returning(table, alias, star=f"{alias}.*")  # the target's columns only
        return Statement(sql, table.name, returning)

    def _returning(self, table: Table, alias: str, star: str = "*") -> str:
        rng = self.rng
        if rng.random() < 0.4:
            return f" RETURNING {star}"
        relation = Relation(alias, [(c.name, c.type) for c in table.columns], len(table.rows), table.name)
        scope = Scope([relation], safe=False)
        items: list[Expr] = [self.expressions.expr(scope, "any", rng.choice([0, 1]))
                             for _ in range(rng.randint(1, 3))]
        return " RETURNING " + ", ".join(
            f"{e.sql} AS ret{i}" if rng.random() < 0.4 else e.sql for i, e in enumerate(items))


def _unique_names(table: Table) -> set[str]:
    return {name for key in table.unique_keys() for name in key}
