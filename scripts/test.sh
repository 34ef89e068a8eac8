#!/usr/bin/env bash
# Runs every HeliosDB test, installing what the tests need first. This is the README's test
# command, and CI (.ci/run) runs exactly this.
#
# One build, in one configuration: release, the one `swift run -c release heliosdb serve`
# uses too, so nothing is compiled twice. The tests find the executables they drive
# (heliosdb, helios-crash-worker) next to the test binary.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: SQLite's headers for the build (the benchmark compares against SQLite); psql
# and pgbench, which the wire tests drive; Python with venv, for the psycopg and asyncpg tests.
missing=()
[ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
command -v psql >/dev/null && command -v pgbench >/dev/null || missing+=(postgresql-client)
command -v python3 >/dev/null || missing+=(python3)
# A JDK and pgjdbc, for JDBCClientTests' small JDBC program.
command -v javac >/dev/null && command -v java >/dev/null || missing+=(default-jdk-headless)
[ -f /usr/share/java/postgresql.jar ] || missing+=(libpostgresql-jdbc-java)
command -v python3 >/dev/null && python3 -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${missing[@]}"
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}"; fi
fi

# Python clients the wire tests drive, in a virtual environment of this checkout (.venv/, ignored
# by git). The tests take the first python3 on PATH, so the venv's bin goes first.
if ! .venv/bin/python3 -c 'import psycopg, asyncpg, psycopg2, sqlalchemy, pg8000' 2>/dev/null; then
  echo "test.sh: installing psycopg, asyncpg, psycopg2, SQLAlchemy and pg8000 into .venv" >&2
  python3 -m venv .venv
  .venv/bin/python3 -m pip install -q 'psycopg[binary]' asyncpg psycopg2-binary sqlalchemy pg8000
fi

# The differential harness's own environment (Tests/Differential/.venv), which DifferentialTests
# runs through Tests/Differential/run.sh against PostgreSQL 15 from ../shared/bench/pg15.sh.
Tests/Differential/run.sh --install

swift build -c release --build-tests
PATH="$PWD/.venv/bin:$PATH" swift test -c release --skip-build
