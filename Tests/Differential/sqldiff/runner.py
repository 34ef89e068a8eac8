"""Runs a differential session: schema after schema, each created on both sides, then a batch of
cases against it, each compared; mismatches get a reduced reproduction.

Isolation: read-only cases run in autocommit; cases that write run inside BEGIN ... ROLLBACK and
compare the written table before the rollback. After each schema's cases the contents of every
table are compared once more, which catches a rollback that left something behind.
"""
from __future__ import annotations

import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .cases import FEATURES, Case, add_views, make_case
from .compare import Verdict, compare, float_order_sensitive, picks_among_equals
from .reduce import Reducer
from .report import Report, render
from .schema import Schema, generate_schema
from .session import Result, Session, server_facts

MAX_TABLES = 6
MAX_VIEWS = 2


@dataclass
class Options:
    seed: int
    cases: int = 2000
    cases_per_schema: int = 25
    features: set[str] = field(default_factory=lambda: set(FEATURES))
    time_limit: float = 1800.0
    output: Path = Path("out")
    reduce: int = 5                      # mismatches that get their data reduced
    reduce_seconds: float = 30.0
    strict_typmod: bool = False
    target_rewrites: list[tuple[str, str]] = field(default_factory=list)
    replay: tuple[int, int] | None = None
    progress_every: int = 250
    command: str = "python -m sqldiff"
    types: set[str] | None = None


@dataclass
class Outcome:
    verdict: Verdict
    oracle: Result
    statements: list[str]
    results: list[tuple[str, Result, Result]]


class Runner:
    def __init__(self, options: Options, oracle: Session, target: Session) -> None:
        self.options = options
        self.oracle = oracle
        self.target = target
        self.reduced = 0
        self.report = Report(options.seed, options.output, str(oracle.endpoint), str(target.endpoint),
                             options.command)
        self.report.rewrites = ", ".join(f"{p!r} -> {r!r}" for p, r in options.target_rewrites)

    # ------------------------------------------------------------------ the run

    def run(self) -> Report:
        options, report = self.options, self.report
        self._compare_settings()
        deadline = time.monotonic() + options.time_limit
        schema_number = 0
        failed_setups = 0
        lost_in_a_row = 0
        while report.cases < options.cases and lost_in_a_row < 5:
            if time.monotonic() > deadline:
                report.stopped_by_time = True
                break
            schema = self.build_schema(schema_number)
            if not self.setup(schema, schema_number):
                failed_setups += 1
                if failed_setups >= 5:
                    report.notes.append("stopped: the schema could not be created five times in a row")
                    break
                schema_number += 1
                continue
            failed_setups = 0
            for number in range(options.cases_per_schema):
                if report.cases >= options.cases or time.monotonic() > deadline:
                    break
                case, probe = self.choose_case(schema, schema_number, number)
                outcome = self.run_case(case, probe)
                report.record(case, outcome.verdict, outcome.oracle)
                report.timing(case, sum(r[1].seconds for r in outcome.results),
                              sum(r[2].seconds for r in outcome.results))
                if outcome.verdict.category:
                    self.handle_mismatch(schema, case, outcome)
                lost_in_a_row = lost_in_a_row + 1 if outcome.verdict.category == "connection-lost" else 0
                if lost_in_a_row >= 5:
                    report.notes.append("stopped: the target's connection was lost five times in a row")
                    break
                if options.progress_every and report.cases % options.progress_every == 0:
                    print(f"[{report.cases:>6}/{options.cases}] {time.monotonic() - report.started:7.1f}s "
                          f"passed {report.passed} mismatches {len(report.mismatches)} "
                          f"inconclusive {report.inconclusive}", flush=True)
            if lost_in_a_row < 5:
                self.check_leftovers(schema, schema_number)
            schema_number += 1
        self.drop_everything()
        return report

    def replay(self, schema_number: int, number: int) -> Outcome:
        """Regenerates one case, runs it, and prints everything about it."""
        schema = self.build_schema(schema_number)
        if not self.setup(schema, schema_number):
            print("the schema could not be created; see the summary", file=sys.stderr)
        case, probe = self.choose_case(schema, schema_number, number)
        outcome = self.run_case(case, probe)
        print(f"-- case {case.label} (feature {case.feature}), ordering {case.ordering}")
        for statement in schema.setup_sql(only=schema.dependencies(case.tables)):
            print(statement + ";")
        print("\n".join(s + ";" for s in outcome.statements))
        for title, oracle, target in outcome.results:
            print(f"-- {title}: oracle\n{render(oracle)}\n-- {title}: target\n{render(target)}")
        print(f"-- verdict: {outcome.verdict.category or 'agree'} {outcome.verdict.detail}")
        for warning in outcome.verdict.warnings:
            print(f"-- warning: {warning}")
        self.report.record(case, outcome.verdict, outcome.oracle)
        if outcome.verdict.category:
            self.handle_mismatch(schema, case, outcome)
        self.drop_everything()
        return outcome

    def build_schema(self, schema_number: int) -> Schema:
        schema = generate_schema(random.Random(f"{self.options.seed}:schema:{schema_number}"),
                                 MAX_TABLES, self.options.types)
        add_views(self.options.seed, schema, schema_number, self.options.features)
        return schema

    # ------------------------------------------------------------------ cases

    def choose_case(self, schema: Schema, schema_number: int, number: int) -> tuple[Case, Result | None]:
        """The case for this slot. An empty answer proves little, so a read-only statement that
        gives the oracle no rows is usually replaced by another draw (up to three); the oracle's
        answer is kept for the comparison. The choice depends only on the seed and the oracle."""
        options = self.options
        for attempt in range(3):
            case = make_case(options.seed, schema, schema_number, number, options.features, attempt)
            if case.transaction or case.feature == "errors":
                return case, None
            probe = self.oracle.execute(case.sql)
            if attempt == 2 or probe.status != "rows" or probe.rows:
                return case, probe
            if random.Random(f"{options.seed}:{schema_number}:{number}:keep{attempt}").random() < 0.2:
                return case, probe
        raise AssertionError("unreachable")

    def run_case(self, case: Case, oracle_result: Result | None = None) -> Outcome:
        strict = self.options.strict_typmod
        statements: list[str] = []
        if case.transaction:
            self._both("BEGIN")
            statements.append("BEGIN")
        oracle = oracle_result if oracle_result is not None else self.oracle.execute(case.sql)
        target = self.target.execute(self._rewrite(case.sql))
        statements.append(case.sql)
        tolerance = float_order_sensitive(case.sql)
        picks = picks_among_equals(case.sql)
        verdict = compare(oracle, target, case.ordering, strict, tolerance, picks)
        results = [("result", oracle, target)]
        if case.check_table and verdict.passed and oracle.status != "error":
            check = f"SELECT * FROM {case.check_table}"
            oracle_contents, target_contents = self.oracle.execute(check), self.target.execute(check)
            statements.append(check)
            results.append(("table contents", oracle_contents, target_contents))
            contents = compare(oracle_contents, target_contents, None, strict, tolerance, picks)
            verdict.warnings += contents.warnings
            if contents.inconclusive:
                verdict.inconclusive = True
            elif contents.category:
                verdict = Verdict("table-contents", f"{contents.category}: {contents.detail}", verdict.warnings)
        if case.transaction:
            oracle_end, target_end = self._both("ROLLBACK")
            statements.append("ROLLBACK")
            if verdict.passed and target_end.status == "error":
                verdict = Verdict("rollback", f"target ROLLBACK failed: {target_end.sqlstate} {target_end.message}")
        return Outcome(verdict, oracle, statements, results)

    def _rewrite(self, sql: str) -> str:
        """Fault injection for validating the harness: rewrites applied to the target's copy."""
        for pattern, replacement in self.options.target_rewrites:
            sql = re.sub(pattern, replacement, sql)
        return sql

    def _both(self, sql: str) -> tuple[Result, Result]:
        return self.oracle.execute(sql), self.target.execute(sql)

    def handle_mismatch(self, schema: Schema, case: Case, outcome: Outcome) -> None:
        relations = schema.dependencies(case.tables)
        setup = _drop_sql(schema, relations) + schema.setup_sql(only=relations)
        reduction = "all rows of the schema (not reduced)"
        if self.reduced < self.options.reduce and relations:
            self.reduced += 1
            reducer = Reducer(self, schema, case, outcome.verdict.category, self.options.reduce_seconds)
            rows, reduction = reducer.reduce()
            if rows is not None and reducer.last_outcome is not None:
                setup = _drop_sql(schema, relations) + schema.setup_sql(rows=rows, only=relations)
                outcome = reducer.last_outcome
            self.setup(schema, case.schema_number, quiet=True)
        mismatch = self.report.add_mismatch(case, outcome.verdict, setup, outcome.statements,
                                            outcome.results, reduction)
        where = f" -> {mismatch.path}" if mismatch.path else ""
        print(f"MISMATCH {mismatch.number} [{outcome.verdict.category}] seed {self.options.seed} "
              f"case {case.label} ({case.feature}){where}\n  {case.sql[:500]}\n  {outcome.verdict.detail[:500]}",
              flush=True)

    # ------------------------------------------------------------------ schemas

    def setup(self, schema: Schema, schema_number: int, quiet: bool = False) -> bool:
        """Creates the schema on both sides; False (with a note or a mismatch) if either fails."""
        return self.install(schema, None, None, schema_number=schema_number, quiet=quiet)

    def install(self, schema: Schema, rows: dict[str, list[tuple]] | None, only: set[str] | None,
                schema_number: int | None = None, quiet: bool = True) -> bool:
        self.drop_everything()
        for statement in schema.setup_sql(rows=rows, only=only):
            oracle = self.oracle.execute(statement)
            if oracle.failed:
                if not quiet:
                    self.report.notes.append(f"schema {schema_number}: the oracle rejected its own setup "
                                             f"({oracle.sqlstate} {oracle.message}): {statement[:200]}")
                return False
            target = self.target.execute(statement)
            if target.failed:
                if not quiet:
                    self._setup_mismatch(schema, schema_number, statement, oracle, target)
                return False
        if rows is None:
            # Settles the oracle's plans (autovacuum would otherwise re-plan mid-run); a target
            # without ANALYZE just answers with an error, which is ignored.
            self._both("ANALYZE " + ", ".join(t.name for t in schema.tables))
        return True

    def _setup_mismatch(self, schema: Schema, schema_number: int | None, statement: str,
                        oracle: Result, target: Result) -> None:
        case = Case(schema_number or 0, -1, "setup", statement)
        verdict = Verdict("setup", f"target failed a setup statement: {target.sqlstate or target.status} {target.message}")
        mismatch = self.report.add_mismatch(case, verdict, schema.setup_sql(), [statement],
                                            [("result", oracle, target)], "the whole schema")
        print(f"MISMATCH {mismatch.number} [setup] schema {schema_number}: {statement[:200]}\n"
              f"  {verdict.detail}", flush=True)

    def check_leftovers(self, schema: Schema, schema_number: int) -> None:
        """Every table must hold on both sides what the setup put there: rollbacks left nothing."""
        for table in schema.tables:
            query = f"SELECT * FROM {table.name}"
            oracle, target = self._both(query)
            verdict = compare(oracle, target, None)
            if verdict.category:
                case = Case(schema_number, -1, "final-contents", query)
                verdict = Verdict("final-contents", f"after the schema's cases ({verdict.category}): "
                                                    f"{verdict.detail}")
                self.report.add_mismatch(case, verdict, schema.setup_sql(), [query],
                                         [("contents", oracle, target)], "all rows")

    def drop_everything(self) -> None:
        for statement in _drop_all_sql():
            self._both(statement)

    def _compare_settings(self) -> None:
        oracle_facts, target_facts = server_facts(self.oracle), server_facts(self.target)
        version = oracle_facts.get("server_version_num", "")
        if not version.startswith("15"):
            self.report.notes.append(f"the oracle is not PostgreSQL 15 (server_version_num {version})")
        for name, value in oracle_facts.items():
            if name.startswith("server_version"):
                continue
            if target_facts.get(name) != value:
                self.report.notes.append(f"setting {name}: oracle {value!r}, target {target_facts.get(name)!r}")
        if not self.target.timeout_setting_accepted:
            self.report.notes.append("the target rejected SET statement_timeout; the client-side "
                                     "watchdog bounds its statements")


def _drop_all_sql() -> list[str]:
    views = [f"DROP VIEW IF EXISTS v{i}" for i in reversed(range(MAX_VIEWS))]
    return views + [f"DROP TABLE IF EXISTS t{i}" for i in range(MAX_TABLES)]


def _drop_sql(schema: Schema, relations: set[str]) -> list[str]:
    views = [f"DROP VIEW IF EXISTS {v.name}" for v in reversed(schema.views) if v.name in relations]
    return views + [f"DROP TABLE IF EXISTS {t.name}" for t in schema.tables if t.name in relations]

