// One set of checks of the client against a live server, run against HeliosDB and against
// PostgreSQL 15: the same calls must give the same answers from both, which also shows that
// HeliosDB answers as PostgreSQL does.

import HeliosClient
import Testing

enum ProtocolExercise {
    /// Simple query: columns, rows, NULLs, the command tag, several statements in one string.
    static func simpleQueries(_ configuration: ClientConfiguration) throws {
        let connection = try PostgresConnection.connect(configuration)
        defer { connection.close() }
        #expect(connection.backendProcessID != nil)
        #expect(connection.serverParameters["server_version"] != nil)
        let result = try connection.query("SELECT 1 AS one, 'two'::text AS two, NULL::integer AS nothing")
        #expect(result.columns.map(\.name) == ["one", "two", "nothing"])
        #expect(result.columns.map(\.typeOID) == [23, 25, 23])
        #expect(result.rows == [["1", "two", nil]])
        #expect(result.commandTag == "SELECT 1")
        let results = try connection.simpleQuery(
            "DROP TABLE IF EXISTS client_probe; CREATE TABLE client_probe (id integer PRIMARY KEY, note text); "
                + "INSERT INTO client_probe VALUES (1, 'a'), (2, NULL)")
        #expect(results.map(\.commandTag) == ["DROP TABLE", "CREATE TABLE", "INSERT 0 2"])
        #expect(results.last?.affectedRowCount == 2)
        let empty = try connection.simpleQuery("")
        #expect(empty.count == 1 && empty[0].commandTag == "")
        #expect(connection.transactionStatus == "I")
        try connection.query("DROP TABLE client_probe")
    }

    /// Extended query: text parameters, NULL parameters, a prepared statement executed many times.
    static func extendedQueries(_ configuration: ClientConfiguration) throws {
        let connection = try PostgresConnection.connect(configuration)
        defer { connection.close() }
        try connection.query("DROP TABLE IF EXISTS client_extended")
        try connection.query("CREATE TABLE client_extended (id integer PRIMARY KEY, name text, score numeric(6,2))")
        let insert = try connection.prepare("INSERT INTO client_extended VALUES ($1, $2, $3)")
        #expect(insert.parameterTypeOIDs == [23, 25, 1700])
        #expect(insert.columns.isEmpty)
        for id in 1...20 {
            let result = try connection.execute(insert, [String(id), id % 5 == 0 ? nil : "name \(id)", "\(id).25"])
            #expect(result.commandTag == "INSERT 0 1")
        }
        let select = "SELECT id, name, score FROM client_extended WHERE id BETWEEN $1 AND $2 ORDER BY id"
        let rows = try connection.query(select, parameters: ["4", "6"])
        #expect(rows.columns.map(\.name) == ["id", "name", "score"])
        #expect(rows.rows == [["4", "name 4", "4.25"], ["5", nil, "5.25"], ["6", "name 6", "6.25"]])
        // The second call reuses the statement prepared by the first.
        let again = try connection.query(select, parameters: ["19", "25"])
        #expect(again.rows.map { $0[0] } == ["19", "20"])
        let count = try connection.query("SELECT count(*) FROM client_extended WHERE name IS NULL", parameters: [])
        #expect(count.scalar == "4")
        try connection.deallocate(insert)
        try connection.query("DROP TABLE client_extended")
    }

    /// Errors carry the server's SQLSTATE, and the connection goes on working after them, in
    /// both protocols and inside a transaction block.
    static func errorsCarrySQLState(_ configuration: ClientConfiguration) throws {
        let connection = try PostgresConnection.connect(configuration)
        defer { connection.close() }
        #expect(sqlState { try connection.query("SELECT * FROM no_such_table") } == "42P01")
        #expect(sqlState { try connection.query("SELEC 1") } == "42601")
        #expect(sqlState { try connection.query("SELECT 1 / $1::integer", parameters: ["0"]) } == "22012")
        #expect(sqlState { _ = try connection.prepare("SELECT * FROM no_such_table") } == "42P01")
        try connection.query("DROP TABLE IF EXISTS client_errors")
        try connection.query("CREATE TABLE client_errors (id integer PRIMARY KEY)")
        try connection.query("INSERT INTO client_errors VALUES ($1)", parameters: ["1"])
        #expect(sqlState { try connection.query("INSERT INTO client_errors VALUES ($1)", parameters: ["1"]) } == "23505")
        try connection.query("BEGIN")
        #expect(connection.transactionStatus == "T")
        #expect(sqlState { try connection.query("INSERT INTO client_errors VALUES (1)") } == "23505")
        #expect(connection.transactionStatus == "E")
        #expect(sqlState { try connection.query("SELECT 1") } == "25P02")
        try connection.query("ROLLBACK")
        #expect(connection.transactionStatus == "I")
        #expect(try connection.query("SELECT count(*) FROM client_errors").scalar == "1")
        #expect(!connection.isBroken)
        try connection.query("DROP TABLE client_errors")
    }

    /// COPY FROM STDIN: escaped text, NULLs, a load big enough for several CopyData messages.
    static func copyIn(_ configuration: ClientConfiguration) throws {
        let connection = try PostgresConnection.connect(configuration)
        defer { connection.close() }
        try connection.query("DROP TABLE IF EXISTS client_copy")
        try connection.query("CREATE TABLE client_copy (id integer PRIMARY KEY, body text)")
        let tricky = "tab\there, newline\nhere, backslash \\ here"
        let rows: [[String?]] = (1...5000).map { [String($0), $0 == 1 ? tricky : ($0 % 7 == 0 ? nil : "row \($0)")] }
        #expect(try connection.copyIn("COPY client_copy (id, body) FROM STDIN", rows: rows) == 5000)
        #expect(try connection.query("SELECT body FROM client_copy WHERE id = 1").scalar == tricky)
        #expect(try connection.query("SELECT count(*) FROM client_copy WHERE body IS NULL").scalar == "714")
        // A bad row fails the whole COPY with its SQLSTATE; the connection stays usable.
        #expect(sqlState { try connection.copyIn("COPY client_copy FROM STDIN", rows: [["x", "bad"]]) } == "22P02")
        #expect(try connection.query("SELECT count(*) FROM client_copy").scalar == "5000")
        try connection.query("DROP TABLE client_copy")
    }

    static func sqlState(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as ClientError {
            return error.sqlState ?? "\(error)"
        } catch {
            return "\(error)"
        }
    }
}
