"""The run's tally and, for each mismatch, a reproduction file: a SQL script that recreates the
schema and (reduced) data, runs the statement, and shows both results in comments. It runs as is
with `psql -f` against either side.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .cases import Case
from .compare import Verdict
from .session import Result

SHOWN_RESULT_ROWS = 40


@dataclass
class Mismatch:
    number: int
    case: Case
    verdict: Verdict
    path: Path | None = None


@dataclass
class Report:
    seed: int
    output: Path
    oracle: str
    target: str
    command: str                            # how to rerun this run
    max_files: int = 200
    rewrites: str = ""                      # fault injection in force, if any
    started: float = field(default_factory=time.monotonic)
    cases: int = 0
    passed: int = 0
    inconclusive: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    categories: Counter = field(default_factory=Counter)
    warnings: Counter = field(default_factory=Counter)
    warning_examples: dict = field(default_factory=dict)
    sqlstates: Counter = field(default_factory=Counter)
    features: Counter = field(default_factory=Counter)
    feature_mismatches: Counter = field(default_factory=Counter)
    oracle_errors: Counter = field(default_factory=Counter)   # by feature, errors group excluded
    empty_results: int = 0                  # row results with no rows: weak evidence
    row_results: int = 0
    rows_compared: int = 0
    notes: list[str] = field(default_factory=list)
    inconclusive_cases: list[str] = field(default_factory=list)
    slowest: list[tuple[float, str, float, float]] = field(default_factory=list)  # total, case, oracle, target
    stopped_by_time: bool = False

    def record(self, case: Case, verdict: Verdict, oracle: Result) -> None:
        self.cases += 1
        self.features[case.feature] += 1
        if oracle.status == "rows":
            self.row_results += 1
            self.rows_compared += len(oracle.rows)
            self.empty_results += not oracle.rows
        if oracle.status == "error":
            self.sqlstates[oracle.sqlstate] += 1
            if case.feature != "errors":
                self.oracle_errors[case.feature] += 1
        for category, detail in verdict.warnings:
            self.warnings[category] += 1
            self.warning_examples.setdefault(category, f"case {case.label}: {detail}")
        if verdict.inconclusive:
            self.inconclusive += 1
            if len(self.inconclusive_cases) < 20:
                self.inconclusive_cases.append(f"case {case.label}: {verdict.detail} -- {case.sql[:300]}")
        elif verdict.category is None:
            self.passed += 1

    def timing(self, case: Case, oracle_seconds: float, target_seconds: float) -> None:
        """Keeps the five slowest cases: the target's worst spots, and the harness's."""
        self.slowest.append((oracle_seconds + target_seconds, f"{case.label} {case.sql[:200]}",
                             oracle_seconds, target_seconds))
        self.slowest.sort(key=lambda entry: -entry[0])
        del self.slowest[5:]

    def add_mismatch(self, case: Case, verdict: Verdict, setup_sql: list[str], statements: list[str],
                     results: list[tuple[str, Result, Result]], reduction: str) -> Mismatch:
        mismatch = Mismatch(len(self.mismatches) + 1, case, verdict)
        self.mismatches.append(mismatch)
        self.categories[verdict.category] += 1
        self.feature_mismatches[case.feature] += 1
        if len(self.mismatches) <= self.max_files:
            self.output.mkdir(parents=True, exist_ok=True)
            mismatch.path = self.output / f"mismatch-{mismatch.number:04d}-{verdict.category}.sql"
            mismatch.path.write_text(self._reproduction(mismatch, setup_sql, statements, results, reduction))
        return mismatch

    def _reproduction(self, mismatch: Mismatch, setup_sql: list[str], statements: list[str],
                      results: list[tuple[str, Result, Result]], reduction: str) -> str:
        case, verdict = mismatch.case, mismatch.verdict
        lines = [
            f"-- sqldiff mismatch {mismatch.number}: {verdict.category} (feature {case.feature})",
            f"-- seed {self.seed}, schema {case.schema_number}, case {case.number}",
            f"-- replay: {self.command} --seed {self.seed} --replay "
            + (case.label if case.number >= 0 else f"{case.schema_number}:0   (creates the schema first)"),
            f"-- oracle: {self.oracle}",
            f"-- target: {self.target}",
            f"-- data: {reduction}",
        ]
        if self.rewrites:
            lines.append(f"-- the target ran each statement rewritten by: {self.rewrites}")
        lines += _comment(f"difference: {verdict.detail}")
        lines += ["", "-- setup"]
        lines += [f"{statement};" for statement in setup_sql]
        lines += ["", "-- the statement"]
        lines += [f"{statement};" for statement in statements]
        for title, oracle, target in results:
            lines += ["", f"-- {title}: oracle"]
            lines += _comment(render(oracle))
            lines += [f"-- {title}: target"]
            lines += _comment(render(target))
        return "\n".join(lines) + "\n"

    def summary(self) -> str:
        elapsed = time.monotonic() - self.started
        lines = [
            "",
            f"sqldiff: seed {self.seed}, {self.cases} cases in {elapsed:.1f}s"
            + (" (stopped by the time limit)" if self.stopped_by_time else ""),
            f"  oracle: {self.oracle}",
            f"  target: {self.target}",
            f"  passed {self.passed}, mismatches {len(self.mismatches)}"
            + (f" ({self._checks()} from setup or final table checks)" if self._checks() else "")
            + f", inconclusive {self.inconclusive}",
            "  cases by feature: " + _counts(self.features),
            f"  row results: {self.row_results} ({self.rows_compared} rows compared), "
            f"{self.empty_results / max(1, self.row_results):.0%} of them empty",
        ]
        if self.categories:
            lines.append("  mismatches by category: " + _counts(self.categories))
            lines.append("  mismatches by feature: " + _counts(self.feature_mismatches))
        if self.warnings:
            lines.append("  warnings (not failures): " + _counts(self.warnings))
            for category, example in self.warning_examples.items():
                lines.append(f"    e.g. {category}: {example[:300]}")
        lines.append(f"  distinct SQLSTATEs from the oracle ({len(self.sqlstates)}): " + _counts(self.sqlstates))
        if self.oracle_errors:
            share = sum(self.oracle_errors.values()) / max(1, self.cases - self.features["errors"])
            lines.append(f"  generated queries the oracle rejected (outside 'errors'): {share:.1%} "
                         + _counts(self.oracle_errors))
        lines += [f"  note: {note}" for note in self.notes]
        lines += [f"  inconclusive {text}" for text in self.inconclusive_cases[:5]]
        lines += [f"  slow: oracle {o:.2f}s target {t:.2f}s case {text}" for total, text, o, t in self.slowest[:3]
                  if total > 1.0]
        for mismatch in self.mismatches[:20]:
            where = f" -> {mismatch.path}" if mismatch.path else ""
            lines.append(f"  MISMATCH {mismatch.number} [{mismatch.verdict.category}] seed {self.seed} "
                         f"case {mismatch.case.label}{where}")
            lines.append(f"    {mismatch.case.sql[:300]}")
            lines.append(f"    {mismatch.verdict.detail[:300]}")
        if len(self.mismatches) > 20:
            lines.append(f"  ... {len(self.mismatches) - 20} more in {self.output}")
        failed = len(self.mismatches)
        lines.append(f"differential: {self.passed} passed, {failed} failed, {self.inconclusive} skipped")
        return "\n".join(lines)

    def _checks(self) -> int:
        return sum(1 for m in self.mismatches if m.case.number < 0)

    def write_json(self) -> Path:
        self.output.mkdir(parents=True, exist_ok=True)
        path = self.output / "summary.json"
        path.write_text(json.dumps({
            "seed": self.seed, "cases": self.cases, "passed": self.passed,
            "mismatches": len(self.mismatches), "inconclusive": self.inconclusive,
            "seconds": round(time.monotonic() - self.started, 1),
            "categories": dict(self.categories), "warnings": dict(self.warnings),
            "sqlstates": dict(self.sqlstates), "features": dict(self.features),
            "oracle_errors_by_feature": dict(self.oracle_errors), "notes": self.notes,
            "inconclusive_cases": self.inconclusive_cases,
            "mismatch_list": [{"number": m.number, "category": m.verdict.category,
                               "case": m.case.label, "feature": m.case.feature, "sql": m.case.sql,
                               "detail": m.verdict.detail, "file": str(m.path) if m.path else None}
                              for m in self.mismatches],
        }, indent=2))
        return path


def render(result: Result) -> str:
    """A result as psql would show it, roughly; values exactly as sent, NULL as NULL."""
    if result.status == "error":
        return f"ERROR {result.sqlstate}: {result.message}"
    if result.status in ("timeout", "lost"):
        return f"{result.status.upper()}: {result.message}"
    if result.status == "command":
        return result.command
    header = " | ".join(f"{name} ({oid}{'' if typmod < 0 else f', typmod {typmod}'})"
                        for name, oid, typmod in result.columns)
    body = [" | ".join("NULL" if v is None else _visible(v) for v in row)
            for row in result.rows[:SHOWN_RESULT_ROWS]]
    more = [f"... {len(result.rows) - SHOWN_RESULT_ROWS} more rows"] if len(result.rows) > SHOWN_RESULT_ROWS else []
    return "\n".join([header] + body + more + [f"({result.command})"])


def _visible(value: str) -> str:
    """Text with line breaks and tabs escaped, quoted when it could be misread."""
    escaped = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    if escaped != value or value == "" or value.strip() != value or value == "NULL" or "|" in value:
        return repr(value)
    return value


def _comment(text: str) -> list[str]:
    return [f"-- {line}" if line else "--" for line in text.splitlines()] or ["--"]


def _counts(counter: Counter) -> str:
    return ", ".join(f"{key} {count}" for key, count in counter.most_common()) or "none"
