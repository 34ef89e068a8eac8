"""Compares the oracle's result with the target's.

Errors compare by SQLSTATE (a different message is a warning). Rows compare in the text form the
servers sent, as multisets unless the query is ordered; an ordered result is cut into tie groups
(consecutive rows with equal ORDER BY keys): the sequence of group keys must match exactly, and
each group as a multiset, since rows that tie may come in any order. Keys compare as values
(numbers by value, so 1.0 and 1.00 tie as they do when sorting), rows as text.

Floats: text that differs while the numbers are equal is a formatting mismatch (a failure).
Numbers that differ only past 12 significant digits (6 for real) are a warning (float-rounding)
when the statement accumulates floats in an aggregate (sum, avg, stddev, ...), since adding in
another order legitimately changes the last bits; anywhere else they are a failure.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .queries import Ordering
from .session import Result

FLOAT_DIGITS = {700: 6, 701: 12}          # real, double precision
EXACT_NUMBER_OIDS = {20, 21, 23, 1700}     # bigint, smallint, integer, numeric
INTERVAL_OID = 1186
INTERVAL_TEXT = re.compile(r"^(?:(-?\d+) years? ?)?(?:(-?\d+) mons? ?)?(?:(-?\d+) days? ?)?"
                           r"(?:([+-])?(\d+):(\d+):(\d+(?:\.\d+)?))?$")
# Statements that pick one of several equal values (DISTINCT keeps one of 1.0 and 1.00, max()
# returns one of them, LIMIT cuts between them): which one is the engine's choice.
PICKS_AMONG_EQUALS = re.compile(r"\b(DISTINCT|GROUP BY|UNION|INTERSECT|EXCEPT|LIMIT|FETCH|OFFSET|OVER|"
                                r"min|max|ON CONFLICT)\b", re.I)


def picks_among_equals(sql: str) -> bool:
    return PICKS_AMONG_EQUALS.search(sql) is not None
SHOWN_ROWS = 8


@dataclass
class Verdict:
    category: str | None = None            # None: the results agree
    detail: str = ""
    warnings: list[tuple[str, str]] = field(default_factory=list)
    inconclusive: bool = False             # the oracle itself failed to answer

    @property
    def passed(self) -> bool:
        return self.category is None and not self.inconclusive


ACCUMULATING = re.compile(r"\b(sum|avg|stddev\w*|var_\w+|variance|corr|covar_\w+|regr_\w+)\s*\(", re.I)


def float_order_sensitive(sql: str) -> bool:
    """Whether float results may legitimately differ in their last bits (summation order)."""
    return ACCUMULATING.search(sql) is not None


def compare(oracle: Result, target: Result, ordering: Ordering | None,
            strict_typmod: bool = False, float_tolerance: bool = False,
            equal_values_may_differ: bool = False) -> Verdict:
    """`float_tolerance`: the statement accumulates floats, so the last bits may differ.
    `equal_values_may_differ`: it may pick any of several equal values (1.0 or 1.00)."""
    if oracle.status in ("timeout", "lost"):
        return Verdict(inconclusive=True, detail=f"oracle {oracle.status}: {oracle.message}")
    if target.status == "timeout":
        return Verdict("timeout", f"target timed out ({target.message}); oracle took {oracle.seconds:.2f}s")
    if target.status == "lost":
        return Verdict("connection-lost", f"target connection lost: {target.message}")
    if oracle.status == "error" and target.status == "error":
        if oracle.sqlstate != target.sqlstate:
            return Verdict("sqlstate", f"oracle {oracle.sqlstate} ({oracle.message}); "
                                       f"target {target.sqlstate} ({target.message})")
        warnings = []
        if oracle.message != target.message:
            warnings.append(("error-message", f"{oracle.sqlstate}: oracle {oracle.message!r}; "
                                              f"target {target.message!r}"))
        return Verdict(warnings=warnings)
    if oracle.status == "error":
        return Verdict("missing-error", f"oracle failed with {oracle.sqlstate} ({oracle.message}); "
                                        f"target succeeded: {_summary(target)}")
    if target.status == "error":
        return Verdict("unexpected-error", f"target failed with {target.sqlstate} ({target.message}); "
                                           f"oracle succeeded: {_summary(oracle)}")
    if oracle.status != target.status:
        return Verdict("result-kind", f"oracle {_summary(oracle)}; target {_summary(target)}")
    verdict = Verdict()
    if oracle.status == "rows":
        verdict = _compare_rows(oracle, target, ordering, strict_typmod, float_tolerance,
                                equal_values_may_differ)
        if verdict.category:
            return verdict
    if _tag(oracle.command) != _tag(target.command):
        verdict.category = "command-tag"
        verdict.detail = f"oracle {oracle.command!r}; target {target.command!r}"
    return verdict


def _compare_rows(oracle: Result, target: Result, ordering: Ordering | None,
                  strict_typmod: bool, float_tolerance: bool, equal_values_may_differ: bool) -> Verdict:
    if len(oracle.columns) != len(target.columns):
        return Verdict("column-count", f"oracle {len(oracle.columns)} columns {_names(oracle)}; "
                                       f"target {len(target.columns)} columns {_names(target)}")
    if [c[0] for c in oracle.columns] != [c[0] for c in target.columns]:
        return Verdict("column-names", f"oracle {_names(oracle)}; target {_names(target)}")
    if [c[1] for c in oracle.columns] != [c[1] for c in target.columns]:
        return Verdict("column-types", f"type OIDs: oracle {[c[1] for c in oracle.columns]}; "
                                       f"target {[c[1] for c in target.columns]}")
    warnings = []
    if [c[2] for c in oracle.columns] != [c[2] for c in target.columns]:
        detail = (f"typmods: oracle {[c[2] for c in oracle.columns]}; "
                  f"target {[c[2] for c in target.columns]}")
        if strict_typmod:
            return Verdict("column-typmods", detail)
        warnings.append(("typmod", detail))
    oids = [c[1] for c in oracle.columns]
    if _rows_agree(oracle.rows, target.rows, ordering, oids):
        return Verdict(warnings=warnings)
    float_columns = [i for i, oid in enumerate(oids) if oid in FLOAT_DIGITS]
    if float_columns:
        rounded_oracle = [_canonical(row, oids) for row in oracle.rows]
        rounded_target = [_canonical(row, oids) for row in target.rows]
        if _rows_agree(rounded_oracle, rounded_target, ordering, oids):
            formatting, rounding = _float_differences(oracle.rows, target.rows, oids)
            if equal_values_may_differ:      # -0 and 0 are equal: either may be the one kept
                formatting = [note for note in formatting if not note.endswith(_SIGNED_ZEROS)]
            if formatting:
                return Verdict("float-format", "; ".join(formatting[:SHOWN_ROWS]), warnings)
            if not float_tolerance:
                return Verdict("float-values", "; ".join(rounding[:SHOWN_ROWS]) + " (no aggregate "
                               "here could have summed in another order)", warnings)
            warnings.append(("float-rounding", "; ".join(rounding[:3])))
            return Verdict(warnings=warnings)
    same_values = _same_values(oracle.rows, target.rows, ordering, oids)
    if same_values is not None:
        if equal_values_may_differ:
            warnings.append(("text-form", same_values + " (the statement picks among equal values)"))
            return Verdict(warnings=warnings)
        return Verdict("text-form", same_values + " (equal values, printed differently)", warnings)
    if len(oracle.rows) != len(target.rows):
        return Verdict("row-count", f"oracle {len(oracle.rows)} rows, target {len(target.rows)}; "
                                    + _difference(oracle.rows, target.rows), warnings)
    if Counter(oracle.rows) == Counter(target.rows):
        return Verdict("order", "same rows, different order (ORDER BY keys "
                                f"{[k + 1 for k in ordering.keys] if ordering else '?'})", warnings)
    return Verdict("values", _difference(oracle.rows, target.rows), warnings)


def _rows_agree(oracle_rows: list[tuple], target_rows: list[tuple], ordering: Ordering | None,
                oids: list[int]) -> bool:
    if len(oracle_rows) != len(target_rows):
        return False
    if ordering is None:
        return Counter(oracle_rows) == Counter(target_rows)
    oracle_groups = _tie_groups(oracle_rows, ordering.keys, oids)
    target_groups = _tie_groups(target_rows, ordering.keys, oids)
    if len(oracle_groups) != len(target_groups):
        return False
    return all(a_key == b_key and Counter(a_rows) == Counter(b_rows)
               for (a_key, a_rows), (b_key, b_rows) in zip(oracle_groups, target_groups))


def _tie_groups(rows: list[tuple], keys: list[int], oids: list[int]) -> list[tuple[tuple, list[tuple]]]:
    groups: list[tuple[tuple, list[tuple]]] = []
    for row in rows:
        key = tuple(_sort_value(row[k], oids[k]) for k in keys)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(row)
        else:
            groups.append((key, [row]))
    return groups


def _sort_value(text: str | None, oid: int) -> object:
    """The value as ORDER BY sees it, so that equal values with different text tie."""
    if text is None:
        return None
    try:
        if oid in EXACT_NUMBER_OIDS:
            return "NaN" if text == "NaN" else Decimal(text)
        if oid in FLOAT_DIGITS:
            number = float(text)
            return "NaN" if number != number else number
        if oid == INTERVAL_OID:
            return _interval_value(text)
    except (InvalidOperation, ValueError):
        pass
    return text


def _interval_value(text: str) -> object:
    """An interval as PostgreSQL compares it: a month is 30 days, a day 24 hours."""
    match = INTERVAL_TEXT.match(text)
    if not match or not text:
        return text
    years, months, days, sign, hours, minutes, seconds = match.groups()
    total_days = (int(years or 0) * 12 + int(months or 0)) * 30 + int(days or 0)
    clock = Decimal(hours or 0) * 3600 + Decimal(minutes or 0) * 60 + Decimal(seconds or 0)
    return total_days * Decimal(86400) + (-clock if sign == "-" else clock)


def _same_values(oracle_rows: list[tuple], target_rows: list[tuple], ordering: Ordering | None,
                 oids: list[int]) -> str | None:
    """When the rows differ only in how equal values print (1.0 and 1.00, 1 day and 24:00:00),
    an example of such a difference; else None."""
    def canonical(value: object) -> str:
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        if isinstance(value, float):
            return repr(value + 0.0)                  # -0.0 + 0.0 is 0.0
        return str(value)

    def normalized(row: tuple) -> tuple:
        return tuple(None if v is None else canonical(_sort_value(v, oid)) for v, oid in zip(row, oids))
    if not _rows_agree([normalized(r) for r in oracle_rows], [normalized(r) for r in target_rows],
                       ordering, [0] * len(oids)):
        return None
    only_oracle = Counter(oracle_rows) - Counter(target_rows)
    only_target = Counter(target_rows) - Counter(oracle_rows)
    example_oracle = next(iter(only_oracle), None)
    example_target = next(iter(only_target), None)
    if example_oracle is None:
        return "same values in another order of equal keys"
    return f"e.g. oracle {_row(example_oracle)}, target {_row(example_target)}"


def _canonical(row: tuple, oids: list[int]) -> tuple:
    return tuple(_round_float(v, FLOAT_DIGITS[oid]) if oid in FLOAT_DIGITS and v is not None else v
                 for v, oid in zip(row, oids))


def _round_float(text: str, digits: int) -> str:
    try:
        number = float(text)
    except ValueError:
        return text
    if number != number:
        return "NaN"
    if number == 0:
        return "0"
    return f"{number:.{digits}g}"


_SIGNED_ZEROS = ("oracle '-0', target '0'", "oracle '0', target '-0'")


def _float_differences(oracle_rows: list[tuple], target_rows: list[tuple],
                       oids: list[int]) -> tuple[list[str], list[str]]:
    """Pairs rows by their rounded form; sorts out printing differences from rounding ones."""
    def key(row: tuple) -> tuple:
        return tuple((0, "") if v is None else (1, v) for v in _canonical(row, oids))
    formatting, rounding = [], []
    for a, b in zip(sorted(oracle_rows, key=key), sorted(target_rows, key=key)):
        for index, (x, y) in enumerate(zip(a, b)):
            if x == y or x is None or y is None:
                continue
            try:
                same = float(x) == float(y) or (float(x) != float(x) and float(y) != float(y))
            except ValueError:
                same = False
            note = f"column {index + 1}: oracle {x!r}, target {y!r}"
            (formatting if same else rounding).append(note)
    return formatting, rounding


def _difference(oracle_rows: list[tuple], target_rows: list[tuple]) -> str:
    oracle_count, target_count = Counter(oracle_rows), Counter(target_rows)
    only_oracle = list((oracle_count - target_count).elements())
    only_target = list((target_count - oracle_count).elements())
    parts = []
    if only_oracle:
        parts.append(f"{len(only_oracle)} rows only in the oracle's result, e.g. "
                     + ", ".join(_row(r) for r in only_oracle[:SHOWN_ROWS]))
    if only_target:
        parts.append(f"{len(only_target)} rows only in the target's result, e.g. "
                     + ", ".join(_row(r) for r in only_target[:SHOWN_ROWS]))
    return "; ".join(parts)


def _row(row: tuple) -> str:
    return "(" + ", ".join("NULL" if v is None else repr(v) for v in row) + ")"


def _names(result: Result) -> list[str]:
    return [c[0] for c in result.columns]


def _summary(result: Result) -> str:
    if result.status == "rows":
        return f"{len(result.rows)} rows"
    return result.command or result.status


def _tag(command: str) -> str:
    return command.strip()
