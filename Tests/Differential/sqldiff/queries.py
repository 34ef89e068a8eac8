"""Random SELECT statements: projections, WHERE, GROUP BY / HAVING, DISTINCT [ON], ORDER BY with
LIMIT / OFFSET / FETCH, window functions, and the subqueries expressions ask for.

A generated query says how its rows are ordered (`Ordering`): which output columns its ORDER BY
sorts by and whether they are all of them. LIMIT, OFFSET and FETCH ... ONLY appear only under an
ORDER BY of every output column, so the rows they keep never depend on how ties fall;
FETCH ... WITH TIES keeps whole tie groups and may take any ORDER BY.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from .expressions import ExpressionGenerator
from .from_clause import CommonTable, FromClauseGenerator, FromTree
from .scope import Expr, Names, Relation, Scope, wrap
from .sqltypes import NUMBER_CATEGORIES, SQLType, common_type


@dataclass
class Ordering:
    keys: list[int]          # output column indexes, in ORDER BY order
    total: bool              # every output column is a key


@dataclass
class Select:
    sql: str
    columns: list[tuple[str | None, SQLType]]
    ordering: Ordering | None = None
    rows: int = 1
    tables: set[str] = field(default_factory=set)


@dataclass
class Plan:
    """Decisions taken before a SELECT is written."""
    role: str                       # top, derived, view, branch
    want: list[str] | None = None   # categories of the output columns (set-operation branches)
    items: int = 1                  # FROM items
    grouped: bool = False
    windows: bool = False
    distinct: str = ""              # "", "DISTINCT", "DISTINCT ON"
    order: str = "none"             # none, partial, total
    limit: bool = False             # LIMIT / OFFSET / FETCH (needs a total order)
    with_ties: bool = False
    subquery_in: str = ""           # where the focus puts a subquery: where, select, from
    star: bool = False
    first_cte: bool = False

    @property
    def safe(self) -> bool:
        """Projections that may raise are allowed only where every row is computed anyway."""
        return self.role != "top" or self.limit or self.with_ties


class QueryGenerator:
    def __init__(self, rng: random.Random, schema, features: set[str]) -> None:
        self.rng = rng
        self.schema = schema
        self.features = features
        self.names = Names()
        self.ctes: list[CommonTable] = []
        self.nesting = 0
        self.expressions = ExpressionGenerator(rng, schema, self)
        self.from_clauses = FromClauseGenerator(rng, self)

    def enabled(self, feature: str) -> bool:
        return feature in self.features

    @property
    def subqueries_enabled(self) -> bool:
        return self.enabled("subqueries") and self.nesting < 2

    # ------------------------------------------------------------------ plans

    def plan(self, role: str, focus: str | None = None, want: list[str] | None = None) -> Plan:
        rng = self.rng
        plan = Plan(role=role, want=want)
        joins = self.enabled("joins")
        if focus == "joins":
            plan.items = rng.choice([2, 2, 3, 3, 4])
        elif joins:
            plan.items = rng.choice([1, 1, 1, 2, 2, 3]) if role == "top" else rng.choice([1, 1, 2])
        plan.grouped = focus == "aggregates" or (self.enabled("aggregates") and rng.random() < 0.15)
        plan.windows = not plan.grouped and role in ("top", "derived") and (
            focus == "windows" or (self.enabled("windows") and rng.random() < 0.1))
        ordering = focus == "order" or (self.enabled("order") and rng.random() < 0.3)
        if role == "top" and ordering:
            plan.order = rng.choice(["partial", "total", "total"])
            if plan.order == "total" and rng.random() < 0.6:
                plan.limit = True
            elif rng.random() < 0.15:
                plan.with_ties = True
                plan.order = rng.choice(["partial", "total"])
        if role == "derived" and self.enabled("order") and rng.random() < 0.1:
            plan.order, plan.limit = "total", True
        if role in ("top", "derived", "branch") and rng.random() < (0.25 if focus == "order" else 0.08):
            plan.distinct = "DISTINCT"
        if role == "top" and focus == "order" and not plan.grouped and not plan.windows \
                and rng.random() < 0.25:
            plan.distinct, plan.order = "DISTINCT ON", "total"
        if focus == "subqueries":
            plan.subquery_in = rng.choice(["where", "where", "select", "from"])
        plan.star = role == "top" and not plan.grouped and not plan.distinct \
            and not want and rng.random() < 0.08
        return plan

    # ------------------------------------------------------------------ SELECT

    def top(self, focus: str) -> Select:
        """One top-level query exercising `focus` (a feature group)."""
        if focus == "setops":
            return self.set_operation()
        if focus == "cte":
            return self.with_query()
        if focus == "values" and self.rng.random() < 0.4:
            return self.values_query()
        plan = self.plan("top", focus)
        return self.select(plan=plan, values_first=focus == "values")

    def select(self, outer: list[Relation] | None = None, role: str = "top",
               plan: Plan | None = None, want: list[str] | None = None,
               values_first: bool = False) -> Select:
        outer = outer or []
        plan = plan or self.plan(role, want=want)
        if role != "top":
            self.nesting += 1
        try:
            return self._select(outer, plan, values_first)
        finally:
            if role != "top":
                self.nesting -= 1

    def _select(self, outer: list[Relation], plan: Plan, values_first: bool) -> Select:
        rng = self.rng
        tree = self._from(outer, plan, values_first)
        where = list(tree.conditions)
        if rng.random() < 0.55:
            where.append(self.expressions.predicate(Scope(tree.relations, outer, safe=True),
                                                    rng.choice([0, 1, 1, 2])).sql)
        if plan.subquery_in == "where" and self.subqueries_enabled:
            scope = Scope(tree.relations, outer, safe=True)
            producer = rng.choice([self.expressions.exists_predicate, self.expressions.in_subquery_predicate,
                                   self.expressions.quantified_predicate])
            made = producer(scope, 0) or self.expressions.exists_predicate(scope, 0)
            where.append(made.sql)
        if plan.grouped:
            items, tail, scope = self._grouped_items(outer, tree, plan)
        else:
            items, scope = self._plain_items(outer, tree, plan)
            tail = ""
        if plan.subquery_in == "select" and self.subqueries_enabled and not plan.star:
            made = self.scalar_subquery(scope, rng.choice(["int", "numeric", "string"]))
            if made is not None:
                items.append(made)
        names = self._aliases(plan, items)
        if plan.star:
            select_list = "*"
            columns: list[tuple[str | None, SQLType]] = [(n, t) for n, t in tree.star]
            items = [Expr(f"{n}", t) for n, t in tree.star]
        else:
            select_list = ", ".join(f"{e.sql} AS {n}" if n else e.sql for e, n in zip(items, names))
            columns = [(n, e.type) for e, n in zip(items, names)]
        head = "SELECT "
        ordering = None
        order_sql = ""
        if plan.distinct == "DISTINCT ON":
            count = rng.randint(1, max(1, min(2, len(items) - 1)))
            head += "DISTINCT ON (" + ", ".join(wrap(e.sql) if e.has_column else str(i + 1)
                                                for i, e in enumerate(items[:count])) + ") "
            keys = list(range(count)) + rng.sample(range(count, len(items)), len(items) - count)
            order_sql, ordering = self._order_by(plan, items, names, keys, total=True)
        elif plan.distinct:
            head += "DISTINCT "
        if plan.order != "none" and not order_sql:
            order_sql, ordering = self._order_by(plan, items, names)
        sql = f"{head}{select_list} FROM {tree.sql}"
        if where:
            sql += f" WHERE {' AND '.join(where)}"
        sql += tail + order_sql + self._limit(plan, ordering)
        rows = 1 if plan.grouped and " GROUP BY " not in tail else tree.rows
        return Select(sql, columns, ordering, rows, self._tables(sql))

    def _from(self, outer: list[Relation], plan: Plan, values_first: bool) -> FromTree:
        if values_first or plan.first_cte or plan.subquery_in == "from":
            first = self._first_item(outer, plan, values_first)
            tree = first
            for _ in range(plan.items - 1):
                tree = self.from_clauses.join(outer, tree, self.from_clauses.item(outer, True),
                                              top=False)
            return tree
        return self.from_clauses.tree(outer, plan.items, allow_special=plan.role != "view")

    def _first_item(self, outer: list[Relation], plan: Plan, values_first: bool) -> FromTree:
        if values_first:
            return self.from_clauses._values()
        if plan.first_cte and self.ctes:
            table = self.rng.choice(self.ctes)
            return self.from_clauses._named(table.name, table.columns, table.rows, mergeable=False)
        derived = self.select(outer=[], role="derived")
        alias = self.names.fresh("d")
        return FromTree(f"({derived.sql}) AS {alias}", [Relation(alias, derived.columns, derived.rows)],
                        list(derived.columns), derived.rows, mergeable=False)

    def _plain_items(self, outer: list[Relation], tree: FromTree, plan: Plan) -> tuple[list[Expr], Scope]:
        rng = self.rng
        scope = Scope(tree.relations, outer, windows=plan.windows, safe=plan.safe)
        wants = plan.want or ["any"] * rng.randint(1, 4)
        items = [self.expressions.expr(scope, want, rng.choice([0, 1, 1, 2])) for want in wants]
        if plan.windows and not plan.want and not any(" OVER (" in e.sql for e in items):
            for category in rng.sample(["int", "int", "numeric", "string", "float", "date"], 6):
                made = self.expressions.aggregates.window(scope, category)
                if made is not None:
                    items.append(made)
                    break
        return items, scope

    def _grouped_items(self, outer: list[Relation], tree: FromTree,
                       plan: Plan) -> tuple[list[Expr], str, Scope]:
        rng = self.rng
        row_scope = Scope(tree.relations, [], safe=plan.safe)
        keys: list[Expr] = []
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
            columns = row_scope.columns()
            key = rng.choice(columns) if rng.random() < 0.8 and columns \
                else self.expressions.expr(row_scope, "any", 1)
            if key.sql not in [k.sql for k in keys] and key.category != "array" and key.has_column:
                keys.append(key)
        scope = Scope(tree.relations, outer, grouped=keys, aggregates=True, safe=plan.safe)
        wants = plan.want or ["any"] * rng.randint(1, 4)
        items = [self.expressions.expr(scope, want, rng.choice([0, 1, 1])) for want in wants]
        if not plan.want:
            if keys and rng.random() < 0.7:
                items = rng.sample(keys, rng.randint(1, len(keys))) + items
            category = self.expressions.resolve(scope.row_scope(), "number")
            made = self.expressions.aggregates.aggregate(scope, category)
            if made is not None:
                items.append(made)
            if plan.role == "top" and rng.random() < 0.15:
                made = self.expressions.aggregates.array_aggregate(scope)
                if made is not None:
                    items.append(made)
        tail = ""
        if keys:
            references = []
            for key in keys:
                position = next((i for i, e in enumerate(items) if e.sql == key.sql), None)
                if position is not None and rng.random() < 0.3 and plan.role != "view":
                    references.append(str(position + 1))
                else:
                    references.append(key.sql)
            tail = f" GROUP BY {', '.join(references)}"
        if rng.random() < 0.4:
            tail += f" HAVING {self.expressions.predicate(scope.with_safe(True), 1).sql}"
        return items, tail, scope

    def _aliases(self, plan: Plan, items: list[Expr]) -> list[str | None]:
        if plan.role in ("derived", "view"):
            return [f"o{i}" for i in range(len(items))]
        probability = 0.35 if plan.role == "top" else 0.2
        return [f"x{i}" if self.rng.random() < probability else None for i in range(len(items))]

    def _order_by(self, plan: Plan, items: list[Expr], names: list[str | None],
                  keys: list[int] | None = None, total: bool | None = None,
                  positions_only: bool = False) -> tuple[str, Ordering]:
        rng = self.rng
        count = len(items)
        if keys is None:
            total = plan.order == "total" or plan.limit
            keys = rng.sample(range(count), count) if total else \
                rng.sample(range(count), rng.randint(1, max(1, count - 1)))
            total = total or len(keys) == count
        parts = []
        for index in keys:
            choice = rng.random()
            if positions_only or plan.star or choice < 0.5 or not items[index].has_column:
                reference = str(index + 1)
            elif choice < 0.75 and names[index]:
                reference = names[index]
            else:
                reference = wrap(items[index].sql)
            parts.append(reference + rng.choice(["", " ASC", " DESC", " NULLS FIRST", " DESC NULLS LAST",
                                                 " ASC NULLS LAST", " DESC NULLS FIRST"]))
        return f" ORDER BY {', '.join(parts)}", Ordering(keys, bool(total))

    def _limit(self, plan: Plan, ordering: Ordering | None) -> str:
        rng = self.rng
        if ordering is None:
            return ""
        if plan.with_ties:
            return f" FETCH FIRST {rng.randint(1, 5)} ROWS WITH TIES"
        if not plan.limit or not ordering.total:
            return ""
        count, skip = rng.randint(0, 8), rng.randint(0, 5)
        return rng.choice([
            f" LIMIT {count}", f" LIMIT {count} OFFSET {skip}", f" OFFSET {skip}",
            f" OFFSET {skip} ROWS FETCH FIRST {count} ROWS ONLY", " FETCH NEXT 1 ROW ONLY",
            f" LIMIT ALL OFFSET {skip}", f" LIMIT NULL OFFSET {skip}", " FETCH FIRST ROW ONLY",
        ])

    # ------------------------------------------------------------------ subqueries

    def _subquery_from(self, outer: list[Relation]) -> FromTree:
        return self.from_clauses.tree(outer, self.rng.choice([1, 1, 1, 2]), allow_special=False)

    def _correlation(self, tree: FromTree, outer: list[Relation]) -> list[str]:
        """Often an equality tying the subquery to an enclosing row."""
        if not outer or self.rng.random() < 0.4:
            return []
        inner = [r for relation in tree.relations for r in relation.refs()]
        outside = [r for relation in outer for r in relation.refs()]
        pairs = [(i, o) for i in inner for o in outside if i.type.family == o.type.family
                 and i.type.family != "array"]
        if not pairs:
            return []
        inner_ref, outer_ref = self.rng.choice(pairs)
        return [f"{inner_ref.sql} {self.rng.choice(['=', '=', '<', '>='])} {outer_ref.sql}"]

    def _subquery_where(self, tree: FromTree, outer: list[Relation]) -> str:
        parts = tree.conditions + self._correlation(tree, outer)
        if self.rng.random() < 0.25:
            parts.append(self.expressions.predicate(Scope(tree.relations, outer, safe=True), 1).sql)
        return f" WHERE {' AND '.join(parts)}" if parts else ""

    def scalar_subquery(self, scope: Scope, category: str) -> Expr | None:
        """A subquery that returns one row: an aggregate, or one value under ORDER BY ... LIMIT 1."""
        if not self.subqueries_enabled:
            return None
        outer = scope.inner_outer()
        self.nesting += 1
        try:
            tree = self._subquery_from(outer)
            where = self._subquery_where(tree, outer)
            if self.rng.random() < 0.6:
                aggregate_scope = Scope(tree.relations, outer, grouped=[], aggregates=True)
                made = self.expressions.aggregates.aggregate(aggregate_scope, category)
                if made is not None:
                    return Expr(f"(SELECT {made.sql} FROM {tree.sql}{where})", made.type)
            value = self.expressions.expr(Scope(tree.relations, outer, safe=True), category, 1)
            direction = self.rng.choice(["", " DESC", " NULLS FIRST", " DESC NULLS LAST"])
            return Expr(f"(SELECT {value.sql} FROM {tree.sql}{where} ORDER BY 1{direction} LIMIT 1)",
                        value.type)
        finally:
            self.nesting -= 1

    def exists_subquery(self, scope: Scope) -> str:
        outer = scope.inner_outer()
        self.nesting += 1
        try:
            tree = self._subquery_from(outer)
            where = self._subquery_where(tree, outer)
            select_list = self.rng.choice(["1", "*", "NULL", tree.relations[0].refs()[0].sql])
            sql = f"SELECT {select_list} FROM {tree.sql}{where}"
            if self.rng.random() < 0.1:
                column = tree.relations[0].refs()[0].sql
                sql = f"SELECT {column} FROM {tree.sql}{where} GROUP BY {column} HAVING count(*) > 1"
            return sql
        finally:
            self.nesting -= 1

    def column_subquery(self, scope: Scope, sql_type: SQLType) -> str | None:
        """A one-column subquery whose values compare with `sql_type`."""
        if not self.subqueries_enabled:
            return None
        outer = scope.inner_outer()
        rng = self.rng
        family = {"number": list(NUMBER_CATEGORIES), "datetime": ["date", "timestamp"]}.get(
            sql_type.family, [sql_type.category])
        category = sql_type.category if rng.random() < 0.7 else rng.choice(family)
        self.nesting += 1
        try:
            tree = self._subquery_from(outer)
            where = self._subquery_where(tree, outer)
            value = self.expressions.expr(Scope(tree.relations, outer, safe=True), category, 1)
            choice = rng.random()
            if choice < 0.15:
                return f"SELECT DISTINCT {value.sql} FROM {tree.sql}{where}"
            if choice < 0.25:
                return f"SELECT {value.sql} FROM {tree.sql}{where} ORDER BY 1 LIMIT {rng.randint(1, 3)}"
            return f"SELECT {value.sql} FROM {tree.sql}{where}"
        finally:
            self.nesting -= 1

    # ------------------------------------------------------------------ other shapes

    def set_operation(self) -> Select:
        """UNION / INTERSECT / EXCEPT [ALL] of two or three branches, nested or relying on
        INTERSECT binding tighter than UNION and EXCEPT."""
        rng = self.rng
        limit_planned = self.enabled("order") and rng.random() < 0.3
        first = self.select(role="branch")
        want = [t.category for _, t in first.columns]
        branches = [first]
        for _ in range(rng.choice([1, 1, 2])):
            if self.enabled("values") and rng.random() < 0.15 and "array" not in want:
                branches.append(self._values_branch(want))
            else:
                branches.append(self.select(role="branch", want=want))
        operators = [rng.choice(["UNION", "UNION ALL", "INTERSECT", "INTERSECT ALL", "EXCEPT",
                                 "EXCEPT ALL"]) for _ in branches[1:]]
        parts = [b.sql for b in branches]
        if len(parts) == 3 and rng.random() < 0.5:
            if rng.random() < 0.5:
                sql = f"({parts[0]} {operators[0]} {parts[1]}) {operators[1]} {parts[2]}"
            else:
                sql = f"{parts[0]} {operators[0]} ({parts[1]} {operators[1]} {parts[2]})"
        else:
            sql = parts[0]
            for operator, part in zip(operators, parts[1:]):
                sql += f" {operator} {part}"
        types = [common_type([b.columns[i][1] for b in branches]) for i in range(len(want))]
        columns = [(first.columns[i][0], types[i]) for i in range(len(want))]
        plan = Plan(role="top", order="none")
        ordering = None
        if self.enabled("order") and (limit_planned or rng.random() < 0.4):
            plan.order = "total" if limit_planned or rng.random() < 0.5 else "partial"
            plan.limit = limit_planned
            items = [Expr(str(i + 1), t) for i, t in enumerate(types)]
            order_sql, ordering = self._order_by(plan, items, [None] * len(items), positions_only=True)
            sql += order_sql + self._limit(plan, ordering)
        return Select(sql, columns, ordering, sum(b.rows for b in branches), self._tables(sql))

    def _values_branch(self, want: list[str]) -> Select:
        from .from_clause import values_rows
        rows = values_rows(self.rng, self.expressions, want, self.rng.randint(1, 3))
        columns = [(None, self.expressions.literal(c).type) for c in want]
        return Select(f"VALUES {', '.join(rows)}", columns, None, len(rows))

    def values_query(self) -> Select:
        """A bare VALUES list; its columns are named column1, column2, ..."""
        from .from_clause import values_rows
        rng = self.rng
        categories = [rng.choice(["int", "numeric", "string", "date", "bool", "float", "timestamp"])
                      for _ in range(rng.randint(1, 3))]
        rows = values_rows(rng, self.expressions, categories, rng.randint(1, 6))
        columns = [(f"column{i + 1}", self.expressions.literal(c).type) for i, c in enumerate(categories)]
        sql = f"VALUES {', '.join(rows)}"
        ordering = None
        if self.enabled("order") and rng.random() < 0.5:
            plan = Plan(role="top", order=rng.choice(["partial", "total"]))
            plan.limit = plan.order == "total" and rng.random() < 0.5
            items = [Expr(str(i + 1), t) for i, (_, t) in enumerate(columns)]
            order_sql, ordering = self._order_by(plan, items, [None] * len(items), positions_only=True)
            sql += order_sql + self._limit(plan, ordering)
        return Select(sql, columns, ordering, len(rows))

    def with_query(self) -> Select:
        from .recursive import RecursiveTemplates
        rng = self.rng
        parts: list[str] = []
        recursive = rng.random() < 0.45
        if recursive:
            templates = RecursiveTemplates(rng, self)
            lazy = templates.lazy_query() if rng.random() < 0.05 else None
            if lazy is not None:
                return lazy
            part, table = templates.random_cte()
            parts.append(part)
            self.ctes.append(table)
        for _ in range(rng.randint(0 if recursive else 1, 2)):
            body = self.select(role="derived")
            name = self.names.fresh("w")
            materialized = rng.choice(["", "", "", "MATERIALIZED ", "NOT MATERIALIZED "])
            columns = list(body.columns)
            header = name
            if rng.random() < 0.3:
                columns = [(f"{name}_{i}", t) for i, (_, t) in enumerate(columns)]
                header = f"{name}({', '.join(n for n, _ in columns)})"
            parts.append(f"{header} AS {materialized}({body.sql})")
            self.ctes.append(CommonTable(name, columns, body.rows))
        plan = self.plan("top")
        plan.first_cte = True
        main = self.select(plan=plan)
        self.ctes = []
        keyword = "WITH RECURSIVE " if recursive else "WITH "
        main.sql = f"{keyword}{', '.join(parts)} {main.sql}"
        main.tables = self._tables(main.sql)
        return main

    def view_definition(self, name: str):
        """A view over the base tables (created once per schema)."""
        from .schema import View
        saved = self.features
        self.features = saved - {"subqueries", "values", "order", "windows"}
        try:
            body = self.select(role="view")
        finally:
            self.features = saved
        return View(name, body.sql, [(n, t) for n, t in body.columns], sorted(body.tables), max(body.rows, 1))

    def _tables(self, sql: str) -> set[str]:
        known = set(self.schema.relation_names())
        return {word for word in re.findall(r"\b[tv]\d+\b", sql) if word in known}
