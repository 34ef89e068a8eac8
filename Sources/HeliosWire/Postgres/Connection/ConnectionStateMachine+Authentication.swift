// Authentication, as PostgreSQL's ClientAuthentication runs it, for the methods trust,
// password (cleartext), md5 and scram-sha-256:
//
//   trust     → AuthenticationOk
//   password  → AuthenticationCleartextPassword ← PasswordMessage
//   md5       → AuthenticationMD5Password(salt) ← PasswordMessage("md5...")
//               (a role with a SCRAM secret, or none, gets SCRAM instead, as in PostgreSQL)
//   scram     → AuthenticationSASL ← SASLInitialResponse → SASLContinue ← SASLResponse
//               → SASLFinal, then AuthenticationOk
//
// Any failure is FATAL 28P01 `password authentication failed for user "x"` and the end of the
// connection; a malformed answer is FATAL 08P01. After AuthenticationOk, errors in the startup
// settings are reported (FATAL), then the engine opens the session, and the server sends
// ParameterStatus, BackendKeyData and ReadyForQuery.

internal import HeliosCore
internal import NIOCore

extension ConnectionStateMachine {
    mutating func handleAuthenticationResponse(_ response: BackendResponse, _ actions: inout [Action]) {
        switch (phase, response) {
        case (.lookingUpPolicy(var login), .policy(let policy)):
            login.policy = policy
            startAuthentication(login, policy: policy, &actions)
        case (.checkingPassword(let login), .passwordChecked(let matches)):
            if matches { finishAuthentication(login, &actions) } else { authenticationFailed(login, &actions) }
        case (.openingSession(let login), .sessionOpened(let parameters, let notices)):
            phase = .session
            actions.append(.log(.authenticated(user: login.user, database: login.database,
                                               method: Self.methodName(login.policy?.method))))
            for parameter in parameters {
                actions.append(.send(.parameterStatus(ParameterStatus(name: parameter.name, value: parameter.value))))
            }
            for notice in notices { actions.append(.send(.noticeResponse(NoticeResponse(notice)))) }
            actions.append(.send(.backendKeyData(BackendKeyData(processID: configuration.processID,
                                                                secretKey: configuration.secretKey))))
            actions.append(.send(.readyForQuery(ReadyForQuery(status: .idle))))
            actions.append(.flush)
        case (.openingSession, .sessionRefused(let error)):
            fatal(error, &actions)
        default:
            preconditionFailure("invariant 1: a response that answers no outstanding request")
        }
    }

    private mutating func startAuthentication(_ login: Login, policy: AuthenticationPolicy, _ actions: inout [Action]) {
        switch policy.method {
        case .trust:
            finishAuthentication(login, &actions)
        case .reject(let error):
            actions.append(.log(.authenticationFailed(user: login.user, reason: error.message)))
            fatal(error, &actions)
        case .password:
            phase = .awaitingPassword(login, .cleartext)
            actions.append(.send(.authenticationCleartextPassword))
            actions.append(.flush)
        case .md5:
            // As CheckPWChallengeAuth: MD5 only for an md5 secret; a SCRAM secret, and a role
            // without any (whose exchange is a mock), go through SCRAM.
            if case .md5 = policy.secret {
                phase = .awaitingPassword(login, .md5(salt: configuration.md5Salt))
                actions.append(.send(.authenticationMD5Password(AuthenticationMD5Password(salt: configuration.md5Salt))))
                actions.append(.flush)
            } else {
                startSCRAM(login, &actions)
            }
        case .scramSHA256:
            startSCRAM(login, &actions)
        }
    }

    private mutating func startSCRAM(_ login: Login, _ actions: inout [Action]) {
        var verifier: SCRAMVerifier?
        if case .scramSHA256(let stored) = login.policy?.secret { verifier = stored }
        let exchange = SCRAMServerExchange(
            verifier: verifier,
            mockSalt: SCRAMServerExchange.mockSalt(user: login.user, serverSecret: configuration.mockSaltSecret),
            serverNonce: configuration.scramServerNonce)
        phase = .awaitingSASL(login, exchange, expectsInitialResponse: true, expectsClientFirst: true)
        actions.append(.send(.authenticationSASL(AuthenticationSASL(mechanisms: [SCRAMServerExchange.mechanism]))))
        actions.append(.flush)
    }

    mutating func handlePasswordMessage(_ message: FrontendMessage, login: Login, challenge: PasswordChallenge,
                                        _ actions: inout [Action]) {
        guard case .authenticationResponse(let body) = message else {
            return fatal(DatabaseError(.protocolViolation,
                                       "expected password response, got message type \(message.typeCode)"), &actions)
        }
        let password: String
        do throws(DatabaseError) { password = try PasswordMessage.decode(body).password } catch {
            return fatal(error, &actions)
        }
        switch challenge {
        case .cleartext:
            phase = .checkingPassword(login)
            actions.append(.perform(.checkPassword(password: password, user: login.user, secret: login.policy?.secret)))
        case .md5(let salt):
            if PasswordCheck.md5Response(password, salt: salt, secret: login.policy?.secret) {
                finishAuthentication(login, &actions)
            } else {
                authenticationFailed(login, &actions)
            }
        }
    }

    mutating func handleSASLMessage(_ message: FrontendMessage, login: Login, exchange: SCRAMServerExchange,
                                    expectsInitialResponse: Bool, expectsClientFirst: Bool,
                                    _ actions: inout [Action]) {
        guard case .authenticationResponse(let body) = message else {
            return fatal(DatabaseError(.protocolViolation,
                                       "expected SASL response, got message type \(message.typeCode)"), &actions)
        }
        var exchange = exchange
        do throws(DatabaseError) {
            let data: [UInt8]?
            if expectsInitialResponse {
                let initial = try SASLInitialResponse.decode(body)
                guard initial.mechanism == SCRAMServerExchange.mechanism else {
                    throw DatabaseError(.protocolViolation, "client selected an invalid SASL authentication mechanism")
                }
                data = initial.initialResponse
            } else {
                data = SASLResponse.decode(body).data
            }
            guard let data else {
                // No initial response: ask for it with an empty challenge, as PostgreSQL does.
                phase = .awaitingSASL(login, exchange, expectsInitialResponse: false, expectsClientFirst: true)
                actions.append(.send(.authenticationSASLContinue(AuthenticationSASLContinue(data: []))))
                actions.append(.flush)
                return
            }
            if expectsClientFirst {
                let serverFirst = try exchange.receiveClientFirst(data)
                phase = .awaitingSASL(login, exchange, expectsInitialResponse: false, expectsClientFirst: false)
                actions.append(.send(.authenticationSASLContinue(AuthenticationSASLContinue(data: serverFirst))))
                actions.append(.flush)
            } else {
                switch try exchange.receiveClientFinal(data) {
                case .success(let serverFinal):
                    actions.append(.send(.authenticationSASLFinal(AuthenticationSASLFinal(data: serverFinal))))
                    finishAuthentication(login, &actions)
                case .failure:
                    authenticationFailed(login, &actions)
                }
            }
        } catch {
            actions.append(.log(.authenticationFailed(user: login.user, reason: error.description)))
            fatal(error, &actions)
        }
    }

    private mutating func finishAuthentication(_ login: Login, _ actions: inout [Action]) {
        actions.append(.send(.authenticationOk))
        if let error = login.settingsError { return fatal(error, &actions) }
        phase = .openingSession(login)
        actions.append(.perform(.openSession(SessionStartup(
            user: login.user, database: login.database, settings: login.settings,
            processID: configuration.processID, origin: origin))))
    }

    private mutating func authenticationFailed(_ login: Login, _ actions: inout [Action]) {
        let reason = login.policy?.secret == nil ? "role has no usable password or does not exist" : "wrong password"
        actions.append(.log(.authenticationFailed(user: login.user, reason: reason)))
        fatal(DatabaseError(.invalidPassword, "password authentication failed for user \"\(login.user)\""), &actions)
    }

    static func methodName(_ method: AuthenticationMethod?) -> String {
        switch method {
        case .trust, nil: "trust"
        case .password: "password"
        case .md5: "md5"
        case .scramSHA256: "scram-sha-256"
        case .reject: "reject"
        }
    }
}
