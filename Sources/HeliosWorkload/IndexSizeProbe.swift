// How many bytes of indexes a scenario's tables carry, asked of the server the way a DBA would:
// pg_indexes_size per table, and the number of indexes from pg_indexes. PostgreSQL counts its
// primary key indexes in the bytes; HeliosDB's primary key is the table itself (rows are stored in
// key order), so its bytes are the secondary indexes'. A server that cannot answer gets its error
// reported, not a made-up number.

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
        // Zero bytes with secondary indexes present means the function is not real. (HeliosDB
        // stores a table in its primary key's order: the key is the table, and pg_indexes_size
        // leaves it out, so a table with only its primary key rightly reports 0.)
        let secondary = try? connection.query("""
            SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
            WHERE c.relname IN (\(names)) AND NOT i.indisprimary
            """).scalar.flatMap { Int($0) }
        if total == 0, let secondary, secondary > 0 {
            notes.append("pg_indexes_size reports 0 bytes for \(secondary) secondary indexes")
        }
        return IndexSizeReport(totalBytes: total, indexCount: count, note: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }
}
