// Startup and login: the StartupMessage, whichever password exchange the server asks for
// (cleartext, md5, SCRAM-SHA-256 without channel binding, as libpq does without TLS), then the
// ParameterStatus reports, BackendKeyData and the first ReadyForQuery.

internal import HeliosWire
internal import NIOCore

extension PostgresConnection {
    func startUp() throws(ClientError) {
        let startup = StartupMessage(parameters: [
            StartupParameter(name: "user", value: configuration.user),
            StartupParameter(name: "database", value: configuration.database),
            StartupParameter(name: "application_name", value: configuration.applicationName),
            StartupParameter(name: "client_encoding", value: "UTF8"),
        ])
        try withBreakOnFailure { () throws(ClientError) in try stream.send(.startup(startup)) }
        var scram: SCRAMClientExchange?
        while true {
            switch try receive() {
            case .authenticationOk:
                continue
            case .authenticationCleartextPassword:
                try sendPassword(try requirePassword())
            case .authenticationMD5Password(let request):
                try sendPassword(MD5Password.response(password: try requirePassword(), user: configuration.user,
                                                      salt: request.salt))
            case .authenticationSASL(let request):
                guard request.mechanisms.contains("SCRAM-SHA-256") else {
                    throw breakConnection(.authentication(
                        "none of the server's SASL mechanisms are supported: \(request.mechanisms)"))
                }
                var exchange = SCRAMClientExchange(password: try requirePassword(), clientNonce: Self.clientNonce())
                let first = SASLInitialResponse(mechanism: "SCRAM-SHA-256",
                                                initialResponse: Array(exchange.clientFirstMessage().utf8))
                try sendAuthentication { first.encode(into: &$0) }
                scram = exchange
            case .authenticationSASLContinue(let challenge):
                guard var exchange = scram,
                      let final = exchange.clientFinalMessage(serverFirst: String(decoding: challenge.data, as: UTF8.self))
                else { throw breakConnection(.authentication("malformed SCRAM server-first-message")) }
                try sendAuthentication { SASLResponse(data: Array(final.utf8)).encode(into: &$0) }
                scram = exchange
            case .authenticationSASLFinal(let outcome):
                guard let exchange = scram, exchange.verify(serverFinal: String(decoding: outcome.data, as: UTF8.self))
                else { throw breakConnection(.authentication("the server's SCRAM signature is invalid")) }
            case .backendKeyData(let key):
                backendProcessID = key.processID
            case .readyForQuery(let ready):
                transactionStatus = Character(UnicodeScalar(ready.status.rawValue))
                return
            case .errorResponse(let error):
                throw breakConnection(.server(Self.serverError(error.fields)))
            case let other:
                throw breakConnection(.protocolViolation("unexpected message during startup: \(other)"))
            }
        }
    }

    private func requirePassword() throws(ClientError) -> String {
        guard let password = configuration.password else {
            throw breakConnection(.authentication("the server requested a password and none was given"))
        }
        return password
    }

    private func sendPassword(_ password: String) throws(ClientError) {
        try sendAuthentication { PasswordMessage(password: password).encode(into: &$0) }
    }

    private func sendAuthentication(_ encode: (inout ByteBuffer) -> Void) throws(ClientError) {
        var bytes = ByteBuffer()
        encode(&bytes)
        stream.queue(bytes: bytes)
        try withBreakOnFailure { () throws(ClientError) in try stream.flush() }
    }

    /// 18 random bytes in base64, as libpq makes its nonce.
    static func clientNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64.encode((0..<18).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
