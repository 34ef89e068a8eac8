"""Type-aware random scalar expressions and predicates.

Every expression is generated for a wanted category (int, numeric, float, string, bool, date,
timestamp, interval) and comes back with the type PostgreSQL gives it, so the next operator
applied to it is valid. In a *safe* scope (WHERE, ON, HAVING, subqueries, queries with LIMIT) no
expression may raise for some rows only: which rows get evaluated there depends on the plan, so an
error would be the plan's choice, not the query's meaning. Divisors go through NULLIF(x, 0),
integer arithmetic that could overflow is widened to bigint, and float arithmetic takes small
constants only.
"""
from __future__ import annotations

import random

from .aggregates import AggregateGenerator
from .choices import weighted
from .predicates import Predicates
from .scope import Expr, Scope, wrap
from .sqltypes import (BOOL, CATEGORIES, DATE, FLOAT8, INT2, INT4, INT8, INTERVAL, NUMBER_CATEGORIES,
                       NUMERIC, TEXT, TIMESTAMP, SQLType, arithmetic_result, common_type,
                       literal, quote_string)

INTERVAL_LITERALS = ["1 day", "2 hours", "-3 days 04:00:00", "1 mon", "1 year 2 mons",
                     "00:00:01.5", "0", "7 days", "36 hours", "-1 mon"]
DATE_FIELDS = ["year", "month", "day", "dow", "doy", "quarter", "isodow", "week", "century",
               "epoch", "decade", "millennium", "julian"]
TIMESTAMP_FIELDS = DATE_FIELDS + ["hour", "minute", "second", "milliseconds", "microseconds"]
TRUNC_UNITS = ["year", "month", "day", "hour", "quarter", "week", "minute", "decade"]


class ExpressionGenerator(Predicates):
    """Random expressions over a scope; subqueries come from the query generator; predicates
    (boolean expressions) come from the Predicates mixin."""

    def __init__(self, rng: random.Random, schema, queries) -> None:
        self.rng = rng
        self.schema = schema
        self.values = schema.values.with_rng(rng)
        self.queries = queries
        self.aggregates = AggregateGenerator(rng, self)

    # ------------------------------------------------------------------ entry points

    def expr(self, scope: Scope, want: str = "any", depth: int = 2) -> Expr:
        category = self.resolve(scope, want)
        if category == "bool":
            return self.predicate(scope, depth)
        if depth <= 0 or self.rng.random() < 0.3:
            return self.leaf(scope, category)
        productions = self._productions(scope, category)
        for _ in range(4):
            production = weighted(self.rng, productions)
            made = production(scope, category, depth - 1)
            if made is not None:
                return made
        return self.leaf(scope, category)

    def resolve(self, scope: Scope, want: str) -> str:
        """A concrete category for `want` (a category, 'number', 'orderable' or 'any'),
        preferring those that columns in scope have."""
        if want in CATEGORIES:
            return want
        present = [e.category for e in scope.columns() if e.category in CATEGORIES]
        if want == "number":
            options = [c for c in present if c in NUMBER_CATEGORIES] or list(NUMBER_CATEGORIES)
        elif want == "orderable":      # what comparisons take: a boolean would recurse into them
            options = [c for c in present if c != "bool"] or ["int", "string"]
        else:
            options = present or ["int", "string"]
            if self.rng.random() < 0.1:
                options = list(CATEGORIES)
        return self.rng.choice(options)

    def leaf(self, scope: Scope, category: str) -> Expr:
        rng = self.rng
        candidates = [e for e in scope.columns() if e.category == category]
        if scope.grouped is not None:
            if candidates and rng.random() < 0.6:
                return rng.choice(candidates)
            made = self.aggregates.aggregate(scope, category)
            if made is not None and rng.random() < 0.85:
                return made
            return self.literal(category)
        if scope.aggregates and rng.random() < 0.3:
            made = self.aggregates.aggregate(scope, category)
            if made is not None:
                return made
        if scope.windows and rng.random() < 0.15:
            made = self.aggregates.window(scope, category)
            if made is not None:
                return made
        if candidates and rng.random() < 0.85:
            return rng.choice(candidates)
        converted = self._converted_leaf(scope, category)
        if converted is not None and rng.random() < 0.5:
            return converted
        return self.literal(category)

    def literal(self, category: str) -> Expr:
        rng = self.rng
        sql_type = {"int": INT4, "numeric": NUMERIC, "float": FLOAT8, "string": TEXT, "bool": BOOL,
                    "date": DATE, "timestamp": TIMESTAMP, "interval": INTERVAL}[category]
        if rng.random() < 0.05:
            return Expr(f"NULL::{sql_type.sql}", sql_type)
        if category == "interval":
            return Expr(literal(INTERVAL, rng.choice(INTERVAL_LITERALS)), INTERVAL)
        if category == "int":
            value = self.values.edge(INT4) if rng.random() < 0.1 else self.values.pooled(INT4)
            return Expr(literal(INT4, value), INT4)
        value = self.values.edge(sql_type) if rng.random() < 0.1 else self.values.pooled(sql_type)
        return Expr(literal(sql_type, value), sql_type)

    def small_int(self, low: int, high: int) -> str:
        value = self.rng.randint(low, high)
        return f"({value})" if value < 0 else str(value)

    # ------------------------------------------------------------------ productions

    def _productions(self, scope: Scope, category: str) -> list[tuple[object, float]]:
        common = [(self._case, 1.0), (self._coalesce, 1.0), (self._nullif, 0.4),
                  (self._greatest, 0.4)]
        if self.queries.subqueries_enabled:
            common.append((self._scalar_subquery, 0.4))
        if scope.aggregates or scope.grouped is not None:
            common.append((lambda s, c, d: self.aggregates.aggregate(s, c), 2.0))
        if scope.windows:
            common.append((lambda s, c, d: self.aggregates.window(s, c), 1.5))
        specific = {
            "int": [(self._arithmetic, 3), (self._math_function, 1), (self._string_measure, 1),
                    (self._date_difference, 0.4), (self._cast_to_number, 0.6)],
            "numeric": [(self._arithmetic, 3), (self._math_function, 1), (self._extract, 0.4),
                        (self._cast_to_number, 0.6), (self._chain, 0.5)],
            "float": [(self._arithmetic, 2), (self._math_function, 1), (self._extract, 0.3),
                      (self._cast_to_number, 0.6)],
            "string": [(self._concat, 2), (self._string_function, 4), (self._cast_to_text, 1.5)],
            "date": [(self._date_arithmetic, 2), (self._cast_to_date, 1)],
            "timestamp": [(self._timestamp_arithmetic, 2), (self._date_trunc, 1),
                          (self._cast_to_timestamp, 1)],
            "interval": [(self._interval_expression, 3)],
        }[category]
        return specific + common

    def _arithmetic(self, scope: Scope, category: str, depth: int) -> Expr | None:
        rng = self.rng
        if category == "int":
            left, right = self.expr(scope, "int", depth), self.expr(scope, "int", depth)
            operator = rng.choice(["+", "-", "*", "/", "%"])
        elif category == "numeric":
            left = self.expr(scope, "numeric", depth)
            right = self.expr(scope, rng.choice(["int", "numeric", "numeric"]), depth)
            operator = rng.choice(["+", "-", "*", "/", "%"])
        else:
            left = self.expr(scope, "float", depth)
            right = self.expr(scope, rng.choice(list(NUMBER_CATEGORIES)), depth)
            if self._guarded(scope, left, right):
                return self._safe_float_arithmetic(left)
            operator = rng.choice(["+", "-", "*", "/"])
        if rng.random() < 0.5:
            left, right = right, left
        guarded = self._guarded(scope, left, right)
        widen = category == "int" and operator != "%" and (guarded or rng.random() < 0.6)
        if widen and INT8 in (left.type, right.type):
            widen = False
            if guarded:
                operator = "%"                   # the one integer operator that cannot overflow
        right_sql = right.sql
        if operator in "/%" and (guarded or rng.random() < 0.9):
            right_sql = f"NULLIF({right.sql}, 0)"
        left_sql, result = left.sql, arithmetic_result(left.type, right.type)
        if widen:
            left_sql, result = f"{wrap(left.sql)}::bigint", INT8    # cannot overflow bigint
        return Expr(f"({left_sql} {operator} {right_sql})", result)

    @staticmethod
    def _guarded(scope: Scope, *operands: Expr) -> bool:
        """Whether the expression built from `operands` must not raise: in a safe scope, and
        also when it reads no column, since PostgreSQL folds constant expressions while planning
        and raises their errors even where no row would ever evaluate them."""
        return scope.safe or not any(operand.has_column for operand in operands)

    def _safe_float_arithmetic(self, operand: Expr) -> Expr:
        rng = self.rng
        operator, constant = rng.choice([("+", "1"), ("-", "2.5"), ("/", "2"), ("*", "0.5"),
                                         ("+", "0.1"), ("/", "3")])
        return Expr(f"({operand.sql} {operator} {constant})", FLOAT8)

    def _chain(self, scope: Scope, category: str, depth: int) -> Expr:
        """a op b op c without parentheses: precedence and left associativity."""
        operands = [self.expr(scope, "numeric", 0) for _ in range(3)]
        operators = [self.rng.choice(["+", "-", "*"]) for _ in range(2)]
        return Expr(f"({operands[0].sql} {operators[0]} {operands[1].sql} {operators[1]} "
                    f"{operands[2].sql})", NUMERIC)

    def _math_function(self, scope: Scope, category: str, depth: int) -> Expr | None:
        rng = self.rng
        if category == "numeric":
            operand = self.expr(scope, rng.choice(["numeric", "int"]), depth)
            choice = rng.choice(["round2", "round", "abs", "trunc2", "ceil", "floor", "sign", "mod"])
            if choice == "round2":
                return Expr(f"round({operand.sql}, {self.small_int(-1, 3)})", NUMERIC)
            if choice == "trunc2":
                return Expr(f"trunc({operand.sql}, {self.small_int(0, 2)})", NUMERIC)
            if choice == "mod":
                other = self.expr(scope, "numeric", 0)
                return Expr(f"mod({operand.sql}, NULLIF({other.sql}, 0))", NUMERIC)
            if operand.category == "int":
                operand = Expr(f"{wrap(operand.sql)}::numeric", NUMERIC)
            return Expr(f"{choice}({operand.sql})", NUMERIC)
        if category == "float":
            operand = self.expr(scope, rng.choice(["float", "int"]), depth)
            choice = rng.choice(["round", "ceil", "floor", "abs", "sqrt_abs", "trunc", "sign"])
            if operand.category == "int" and choice in ("abs",):
                operand = Expr(f"{wrap(operand.sql)}::double precision", FLOAT8)
            if choice == "sqrt_abs":
                return Expr(f"sqrt(abs({operand.sql}))", FLOAT8)
            result = operand.type if choice == "abs" else FLOAT8
            return Expr(f"{choice}({operand.sql})", result)
        operand = self.expr(scope, "int", depth)
        if rng.random() < 0.5:
            other = self.expr(scope, "int", 0)
            return Expr(f"mod({operand.sql}, NULLIF({other.sql}, 0))", common_type([operand.type, other.type]))
        if operand.type == INT8:
            return Expr(f"abs({operand.sql} % 1000)", INT8)
        return Expr(f"abs({wrap(operand.sql)}::bigint)", INT8)

    def _string_measure(self, scope: Scope, category: str, depth: int) -> Expr:
        operand = self.expr(scope, "string", depth)
        choice = self.rng.choice(["length", "char_length", "octet_length", "strpos", "position",
                                  "ascii"])
        if choice == "strpos":
            return Expr(f"strpos({operand.sql}, {quote_string(self.rng.choice(['a', ' ', 'b', '']))})", INT4)
        if choice == "position":
            return Expr(f"position({quote_string(self.rng.choice(['a', 'c', 'é']))} in {operand.sql})", INT4)
        return Expr(f"{choice}({operand.sql})", INT4)

    def _date_difference(self, scope: Scope, category: str, depth: int) -> Expr | None:
        left, right = self.expr(scope, "date", depth), self.expr(scope, "date", 0)
        if self.schema.with_infinities and self._guarded(scope, left, right):
            return None                          # infinite dates cannot be subtracted (22008)
        return Expr(f"({left.sql} - {right.sql})", INT4)

    def _extract(self, scope: Scope, category: str, depth: int) -> Expr:
        rng = self.rng
        source = self.expr(scope, rng.choice(["date", "timestamp"]), depth)
        fields = DATE_FIELDS if source.category == "date" else TIMESTAMP_FIELDS
        field = rng.choice(fields)
        if category == "float":
            return Expr(f"date_part({quote_string(field)}, {source.sql})", FLOAT8)
        return Expr(f"EXTRACT({field} FROM {source.sql})", NUMERIC)

    def _cast_to_number(self, scope: Scope, category: str, depth: int) -> Expr | None:
        rng = self.rng
        if category == "int":
            if rng.random() < 0.4:
                return Expr(f"({self.predicate(scope, 0).sql})::integer", INT4)
            if scope.safe:
                return None
            source = self.expr(scope, rng.choice(["numeric", "float"]), depth)
            if not source.has_column:
                return None
            target = rng.choice([("integer", INT4), ("bigint", INT8), ("smallint", INT2)])
            return Expr(f"{wrap(source.sql)}::{target[0]}", target[1])
        if category == "numeric":
            # float8 -> numeric -> float8 can overflow (DBL_MAX rounds up): not in safe scopes.
            source = self.expr(scope, "int" if scope.safe else rng.choice(["int", "float"]), depth)
            typmod = rng.choice(["", "", "(10,2)", "(20,5)"]) if not self._guarded(scope, source) else ""
            return Expr(f"CAST({source.sql} AS numeric{typmod})", NUMERIC)
        source = self.expr(scope, rng.choice(["int", "numeric"]), depth)
        target = rng.choice(["double precision", "real", "float8"])
        return Expr(f"{wrap(source.sql)}::{target}", FLOAT8 if target != "real" else SQLType("float4"))

    def _case(self, scope: Scope, category: str, depth: int) -> Expr:
        rng = self.rng
        results = [self.expr(scope, category, depth) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.3:
            subject = self.expr(scope, self.resolve(scope, "orderable"), 0)
            whens = [f"WHEN {self.comparable(scope, subject.type, 0).sql} THEN {r.sql}"
                     for r in results]
            head = f"CASE {subject.sql} "
        else:
            whens = [f"WHEN {self.predicate(scope, depth).sql} THEN {r.sql}" for r in results]
            head = "CASE "
        otherwise = ""
        if rng.random() < 0.7:
            other = self.expr(scope, category, depth)
            results.append(other)
            otherwise = f" ELSE {other.sql}"
        return Expr(f"{head}{' '.join(whens)}{otherwise} END", common_type([r.type for r in results]))

    def _coalesce(self, scope: Scope, category: str, depth: int) -> Expr:
        items = [self.expr(scope, category, depth) for _ in range(self.rng.randint(2, 3))]
        return Expr(f"COALESCE({', '.join(i.sql for i in items)})", common_type([i.type for i in items]))

    def _nullif(self, scope: Scope, category: str, depth: int) -> Expr:
        first = self.expr(scope, category, depth)
        second = self.literal(category) if self.rng.random() < 0.6 else self.expr(scope, category, 0)
        # The result is the first argument of the implied "=", promoted if need be: NULLIF(int,
        # float8) is double precision.
        return Expr(f"NULLIF({first.sql}, {second.sql})", common_type([first.type, second.type]))

    def _greatest(self, scope: Scope, category: str, depth: int) -> Expr:
        items = [self.expr(scope, category, depth) for _ in range(self.rng.randint(2, 3))]
        name = self.rng.choice(["GREATEST", "LEAST"])
        return Expr(f"{name}({', '.join(i.sql for i in items)})", common_type([i.type for i in items]))

    def _scalar_subquery(self, scope: Scope, category: str, depth: int) -> Expr | None:
        return self.queries.scalar_subquery(scope, category)

    def _concat(self, scope: Scope, category: str, depth: int) -> Expr:
        rng = self.rng
        left = self.expr(scope, "string", depth)
        right = self.expr(scope, rng.choice(["string", "string", "int", "numeric", "float", "date"]), depth)
        if rng.random() < 0.5:
            left, right = right, left
        if rng.random() < 0.3:
            return Expr(f"concat({left.sql}, {right.sql})", TEXT)
        return Expr(f"({left.sql} || {right.sql})", TEXT)

    def _string_function(self, scope: Scope, category: str, depth: int) -> Expr:
        rng = self.rng
        s = self.expr(scope, "string", depth).sql
        choice = rng.randrange(17)
        forms = [
            lambda: f"lower({s})", lambda: f"upper({s})",
            lambda: f"substr({s}, {self.small_int(-1, 4)})",
            lambda: f"substr({s}, {self.small_int(-1, 4)}, {self.small_int(0, 4)})",
            lambda: f"substring({s} from {self.small_int(1, 3)} for {self.small_int(0, 3)})",
            lambda: f"trim({s})",
            lambda: f"trim({rng.choice(['both', 'leading', 'trailing'])} {quote_string(rng.choice(['a', ' ', 'xa']))} from {s})",
            lambda: f"{rng.choice(['ltrim', 'rtrim', 'btrim'])}({s})",
            lambda: f"replace({s}, {quote_string(rng.choice(['a', ' ', 'ab', '']))}, {quote_string(rng.choice(['', 'Z', '--']))})",
            lambda: f"{rng.choice(['left', 'right'])}({s}, {self.small_int(-2, 4)})",
            lambda: f"{rng.choice(['lpad', 'rpad'])}({s}, {self.small_int(0, 8)}, {quote_string(rng.choice(['*', 'xy', ' ']))})",
            lambda: f"repeat({s}, {self.small_int(0, 3)})",
            lambda: f"reverse({s})",
            lambda: f"concat_ws({quote_string(rng.choice([',', ' - ', '']))}, {s}, {self.expr(scope, 'any', 0).sql}, {self.expr(scope, 'string', 0).sql})",
            lambda: f"md5({s})",
            lambda: f"split_part({s}, {quote_string(rng.choice([' ', 'a', ',']))}, {rng.choice(['1', '2', '(-1)'])})",
            lambda: f"initcap({s})",
        ]
        return Expr(forms[choice](), TEXT)

    def _cast_to_text(self, scope: Scope, category: str, depth: int) -> Expr:
        rng = self.rng
        source = self.expr(scope, rng.choice(["int", "numeric", "float", "date", "timestamp",
                                              "bool", "interval", "string"]), depth)
        if source.category == "bool" and rng.random() < 0.5:
            return Expr(f"CAST({source.sql} AS text)", TEXT)
        target = rng.choice(["text", "text", "varchar", f"varchar({rng.randint(1, 4)})"])
        return Expr(f"{wrap(source.sql)}::{target}", TEXT)

    def _converted_leaf(self, scope: Scope, category: str) -> Expr | None:
        """A leaf of `category` made from a column of another category."""
        columns = scope.columns()
        if not columns:
            return None
        source = self.rng.choice(columns)
        if source.category == category:
            return source
        if category == "string" and source.category != "array":
            return Expr(f"{source.sql}::text", TEXT)
        if category == "int" and source.category == "string":
            return Expr(f"length({source.sql})", INT4)
        if category == "numeric" and (source.category == "int" or
                                      (source.category == "float" and not scope.safe)):
            return Expr(f"{source.sql}::numeric", NUMERIC)
        if category == "float" and source.category in ("int", "numeric"):
            return Expr(f"{source.sql}::double precision", FLOAT8)
        if category == "timestamp" and source.category == "date":
            return Expr(f"{source.sql}::timestamp", TIMESTAMP)
        if category == "date" and source.category == "timestamp":
            return Expr(f"{source.sql}::date", DATE)
        return None

    def _date_arithmetic(self, scope: Scope, category: str, depth: int) -> Expr:
        rng = self.rng
        date = self.expr(scope, "date", depth)
        days = self.expr(scope, "int", 0) if not scope.safe and rng.random() < 0.2 \
            else Expr(self.small_int(-400, 400), INT4)
        if days.type == INT8:
            days = Expr(f"({days.sql} % 1000)::integer", INT4)
        return Expr(f"({date.sql} {rng.choice(['+', '-'])} {days.sql})", DATE)

    def _cast_to_date(self, scope: Scope, category: str, depth: int) -> Expr:
        source = self.expr(scope, "timestamp", depth)
        if self.rng.random() < 0.5:
            return Expr(f"{wrap(source.sql)}::date", DATE)
        return Expr(f"CAST({source.sql} AS date)", DATE)

    def _timestamp_arithmetic(self, scope: Scope, category: str, depth: int) -> Expr:
        rng = self.rng
        base = self.expr(scope, rng.choice(["timestamp", "date"]), depth)
        interval = self.literal("interval")
        return Expr(f"({base.sql} {rng.choice(['+', '-'])} {interval.sql})", TIMESTAMP)

    def _date_trunc(self, scope: Scope, category: str, depth: int) -> Expr:
        source = self.expr(scope, "timestamp", depth)
        return Expr(f"date_trunc({quote_string(self.rng.choice(TRUNC_UNITS))}, {source.sql})", TIMESTAMP)

    def _cast_to_timestamp(self, scope: Scope, category: str, depth: int) -> Expr:
        return Expr(f"{wrap(self.expr(scope, 'date', depth).sql)}::timestamp", TIMESTAMP)

    def _interval_expression(self, scope: Scope, category: str, depth: int) -> Expr | None:
        rng = self.rng
        choice = rng.randrange(4)
        if choice == 0:
            left = self.expr(scope, "timestamp", 0)
            right = self.expr(scope, rng.choice(["timestamp", "date"]), 0)
            if self.schema.with_infinities and self._guarded(scope, left, right):
                return None
            if rng.random() < 0.3:
                return Expr(f"age({left.sql}, {right.sql})", INTERVAL)
            return Expr(f"({left.sql} - {right.sql})", INTERVAL)
        if choice == 1:
            return Expr(f"({self.literal('interval').sql} * {self.small_int(-3, 5)})", INTERVAL)
        if choice == 2:
            return Expr(f"justify_hours({self.literal('interval').sql})", INTERVAL)
        return Expr(f"({self.literal('interval').sql} + {self.literal('interval').sql})", INTERVAL)
