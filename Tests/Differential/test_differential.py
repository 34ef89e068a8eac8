"""CI entry point of the differential harness: random cases for a fixed list of seeds, and the
hand-written regressions, each compared with PostgreSQL 15 (see conftest.py for the servers).

    Tests/Differential/run.sh --pytest          # starts the servers itself
    HELIOS_HOST=127.0.0.1 HELIOS_PORT=5433 Tests/Differential/.venv/bin/python -m pytest Tests/Differential

A failing seed prints the run's summary: seed, case, category, and where the reproduction files
are (SQLDIFF_OUTPUT, default Tests/Differential/out/pytest).
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from sqldiff.compare import compare
from sqldiff.queries import Ordering
from sqldiff.regressions import REGRESSIONS, Regression
from sqldiff.report import render
from sqldiff.runner import Options, Runner
from sqldiff.session import Session

SEEDS = [1, 2, 3, 5, 8]
CASES_PER_SEED = int(os.environ.get("SQLDIFF_CASES_PER_SEED", "200"))
OUTPUT = Path(os.environ.get("SQLDIFF_OUTPUT", Path(__file__).resolve().parent / "out" / "pytest"))


@pytest.fixture(scope="module")
def sessions(servers):
    oracle, target = (Session(endpoint, statement_timeout=10) for endpoint in servers)
    oracle.connect()
    target.connect()
    yield oracle, target
    oracle.close()
    target.close()


@pytest.mark.parametrize("seed", SEEDS)
def test_random_cases_match_postgresql(sessions, seed):
    oracle, target = sessions
    options = Options(seed=seed, cases=CASES_PER_SEED, time_limit=300, output=OUTPUT / f"seed-{seed}",
                      reduce=2, progress_every=0, command="Tests/Differential/run.sh")
    report = Runner(options, oracle, target).run()
    assert not report.mismatches, report.summary()


@pytest.mark.parametrize("regression", REGRESSIONS, ids=[r.name for r in REGRESSIONS])
def test_regression_matches_postgresql(sessions, regression: Regression):
    oracle, target = sessions
    if regression.setup:
        for session in sessions:
            session.execute("BEGIN")
    try:
        for statement in regression.setup:
            assert oracle.execute(statement).status == "command", f"oracle setup failed: {statement}"
            result = target.execute(statement)
            assert result.status == "command", f"target setup failed: {statement}: {render(result)}"
        expected = oracle.execute(regression.sql)
        actual = target.execute(regression.sql)
    finally:
        if regression.setup:
            for session in sessions:
                session.execute("ROLLBACK")
    _check_oracle(regression, expected)
    ordering = None
    if regression.ordered and expected.status == "rows":
        ordering = Ordering(list(range(len(expected.columns))), True)
    verdict = compare(expected, actual, ordering, strict_typmod=False)
    assert verdict.category is None, (
        f"{verdict.category}: {verdict.detail}\n-- statement\n{regression.sql}\n-- oracle\n{render(expected)}"
        f"\n-- target\n{render(actual)}")


def _check_oracle(regression: Regression, result) -> None:
    """The oracle must answer as this file says PostgreSQL 15 does."""
    if regression.sqlstate:
        assert result.status == "error" and result.sqlstate == regression.sqlstate, \
            f"the oracle was expected to fail with {regression.sqlstate}: {render(result)}"
        return
    assert result.status == "rows", f"the oracle failed: {render(result)}"
    if regression.expected is not None:
        if regression.ordered:
            agrees = result.rows == regression.expected
        else:
            agrees = sorted(result.rows, key=repr) == sorted(regression.expected, key=repr)
        assert agrees, f"the oracle answered otherwise:\n{render(result)}"
    if regression.columns is not None:
        assert [c[0] for c in result.columns] == regression.columns, \
            f"the oracle named the columns {[c[0] for c in result.columns]}"


@pytest.mark.parametrize("protocol", ["simple", "extended"])
def test_watchdog_ends_a_statement_the_server_does_not_end(servers, monkeypatch, protocol):
    """A target that ignores statement_timeout and even cancel requests cannot hang the run."""
    oracle, _ = servers
    session = Session(oracle, statement_timeout=1, protocol=protocol)
    session.connect()
    session.execute("SET statement_timeout = 0")                       # ignores the timeout
    monkeypatch.setattr(Session, "_cancel", staticmethod(lambda connection: None))  # and cancels
    started = time.monotonic()
    result = session.execute("SELECT pg_sleep(20)")
    assert result.status == "timeout", render(result)
    assert time.monotonic() - started < 15
    assert session.execute("SELECT 1").rows == [("1",)]               # a new connection serves
    session.close()
