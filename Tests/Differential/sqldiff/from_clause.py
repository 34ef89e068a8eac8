"""FROM clauses: tables, views, CTEs, derived tables, VALUES lists, generate_series, and join trees
of every kind (inner, left, right, full, cross, comma, NATURAL, USING), nested in parentheses.

A join tree tracks the columns `SELECT *` would show (USING and NATURAL merge their common columns
and put them first) and an upper estimate of its row count; joins that could multiply rows past
`MAX_ROWS` are made equi-joins instead.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .scope import Expr, Relation, Scope
from .sqltypes import INT4, SQLType, comparable, literal
from .choices import weighted

MAX_ROWS = 3000          # above this product of row counts, joins must be equi-joins
MAX_JOIN_ROWS = 20000    # a join estimated above this is not made
POOL_SPREAD = 6          # base-table columns spread over about this many pool values


@dataclass
class FromTree:
    sql: str
    relations: list[Relation]
    star: list[tuple[str, SQLType]]     # the columns of SELECT *, in order
    rows: int
    mergeable: bool                     # plain names of base tables: NATURAL/USING may apply
    conditions: list[str] = field(default_factory=list)  # join conditions for WHERE (comma joins)


@dataclass
class CommonTable:
    """A CTE visible to the query being generated."""
    name: str
    columns: list[tuple[str, SQLType]]
    rows: int


class FromClauseGenerator:
    def __init__(self, rng: random.Random, queries) -> None:
        self.rng = rng
        self.queries = queries

    def tree(self, outer: list[Relation], item_count: int, allow_special: bool = True,
             top: bool = True) -> FromTree:
        if item_count <= 1:
            return self.item(outer, allow_special)
        left_count = item_count - 1 if self.rng.random() < 0.8 else max(1, item_count // 2)
        left = self.tree(outer, left_count, allow_special, top=False)
        right = self.tree(outer, item_count - left_count, allow_special, top=False)
        return self.join(outer, left, right, top)

    # ------------------------------------------------------------------ items

    def item(self, outer: list[Relation], allow_special: bool) -> FromTree:
        rng = self.rng
        queries = self.queries
        schema = queries.schema
        choices: list[tuple[str, float]] = [("table", 6.0)]
        if schema.views:
            choices.append(("view", 1.0))
        if queries.ctes:
            choices.append(("cte", 6.0))
        if allow_special and queries.enabled("subqueries") and queries.nesting < 2:
            choices.append(("derived", 1.0))
        if allow_special and queries.enabled("values"):
            choices += [("values", 1.0), ("series", 0.3)]
        kind = weighted(rng, choices)
        if kind == "table":
            table = rng.choice(schema.tables)
            return self._named(table.name, [(c.name, c.type) for c in table.columns],
                               max(len(table.rows), 1), mergeable=True)
        if kind == "view":
            view = rng.choice(schema.views)
            return self._named(view.name, view.columns, view.rows, mergeable=False)
        if kind == "cte":
            table = rng.choice(queries.ctes)
            return self._named(table.name, table.columns, table.rows, mergeable=False)
        if kind == "derived":
            derived = queries.select(outer=[], role="derived")
            alias = queries.names.fresh("d")
            relation = Relation(alias, derived.columns, derived.rows)
            return FromTree(f"({derived.sql}) AS {alias}", [relation], list(derived.columns),
                            derived.rows, mergeable=False)
        if kind == "values":
            return self._values()
        alias = queries.names.fresh("g")
        low, high = rng.randint(-2, 2), rng.randint(0, 6)
        relation = Relation(alias, [("n", INT4)], max(high - low + 1, 1))
        return FromTree(f"generate_series({low}, {high}) AS {alias}(n)", [relation], [("n", INT4)],
                        relation.rows, mergeable=False)

    def _named(self, name: str, columns: list[tuple[str, SQLType]], rows: int,
               mergeable: bool) -> FromTree:
        alias = self.queries.names.fresh("r")
        relation = Relation(alias, list(columns), rows, table=name)
        return FromTree(f"{name} AS {alias}", [relation], list(columns), rows, mergeable)

    def _values(self) -> FromTree:
        rng = self.rng
        queries = self.queries
        categories = [rng.choice(["int", "numeric", "string", "date", "bool", "float"])
                      for _ in range(rng.randint(1, 3))]
        rows = values_rows(rng, queries.expressions, categories, rng.randint(1, 5))
        alias = queries.names.fresh("vl")      # not "v": views are v0, v1
        names = [f"c{i + 1}" for i in range(len(categories))]
        columns = [(n, queries.expressions.literal(c).type) for n, c in zip(names, categories)]
        relation = Relation(alias, columns, len(rows))
        sql = f"(VALUES {', '.join(rows)}) AS {alias}({', '.join(names)})"
        return FromTree(sql, [relation], columns, len(rows), mergeable=False)

    # ------------------------------------------------------------------ joins

    def join(self, outer: list[Relation], left: FromTree, right: FromTree, top: bool) -> FromTree:
        """left JOIN right; a comma join only at the top, where nothing later can bind tighter.
        A join that could grow too large is left out: the left side comes back alone."""
        joined = self._join(outer, left, right, top)
        return joined if joined.rows <= MAX_JOIN_ROWS else left

    def _join(self, outer: list[Relation], left: FromTree, right: FromTree, top: bool) -> FromTree:
        rng = self.rng
        big = left.rows * right.rows > MAX_ROWS
        kinds = [("inner", 4.0), ("left", 3.0), ("right", 1.5), ("full", 1.5)]
        if not big:
            kinds += [("cross", 1.0), ("nonequi", 1.0)] + ([("comma", 1.0)] if top else [])
        common, natural = _common_names(left, right)
        if common:
            kinds += [("natural", 1.5), ("using", 2.0)] if natural else [("using", 2.0)]
        kind = weighted(rng, kinds)
        right_sql = f"({right.sql})" if len(right.relations) > 1 else right.sql
        relations = left.relations + right.relations
        conditions = left.conditions + right.conditions
        if kind in ("natural", "using"):
            return self._merging_join(kind, left, right, right_sql, common)
        star = left.star + right.star
        equalities = self._equalities(left, right)
        if kind == "comma":
            conditions = conditions + [sql for sql, _ in equalities[:1]]
            return FromTree(f"{left.sql}, {right_sql}", relations, star, left.rows * right.rows,
                            False, conditions)
        if kind == "cross":
            return FromTree(f"{left.sql} CROSS JOIN {right_sql}", relations, star,
                            left.rows * right.rows, False, conditions)
        scope = Scope(relations, outer, safe=True)
        if kind == "full" and not equalities:
            kind = "left"        # FULL JOIN needs merge- or hash-joinable conditions (0A000)
        if kind == "nonequi" or not equalities:
            condition = self.queries.expressions.predicate(scope, 1).sql
            join_word = rng.choice(["JOIN", "LEFT JOIN", "RIGHT JOIN"]) if kind == "nonequi" \
                else f"{kind.upper()} JOIN"
            rows = left.rows * right.rows
        else:
            chosen = equalities[: rng.choice([1, 1, 2])]
            condition = " AND ".join(sql for sql, _ in chosen)
            if kind != "full" and rng.random() < 0.15:
                condition += f" AND {self.queries.expressions.predicate(scope, 1).sql}"
            join_word = {"inner": rng.choice(["JOIN", "INNER JOIN"]), "left": "LEFT JOIN",
                         "right": rng.choice(["RIGHT JOIN", "RIGHT OUTER JOIN"]),
                         "full": rng.choice(["FULL JOIN", "FULL OUTER JOIN"])}[kind]
            spread = max(spread for _, spread in chosen)
            rows = left.rows * right.rows // spread + left.rows + right.rows
        return FromTree(f"{left.sql} {join_word} {right_sql} ON {condition}", relations, star,
                        rows, False, conditions)

    def _merging_join(self, kind: str, left: FromTree, right: FromTree, right_sql: str,
                      common: list[str]) -> FromTree:
        rng = self.rng
        flavour = rng.choice(["", "LEFT ", "RIGHT ", "FULL ", "INNER "])
        if kind == "natural":
            merged = common
            sql = f"{left.sql} NATURAL {flavour}JOIN {right_sql}"
        else:
            merged = rng.sample(common, rng.randint(1, len(common)))
            sql = f"{left.sql} {flavour}JOIN {right_sql} USING ({', '.join(merged)})"
        types = dict(left.star)
        star = [(name, types[name]) for name in merged]
        star += [c for c in left.star if c[0] not in merged]
        star += [c for c in right.star if c[0] not in merged]
        rows = left.rows * right.rows // POOL_SPREAD + left.rows + right.rows
        return FromTree(sql, left.relations + right.relations, star, rows, mergeable=True,
                        conditions=left.conditions + right.conditions)

    def _equalities(self, left: FromTree, right: FromTree) -> list[tuple[str, int]]:
        """Equality conditions between a column on each side, same-named pairs first, each with
        how much it divides the cross product: base-table columns spread over the value pool;
        derived columns may be constant, booleans have two values."""
        base_tables = {t.name for t in self.queries.schema.tables}

        def spread(relation: Relation, sql_type) -> int:
            if relation.table not in base_tables or sql_type.kind == "bool":
                return 1
            return POOL_SPREAD
        pairs = []
        for right_relation in right.relations:
            for right_ref in right_relation.refs():
                for left_relation in left.relations:
                    for left_ref in left_relation.refs():
                        if comparable(left_ref.type, right_ref.type):
                            same_name = left_ref.sql.split(".")[1] == right_ref.sql.split(".")[1]
                            divisor = min(spread(left_relation, left_ref.type), spread(right_relation, right_ref.type))
                            pairs.append((0 if same_name else 1, self.rng.random(),
                                          f"{left_ref.sql} = {right_ref.sql}", divisor))
        pairs.sort(key=lambda p: (p[0], p[1]))
        if pairs and self.rng.random() < 0.4:
            self.rng.shuffle(pairs)
        return [(sql, divisor) for _, _, sql, divisor in pairs]


def values_rows(rng: random.Random, expressions, categories: list[str], count: int) -> list[str]:
    """Rows for a VALUES list; the first row has no NULL so that each column's type is fixed."""
    rows = []
    for index in range(count):
        items = []
        for category in categories:
            if index > 0 and rng.random() < 0.2:
                items.append("NULL")
            else:
                made = expressions.literal(category)
                if made.sql.startswith("NULL"):
                    made = Expr(literal(made.type, expressions.values.pooled(made.type)), made.type) \
                        if category != "interval" else made
                items.append(made.sql)
        rows.append(f"({', '.join(items)})")
    return rows


def _common_names(left: FromTree, right: FromTree) -> tuple[list[str], bool]:
    """Column names USING may merge (present once on each side), and whether NATURAL may join
    (it merges every shared name, so none may appear twice on a side: 42702)."""
    if not (left.mergeable and right.mergeable):
        return [], False
    left_names = [name for name, _ in left.star]
    right_names = [name for name, _ in right.star]
    shared = [name for name in dict.fromkeys(left_names) if name in right_names]
    unique = [name for name in shared if left_names.count(name) == 1 and right_names.count(name) == 1]
    return unique, bool(unique) and len(unique) == len(shared)
