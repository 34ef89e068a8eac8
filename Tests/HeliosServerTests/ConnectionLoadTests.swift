// Many clients at once against `heliosdb serve`: 200 asyncpg connections open together, each
// running queries and a write (all 200 rows arrive, each session has its own backend pid), and
// --max-connections: the connection over the limit gets SQLSTATE 53300, as from PostgreSQL, and
// a slot freed by a client that leaves is taken by the next.

import HeliosTesting
import Testing

@Suite(.serialized) struct ConnectionLoadTests {
    static let password = "load-secret"

    static let manyConnectionsScript = #"""
        import sys, asyncio, asyncpg
        async def main():
            port, password, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
            dsn = dict(host="127.0.0.1", port=port, user="postgres", password=password, database="postgres")
            admin = await asyncpg.connect(**dsn)
            await admin.execute("CREATE TABLE hits (client int PRIMARY KEY, total bigint)")
            connections = await asyncio.gather(*[asyncpg.connect(**dsn) for _ in range(count)])
            async def work(i, conn):
                total = 0
                for j in range(5):
                    total += await conn.fetchval("SELECT $1::int + $2::int", i, j)
                await conn.execute("INSERT INTO hits VALUES ($1, $2)", i, total)
                return await conn.fetchval("SELECT pg_backend_pid()")
            pids = await asyncio.gather(*[work(i, c) for i, c in enumerate(connections)])
            print("connections", len(connections), "distinct pids", len(set(pids)))
            print("rows", await admin.fetchval("SELECT count(*) FROM hits"),
                  "sums match", await admin.fetchval("SELECT sum(total) FROM hits") == sum(5 * i + 10 for i in range(count)))
            await asyncio.gather(*[c.close() for c in connections])
            await admin.close()
        asyncio.run(main())
        """#

    @Test(.enabled(if: ChildProcess.pythonHas("asyncpg"), "asyncpg is not installed (scripts/test.sh installs it)"))
    func twoHundredConnectionsRunQueriesAtOnce() async throws {
        let server = try ServerProcess()
        try await server.start(environment: ["HELIOSDB_PASSWORD": Self.password], extraArguments: ["--max-connections", "201"])
        defer { server.removeData() }
        let result = try await ChildProcess.run(ChildProcess.find("python3")!,
                                                ["-c", Self.manyConnectionsScript, "\(server.port)", Self.password, "200"],
                                                timeout: .seconds(300))
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").map(String.init) == [
            "connections 200 distinct pids 200",
            "rows 200 sums match True",
        ])
        await server.stop()
    }

    static let limitScript = #"""
        import sys, asyncio, asyncpg
        async def main():
            port, password, limit = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
            dsn = dict(host="127.0.0.1", port=port, user="postgres", password=password, database="postgres")
            held = [await asyncpg.connect(**dsn) for _ in range(limit)]
            try:
                await asyncpg.connect(**dsn)
                print("over the limit: connected")
            except asyncpg.PostgresError as error:
                print("over the limit:", error.sqlstate, error.args[0] if error.args else "")
            await held[0].close()
            for _ in range(100):  # the server notices the close asynchronously
                try:
                    extra = await asyncpg.connect(**dsn)
                    break
                except asyncpg.TooManyConnectionsError:
                    await asyncio.sleep(0.05)
            print("after one left:", await extra.fetchval("SELECT 1"))
            await asyncio.gather(extra.close(), *[c.close() for c in held[1:]])
        asyncio.run(main())
        """#

    @Test(.enabled(if: ChildProcess.pythonHas("asyncpg"), "asyncpg is not installed (scripts/test.sh installs it)"))
    func maxConnectionsRefusesTheNextWith53300() async throws {
        let server = try ServerProcess()
        try await server.start(environment: ["HELIOSDB_PASSWORD": Self.password], extraArguments: ["--max-connections", "5"])
        defer { server.removeData() }
        let result = try await ChildProcess.run(ChildProcess.find("python3")!, ["-c", Self.limitScript, "\(server.port)", Self.password, "5"],
                                                timeout: .seconds(120))
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").map(String.init) == [
            "over the limit: 53300 sorry, too many clients already",
            "after one left: 1",
        ])
        await server.stop()
    }
}
