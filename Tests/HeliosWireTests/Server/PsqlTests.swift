// The real psql (PostgreSQL 15's client) against a WireServer on a free loopback port, backed
// by the FakeBackend: output, authentication with each method (PGPASSWORD), errors with their
// SQLSTATE under ON_ERROR_STOP, COPY both ways, TLS. Skipped when psql is not installed.

import Foundation
import HeliosCore
import HeliosWire
import Testing

let psqlPath = ChildProcess.find("psql")
let psqlMissing = "psql is not installed (apt-get install postgresql-client-15)"

let psqlAuthenticator = StaticAuthenticator(roles: [
    .init(name: "alice", method: .trust),
    .init(name: "clear", method: .password, password: "s3cret"),
    .init(name: "md5user", method: .md5, password: "s3cret"),
    .init(name: "scram", method: .scramSHA256, password: "s3cret"),
], defaultMethod: .scramSHA256)

/// Runs psql against `port` as `user` with extra arguments.
func psql(port: Int, user: String = "alice", password: String? = nil, _ arguments: [String], input: String? = nil,
          connection: String? = nil) async throws -> ProcessResult {
    var environment: [String: String] = [:]
    if let password { environment["PGPASSWORD"] = password }
    let target = connection.map { ["-d", $0] } ?? ["-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", "shop"]
    return try await ChildProcess.run(psqlPath!, ["-X"] + target + arguments, environment: environment, input: input)
}

@Suite(.enabled(if: psqlPath != nil, Comment(rawValue: psqlMissing)), .timeLimit(.minutes(1)))
struct PsqlTests {
    @Test func selectOnePrintsAsPostgreSQLDoes() async throws {
        try await withTestServer(authenticator: psqlAuthenticator) { _, port in
            let result = try await psql(port: port, ["-c", "SELECT 1"])
            #expect(result.exitCode == 0, "\(result.standardError)")
            #expect(result.standardOutput == " ?column? \n----------\n        1\n(1 row)\n\n")
        }
    }

    @Test func severalCommandsAndEmptyResults() async throws {
        try await withTestServer(authenticator: psqlAuthenticator) { _, port in
            let result = try await psql(port: port, ["-A", "-t", "-c", "SELECT 1; SELECT 'two'", "-c", "SERIES 3",
                                                     "-c", "-- nothing"])
            #expect(result.exitCode == 0, "\(result.standardError)")
            #expect(result.standardOutput == "1\ntwo\n1\n2\n3\n")  // psql 15 prints every result
        }
    }

    @Test func passwordMethodsLogInWithPGPASSWORD() async throws {
        try await withTestServer(authenticator: psqlAuthenticator) { _, port in
            for user in ["clear", "md5user", "scram"] {
                let result = try await psql(port: port, user: user, password: "s3cret", ["-A", "-t", "-c", "SELECT 7"])
                #expect(result.exitCode == 0, "\(user): \(result.standardError)")
                #expect(result.standardOutput == "7\n", "\(user)")
            }
        }
    }

    @Test func wrongPasswordsAreRefusedWith28P01() async throws {
        try await withTestServer(authenticator: psqlAuthenticator) { _, port in
            for user in ["clear", "md5user", "scram", "nobody"] {
                let result = try await psql(port: port, user: user, password: "wrong", ["-c", "SELECT 1"])
                #expect(result.exitCode == 2, "\(user)")
                #expect(result.standardError.contains("FATAL:  password authentication failed for user \"\(user)\""),
                        "\(user): \(result.standardError)")
            }
        }
    }

    @Test func onErrorStopSeesTheSQLState() async throws {
        let backend = FakeBackend()
        try await withTestServer(authenticator: psqlAuthenticator, backend: backend) { _, port in
            let single = try await psql(port: port, ["-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose", "-c", "SELECT boom"])
            #expect(single.exitCode == 1)
            #expect(single.standardError.contains("ERROR:  42703: column \"boom\" does not exist"), "\(single.standardError)")
            #expect(single.standardError.contains("LINE 1: SELECT boom\n               ^"), "\(single.standardError)")

            let script = try await psql(port: port, ["-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose", "-f", "-"],
                                        input: "SELECT 1;\nFAIL 22012 division by zero;\nSELECT 2;\n")
            #expect(script.exitCode == 3)
            #expect(script.standardError.contains("ERROR:  22012: division by zero"), "\(script.standardError)")
            #expect(!backend.log.all.contains("query SELECT 2;"))
        }
    }

    @Test func copyFromStdinAndToStdout() async throws {
        try await withTestServer(authenticator: psqlAuthenticator) { _, port in
            let load = try await psql(port: port, ["-c", "COPY t FROM STDIN"], input: "1\tone\n2\ttwo\n3\tthree\n")
            #expect(load.exitCode == 0, "\(load.standardError)")
            #expect(load.standardOutput == "COPY 3\n")
            let dump = try await psql(port: port, ["-c", "COPY t TO STDOUT"])
            #expect(dump.standardOutput == "1\tone\n2\ttwo\n3\tthree\n")
            let bad = try await psql(port: port, ["-c", "COPY t FROM STDIN"], input: "1\tx\nbad\n")
            #expect(bad.exitCode == 1)
            #expect(bad.standardError.contains("invalid input syntax for type integer"), "\(bad.standardError)")
        }
    }

    @Test func transactionsNoticesAndSettings() async throws {
        try await withTestServer(authenticator: psqlAuthenticator) { _, port in
            let result = try await psql(port: port, ["-f", "-"], input: """
                BEGIN;
                DROP TABLE IF EXISTS gone;
                SELECT boom;
                SELECT 1;
                COMMIT;
                SET application_name = 'renamed';

                """)
            #expect(result.standardOutput.contains("BEGIN\nDROP TABLE\n"), "\(result.standardOutput)")
            #expect(result.standardOutput.contains("ROLLBACK\nSET\n"), "\(result.standardOutput)")
            #expect(result.standardError.contains("NOTICE:  table \"gone\" does not exist, skipping"))
            #expect(result.standardError.contains("current transaction is aborted"), "\(result.standardError)")
        }
    }

    @Test func tlsWhenConfigured() async throws {
        guard let openssl = ChildProcess.find("openssl") else { return }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("helios-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificate = directory.appendingPathComponent("server.crt").path
        let key = directory.appendingPathComponent("server.key").path
        let made = try await ChildProcess.run(openssl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                                                        "-subj", "/CN=localhost", "-keyout", key, "-out", certificate])
        try #require(made.exitCode == 0, "\(made.standardError)")
        let configuration = WireServerConfiguration(tlsCertificatePath: certificate, tlsPrivateKeyPath: key)
        try await withTestServer(configuration: configuration, authenticator: psqlAuthenticator) { _, port in
            let secure = try await psql(port: port, password: "s3cret", ["-A", "-t", "-c", "SELECT 1", "-c", "\\conninfo"],
                                        connection: "host=127.0.0.1 port=\(port) user=scram dbname=shop sslmode=require")
            #expect(secure.exitCode == 0, "\(secure.standardError)")
            #expect(secure.standardOutput.hasPrefix("1\n"))
            #expect(secure.standardOutput.contains("SSL connection"), "\(secure.standardOutput)")
            // A client that does not ask for TLS still gets in, in the clear.
            let plain = try await psql(port: port, ["-A", "-t", "-c", "SELECT 2"],
                                       connection: "host=127.0.0.1 port=\(port) user=alice dbname=shop sslmode=disable")
            #expect(plain.standardOutput == "2\n", "\(plain.standardError)")
        }
    }
}
