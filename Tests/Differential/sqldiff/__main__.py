"""sqldiff: differential SQL testing of a PostgreSQL-compatible server against PostgreSQL 15.

    python -m sqldiff --oracle 127.0.0.1:55432 --target 127.0.0.1:5433 --cases 2000

The target defaults to HELIOS_HOST / HELIOS_PORT / HELIOS_USER / HELIOS_DATABASE (password:
HELIOS_PASSWORD), the oracle to ORACLE_HOST / ORACLE_PORT / ORACLE_USER / ORACLE_DATABASE (password:
ORACLE_PASSWORD). Exit status: 0 when every case agreed, 1 on any mismatch, 2 when a server is
unreachable or the arguments are wrong.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import sys
from pathlib import Path

import psycopg

from .cases import FEATURES
from .runner import Options, Runner
from .schema import TYPE_KINDS
from .session import Endpoint, Session


def endpoint_from_environment(prefix: str, label: str) -> Endpoint | None:
    host, port = os.environ.get(f"{prefix}_HOST"), os.environ.get(f"{prefix}_PORT")
    if not host and not port:
        return None
    return Endpoint(host or "127.0.0.1", int(port or 5432), os.environ.get(f"{prefix}_USER") or "postgres",
                    os.environ.get(f"{prefix}_DATABASE") or "postgres",
                    os.environ.get(f"{prefix}_PASSWORD"), label)


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="sqldiff", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--oracle", help="HOST:PORT[:USER[:DATABASE]] of PostgreSQL 15 (else ORACLE_*)")
    parser.add_argument("--target", help="HOST:PORT[:USER[:DATABASE]] under test (else HELIOS_*)")
    parser.add_argument("--cases", type=int, default=2000, help="number of cases (default 2000)")
    parser.add_argument("--seed", type=int, help="run seed (default: random, printed)")
    parser.add_argument("--features", default="all",
                        help=f"comma-separated feature groups, or 'all': {', '.join(FEATURES)}")
    parser.add_argument("--types", help="comma-separated column types to use (default all): "
                                        + ", ".join(sorted(set(TYPE_KINDS.values()))))
    parser.add_argument("--time-limit", type=float, default=1800, help="seconds before no new case starts")
    parser.add_argument("--statement-timeout", type=float, default=10, help="seconds per statement")
    parser.add_argument("--cases-per-schema", type=int, default=25)
    parser.add_argument("--output", default="out", help="directory for reproductions and summary.json")
    parser.add_argument("--reduce", type=int, default=5, help="mismatches whose data gets reduced")
    parser.add_argument("--replay", help="SCHEMA:CASE: rerun one case of this seed, verbosely")
    parser.add_argument("--protocol", choices=["simple", "extended"], default="simple",
                        help="simple query protocol (default) or prepared statements")
    parser.add_argument("--strict-typmod", action="store_true", help="typmod differences fail")
    parser.add_argument("--target-rewrite", action="append", default=[], metavar="REGEX=>REPLACEMENT",
                        help="rewrite the target's copy of each statement (to prove mismatches are caught)")
    parser.add_argument("--progress-every", type=int, default=250)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    features = set(FEATURES) if arguments.features == "all" else \
        {f.strip() for f in arguments.features.split(",") if f.strip()}
    unknown = features - set(FEATURES)
    if unknown or not features:
        print(f"sqldiff: unknown feature group(s) {sorted(unknown)}; known: {', '.join(FEATURES)}", file=sys.stderr)
        return 2
    types = None
    if arguments.types:
        names = [t.strip() for t in arguments.types.split(",") if t.strip()]
        if any(name not in TYPE_KINDS for name in names):
            print(f"sqldiff: unknown type in {names}; known: {', '.join(TYPE_KINDS)}", file=sys.stderr)
            return 2
        types = {TYPE_KINDS[name] for name in names}
    try:
        oracle = Endpoint.parse(arguments.oracle, "oracle") if arguments.oracle else \
            endpoint_from_environment("ORACLE", "oracle")
        target = Endpoint.parse(arguments.target, "target") if arguments.target else \
            endpoint_from_environment("HELIOS", "target")
        rewrites = [tuple(rule.split("=>", 1)) for rule in arguments.target_rewrite]
    except ValueError as error:
        print(f"sqldiff: {error}", file=sys.stderr)
        return 2
    if oracle is None or target is None:
        print("sqldiff: give --oracle and --target (or ORACLE_HOST/ORACLE_PORT and HELIOS_HOST/HELIOS_PORT)",
              file=sys.stderr)
        return 2
    if any(len(rule) != 2 for rule in rewrites):
        print("sqldiff: --target-rewrite wants REGEX=>REPLACEMENT", file=sys.stderr)
        return 2
    seed = arguments.seed if arguments.seed is not None else random.SystemRandom().randrange(1, 2**31)
    print(f"sqldiff: seed {seed} (rerun with --seed {seed})", flush=True)
    sessions = []
    for endpoint in (oracle, target):
        session = Session(endpoint, arguments.statement_timeout, arguments.protocol)
        try:
            session.connect()
        except psycopg.Error as error:
            print(f"sqldiff: the {endpoint.label} at {endpoint} is unreachable: {str(error).strip()}",
                  file=sys.stderr)
            return 2
        sessions.append(session)
    # What a replay needs besides --seed and --replay: everything that changes generation.
    command = os.environ.get("SQLDIFF_COMMAND", "python -m sqldiff")
    if arguments.features != "all":
        command += f" --features {arguments.features}"
    if arguments.types:
        command += f" --types {arguments.types}"
    if arguments.cases_per_schema != 25:
        command += f" --cases-per-schema {arguments.cases_per_schema}"
    command += "".join(f" --target-rewrite '{rule}'" for rule in arguments.target_rewrite)
    if arguments.protocol != "simple":
        command += f" --protocol {arguments.protocol}"
    options = Options(seed=seed, cases=arguments.cases, cases_per_schema=arguments.cases_per_schema,
                      features=features, time_limit=arguments.time_limit, output=Path(arguments.output),
                      reduce=arguments.reduce, strict_typmod=arguments.strict_typmod,
                      target_rewrites=rewrites, progress_every=arguments.progress_every,
                      command=command, types=types)
    runner = Runner(options, sessions[0], sessions[1])
    interrupted = False

    def stop(signal_number, frame):                 # SIGTERM (run.sh, timeout) like Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        if arguments.replay:
            schema_number, number = (int(x) for x in arguments.replay.split(":"))
            runner.replay(schema_number, number)
        else:
            runner.run()
    except KeyboardInterrupt:
        interrupted = True
        runner.report.notes.append("interrupted: the counts cover the cases run until then")
    finally:
        for session in sessions:
            session.close()
    report = runner.report
    if report.mismatches or not arguments.replay:
        print(report.summary())
        print(f"summary: {report.write_json()}")
    if interrupted:
        return 130
    return 1 if report.mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
