"""Random predicates (boolean expressions): comparisons, AND / OR / NOT, IS [NOT] NULL,
IS [NOT] TRUE / FALSE / UNKNOWN, [NOT] BETWEEN [SYMMETRIC], [NOT] IN lists with NULLs,
[NOT] [I]LIKE, IS [NOT] DISTINCT FROM, row comparisons, ANY / ALL over arrays and subqueries,
EXISTS, and aggregate conditions for HAVING. A mixin of ExpressionGenerator, whose `expr`,
`resolve` and `literal` it uses.
"""
from __future__ import annotations

from .choices import weighted
from .scope import Expr, Scope, wrap
from .sqltypes import BOOL, NUMBER_CATEGORIES, SQLType, quote_string

LIKE_PATTERNS = ["a%", "%b%", "_", "%", "", "A%", "%'%", "%\\_%", "_b%", "%é%", "% %", "__",
                 "abc", "%c", "a_b", "%\\%%", "ß%"]
COMPARISONS = ["=", "<>", "!=", "<", "<=", ">", ">="]


class Predicates:
    def predicate(self, scope: Scope, depth: int = 2) -> Expr:
        rng = self.rng
        if depth <= 0:
            return self._comparison(scope, 0)
        choices = [
            (self._comparison, 6), (self._and_or, 3), (self._not, 1), (self._is_null, 1.5),
            (self._is_truth, 0.5), (self._between, 1), (self._in_list, 1.2), (self._like, 1.2),
            (self._distinct_from, 0.8), (self._bool_column, 1.5), (self._row_comparison, 0.4),
            (self._any_array, 0.4),
        ]
        if self.queries.subqueries_enabled and depth >= 1:
            choices += [(self.exists_predicate, 0.8), (self.in_subquery_predicate, 0.8), (self.quantified_predicate, 0.6)]
        if scope.grouped is not None:
            choices += [(self._aggregate_predicate, 2), (self._bool_aggregate, 1)]
        elif scope.windows:
            choices.append((lambda s, d: self.aggregates.window(s, "bool"), 0.5))
        for _ in range(4):
            made = weighted(rng, choices)(scope, depth - 1)
            if made is not None:
                return made
        return self._comparison(scope, 0)

    def _comparison(self, scope: Scope, depth: int) -> Expr:
        category = self.resolve(scope, "orderable")
        left = self.expr(scope, category, depth)
        right = self.comparable(scope, left.type, depth)
        # Equality with a constant rarely holds; ranges and <> keep more rows to compare.
        operators = COMPARISONS if self.rng.random() < 0.5 else ["<", "<=", ">", ">=", "<>"]
        return Expr(f"{left.sql} {self.rng.choice(operators)} {right.sql}", BOOL)

    def comparable(self, scope: Scope, sql_type: SQLType, depth: int) -> Expr:
        """An expression comparable with `sql_type`: often a literal, else of the same family."""
        rng = self.rng
        family = {"number": list(NUMBER_CATEGORIES), "datetime": ["date", "timestamp"]}.get(
            sql_type.family, [sql_type.category])
        category = sql_type.category if rng.random() < 0.7 else rng.choice(family)
        if rng.random() < 0.4:
            return self.literal(category)
        return self.expr(scope, category, depth)

    def _and_or(self, scope: Scope, depth: int) -> Expr:
        left, right = self.predicate(scope, depth), self.predicate(scope, depth)
        return Expr(f"({left.sql} {self.rng.choice(['AND', 'OR'])} {right.sql})", BOOL)

    def _not(self, scope: Scope, depth: int) -> Expr:
        return Expr(f"NOT ({self.predicate(scope, depth).sql})", BOOL)

    def _is_null(self, scope: Scope, depth: int) -> Expr:
        operand = self.expr(scope, "any", depth)
        return Expr(f"{wrap(operand.sql)} IS {self.rng.choice(['', 'NOT '])}NULL", BOOL)

    def _is_truth(self, scope: Scope, depth: int) -> Expr:
        test = self.rng.choice(["TRUE", "NOT TRUE", "FALSE", "NOT FALSE", "UNKNOWN", "NOT UNKNOWN"])
        return Expr(f"({self.predicate(scope, depth).sql}) IS {test}", BOOL)

    def _between(self, scope: Scope, depth: int) -> Expr:
        operand = self.expr(scope, self.resolve(scope, "orderable"), depth)
        low = self.comparable(scope, operand.type, 0)
        high = self.comparable(scope, operand.type, 0)
        negation = self.rng.choice(["", "", "NOT "])
        symmetric = "SYMMETRIC " if self.rng.random() < 0.25 else ""
        return Expr(f"{wrap(operand.sql)} {negation}BETWEEN {symmetric}{wrap(low.sql)} "
                    f"AND {wrap(high.sql)}", BOOL)

    def _in_list(self, scope: Scope, depth: int) -> Expr:
        rng = self.rng
        operand = self.expr(scope, self.resolve(scope, "orderable"), depth)
        items = [self.literal(operand.category).sql for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.25:
            items.append("NULL")
        if rng.random() < 0.2:
            items.append(self.comparable(scope, operand.type, 0).sql)
        negation = "NOT " if rng.random() < 0.35 else ""
        return Expr(f"{wrap(operand.sql)} {negation}IN ({', '.join(items)})", BOOL)

    def _like(self, scope: Scope, depth: int) -> Expr:
        rng = self.rng
        operand = self.expr(scope, "string", depth)
        if rng.random() < 0.15:
            pattern = self.expr(scope, "string", 0).sql      # a pattern from the data
        else:
            pattern = quote_string(rng.choice(LIKE_PATTERNS + self.values.string_pool))
        operator = rng.choice(["LIKE", "LIKE", "ILIKE", "NOT LIKE", "NOT ILIKE"])
        return Expr(f"{wrap(operand.sql)} {operator} {pattern}", BOOL)

    def _distinct_from(self, scope: Scope, depth: int) -> Expr:
        left = self.expr(scope, self.resolve(scope, "any"), depth)
        right = self.comparable(scope, left.type, depth) if left.category != "bool" \
            else self.predicate(scope, 0)
        negation = "NOT " if self.rng.random() < 0.4 else ""
        return Expr(f"{wrap(left.sql)} IS {negation}DISTINCT FROM {wrap(right.sql)}", BOOL)

    def _bool_column(self, scope: Scope, depth: int) -> Expr | None:
        candidates = [e for e in scope.columns() if e.category == "bool"]
        if not candidates:
            return None
        return self.rng.choice(candidates)

    def _row_comparison(self, scope: Scope, depth: int) -> Expr:
        lefts = [self.expr(scope, self.resolve(scope, "orderable"), 0) for _ in range(2)]
        rights = [self.comparable(scope, e.type, 0) for e in lefts]
        operator = self.rng.choice(COMPARISONS + ["IS DISTINCT FROM"])
        return Expr(f"({', '.join(e.sql for e in lefts)}) {operator} "
                    f"({', '.join(e.sql for e in rights)})", BOOL)

    def _any_array(self, scope: Scope, depth: int) -> Expr:
        rng = self.rng
        operand = self.expr(scope, self.resolve(scope, "orderable"), depth)
        items = [self.literal(operand.category).sql for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.2:
            items.append(f"NULL::{operand.type.sql if operand.category != 'string' else 'text'}")
        quantifier = rng.choice(["ANY", "ALL", "SOME"])
        return Expr(f"{wrap(operand.sql)} {rng.choice(COMPARISONS)} {quantifier} "
                    f"(ARRAY[{', '.join(items)}])", BOOL)

    def exists_predicate(self, scope: Scope, depth: int) -> Expr:
        negation = "NOT " if self.rng.random() < 0.3 else ""
        return Expr(f"{negation}EXISTS ({self.queries.exists_subquery(scope)})", BOOL)

    def in_subquery_predicate(self, scope: Scope, depth: int) -> Expr | None:
        operand = self.expr(scope, self.resolve(scope, "orderable"), 0)
        subquery = self.queries.column_subquery(scope, operand.type)
        if subquery is None:
            return None
        negation = "NOT " if self.rng.random() < 0.35 else ""
        return Expr(f"{wrap(operand.sql)} {negation}IN ({subquery})", BOOL)

    def quantified_predicate(self, scope: Scope, depth: int) -> Expr | None:
        operand = self.expr(scope, self.resolve(scope, "orderable"), 0)
        subquery = self.queries.column_subquery(scope, operand.type)
        if subquery is None:
            return None
        quantifier = self.rng.choice(["ANY", "ALL", "SOME"])
        return Expr(f"{wrap(operand.sql)} {self.rng.choice(COMPARISONS)} {quantifier} "
                    f"({subquery})", BOOL)

    def _bool_aggregate(self, scope: Scope, depth: int) -> Expr | None:
        return self.aggregates.aggregate(scope, "bool")

    def _aggregate_predicate(self, scope: Scope, depth: int) -> Expr | None:
        aggregate = self.aggregates.aggregate(scope, self.rng.choice(["int", "numeric", "float"]))
        if aggregate is None:
            return None
        right = self.comparable(scope, aggregate.type, 0)
        return Expr(f"{aggregate.sql} {self.rng.choice(COMPARISONS)} {right.sql}", BOOL)
