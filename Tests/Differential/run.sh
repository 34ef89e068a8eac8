#!/usr/bin/env bash
# run.sh — differential SQL testing of HeliosDB (or any PostgreSQL-wire server) against PostgreSQL 15.
#
#   Tests/Differential/run.sh [sqldiff options]      e.g. --cases 5000 --seed 42 --features joins,windows
#   Tests/Differential/run.sh --pytest [pytest options]
#   Tests/Differential/run.sh --install              only the Python environment (scripts/test.sh)
#
# The oracle is a throwaway PostgreSQL 15 started here (shared/bench/pg15.sh) on a free loopback
# port. The target is HELIOS_HOST / HELIOS_PORT (with HELIOS_USER, HELIOS_DATABASE,
# HELIOS_PASSWORD); when both are unset, a second throwaway PostgreSQL 15 (self-check mode), which
# SQLDIFF_TARGET_SETTINGS="-c name=value ..." can configure differently (to prove that differences
# are caught). Every server started here is stopped by its pid on exit, failure or interrupt.
#
# Never hangs: statement timeouts on both sides (--statement-timeout, default 10 s), no new case
# after --time-limit (default SQLDIFF_TIME_LIMIT or 1800 s), and the whole run is killed after
# SQLDIFF_TIMEOUT seconds (default: the time limit plus 300).
# Exit status: 0 all cases agreed, 1 a mismatch, 2 set-up failure or unreachable server, 124 killed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
pg15=${PG15_SH:-$repo/../shared/bench/pg15.sh}
venv=$here/.venv

die() { echo "run.sh: $*" >&2; exit 2; }

# --- Python environment: .venv here (gitignored), reinstalled when requirements.txt changes.
python=${PYTHON:-python3}
command -v "$python" >/dev/null || die "python3 is not installed"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv" || die "could not create $venv (Debian: apt-get install python3-venv)"
fi
wanted=$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)
if [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$wanted" ]; then
  timeout 600 "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt" \
    || die "pip install -r requirements.txt failed"
  echo "$wanted" >"$venv/.requirements.sha256"
fi
if [ "${1:-}" = "--install" ]; then exit 0; fi

# --- Limits.
pytest_mode=0
if [ "${1:-}" = "--pytest" ]; then pytest_mode=1; shift; fi
time_limit=${SQLDIFF_TIME_LIMIT:-1800}
arguments=("$@")
for ((i = 0; i < ${#arguments[@]}; i++)); do
  case ${arguments[i]} in
    --time-limit) time_limit=${arguments[i + 1]:-$time_limit} ;;
    --time-limit=*) time_limit=${arguments[i]#*=} ;;
  esac
done
hard_limit=${SQLDIFF_TIMEOUT:-$((${time_limit%.*} + 300))}

# --- Servers: throwaway PostgreSQL 15 clusters, stopped on exit.
[ -x "$pg15" ] || die "pg15.sh not found at $pg15 (set PG15_SH)"
export LC_ALL=C.UTF-8 LANG=C.UTF-8     # initdb takes its collation from here: code-point order
started=()
cleanup() {
  local dir
  for dir in "${started[@]}"; do
    "$pg15" stop "$dir" >/dev/null 2>&1 || echo "run.sh: could not stop the server in $dir" >&2
  done
}
child=""
on_signal() {
  # bash runs traps only between commands, so the harness runs in the background and is waited
  # for; a signal ends it (timeout passes the signal on to Python) before the servers go.
  if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi
  exit 130
}
trap cleanup EXIT
trap on_signal INT TERM

free_port() {
  "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_postgres VARIABLE [-c name=value ...]: starts a cluster and sets VARIABLE to its port.
start_postgres() {
  local variable=$1 port dir attempt
  shift
  for attempt in 1 2 3; do
    port=$(free_port)
    dir=$(mktemp -d /tmp/sqldiff-pg15.XXXXXX)
    # fsync off and no autovacuum: a throwaway oracle needs no durability, and plans stay put.
    if "$pg15" start "$port" "$dir" -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
        -c autovacuum=off -c shared_buffers=128MB "$@" >/dev/null; then
      started+=("$dir")
      printf -v "$variable" '%s' "$port"
      return 0
    fi
    if [ -f "$dir/server.pid" ]; then "$pg15" stop "$dir" >/dev/null 2>&1 || true; else rm -rf "$dir"; fi
    echo "run.sh: PostgreSQL did not start on port $port (attempt $attempt)" >&2
  done
  die "could not start PostgreSQL 15 with $pg15"
}

start_postgres oracle_port
export ORACLE_HOST=127.0.0.1 ORACLE_PORT=$oracle_port ORACLE_USER=postgres ORACLE_DATABASE=postgres
if [ -z "${HELIOS_HOST:-}" ] && [ -z "${HELIOS_PORT:-}" ]; then
  read -r -a target_settings <<<"${SQLDIFF_TARGET_SETTINGS:-}"
  start_postgres target_port "${target_settings[@]}"
  export HELIOS_HOST=127.0.0.1 HELIOS_PORT=$target_port HELIOS_USER=postgres HELIOS_DATABASE=postgres
  echo "run.sh: self-check mode: the target is a second PostgreSQL 15 on port $target_port" \
       "${SQLDIFF_TARGET_SETTINGS:+(settings: $SQLDIFF_TARGET_SETTINGS)}"
else
  echo "run.sh: target ${HELIOS_HOST:-127.0.0.1}:${HELIOS_PORT:-5432}; oracle PostgreSQL 15 on port $oracle_port"
fi

# --- The run.
export SQLDIFF_COMMAND="Tests/Differential/run.sh"
cd "$here"
status=0
if [ $pytest_mode = 1 ]; then
  timeout -k 30 "$hard_limit" "$venv/bin/python" -m pytest -q -p no:cacheprovider test_differential.py \
    "${arguments[@]}" &
else
  timeout -k 30 "$hard_limit" "$venv/bin/python" -m sqldiff --output "${SQLDIFF_OUTPUT:-$here/out}" \
    --time-limit "$time_limit" "${arguments[@]}" &
fi
child=$!
wait "$child" || status=$?
child=""
[ $status = 124 ] && echo "run.sh: killed after the hard limit of ${hard_limit}s" >&2
exit $status
