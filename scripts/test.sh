#!/usr/bin/env bash
# Runs every HeliosDB test, installing what the tests need first. This is the README's test
# command, and CI (.ci/run) runs exactly this.
#
# One build, in one configuration: release, the one `swift run -c release heliosdb serve`
# uses too, so nothing is compiled twice. The tests find the executables they drive
# (heliosdb, helios-crash-worker) next to the test binary.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build needs: SQLite's headers (the benchmark compares against SQLite).
missing=()
[ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${missing[@]}"
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}"; fi
fi

swift build -c release --build-tests
swift test -c release --skip-build
