// The autopilot on small seeded workloads, embedded: the index a textbook answer expects is
// created for a frequent, costly template; pruned once the workload stops using it; an index
// whose templates got slower is reverted; a user's index is never dropped (only recommended);
// `recommend` mode changes nothing; helios_ai.revert undoes a decision. Time is passed to each
// pass explicitly (`now:`), and latencies for the validation test are injected into the
// workload repository, so nothing here depends on how fast the machine is.

import Foundation
import HeliosCore
import HeliosEngine
import HeliosValues
import Testing

@Suite struct AutopilotTests {
    private static let lookup = "SELECT id, amount FROM orders WHERE customer_id = $1"

    /// orders: 20,000 rows, customer_id in 0..<2000 (10 rows each), status of 4 values.
    private func ordersTable(_ db: SQLTestDatabase) throws {
        try db.tag("CREATE TABLE orders (id int PRIMARY KEY, customer_id int, status text, amount int)")
        try db.tag("""
            INSERT INTO orders SELECT i, i % 2000, CASE i % 4 WHEN 0 THEN 'new' WHEN 1 THEN 'paid' WHEN 2 THEN 'sent' ELSE 'done' END, i % 97
            FROM generate_series(1, 20000) i
            """)
        try db.tag("ANALYZE orders")
    }

    /// Runs the lookup template `count` times with different customers.
    private func runLookups(_ db: SQLTestDatabase, count: Int) throws {
        for customer in 0..<count {
            let result = try db.session.query(Self.lookup, .int32(Int32(customer * 7 % 2000)))
            #expect(result.rows.count == 10)
        }
        db.session.flushWorkload()
    }

    private func autopilotIndexes(_ db: SQLTestDatabase) throws -> [[String]] {
        try db.rows("SELECT indexname, columns FROM helios_ai.indexes WHERE created_by = 'autopilot' ORDER BY 1")
    }

    @Test func createsTheTextbookIndexForAFrequentTemplate() throws {
        let db = try SQLTestDatabase()
        try ordersTable(db)
        #expect(try db.rows("EXPLAIN (COSTS OFF) SELECT id FROM orders WHERE customer_id = 5").joined().joined().contains("Seq Scan"))
        try runLookups(db, count: 40)
        let decisions = try db.database.runAutopilotCycle()
        #expect(decisions.count == 1 && decisions[0].action == "create index", "\(decisions)")
        #expect(try autopilotIndexes(db) == [["helios_orders_customer_id_idx", "customer_id"]])
        let plan = try db.rows("EXPLAIN (COSTS OFF) SELECT id FROM orders WHERE customer_id = 5").map { $0[0] }.joined(separator: "\n")
        #expect(plan.contains("helios_orders_customer_id_idx"), "\(plan)")
        let logged = try db.rows("SELECT action, status, epoch, estimated_effect > 0.5 FROM helios_ai.decisions")
        #expect(logged == [["create index", "applied", "1", "t"]])
        // The same workload asks for nothing more: the index covers it.
        try runLookups(db, count: 40)
        #expect(try db.database.runAutopilotCycle().isEmpty)
    }

    @Test func rareTemplatesGetNoIndex() throws {
        let db = try SQLTestDatabase()
        try ordersTable(db)
        try runLookups(db, count: 5)  // under helios.autopilot_min_calls (20)
        #expect(try db.database.runAutopilotCycle().isEmpty)
        #expect(try db.rows("SELECT count(*) FROM helios_ai.recommendations").first == ["0"])
    }

    @Test func prunesItsIndexOnceTheWorkloadStopsUsingIt() throws {
        let db = try SQLTestDatabase()
        try ordersTable(db)
        try db.tag("CREATE INDEX orders_status ON orders (status)")  // a user's, never used
        try runLookups(db, count: 40)
        try db.database.runAutopilotCycle()
        #expect(try autopilotIndexes(db).count == 1)
        // Eleven quiet minutes later (helios.autopilot_prune_after is 10min).
        let later = Self.now() + 11 * 60_000_000
        let decisions = try db.database.runAutopilotCycle(now: later)
        #expect(decisions.map(\.action) == ["drop index"], "\(decisions)")
        #expect(try autopilotIndexes(db).isEmpty)
        // The user's index stays, recommended for dropping only.
        #expect(try db.rows("SELECT indexname, created_by FROM helios_ai.indexes WHERE NOT is_primary") == [["orders_status", "user"]])
        let recommended = try db.rows("SELECT action, indexname, reason LIKE 'user index, unused%' FROM helios_ai.recommendations")
        #expect(recommended == [["drop index", "orders_status", "t"]])
    }

    /// A template that stopped is not workload any more: the index pruning dropped stays
    /// dropped even while the template's old calls are still inside the advisor's window.
    @Test func aPrunedIndexDoesNotComeBackForATemplateThatStopped() throws {
        let db = try SQLTestDatabase()
        try ordersTable(db)
        try db.tag("ALTER SYSTEM SET helios.autopilot_prune_after = '30s'")
        try runLookups(db, count: 40)
        let now = Self.now()
        #expect(try db.database.runAutopilotCycle(now: now).map(\.action) == ["create index"])
        #expect(try db.database.runAutopilotCycle(now: now + 40_000_000).map(\.action) == ["drop index"])
        #expect(try db.database.runAutopilotCycle(now: now + 45_000_000).isEmpty)
        #expect(try autopilotIndexes(db).isEmpty)
    }

    @Test func revertsAnIndexThatMadeItsTemplatesSlower() throws {
        let db = try SQLTestDatabase()
        try ordersTable(db)
        try runLookups(db, count: 40)
        let now = Self.now()
        guard let template = StatementTemplate.of(Self.lookup) else { Issue.record("no template"); return }
        let key = WorkloadRepository.Key(database: db.database.oid, user: db.session.user, template: template.id)
        // Before: 1 ms a call, in the window's earlier intervals.
        db.database.workload.merge(Self.calls(key, template, count: 30, micros: 1_000, at: now - 30_000_000))
        let created = try db.database.runAutopilotCycle(now: now)
        #expect(created.map(\.action) == ["create index"])
        // After: 10 s a call — far above anything the real lookups (which may land in the
        // baseline's intervals, at whatever speed this machine runs them) could average.
        db.database.workload.merge(Self.calls(key, template, count: 30, micros: 10_000_000, at: now + 15_000_000))
        let decisions = try db.database.runAutopilotCycle(now: now + 40_000_000)
        #expect(decisions.first?.action == "drop index", "\(decisions)")
        #expect(try autopilotIndexes(db).isEmpty)
        let log = try db.rows("SELECT id, action, status, measured_effect < 0, reverts FROM helios_ai.decisions ORDER BY id")
        #expect(log.count >= 2 && log[0] == ["1", "create index", "reverted", "t", "NULL"] && log[1] == ["2", "drop index", "applied", "NULL", "1"],
                "\(log)")
    }

    @Test func recommendModeChangesNothing() throws {
        let db = try SQLTestDatabase()
        try ordersTable(db)
        try db.tag("ALTER SYSTEM SET helios.autopilot = 'recommend'")
        try runLookups(db, count: 40)
        #expect(try db.database.runAutopilotCycle().isEmpty)
        #expect(try autopilotIndexes(db).isEmpty)
        let recommended = try db.rows("SELECT action, tablename, columns, estimated_size_bytes > 0, cardinality(templates) FROM helios_ai.recommendations")
        #expect(recommended == [["create index", "orders", "customer_id", "t", "1"]])
        try db.tag("ALTER SYSTEM SET helios.autopilot = 'off'")
        #expect(try db.database.runAutopilotCycle().isEmpty)
    }

    @Test func revertUndoesADecision() throws {
        let db = try SQLTestDatabase()
        try ordersTable(db)
        try runLookups(db, count: 40)
        try db.database.runAutopilotCycle()
        #expect(try db.rows("SELECT helios_ai.revert(1)") == [["2"]])
        #expect(try autopilotIndexes(db).isEmpty)
        #expect(try db.rows("SELECT status FROM helios_ai.decisions ORDER BY id") == [["reverted"], ["applied"]])
        #expect(db.state("SELECT helios_ai.revert(1)") == "55000")
        #expect(db.state("SELECT helios_ai.revert(99)") == "42704")
        #expect(db.state("BEGIN; SELECT helios_ai.revert(2)") == "25001")
        try db.tag("ROLLBACK")
    }

    @Test func perTableOptOut() throws {
        let db = try SQLTestDatabase()
        try ordersTable(db)
        try db.tag("ALTER TABLE orders SET (autopilot = off)")
        try runLookups(db, count: 40)
        #expect(try db.database.runAutopilotCycle().isEmpty)
    }

    private static func calls(_ key: WorkloadRepository.Key, _ template: StatementTemplate, count: Int, micros: Double,
                              at time: Int64) -> WorkloadBuffer {
        var buffer = WorkloadBuffer()
        for _ in 0..<count {
            buffer.record(key, text: template.text, micros: micros, planningMicros: nil, rows: 10, at: time, sample: { nil })
        }
        return buffer
    }

    private static func now() -> Int64 { Int64((Date().timeIntervalSince1970 - 946_684_800) * 1_000_000) }
}
