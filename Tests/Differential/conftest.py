"""Servers for test_differential.py.

The oracle: ORACLE_HOST / ORACLE_PORT (run.sh sets them), else a throwaway PostgreSQL 15 started
here with shared/bench/pg15.sh (PG15_SH to point elsewhere) and stopped at the end.
The target: HELIOS_HOST / HELIOS_PORT, else a second database on the oracle's cluster (self-check:
PostgreSQL against itself). A target that does not answer skips the tests with a message saying
so, unless HELIOS_REQUIRED=1, which makes it a failure.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sqldiff.__main__ import endpoint_from_environment  # noqa: E402
from sqldiff.session import Endpoint  # noqa: E402

SELF_CHECK_DATABASE = "sqldiff_target"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _reachable(endpoint: Endpoint) -> str | None:
    """None when a session opens and answers SELECT 1, else why not."""
    try:
        with psycopg.connect(host=endpoint.host, port=endpoint.port, user=endpoint.user,
                             dbname=endpoint.dbname, password=endpoint.password, connect_timeout=5,
                             autocommit=True) as connection:
            connection.execute("SELECT 1")
        return None
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _start_oracle() -> tuple[Endpoint, Path]:
    script = Path(os.environ.get("PG15_SH", HERE.parent.parent.parent / "shared" / "bench" / "pg15.sh"))
    if not script.exists():
        pytest.skip(f"no oracle: set ORACLE_HOST/ORACLE_PORT, or provide {script} (PG15_SH) to start PostgreSQL 15")
    directory = Path(tempfile.mkdtemp(prefix="sqldiff-pg15."))
    port = _free_port()
    environment = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    try:
        subprocess.run([str(script), "start", str(port), str(directory), "-c", "fsync=off", "-c",
                        "autovacuum=off", "-c", "shared_buffers=128MB"], check=True, env=environment,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        if (directory / "server.pid").exists():
            subprocess.run([str(script), "stop", str(directory)], timeout=60)
        shutil.rmtree(directory, ignore_errors=True)
        detail = getattr(error, "stderr", b"") or b""
        pytest.skip(f"could not start PostgreSQL 15 with {script}: {detail.decode(errors='replace').strip()}")
    return Endpoint("127.0.0.1", port, label="oracle"), directory


@pytest.fixture(scope="session")
def servers():
    """(oracle, target) endpoints; whatever was started here is stopped afterwards."""
    started: Path | None = None
    oracle = endpoint_from_environment("ORACLE", "oracle")
    if oracle is None:
        oracle, started = _start_oracle()
    try:
        problem = _reachable(oracle)
        if problem:
            pytest.skip(f"the PostgreSQL 15 oracle at {oracle} is unreachable: {problem}")
        target = endpoint_from_environment("HELIOS", "target")
        if target is None:
            with psycopg.connect(host=oracle.host, port=oracle.port, user=oracle.user, dbname=oracle.dbname,
                                 autocommit=True, connect_timeout=5) as connection:
                exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                            (SELF_CHECK_DATABASE,)).fetchone()
                if not exists:
                    connection.execute(f"CREATE DATABASE {SELF_CHECK_DATABASE}")
            target = Endpoint(oracle.host, oracle.port, oracle.user, SELF_CHECK_DATABASE, oracle.password, "target")
        problem = _reachable(target)
        if problem:
            message = (f"the target at {target} is unreachable: {problem}. Start HeliosDB there "
                       f"(heliosdb serve --port {target.port}), or unset HELIOS_HOST/HELIOS_PORT to check "
                       f"the harness against PostgreSQL itself")
            if os.environ.get("HELIOS_REQUIRED") == "1":
                pytest.fail(message)
            pytest.skip(message)
        yield oracle, target
    finally:
        if started is not None:
            script = Path(os.environ.get("PG15_SH", HERE.parent.parent.parent / "shared" / "bench" / "pg15.sh"))
            subprocess.run([str(script), "stop", str(started)], timeout=120, stdout=subprocess.DEVNULL)
