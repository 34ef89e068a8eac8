// psycopg 3 (a real driver using the extended protocol, pipelining and COPY) against a
// WireServer over the FakeBackend. Skipped cleanly when python3 or psycopg is not installed.

import HeliosTesting
import Foundation
import HeliosCore
import HeliosWire
import Testing

let python3Path = ChildProcess.find("python3")

let psycopgAvailable = ChildProcess.pythonHas("psycopg")

/// The client script: each line it prints is one checked result.
let psycopgScript = #"""
import sys, psycopg
from psycopg import errors
conninfo = sys.argv[1]
with psycopg.connect(conninfo, autocommit=True) as conn:
    print("series", conn.execute("SERIES 3").fetchall())
    print("param", conn.execute("SELECT %s", ["hello"]).fetchone())
    print("prepared", [conn.execute("SELECT %s", ["p"], prepare=True).fetchone() for _ in range(3)])
    try:
        conn.execute("SELECT boom")
    except errors.UndefinedColumn as error:
        print("error", error.sqlstate, error.diag.message_primary)
    with conn.pipeline():
        cursors = [conn.execute("SELECT %s", [str(i)]) for i in range(5)]
    print("pipeline", [c.fetchone()[0] for c in cursors])
    with conn.cursor() as cursor:
        with cursor.copy("COPY items FROM STDIN") as copy:
            for i in range(1000):
                copy.write_row((i, "x" * 20))
        print("copy in", cursor.rowcount)
        with cursor.copy("COPY items TO STDOUT") as copy:
            rows = list(copy.rows())
        print("copy out", len(rows), rows[0])
with psycopg.connect(conninfo) as conn:  # not autocommit: BEGIN ... COMMIT / ROLLBACK
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    try:
        conn.execute("FAIL 23505 duplicate key value violates unique constraint \"k\"")
    except errors.UniqueViolation as error:
        print("unique", error.sqlstate, conn.info.transaction_status.name)
    conn.rollback()
    print("status", conn.info.transaction_status.name, conn.info.parameter_status("server_version"))
"""#

@Suite(.enabled(if: psycopgAvailable, "python3 with psycopg 3 is not installed"), .timeLimit(.minutes(1)))
struct PsycopgTests {
    @Test func psycopgRunsQueriesParametersPipelinesAndCopy() async throws {
        try await withTestServer { _, port in
            let result = try await ChildProcess.run(python3Path!, ["-c", psycopgScript,
                                                                    "host=127.0.0.1 port=\(port) user=alice dbname=shop"])
            #expect(result.exitCode == 0, "\(result.standardError)")
            let lines = result.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines == [
                "series [(1,), (2,), (3,)]",
                "param ('hello',)",
                "prepared [('p',), ('p',), ('p',)]",
                "error 42703 column \"boom\" does not exist",
                "pipeline ['0', '1', '2', '3', '4']",
                "copy in 1000",
                "copy out 1000 ('0', 'xxxxxxxxxxxxxxxxxxxx')",
                "unique 23505 INERROR",
                "status IDLE 15.0 (HeliosDB 0.1)",
            ], "\(result.standardError)")
        }
    }
}
