// A database in a fresh temporary directory for SQL tests, with helpers that run SQL through the
// embedded API and return rows as text, the way psql shows them.

import Foundation
import HeliosCore
import HeliosEngine
import HeliosStorage

final class SQLTestDatabase {
    let directory: String
    let database: Database
    let session: Session

    init(_ name: String = #function) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        directory = "/tmp/helios-sql-\(safe)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        database = try Database.open(at: directory)
        session = database.connect(user: "postgres")
    }

    deinit {
        session.close()
        try? database.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs `sql`; the last statement's rows as text (NULL as "NULL").
    @discardableResult
    func rows(_ sql: String, in session: Session? = nil) throws -> [[String]] {
        let result = try (session ?? self.session).query(sql)
        return result.textRows.map { $0.map { $0 ?? "NULL" } }
    }

    /// The last statement's command tag.
    @discardableResult
    func tag(_ sql: String, in session: Session? = nil) throws -> String {
        try (session ?? self.session).execute(sql).last?.commandTag ?? ""
    }

    /// The SQLSTATE `sql` fails with (nil if it succeeds).
    func state(_ sql: String, in session: Session? = nil) -> String? {
        do {
            try (session ?? self.session).execute(sql)
            return nil
        } catch {
            return error.state.code
        }
    }
}
