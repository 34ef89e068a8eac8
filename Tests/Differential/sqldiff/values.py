"""Random values for each SQL type: edge values, a pool shared by all tables of a schema (so that
joins find matches and duplicates occur), and plain random values.

No negative zero is ever produced: -0 and 0 sort as equals but print differently, which would make
ordered comparisons ambiguous.
"""
from __future__ import annotations

import copy
import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from .sqltypes import FLOAT_KINDS, INTEGER_KINDS, INTEGER_RANGE, STRING_KINDS, SQLType

STRING_EDGES = [
    "", " ", "  ", "a", "A", "z", "abc", "ABC", "aBc", "O'Reilly", "''", "a b", " lead", "trail ",
    "naïve café", "ÄÖÜ äöü ß", "日本語", "😀 emoji", "a%b", "a_b", "%", "_", "back\\slash",
    "tab\there", "NULL", "null", "0", "-1", "1e3", "t", "true", "x" * 20,
]
STRING_POOL = ["", "a", "b", "abc", "A", "a b", "x", "it's", "Zed", "ß"]
STRING_ALPHABET = "abcxyzABCXYZ 019_%'é日-."

FLOAT_EDGES = {
    "float4": ["3.4028235e+38", "-3.4028235e+38", "1.1754944e-38", "0", "-1", "1", "0.1", "1e-05",
               "123456.79", "1e+15"],
    "float8": ["1.7976931348623157e+308", "-1.7976931348623157e+308", "2.2250738585072014e-308",
               "0", "-1", "1", "0.1", "1e-05", "0.30000000000000004", "1e+20", "123456789.123"],
}
FLOAT_INFINITIES = ["Infinity", "-Infinity", "NaN"]
FLOAT_POOL = ["0", "1", "0.5", "2.25", "-1", "0.1", "3", "42", "-2.5", "100"]

DATE_EDGES = ["0001-01-01", "9999-12-31", "2000-02-29", "1970-01-01", "1999-12-31", "0044-03-15 BC"]
DATE_POOL = ["2000-01-01", "2020-02-29", "2021-12-31", "1999-01-01", "2024-06-15", "2010-10-10"]
TIMESTAMP_EDGES = ["0001-01-01 00:00:00", "9999-12-31 23:59:59.999999", "1970-01-01 00:00:00",
                   "2000-02-29 12:00:00", "1999-12-31 23:59:59.5"]
TIMESTAMP_TIMES = ["00:00:00", "12:00:00", "23:59:59", "08:30:00.25"]
INFINITE_DATES = ["infinity", "-infinity"]
INT_POOL = [0, 1, 2, 3, 5, 7, 10, 42, -1, -5, 100, 1000]
NUMERIC_POOL = ["0", "1", "2", "0.5", "1.25", "2.5", "-0.75", "3.14", "10", "-1", "99.99"]


class ValueSource:
    """Values for one schema; equal pool values recur across its tables and columns."""

    def __init__(self, rng: random.Random, with_infinities: bool):
        self.rng = rng
        self.with_infinities = with_infinities
        self.int_pool = rng.sample(INT_POOL, 7)
        self.numeric_pool = [Decimal(v) for v in rng.sample(NUMERIC_POOL, 7)]
        self.float_pool = rng.sample(FLOAT_POOL, 6)
        self.string_pool = rng.sample(STRING_POOL, 6)
        self.date_pool = rng.sample(DATE_POOL, 4)
        self.timestamp_pool = [f"{d} 00:00:00" for d in self.date_pool[:2]] + [
            f"{rng.choice(self.date_pool)} {rng.choice(TIMESTAMP_TIMES)}" for _ in range(3)]

    def with_rng(self, rng: random.Random) -> "ValueSource":
        """The same pools, drawing with another random source."""
        other = copy.copy(self)
        other.rng = rng
        return other

    def value(self, sql_type: SQLType, nullable: bool = True) -> object:
        roll = self.rng.random()
        if nullable and roll < 0.15:
            return None
        if roll < 0.27:
            return self.edge(sql_type)
        if roll < 0.80:
            return self.pooled(sql_type)
        return self.fresh(sql_type)

    def edge(self, sql_type: SQLType) -> object:
        return self.rng.choice(self.edges(sql_type))

    def edges(self, sql_type: SQLType) -> list[object]:
        kind = sql_type.kind
        if kind in INTEGER_KINDS:
            low, high = INTEGER_RANGE[kind]
            return [0, -1, 1, low, high]
        if kind == "numeric":
            top = _numeric_max(sql_type)
            smallest = Decimal(1).scaleb(-(sql_type.scale or 0))
            values = [Decimal(0), top, -top, smallest]
            if top >= 1:
                values.append(Decimal(-1).quantize(smallest))
            return [self._fit_numeric(sql_type, v) for v in values]
        if kind in FLOAT_KINDS:
            return FLOAT_EDGES[kind] + (FLOAT_INFINITIES if self.with_infinities else [])
        if kind in STRING_KINDS:
            return [s for s in STRING_EDGES if _fits_length(sql_type, s)]
        if kind == "bool":
            return [True, False]
        if kind == "date":
            return DATE_EDGES + (INFINITE_DATES if self.with_infinities else [])
        if kind == "timestamp":
            return TIMESTAMP_EDGES + (INFINITE_DATES if self.with_infinities else [])
        raise ValueError(f"no edges for {sql_type}")

    def pooled(self, sql_type: SQLType) -> object:
        kind = sql_type.kind
        rng = self.rng
        if kind in INTEGER_KINDS:
            return rng.choice(self.int_pool)
        if kind == "numeric":
            fitting = [v for v in self.numeric_pool if abs(v) <= _numeric_max(sql_type)]
            if not fitting:
                return self.fresh(sql_type)
            return self._fit_numeric(sql_type, rng.choice(fitting))
        if kind in FLOAT_KINDS:
            return rng.choice(self.float_pool)
        if kind in STRING_KINDS:
            fitting = [s for s in self.string_pool if _fits_length(sql_type, s)]
            return rng.choice(fitting) if fitting else ""
        if kind == "bool":
            return rng.random() < 0.5
        if kind == "date":
            return rng.choice(self.date_pool)
        if kind == "timestamp":
            return rng.choice(self.timestamp_pool)
        raise ValueError(f"no pool for {sql_type}")

    def fresh(self, sql_type: SQLType) -> object:
        kind = sql_type.kind
        rng = self.rng
        if kind in INTEGER_KINDS:
            low, high = INTEGER_RANGE[kind]
            if rng.random() < 0.1:
                return rng.randint(low, high)
            return rng.randint(-1000, 1000)
        if kind == "numeric":
            digits = min((sql_type.precision or 12) - (sql_type.scale or 0), 6)
            scale = sql_type.scale if sql_type.scale is not None else rng.randint(0, 4)
            whole = rng.randint(0, 10 ** digits - 1) if digits > 0 else 0
            fraction = rng.randint(0, 10 ** scale - 1) if scale else 0
            text = f"{whole}.{fraction:0{scale}d}" if scale else str(whole)
            value = Decimal(text)
            if value and rng.random() < 0.4:
                value = -value
            return value
        if kind in FLOAT_KINDS:
            value = round(rng.uniform(-1000, 1000), rng.choice([0, 1, 2, 3]))
            return "0" if value == 0 else repr(value)
        if kind in STRING_KINDS:
            limit = min(sql_type.length or 8, 8)
            return "".join(rng.choice(STRING_ALPHABET) for _ in range(rng.randint(0, limit)))
        if kind == "bool":
            return rng.random() < 0.5
        if kind == "date":
            return (datetime.date(1990, 1, 1) + datetime.timedelta(days=rng.randint(0, 15000))).isoformat()
        if kind == "timestamp":
            day = datetime.datetime(1990, 1, 1) + datetime.timedelta(
                days=rng.randint(0, 15000), seconds=rng.randint(0, 86399))
            if rng.random() < 0.3:
                day += datetime.timedelta(microseconds=rng.randint(1, 999999))
            return day.isoformat(sep=" ")
        raise ValueError(f"no random value for {sql_type}")

    def _fit_numeric(self, sql_type: SQLType, value: Decimal) -> Decimal:
        if sql_type.scale is None:
            return value
        return value.quantize(Decimal(1).scaleb(-sql_type.scale), rounding=ROUND_HALF_UP)


def _numeric_max(sql_type: SQLType) -> Decimal:
    if sql_type.precision is None:
        return Decimal("999999999999.9999")
    scale = sql_type.scale or 0
    return Decimal(10) ** (sql_type.precision - scale) - Decimal(1).scaleb(-scale)


def _fits_length(sql_type: SQLType, text: str) -> bool:
    return sql_type.length is None or len(text) <= sql_type.length
