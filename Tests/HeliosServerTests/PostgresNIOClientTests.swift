// postgres-nio, the Swift server ecosystem's PostgreSQL client, against a `heliosdb serve` this
// test starts. postgres-nio sends every query through the extended protocol with binary binds
// and asks for binary results, so this checks HeliosDB's binary I/O for the core types as a
// real driver encodes and decodes them: values bound, stored, read back and decoded by
// PostgresNIO's own decoders; its legacy simpleQuery (simple protocol, text rows); a
// PostgresPreparedStatement (a named statement, parsed once, run twice); withTransaction
// committing and rolling back; and errors carrying their SQLSTATE.

import Foundation
import HeliosTesting
import Logging
import NIOCore
import PostgresNIO
import Testing

@Suite(.serialized) struct PostgresNIOClientTests {
    static let logger = Logger(label: "heliosdb.tests.postgres-nio") { _ in SwiftLogNoOpLogHandler() }

    /// A jsonb document as postgres-nio's Codable support encodes it (binary jsonb, version 1).
    struct Document: Codable, Equatable, PostgresCodable {
        var name: String
        var tags: [Int]
    }

    /// A named statement postgres-nio prepares once per connection and then only binds.
    struct LabelByID: PostgresPreparedStatement {
        static let sql = "SELECT label, amount, flag FROM samples WHERE id = $1"
        typealias Row = (String, Decimal, Bool)
        var id: Int32
        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(id)
            return bindings
        }
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    static func withConnection(_ server: ServerProcess, _ body: (PostgresConnection) async throws -> Void) async throws {
        let configuration = PostgresConnection.Configuration(host: "127.0.0.1", port: server.port, username: "postgres",
                                                             password: nil, database: "postgres", tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await body(connection)
        } catch {
            try? await connection.close()
            // PSQLError's description hides the server's message; the reflection shows it.
            throw ServerError(message: String(reflecting: error))
        }
        try await connection.close()
    }

    @Test func coreTypesRoundTripThroughBindsAndBinaryRows() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.removeData() }
        try await Self.withConnection(server) { connection in
            try await connection.query("""
                CREATE TABLE samples (id int4 PRIMARY KEY, small int2, big int8, single float4, double float8,
                    amount numeric(12,3), label text, flag bool, blob bytea, day date, moment timestamp,
                    instant timestamptz, token uuid, document json, documentb jsonb)
                """, logger: Self.logger)
            let moment = Date(timeIntervalSince1970: 1_700_000_000.25)  // exact in microseconds
            let day = Date(timeIntervalSince1970: 1_699_920_000)         // 2023-11-14 00:00 UTC
            let token = UUID(uuidString: "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")!
            let document = Document(name: "helios", tags: [1, 2, 3])
            let blob: [UInt8] = [0, 1, 0xFE, 0xFF, 39, 92]  // bound as a ByteBuffer: [UInt8] would be "char"[]
            let amount = Decimal(string: "-12345.678")!
            try await connection.query("""
                INSERT INTO samples VALUES (\(Int32(1)), \(Int16(-32768)), \(Int64.max), \(Float(1.5)), \(Double(-0.1)),
                    \(amount), \("héllo 'world'"), \(true), \(ByteBuffer(bytes: blob)), \(day)::date, \(moment), \(moment), \(token),
                    \("{\"a\": [1, null]}")::json, \(document))
                """, logger: Self.logger)

            let rows = try await connection.query("""
                SELECT id, small, big, single, double, amount, label, flag, blob, day, moment, instant, token, document::text, documentb
                FROM samples WHERE id = \(Int32(1))
                """, logger: Self.logger).collect()
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            let (id, small, big, single, double, decodedAmount, label, flag, decodedBlob, decodedDay, decodedMoment, instant,
                 decodedToken, documentText, decodedDocument) = try row.decode(
                    (Int32, Int16, Int64, Float, Double, Decimal, String, Bool, ByteBuffer, Date, Date, Date, UUID, String, Document).self)
            #expect(id == 1 && small == -32768 && big == Int64.max)
            #expect(single == 1.5 && double == -0.1)
            #expect(decodedAmount == amount)
            #expect(label == "héllo 'world'" && flag)
            #expect(Array(decodedBlob.readableBytesView) == blob)
            #expect(decodedDay == day)
            #expect(decodedMoment == moment && instant == moment)
            #expect(decodedToken == token)
            #expect(documentText == "{\"a\": [1, null]}")
            #expect(decodedDocument == document)

            // NULLs decode as nil.
            try await connection.query("INSERT INTO samples (id) VALUES (\(Int32(2)))", logger: Self.logger)
            let nulls = try await connection.query("SELECT small, label, amount, token FROM samples WHERE id = 2",
                                                   logger: Self.logger).collect()
            let (noSmall, noLabel, noAmount, noToken) = try #require(nulls.first).decode((Int16?, String?, Decimal?, UUID?).self)
            #expect(noSmall == nil && noLabel == nil && noAmount == nil && noToken == nil)
        }
    }

    @Test func simpleAndPreparedQueriesTransactionsAndErrors() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.removeData() }
        try await Self.withConnection(server) { connection in
            try await connection.query("""
                CREATE TABLE samples (id int4 PRIMARY KEY, label text NOT NULL, amount numeric, flag bool)
                """, logger: Self.logger)
            try await connection.query("INSERT INTO samples VALUES (1, 'one', 1.5, true), (2, 'two', 2.25, false)",
                                       logger: Self.logger)

            // The simple-query protocol: text rows.
            let simple = try await connection.simpleQuery("SELECT id, label FROM samples ORDER BY id").get()
            #expect(try simple.map { try $0.decode((Int32, String).self) }.map { "\($0.0):\($0.1)" } == ["1:one", "2:two"])

            // A named prepared statement, run twice (the second run only binds).
            for (id, expected) in [(Int32(2), ("two", Decimal(string: "2.25")!, false)), (Int32(1), ("one", Decimal(1.5), true))] {
                var results: [LabelByID.Row] = []
                for try await row in try await connection.execute(LabelByID(id: id), logger: Self.logger) { results.append(row) }
                #expect(results.count == 1)
                #expect(results.first.map { $0.0 == expected.0 && $0.1 == expected.1 && $0.2 == expected.2 } == true)
            }

            // A transaction that commits, and one whose body fails and is rolled back.
            try await connection.withTransaction(logger: Self.logger) { transaction in
                try await transaction.query("INSERT INTO samples VALUES (\(Int32(3)), \("three"), NULL, NULL)", logger: Self.logger)
            }
            await #expect(throws: (any Error).self) {
                try await connection.withTransaction(logger: Self.logger) { transaction in
                    try await transaction.query("INSERT INTO samples VALUES (\(Int32(4)), \("four"), NULL, NULL)", logger: Self.logger)
                    try await transaction.query("INSERT INTO samples VALUES (\(Int32(1)), \("again"), NULL, NULL)", logger: Self.logger)
                }
            }
            let ids = try await connection.query("SELECT id FROM samples ORDER BY id", logger: Self.logger).collect()
            #expect(try ids.map { try $0.decode(Int32.self) } == [1, 2, 3])

            // Errors carry PostgreSQL's SQLSTATE.
            for (sql, state) in [("INSERT INTO samples VALUES (1, 'dup', NULL, NULL)", "23505"), ("SELECT 1 / 0", "22012"),
                                 ("SELECT * FROM missing", "42P01"), ("INSERT INTO samples (id) VALUES (9)", "23502")] {
                do {
                    try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger)
                    Issue.record("\(sql) succeeded")
                } catch let error as PSQLError {
                    #expect(error.serverInfo?[.sqlState] == state, "\(sql): \(String(reflecting: error))")
                }
            }
            // The connection is still usable after them.
            let one = try await connection.query("SELECT \(Int64(41)) + 1", logger: Self.logger).collect()
            #expect(try one.first?.decode(Int64.self) == 42)
        }
    }
}
