"""A connection to one side (the PostgreSQL oracle or the target) that runs one statement at a
time and captures what the server sent, as text.

Results are read from libpq's result (`cursor.pgresult`), never converted by psycopg: every value
is compared in the text form the server printed it in (numeric scale, float digits, 't'/'f',
date and interval style), column names and type OIDs come from the RowDescription, the command tag
from CommandComplete. Statements go over the simple query protocol by default (no parameters,
auto-prepare off); `protocol="extended"` sends them as unnamed prepared statements instead.

Nothing may hang: statement_timeout is set on the server when it accepts it; a watchdog thread
sends a cancel request shortly after that timeout would have fired, and if the server still does
not answer, shuts the socket down, which fails the statement and the connection (reopened for the
next one).
"""
from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass, field

import psycopg
from psycopg import pq


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int
    user: str = "postgres"
    dbname: str = "postgres"
    password: str | None = None
    label: str = "target"

    @classmethod
    def parse(cls, spec: str, label: str) -> "Endpoint":
        """HOST:PORT[:USER[:DATABASE]]"""
        parts = spec.split(":")
        if len(parts) < 2 or not parts[1].isdigit():
            raise ValueError(f"bad endpoint {spec!r}: want HOST:PORT[:USER[:DATABASE]]")
        return cls(parts[0], int(parts[1]), parts[2] if len(parts) > 2 and parts[2] else "postgres",
                   parts[3] if len(parts) > 3 and parts[3] else "postgres",
                   os.environ.get("PGPASSWORD"), label)

    def __str__(self) -> str:
        return f"{self.host}:{self.port} user={self.user} dbname={self.dbname}"


@dataclass
class Result:
    status: str                          # rows, command, error, timeout, lost
    columns: list[tuple[str, int, int]] = field(default_factory=list)  # name, type OID, typmod
    rows: list[tuple[str | None, ...]] = field(default_factory=list)
    command: str = ""                    # the command tag: SELECT 3, INSERT 0 2, ...
    sqlstate: str | None = None
    message: str | None = None
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return self.status in ("error", "timeout", "lost")


class Session:
    def __init__(self, endpoint: Endpoint, statement_timeout: float = 10.0,
                 protocol: str = "simple", connect_timeout: float = 5.0) -> None:
        self.endpoint = endpoint
        self.statement_timeout = statement_timeout
        self.protocol = protocol
        self.connect_timeout = connect_timeout
        self.connection: psycopg.Connection | None = None
        self.timeout_setting_accepted = False
        self.reconnects = 0

    def connect(self) -> None:
        self.close()
        endpoint = self.endpoint
        self.connection = psycopg.connect(
            host=endpoint.host, port=endpoint.port, user=endpoint.user, dbname=endpoint.dbname,
            password=endpoint.password, autocommit=True, prepare_threshold=None,
            connect_timeout=max(1, int(self.connect_timeout)), application_name="sqldiff")
        try:
            self.connection.execute(f"SET statement_timeout = {int(self.statement_timeout * 1000)}")
            self.timeout_setting_accepted = True
        except psycopg.Error:
            self.timeout_setting_accepted = False   # the watchdog still bounds every statement

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:
                pass
            self.connection = None

    def execute(self, sql: str) -> Result:
        if self.connection is None or self.connection.closed:
            try:
                self.connect()
                self.reconnects += 1
            except psycopg.Error as error:
                return Result("lost", message=f"cannot connect: {error}".strip())
        connection = self.connection
        assert connection is not None
        cancel = threading.Timer(self.statement_timeout + 2, self._cancel, (connection,))
        cut = threading.Timer(self.statement_timeout + 8, self._cut, (connection,))
        cancel.daemon = cut.daemon = True
        started = time.monotonic()
        cancel.start()
        cut.start()
        try:
            if self.protocol == "extended":
                return self._execute_extended(connection, sql, started)
            cursor = connection.cursor()
            cursor.execute(sql)
            return self._capture(cursor.pgresult, time.monotonic() - started)
        except psycopg.errors.QueryCanceled as error:
            return Result("timeout", sqlstate=error.sqlstate, message=_message(error),
                          seconds=time.monotonic() - started)
        except psycopg.Error as error:
            elapsed = time.monotonic() - started
            if error.sqlstate is None or connection.closed or connection.broken:
                self.close()
                status = "timeout" if elapsed >= self.statement_timeout + 7 else "lost"
                return Result(status, message=_message(error) or "connection lost", seconds=elapsed)
            return Result("error", sqlstate=error.sqlstate, message=_message(error), seconds=elapsed)
        finally:
            cancel.cancel()
            cut.cancel()

    def _execute_extended(self, connection: psycopg.Connection, sql: str, started: float) -> Result:
        """Parse, Bind, Execute of an unnamed statement (libpq's PQexecParams, no parameters):
        nothing is cached, so a table recreated with other columns cannot trip a stale plan."""
        result = connection.pgconn.exec_params(sql.encode(), None)
        seconds = time.monotonic() - started
        if result.status == pq.ExecStatus.FATAL_ERROR:
            state = result.error_field(pq.DiagnosticField.SQLSTATE)
            message = _text(result.error_field(pq.DiagnosticField.MESSAGE_PRIMARY)) or \
                _text(result.error_message).strip()
            if state is None or connection.pgconn.status != pq.ConnStatus.OK:
                self.close()
                timed_out = seconds >= self.statement_timeout + 7
                return Result("timeout" if timed_out else "lost", message=message or "connection lost",
                              seconds=seconds)
            state_text = _text(state)
            return Result("timeout" if state_text == "57014" else "error", sqlstate=state_text,
                          message=message, seconds=seconds)
        return self._capture(result, seconds)

    def _capture(self, result: "pq.abc.PGresult | None", seconds: float) -> Result:
        if result is None:
            return Result("command", seconds=seconds)
        command = (result.command_status or b"").decode("utf-8", "replace")
        if result.status != pq.ExecStatus.TUPLES_OK:
            return Result("command", command=command, seconds=seconds)
        columns = [(_text(result.fname(j)), result.ftype(j), result.fmod(j)) for j in range(result.nfields)]
        rows = []
        for i in range(result.ntuples):
            rows.append(tuple(None if result.get_value(i, j) is None else _text(result.get_value(i, j))
                              for j in range(result.nfields)))
        return Result("rows", columns, rows, command, seconds=seconds)

    @staticmethod
    def _cancel(connection: psycopg.Connection) -> None:
        try:
            connection.cancel_safe(timeout=5)
        except Exception:
            pass

    @staticmethod
    def _cut(connection: psycopg.Connection) -> None:
        """Shuts the socket down under libpq's feet: the blocked read returns and fails."""
        try:
            descriptor = connection.pgconn.socket
            with socket.socket(fileno=os.dup(descriptor)) as duplicate:
                duplicate.shutdown(socket.SHUT_RDWR)
        except Exception:
            pass


def _text(value: bytes | None) -> str:
    return "" if value is None else value.decode("utf-8", "backslashreplace")


def _message(error: psycopg.Error) -> str:
    diagnostic = getattr(error, "diag", None)
    primary = diagnostic.message_primary if diagnostic is not None else None
    if primary:
        return primary
    text = str(error).strip()
    return text.splitlines()[0] if text else ""


def server_facts(session: Session) -> dict[str, str]:
    """Settings that change how values print or sort; differences explain mismatches."""
    facts = {}
    for name in ["server_version", "server_version_num", "server_encoding", "client_encoding",
                 "lc_collate", "lc_ctype", "DateStyle", "IntervalStyle", "TimeZone",
                 "extra_float_digits", "standard_conforming_strings", "bytea_output"]:
        result = session.execute(f"SHOW {name}")
        facts[name] = result.rows[0][0] if result.status == "rows" and result.rows else \
            f"(unavailable: {result.sqlstate or result.status})"
    return facts
