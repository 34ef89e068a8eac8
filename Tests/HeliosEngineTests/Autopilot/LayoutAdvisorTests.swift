// The autopilot's page layout (LayoutAdvisor): the fill factor rule on insert patterns, and
// end to end — a table whose appended rows are rewritten gets a lower fill factor, its pages
// then grow less than those of the same table left alone (page counts, not timings), and the
// decision is logged and can be reverted. Fill factors a user set, and tables opted out, are
// never changed.

import HeliosCore
import HeliosEngine
import HeliosStorage
import Testing

@Suite struct LayoutAdvisorTests {
    private func pattern(newKeys: UInt64, atLeafEnd: UInt64, rewrites: UInt64) -> InsertPattern {
        var pattern = InsertPattern()
        pattern.sequentialInserts = atLeafEnd
        pattern.otherInserts = newKeys - atLeafEnd + rewrites
        pattern.leafEndInserts = atLeafEnd
        pattern.replacements = rewrites
        return pattern
    }

    @Test func theFillFactorLeavesRoomForTheRewrites() {
        #expect(LayoutAdvisor.fillFactor(for: pattern(newKeys: 10_000, atLeafEnd: 9_900, rewrites: 5_000)) == 65)
        #expect(LayoutAdvisor.fillFactor(for: pattern(newKeys: 10_000, atLeafEnd: 9_900, rewrites: 0)) == 100)
        #expect(LayoutAdvisor.fillFactor(for: pattern(newKeys: 10_000, atLeafEnd: 9_900, rewrites: 80_000)) == 50)
        #expect(LayoutAdvisor.fillFactor(for: pattern(newKeys: 10_000, atLeafEnd: 2_000, rewrites: 5_000)) == nil, "random inserts")
        #expect(LayoutAdvisor.fillFactor(for: pattern(newKeys: 1_000, atLeafEnd: 1_000, rewrites: 500)) == nil, "too little seen")
    }

    /// Appends 100-row batches to `table`, rewriting the even rows of the batch before.
    private func ordersWorkload(_ db: SQLTestDatabase, _ table: String, batches: Range<Int>) throws {
        for batch in batches {
            let first = batch * 100 + 1
            try db.tag("INSERT INTO \(table) SELECT i, 'new', 'order note ' || lpad(i::text, 8, '0') || ' some padding text' "
                       + "FROM generate_series(\(first), \(first + 99)) i")
            if batch > 0 {
                try db.tag("UPDATE \(table) SET status = 'paid' WHERE id BETWEEN \(first - 100) AND \(first - 1) AND id % 2 = 0")
            }
        }
    }

    @Test func aTableWhoseAppendedRowsAreRewrittenGetsRoomAndStaysSmaller() throws {
        let db = try SQLTestDatabase()
        for table in ["tuned", "alone", "user_set"] {
            try db.tag("CREATE TABLE \(table) (id int PRIMARY KEY, status text, note text)")
        }
        try db.tag("ALTER TABLE alone SET (autopilot = off)")
        try db.tag("ALTER TABLE user_set SET (fillfactor = 100)")
        for table in ["tuned", "alone", "user_set"] { try ordersWorkload(db, table, batches: 0..<60) }

        let decisions = try db.database.runAutopilotCycle()
        #expect(decisions.map(\.action) == ["set layout"], "\(decisions)")
        #expect(try db.rows("SELECT relname, reloptions FROM pg_class WHERE relname IN ('tuned', 'alone', 'user_set') ORDER BY 1")
                == [["alone", "{autopilot=off}"], ["tuned", "{fillfactor=65}"], ["user_set", "{fillfactor=100}"]])
        #expect(try db.rows("SELECT action, tablename, statement, status FROM helios_ai.decisions")
                == [["set layout", "tuned", "ALTER TABLE public.tuned SET (fillfactor = 65)", "applied"]])
        #expect(try db.database.runAutopilotCycle().isEmpty, "settled: nothing more to change")

        for table in ["tuned", "alone"] { try ordersWorkload(db, table, batches: 60..<300) }
        let sizes = try db.rows("SELECT pg_relation_size('tuned'), pg_relation_size('alone')")[0].compactMap { Double($0) }
        #expect(sizes.count == 2 && sizes[0] <= 0.85 * sizes[1], "tuned \(sizes[0]) bytes, left alone \(sizes[1])")
        #expect(try db.rows("SELECT count(*), count(*) FILTER (WHERE status = 'paid') FROM tuned") == [["30000", "14950"]])

        #expect(try db.rows("SELECT helios_ai.revert(1)") == [["2"]])
        #expect(try db.rows("SELECT reloptions FROM pg_class WHERE relname = 'tuned'") == [["NULL"]])
        #expect(try db.database.runAutopilotCycle().isEmpty, "a reverted change is not made again the same day")
    }
}
