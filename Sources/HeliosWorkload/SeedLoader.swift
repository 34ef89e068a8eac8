// Creates a scenario's tables (primary keys only) and fills them with its seeded data through
// COPY FROM STDIN, then runs ANALYZE so both servers plan with statistics. The data depends only
// on the seed and the scale.

public import HeliosClient

/// Schema and data set-up for a plan.
public enum SeedLoader {
    /// Drops the scenario's tables if they exist, creates them, loads the data; returns rows loaded.
    @discardableResult
    public static func load(_ plan: WorkloadPlan, into connection: PostgresConnection,
                            progress: (String) -> Void = { _ in }) throws(ClientError) -> Int {
        let scenario = plan.scenario
        for table in scenario.tables.reversed() {
            try connection.query("DROP TABLE IF EXISTS \(table.name)")
        }
        let counts = plan.rowCounts
        var loaded = 0
        for table in scenario.tables {
            try connection.query(table.createStatement)
            let rowCount = counts[table.name] ?? 0
            var random = WorkloadRandom.derived(seed: plan.seed, stream: tableStream(table.name))
            let rows = (1...max(1, rowCount)).lazy.map { number in table.row(number, &random, counts) }
            loaded += try connection.copyIn(
                "COPY \(table.name) (\(table.columns.joined(separator: ", "))) FROM STDIN", rows: rows)
            progress("loaded \(rowCount) rows into \(table.name)")
        }
        try connection.query("ANALYZE")
        return loaded
    }

    /// Creates every candidate index of the scenario ("index every candidate").
    public static func createCandidateIndexes(_ scenario: Scenario, on connection: PostgresConnection) throws(ClientError) {
        for index in scenario.candidateIndexes {
            try connection.query(index.createStatement)
        }
        try connection.query("ANALYZE")
    }

    /// Each table draws from its own stream, so adding a table does not change the others' data.
    static func tableStream(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
