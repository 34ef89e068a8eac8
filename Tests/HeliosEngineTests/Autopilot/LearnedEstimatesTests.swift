// Learned estimates: a query whose filter the optimizer misestimates (three perfectly
// correlated columns, multiplied as if independent) gets a better plan once its executions have
// been fed back and the autopilot published the correction — the plan shape changes, the result
// does not; the correction is versioned with the decision's epoch, shown, and goes with a reset
// or a revert. Executions alone never change a plan.

import HeliosCore
import HeliosEngine
import HeliosStorage
import Testing

@Suite struct LearnedEstimatesTests {
    private static let query = "SELECT count(*), sum(b.v) FROM a JOIN b ON b.a_id = a.id WHERE a.x = 7 AND a.y = 7 AND a.z = 7"

    /// a: 20,000 rows with x = y = z (100 values, 200 rows each); b: one row per a, indexed by a_id.
    private func tables(_ db: SQLTestDatabase) throws {
        try db.tag("ALTER SYSTEM SET helios.autopilot_learned_estimates = on")
        try db.tag("CREATE TABLE a (id int PRIMARY KEY, x int, y int, z int)")
        try db.tag("INSERT INTO a SELECT i, i % 100, i % 100, i % 100 FROM generate_series(1, 20000) i")
        try db.tag("CREATE TABLE b (id int PRIMARY KEY, a_id int, v int)")
        try db.tag("INSERT INTO b SELECT i, i, i % 7 FROM generate_series(1, 20000) i")
        try db.tag("CREATE INDEX b_a_id ON b (a_id)")
        try db.tag("ANALYZE a")
        try db.tag("ANALYZE b")
    }

    private func plan(_ db: SQLTestDatabase) throws -> String {
        try db.rows("EXPLAIN " + Self.query).map { $0[0] }.joined(separator: "\n")
    }

    @Test func aMisestimatedQueryGetsABetterPlanAfterFeedback() throws {
        let db = try SQLTestDatabase()
        try tables(db)
        let before = try plan(db)
        #expect(before.contains("Nested Loop") && before.contains("rows=1 "), "\(before)")
        let answer = try db.rows(Self.query)
        #expect(answer == [["200", "600"]])
        // Running it only gathers evidence: the plan stays until the autopilot publishes.
        for _ in 0..<3 { #expect(try db.rows(Self.query) == answer) }
        #expect(try plan(db) == before)

        let decisions = try db.database.runAutopilotCycle()
        #expect(decisions.map(\.action) == ["correct estimate"], "\(decisions)")
        let corrections = try db.rows("SELECT tablename, filter, round(factor), epoch FROM helios_ai.estimate_corrections")
        // The selectivity (1/100 cubed) was off by 10,000: 200 rows, not 0.02.
        #expect(corrections == [["a", "x = $ AND y = $ AND z = $", "10000", "1"]])
        let after = try plan(db)
        #expect(after.contains("Hash Join") && !after.contains("Nested Loop"), "\(after)")
        #expect(after.contains("Seq Scan on a") && after.contains("rows=200 "), "\(after)")
        #expect(try db.rows(Self.query) == answer)
        #expect(try db.database.runAutopilotCycle().isEmpty, "settled: the evidence agrees with the correction")

        // Reset: the statistics alone again.
        #expect(try db.rows("SELECT helios_ai.reset_estimates()") == [["1"]])
        #expect(try plan(db) == before)
        #expect(try db.rows("SELECT count(*) FROM helios_ai.estimate_corrections") == [["0"]])
    }

    @Test func aRevertedCorrectionIsNotLearnedAgainTheSameDay() throws {
        let db = try SQLTestDatabase()
        try tables(db)
        let before = try plan(db)
        for _ in 0..<3 { _ = try db.rows(Self.query) }
        #expect(try db.database.runAutopilotCycle().count == 1)
        #expect(try plan(db) != before)
        #expect(try db.rows("SELECT helios_ai.revert(1)") == [["2"]])
        #expect(try plan(db) == before)
        for _ in 0..<3 { _ = try db.rows(Self.query) }
        #expect(try db.database.runAutopilotCycle().isEmpty)
        #expect(try db.rows("SELECT action, status FROM helios_ai.decisions ORDER BY id")
                == [["correct estimate", "reverted"], ["correct estimate", "applied"]])
    }

    @Test func offByDefault() throws {
        let db = try SQLTestDatabase()
        try tables(db)
        try db.tag("ALTER SYSTEM RESET helios.autopilot_learned_estimates")
        for _ in 0..<3 { _ = try db.rows(Self.query) }
        #expect(try db.database.runAutopilotCycle().isEmpty)
    }

    @Test func onlyASteadyErrorIsLearned() {
        let learned = LearnedEstimates(tree: TreeID(0), loaded: [])
        let steady = LearnedEstimates.Key(relation: ObjectID(1), shape: "x = $ AND y = $")
        let varying = LearnedEstimates.Key(relation: ObjectID(1), shape: "x < $")
        for round in 0..<10 {
            learned.observe(steady, estimated: 2, actual: 200)
            // Off by 4x one way, then the other: the estimate is right on average.
            learned.observe(varying, estimated: 100, actual: round % 2 == 0 ? 400 : 25)
        }
        #expect(learned.proposals(relations: [ObjectID(1)], excluded: []).map(\.key) == [steady])
    }

    @Test func wellEstimatedScansTeachNothing() throws {
        let db = try SQLTestDatabase()
        try tables(db)
        for _ in 0..<5 { _ = try db.rows("SELECT count(*) FROM a WHERE x = 7") }
        // A LIMIT cuts the scan short: its row count says nothing about the filter.
        for _ in 0..<5 { _ = try db.rows("SELECT id FROM a WHERE x < 50 LIMIT 1") }
        #expect(try db.database.runAutopilotCycle().isEmpty)
    }
}
