// asyncpg (binary formats for everything, Parse + Describe S + Flush before Bind, fetchrow's
// Execute with a row limit of 1, executemany) against a WireServer over the FakeBackend.
// Skipped cleanly when python3 or asyncpg is not installed.

import HeliosTesting
import Foundation
import HeliosCore
import HeliosWire
import Testing

let asyncpgAvailable = ChildProcess.pythonHas("asyncpg")

let asyncpgScript = #"""
import asyncio, sys, asyncpg
async def main(port):
    conn = await asyncpg.connect(host="127.0.0.1", port=port, user="alice", database="shop", ssl=False)
    print("version", conn.get_server_version())
    print("fetch", [tuple(r) for r in await conn.fetch("SERIES 3")])
    print("fetchrow", tuple(await conn.fetchrow("SERIES 5")))
    print("fetchval", await conn.fetchval("SELECT $1", "hello"))
    try:
        await conn.fetch("SELECT boom")
    except asyncpg.exceptions.UndefinedColumnError as error:
        print("error", error.sqlstate)
    await conn.executemany("INSERT INTO t VALUES ($1)", [("a",), ("b",), ("c",)])
    async with conn.transaction():
        print("in transaction", [tuple(r) for r in await conn.fetch("SERIES 2")])
    await conn.close()
    print("closed")
asyncio.run(main(int(sys.argv[1])))
"""#

@Suite(.enabled(if: asyncpgAvailable, "python3 with asyncpg is not installed"), .timeLimit(.minutes(1)))
struct AsyncpgTests {
    @Test func asyncpgDescribesFlushesAndFetchesInBinary() async throws {
        let backend = FakeBackend()
        try await withTestServer(backend: backend) { _, port in
            let result = try await ChildProcess.run(python3Path!, ["-c", asyncpgScript, String(port)])
            #expect(result.exitCode == 0, "\(result.standardError)")
            #expect(result.standardOutput.split(separator: "\n").map(String.init) == [
                "version ServerVersion(major=15, minor=0, micro=0, releaselevel='final', serial=0)",
                "fetch [(1,), (2,), (3,)]",
                "fetchrow (1,)",
                "fetchval hello",
                "error 42703",
                "in transaction [(1,), (2,)]",
                "closed",
            ], "\(result.standardError)")
            // fetchrow asked for one row: Execute with a limit of 1.
            #expect(backend.log.all.contains { $0.hasPrefix("execute ") && $0.hasSuffix(" 1") })
        }
    }
}
