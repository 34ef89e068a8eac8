"""The SQL types the generator knows: their names, families, PostgreSQL's arithmetic result types,
and how a value of each is written as a literal.

Values are plain Python objects: int for the integer types, Decimal for numeric, str for real and
double precision (their text, so 'NaN' and '3.4028235e+38' survive exactly), str for strings, dates
and timestamps (ISO text), bool for boolean, None for NULL.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

INTEGER_KINDS = ("int2", "int4", "int8")
FLOAT_KINDS = ("float4", "float8")
STRING_KINDS = ("text", "varchar")

# The category decides which operators and functions apply; the family decides comparability.
CATEGORY = {
    "int2": "int", "int4": "int", "int8": "int", "numeric": "numeric",
    "float4": "float", "float8": "float", "text": "string", "varchar": "string",
    "bool": "bool", "date": "date", "timestamp": "timestamp", "interval": "interval",
    "array": "array",
}
FAMILY = {
    "int": "number", "numeric": "number", "float": "number", "string": "string", "bool": "bool",
    "date": "datetime", "timestamp": "datetime", "interval": "interval", "array": "array",
}
CATEGORIES = ("int", "numeric", "float", "string", "bool", "date", "timestamp", "interval")
NUMBER_CATEGORIES = ("int", "numeric", "float")

INTEGER_RANGE = {
    "int2": (-32768, 32767),
    "int4": (-2147483648, 2147483647),
    "int8": (-9223372036854775808, 9223372036854775807),
}


@dataclass(frozen=True)
class SQLType:
    """A column or expression type: a kind plus the typmod parts that matter for generation."""

    kind: str
    precision: int | None = None  # numeric(p, s)
    scale: int | None = None
    length: int | None = None     # varchar(n)

    @property
    def category(self) -> str:
        return CATEGORY[self.kind]

    @property
    def family(self) -> str:
        return FAMILY[self.category]

    @property
    def is_number(self) -> bool:
        return self.category in NUMBER_CATEGORIES

    @property
    def orderable(self) -> bool:
        return self.kind != "array"

    @property
    def sql(self) -> str:
        """The name as written in DDL and casts."""
        if self.kind == "numeric" and self.precision is not None:
            return f"numeric({self.precision},{self.scale})"
        if self.kind == "varchar":
            return f"varchar({self.length})" if self.length else "varchar"
        return SQL_NAME[self.kind]

    def __str__(self) -> str:
        return self.sql


SQL_NAME = {
    "int2": "smallint", "int4": "integer", "int8": "bigint", "numeric": "numeric",
    "float4": "real", "float8": "double precision", "text": "text", "varchar": "varchar",
    "bool": "boolean", "date": "date", "timestamp": "timestamp", "interval": "interval",
    "array": "text[]",
}

INT2, INT4, INT8 = SQLType("int2"), SQLType("int4"), SQLType("int8")
NUMERIC, FLOAT4, FLOAT8 = SQLType("numeric"), SQLType("float4"), SQLType("float8")
TEXT, BOOL, DATE = SQLType("text"), SQLType("bool"), SQLType("date")
TIMESTAMP, INTERVAL, ARRAY = SQLType("timestamp"), SQLType("interval"), SQLType("array")

# A plain type standing for each category, for expressions whose exact kind does not matter.
CATEGORY_TYPE = {
    "int": INT4, "numeric": NUMERIC, "float": FLOAT8, "string": TEXT, "bool": BOOL,
    "date": DATE, "timestamp": TIMESTAMP, "interval": INTERVAL, "array": ARRAY,
}


def numeric(precision: int, scale: int) -> SQLType:
    return SQLType("numeric", precision=precision, scale=scale)


def varchar(length: int) -> SQLType:
    return SQLType("varchar", length=length)


def comparable(a: SQLType, b: SQLType) -> bool:
    """Whether PostgreSQL has a comparison operator between the two (after implicit casts)."""
    return a.family == b.family and a.family != "array"


_NUMBER_RANK = {"int2": 0, "int4": 1, "int8": 2, "numeric": 3}


def arithmetic_result(a: SQLType, b: SQLType) -> SQLType:
    """Result type of a + b, a - b, a * b, a / b between numbers, as PostgreSQL resolves it."""
    if a.category == "float" or b.category == "float":
        if a.kind == "float4" and b.kind == "float4":
            return FLOAT4
        return FLOAT8
    if a.category == "numeric" or b.category == "numeric":
        return NUMERIC
    rank = max(_NUMBER_RANK[a.kind], _NUMBER_RANK[b.kind])
    return (INT2, INT4, INT8)[rank]


def common_type(types: list[SQLType]) -> SQLType:
    """Type of CASE / COALESCE / UNION over values of one family (approximately PostgreSQL's)."""
    first = types[0]
    if all(t == first for t in types):
        return first
    family = first.family
    if family == "number":
        result = types[0]
        for other in types[1:]:
            result = arithmetic_result(result, other)
        return result
    if family == "string":
        return TEXT
    if family == "datetime":
        return TIMESTAMP if any(t.kind == "timestamp" for t in types) else DATE
    return CATEGORY_TYPE[first.category]


def quote_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def literal(sql_type: SQLType, value: object) -> str:
    """The value as a typed SQL literal that can stand anywhere in an expression."""
    if value is None:
        return "NULL"
    kind = sql_type.kind
    if kind in INTEGER_KINDS:
        text = str(value)
        if kind == "int2":
            return f"({text})::smallint" if value < 0 else f"{text}::smallint"
        if kind == "int8" and INTEGER_RANGE["int4"][0] <= value <= INTEGER_RANGE["int4"][1]:
            return f"({text})::bigint" if value < 0 else f"{text}::bigint"
        return f"({text})" if value < 0 else text
    if kind == "numeric":
        text = format(value, "f")
        if "." not in text:
            text += "::numeric"
        return f"({text})" if text.startswith("-") else text
    if kind in FLOAT_KINDS:
        return f"{quote_string(value)}::{SQL_NAME[kind]}"
    if kind in STRING_KINDS:
        return quote_string(value)
    if kind == "bool":
        return "TRUE" if value else "FALSE"
    if kind == "date":
        return f"DATE {quote_string(value)}"
    if kind == "timestamp":
        return f"TIMESTAMP {quote_string(value)}"
    if kind == "interval":
        return f"INTERVAL {quote_string(value)}"
    raise ValueError(f"no literal for {sql_type}")


def insert_literal(sql_type: SQLType, value: object) -> str:
    """The value as written in an INSERT ... VALUES list, where the column gives the type."""
    if value is None:
        return "NULL"
    kind = sql_type.kind
    if kind in INTEGER_KINDS:
        return str(value)
    if kind == "numeric":
        return format(value, "f")
    if kind in FLOAT_KINDS:
        return value if _plain_number(value) else quote_string(value)
    if kind == "bool":
        return "true" if value else "false"
    return quote_string(str(value))


def _plain_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return text.lower() not in ("nan", "infinity", "-infinity", "inf", "-inf")
