// The forecast in the index advisor: a template that ran in the same hour on each of the last
// three days, and is quiet now, gets its index ten minutes before that hour comes again — the
// shipped pre-trained model forecasts its return. The same template whose history puts the
// hour elsewhere in the day gets nothing. Arrivals are fed to the forecaster directly, with
// times passed explicitly: nothing depends on the clock or the machine's speed.

import Foundation
import HeliosCore
import HeliosEngine
import Testing

@Suite struct ForecastAdvisorTests {
    private static let lookup = "SELECT id, amount FROM orders WHERE customer_id = $1"
    private static let day: Int64 = 86_400_000_000
    private static let tenSeconds: Int64 = 10_000_000
    /// 09:50 on a day ten days from now (microseconds since 2000-01-01 UTC, the engine's clock).
    private static let now: Int64 = {
        let today = Int64((Date().timeIntervalSince1970 - 946_684_800) * 1_000_000)
        return (today / day + 10) * day + 9 * 3_600_000_000 + 50 * 60_000_000
    }()

    /// orders as in AutopilotTests, one real run of the lookup (for its sample and template),
    /// and three days of history: 40 calls a minute from `phaseHour` to an hour later.
    private func setUp(_ db: SQLTestDatabase, phaseHour: Int64, now: Int64) throws -> Int64 {
        try db.tag("CREATE TABLE orders (id int PRIMARY KEY, customer_id int, status text, amount int)")
        try db.tag("INSERT INTO orders SELECT i, i % 2000, 'new', i % 97 FROM generate_series(1, 20000) i")
        try db.tag("ANALYZE orders")
        _ = try db.session.query(Self.lookup, .int32(5))
        db.session.flushWorkload()
        guard let template = StatementTemplate.of(Self.lookup) else { throw DatabaseError.internalError("no template") }
        let today = now - now % Self.day
        for day in 1...3 {
            let start = today - Int64(day) * Self.day + phaseHour * 3_600_000_000
            var interval = start - 3_600_000_000
            // A quiet hour before (so the series has a shape), then the phase.
            while interval < start + 3_600_000_000 {
                db.database.forecast.observe(template: template.id, intervalStart: interval, count: interval < start ? 0 : 7)
                interval += Self.tenSeconds
            }
        }
        return template.id
    }

    @Test func aTemplateExpectedBackGetsItsIndexBeforeItArrives() throws {
        let db = try SQLTestDatabase()
        // 09:50: the phase (10:00 to 11:00 on each of the last three days) is due in ten minutes.
        let template = try setUp(db, phaseHour: 10, now: Self.now)
        let decisions = try db.database.runAutopilotCycle(now: Self.now)
        let forecast = db.database.forecast.rates(now: Self.now)[template].map { $0 * 3600 }
        #expect(decisions.map(\.action) == ["create index"], "forecast for the next hour: \(forecast ?? -1) calls; \(decisions)")
        #expect(try db.rows("SELECT reason LIKE '%forecast to within the hour%' FROM helios_ai.decisions") == [["t"]])
        #expect(try db.rows("SELECT indexname FROM helios_ai.indexes WHERE created_by = 'autopilot'")
                == [["helios_orders_customer_id_idx"]])
    }

    @Test func theForecasterComesBackAfterARestart() throws {
        let db = try SQLTestDatabase()
        let template = try setUp(db, phaseHour: 10, now: Self.now)
        db.database.forecast.recluster(now: Self.now)
        let before = db.database.forecast.rates(now: Self.now)[template]
        #expect((before ?? 0) > 0)
        db.session.close()
        try db.database.close()
        let reopened = try Database.open(at: db.directory)
        #expect(reopened.forecast.rates(now: Self.now)[template] == before)
        try reopened.close()
    }

    @Test func aTemplateExpectedLaterGetsNothingYet() throws {
        let db = try SQLTestDatabase()
        // Its hour is 20:00: ten hours away, nothing to build for now.
        let template = try setUp(db, phaseHour: 20, now: Self.now)
        #expect(try db.database.runAutopilotCycle(now: Self.now).isEmpty)
        // It is forecast, just not for this hour.
        #expect((db.database.forecast.rates(horizon: .day, now: Self.now)[template] ?? 0) > 0)
    }
}
