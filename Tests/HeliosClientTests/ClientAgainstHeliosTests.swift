// The client against a real `heliosdb serve` started for the suite: both query protocols, errors
// with SQLSTATEs, COPY, and each password method the server offers.

import HeliosClient
import HeliosWorkload
import HeliosTesting
import Testing

@Suite(.serialized) struct ClientAgainstHeliosTests {
    static let executable = HeliosServerProcess.executableBeside(CommandLine.arguments[0])

    static func withServer(password: String? = nil, arguments: [String] = [],
                           _ body: (HeliosServerProcess) throws -> Void) throws {
        let executable = try #require(Self.executable, "heliosdb must be built beside the tests")
        let server = try HeliosServerProcess(executable: executable, password: password, extraArguments: arguments)
        defer { server.stop() }
        try body(server)
    }

    @Test func protocolAgainstHelios() async throws {
        try await offThePool { () throws in
            try Self.withServer { server in
                try ProtocolExercise.simpleQueries(server.configuration)
                try ProtocolExercise.extendedQueries(server.configuration)
                try ProtocolExercise.errorsCarrySQLState(server.configuration)
                try ProtocolExercise.copyIn(server.configuration)
            }
        }
    }

    @Test(arguments: ["scram", "md5", "password"])
    func passwordLoginAgainstHelios(method: String) async throws {
        try await offThePool { () throws in
            try Self.withServer(password: "s3cret pass", arguments: ["--auth", method]) { server in
                let connection = try PostgresConnection.connect(server.configuration)
                #expect(try connection.query("SELECT current_user").scalar == "postgres")
                connection.close()
                var wrong = server.configuration
                wrong.password = "not it"
                #expect(ProtocolExercise.sqlState { _ = try PostgresConnection.connect(wrong) } == "28P01")
                var none = server.configuration
                none.password = nil
                #expect(throws: ClientError.self) { _ = try PostgresConnection.connect(none) }
            }
        }
    }

    @Test func connectionRefusedIsAConnectionError() {
        // Nothing listens on port 1 of the loopback.
        let failure = Self.connectionFailure(ClientConfiguration(host: "127.0.0.1", port: 1))
        #expect(failure?.isConnectionFailure == true, "\(String(describing: failure))")
    }

    static func connectionFailure(_ configuration: ClientConfiguration) -> ClientError? {
        let result = Result { () throws(ClientError) -> PostgresConnection in try PostgresConnection.connect(configuration) }
        switch result {
        case .success(let connection):
            connection.close()
            return nil
        case .failure(let error):
            return error
        }
    }
}

extension ClientError {
    var isConnectionFailure: Bool {
        if case .connection = self { return true }
        return false
    }
}
