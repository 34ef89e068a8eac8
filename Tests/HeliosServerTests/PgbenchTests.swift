// pgbench against `heliosdb serve`: initialization through COPY and ALTER TABLE ADD PRIMARY KEY,
// then 8 clients in each query mode. READ COMMITTED must let every transaction through (a
// concurrent update of the same branch row waits and re-reads, it does not fail), and the
// TPC-B balances must agree afterwards: every account delta is in the history, and branches,
// tellers and accounts hold the same total.

import HeliosTesting
import Testing

@Suite(.serialized) struct PgbenchTests {
    @Test func tpcbLikeInEveryQueryModeLosesNothing() async throws {
        guard ChildProcess.find("pgbench") != nil else {
            Issue.record("pgbench is not installed (scripts/test.sh installs postgresql-client)")
            return
        }
        let server = try ServerProcess()
        try await server.start()
        defer { server.removeData() }
        let initialized = try await server.pgbench(["-i", "-s", "2", "-q"])
        #expect(initialized.exitCode == 0, "\(initialized.standardError)")
        #expect(try await server.query("SELECT count(*) FROM pgbench_accounts") == ["200000"])

        for mode in ["simple", "extended", "prepared"] {
            let run = try await server.pgbench(["-n", "-c", "8", "-j", "2", "-t", "40", "-M", mode, "-b", "tpcb-like"])
            #expect(run.exitCode == 0, "\(mode): \(run.standardError)")
            #expect(run.standardOutput.contains("number of failed transactions: 0 (0.000%)"), "\(mode): \(run.standardOutput)")
            #expect(!run.standardOutput.contains("number of transactions actually processed: 0/"), "\(mode): \(run.standardOutput)")
        }
        let sums = try await server.query("""
            SELECT (SELECT sum(abalance) FROM pgbench_accounts) || ' ' || (SELECT sum(delta) FROM pgbench_history)
                || ' ' || (SELECT sum(bbalance) FROM pgbench_branches) || ' ' || (SELECT sum(tbalance) FROM pgbench_tellers)
            """)
        let values = sums.first?.split(separator: " ") ?? []
        #expect(values.count == 4 && Set(values).count == 1, "balances disagree: \(sums)")
        await server.stop()
    }

    @Test func simpleUpdateAndSelectOnlyScripts() async throws {
        guard ChildProcess.find("pgbench") != nil else {
            Issue.record("pgbench is not installed (scripts/test.sh installs postgresql-client)")
            return
        }
        let server = try ServerProcess()
        try await server.start()
        defer { server.removeData() }
        let initialized = try await server.pgbench(["-i", "-s", "1", "-q"])
        #expect(initialized.exitCode == 0, "\(initialized.standardError)")
        for mode in ["simple", "extended", "prepared"] {
            for script in ["simple-update", "select-only"] {
                let run = try await server.pgbench(["-n", "-c", "8", "-j", "2", "-t", "30", "-M", mode, "-b", script])
                #expect(run.exitCode == 0, "\(mode) \(script): \(run.standardError)")
                #expect(run.standardOutput.contains("number of failed transactions: 0 (0.000%)"), "\(mode) \(script): \(run.standardOutput)")
            }
        }
        // simple-update changes accounts and logs each change in the history.
        let sums = try await server.query("SELECT (SELECT sum(abalance) FROM pgbench_accounts) = (SELECT sum(delta) FROM pgbench_history)")
        #expect(sums == ["t"])
        await server.stop()
    }
}
