// How many bytes of indexes a scenario's tables carry, asked of the server the way a DBA would:
// pg_indexes_size per table (primary keys included), and the number of indexes from pg_indexes.
// A server that cannot answer (HeliosDB before its size functions land) gets its error reported,
// not a made-up number.

public import HeliosClient

/// What the server said about the scenario's indexes.
public struct IndexSizeReport: Sendable, Equatable {
    /// Sum of pg_indexes_size over the scenario's tables; nil when the server could not say.
    public var totalBytes: Int?
    /// Indexes on the scenario's tables (pg_indexes), primary keys included; nil when unknown.
    public var indexCount: Int?
    /// Why a value is missing.
    public var note: String?

    public init(totalBytes: Int?, indexCount: Int?, note: String?) {
        self.totalBytes = totalBytes
        self.indexCount = indexCount
        self.note = note
    }
}

/// Asks a server for index sizes.
public enum IndexSizeProbe {
    public static func measure(_ scenario: Scenario, on connection: PostgresConnection) -> IndexSizeReport {
        var notes: [String] = []
        var total: Int? = 0
        for table in scenario.tables {
            do {
                let answer = try connection.query("SELECT pg_indexes_size('\(table.name)')").scalar
                if let answer, let bytes = Int(answer) { total = total.map { $0 + bytes } } else {
                    total = nil
                    notes.append("pg_indexes_size('\(table.name)') returned \(answer ?? "NULL")")
                }
            } catch {
                total = nil
                notes.append("pg_indexes_size: \(error)")
                break
            }
        }
        let names = scenario.tables.map { "'\($0.name)'" }.joined(separator: ", ")
        var count: Int?
        do {
            count = try connection.query("SELECT count(*) FROM pg_indexes WHERE tablename IN (\(names))").scalar
                .flatMap { Int($0) }
        } catch {
            notes.append("pg_indexes: \(error)")
        }
        if total == 0, let count, count > 0 {
            // Every table has at least its primary key: zero bytes means the function is not real yet.
            notes.append("pg_indexes_size reports 0 bytes for \(count) indexes")
        }
        return IndexSizeReport(totalBytes: total, indexCount: count, note: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }
}
