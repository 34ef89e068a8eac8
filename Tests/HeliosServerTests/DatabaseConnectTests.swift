// Several databases through psql: CREATE DATABASE, \l, connecting to the new database, tables
// that stay in their database, DROP DATABASE refused while a client is connected to it (55006)
// and inside a transaction block (25001), and an unknown database refused at connect (3D000).

import Foundation
import HeliosTesting
import Testing

@Suite(.serialized) struct DatabaseConnectTests {
    /// psql connected to `database`, one command, quiet and unaligned.
    static func psql(_ server: ServerProcess, database: String, _ command: String) async throws -> ProcessResult {
        let psql = try #require(ChildProcess.find("psql"))
        return try await ChildProcess.run(psql, ["-X", "-h", "127.0.0.1", "-p", "\(server.port)", "-U", "postgres", "-d", database,
                                                 "-v", "VERBOSITY=verbose", "-qAtc", command], timeout: .seconds(60))
    }

    @Test func clientsPickTheirDatabase() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.removeData() }
        let created = try await server.psql(["-c", "CREATE DATABASE sales", "-c", "\\l"])
        #expect(created.exitCode == 0, "\(created.standardError)")
        #expect(created.standardOutput.contains("""
               Name   |  Owner   | Encoding | Collate |  Ctype  | ICU Locale | Locale Provider | Access privileges 
            ----------+----------+----------+---------+---------+------------+-----------------+-------------------
             postgres | postgres | UTF8     | C.UTF-8 | C.UTF-8 |            | libc            | 
             sales    | postgres | UTF8     | C.UTF-8 | C.UTF-8 |            | libc            | 
            (2 rows)
            """), "\(created.standardOutput)")

        let sales = try await Self.psql(server, database: "sales", """
            CREATE TABLE orders (id int PRIMARY KEY, amount numeric);
            INSERT INTO orders VALUES (1, 9.5), (2, 20);
            SELECT current_database(), count(*), sum(amount) FROM orders
            """)
        #expect(sales.standardOutput == "sales|2|29.5\n", "\(sales.standardError)")
        let elsewhere = try await Self.psql(server, database: "postgres", "SELECT * FROM orders")
        #expect(elsewhere.standardError.contains("ERROR:  42P01: relation \"orders\" does not exist"), "\(elsewhere.standardError)")
        let unknown = try await Self.psql(server, database: "nosuch", "SELECT 1")
        #expect(unknown.standardError.contains("FATAL:  database \"nosuch\" does not exist"), "\(unknown.standardError)")
        let inBlock = try await Self.psql(server, database: "postgres", "BEGIN; CREATE DATABASE other; COMMIT")
        #expect(inBlock.standardError.contains("ERROR:  25001: CREATE DATABASE cannot run inside a transaction block"),
                "\(inBlock.standardError)")

        // A client connected to sales keeps DROP DATABASE from removing it.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: try #require(ChildProcess.find("psql")))
        holder.arguments = ["-X", "-h", "127.0.0.1", "-p", "\(server.port)", "-U", "postgres", "-d", "sales", "-qAt"]
        let input = Pipe(), output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        input.fileHandleForWriting.write(Data("SELECT 'connected';\n".utf8))
        #expect(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self) == "connected\n")
        let refused = try await Self.psql(server, database: "postgres", "DROP DATABASE sales")
        #expect(refused.standardError.contains("ERROR:  55006: database \"sales\" is being accessed by other users"), "\(refused.standardError)")
        #expect(refused.standardError.contains("DETAIL:  There is 1 other session using the database."), "\(refused.standardError)")
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()

        let dropped = try await Self.psql(server, database: "postgres", "DROP DATABASE sales")
        #expect(dropped.exitCode == 0, "\(dropped.standardError)")
        #expect(try await server.query("SELECT datname FROM pg_database") == ["postgres"])
        let gone = try await Self.psql(server, database: "sales", "SELECT 1")
        #expect(gone.standardError.contains("FATAL:  database \"sales\" does not exist"), "\(gone.standardError)")
        await server.stop()
    }
}
