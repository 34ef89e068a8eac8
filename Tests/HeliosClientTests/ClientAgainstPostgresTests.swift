// The same checks against a throwaway PostgreSQL 15 (skipped when none is installed): the
// client speaks the protocol as PostgreSQL expects it, not only as HeliosDB accepts it, and
// logs in with PostgreSQL's own md5 and SCRAM-SHA-256 exchanges.

import Foundation
import HeliosClient
import HeliosWorkload
import HeliosTesting
import Testing

@Suite(.serialized) struct ClientAgainstPostgresTests {
    static let binaries = PostgresServerProcess.binaryDirectory()

    @Test(.enabled(if: binaries != nil, "PostgreSQL 15 is not installed"))
    func protocolAgainstPostgres() async throws {
        try await offThePool { () throws in
            let server = try PostgresServerProcess(binaryDirectory: try #require(Self.binaries))
            defer { server.stop() }
            try ProtocolExercise.simpleQueries(server.configuration)
            try ProtocolExercise.extendedQueries(server.configuration)
            try ProtocolExercise.errorsCarrySQLState(server.configuration)
            try ProtocolExercise.copyIn(server.configuration)
        }
    }

    @Test(.enabled(if: binaries != nil, "PostgreSQL 15 is not installed"))
    func passwordLoginAgainstPostgres() async throws {
        try await offThePool { () throws in
            let server = try PostgresServerProcess(binaryDirectory: try #require(Self.binaries))
            defer { server.stop() }
            let admin = try PostgresConnection.connect(server.configuration)
            defer { admin.close() }
            try admin.query("SET password_encryption = 'scram-sha-256'")
            try admin.query("CREATE ROLE scram_user LOGIN PASSWORD 'pw scram'")
            try admin.query("CREATE ROLE clear_user LOGIN PASSWORD 'pw clear'")
            try admin.query("SET password_encryption = 'md5'")
            try admin.query("CREATE ROLE md5_user LOGIN PASSWORD 'pw md5'")
            // First match wins: each role gets its method, everyone else keeps trust.
            let rules = """
                host all scram_user 127.0.0.1/32 scram-sha-256
                host all md5_user 127.0.0.1/32 md5
                host all clear_user 127.0.0.1/32 password
                host all all 127.0.0.1/32 trust

                """
            try rules.write(toFile: server.dataDirectory + "/pg_hba.conf", atomically: false, encoding: .utf8)
            #expect(try admin.query("SELECT pg_reload_conf()").scalar == "t")
            for (user, password) in [("scram_user", "pw scram"), ("md5_user", "pw md5"), ("clear_user", "pw clear")] {
                var configuration = server.configuration
                configuration.user = user
                configuration.database = "postgres"
                configuration.password = password
                let connection = try PostgresConnection.connect(configuration)
                #expect(try connection.query("SELECT current_user").scalar == user)
                connection.close()
                configuration.password = "wrong"
                #expect(ProtocolExercise.sqlState { _ = try PostgresConnection.connect(configuration) } == "28P01")
            }
        }
    }
}
