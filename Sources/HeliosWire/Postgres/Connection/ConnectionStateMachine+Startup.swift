// The start of a connection, as PostgreSQL's ProcessStartupPacket handles it: SSL and GSSAPI
// negotiation, cancel requests, the protocol version, and the startup parameters.
//
//   SSLRequest      → 'S' (TLS configured: handshake next) or 'N'; then startup on the same socket
//   GSSENCRequest   → 'N'; the client may then send SSLRequest or its StartupMessage
//   CancelRequest   → nothing; cancel the session with that key, close
//   StartupMessage  → [NegotiateProtocolVersion] then authentication
//
// A second SSLRequest (or GSSENCRequest) is read as a startup packet with an unknown protocol
// version, as in PostgreSQL: "unsupported frontend protocol 1234.5679".

internal import HeliosCore

extension ConnectionStateMachine {
    /// NAMEDATALEN - 1: user and database names are cut to this many bytes.
    static let maximumIdentifierByteCount = 63

    mutating func handleStartupPacket(_ message: FrontendMessage, sslDone: Bool, gssDone: Bool,
                                      _ actions: inout [Action]) {
        switch message {
        case .sslRequest(let request):
            guard !sslDone else {
                return fatal(Self.unsupportedProtocol(SSLRequest.code), &actions)
            }
            if configuration.tlsAvailable {
                if request.isFollowedByData {
                    return fatal(DatabaseError(
                        .protocolViolation, "received unencrypted data after SSL request",
                        detail: "This could be either a client-software bug or evidence of an attempted man-in-the-middle attack."),
                        &actions)
                }
                actions.append(.sendNegotiationByte(UInt8(ascii: "S")))
                actions.append(.flush)
                actions.append(.startTLS)
                usesTLS = true
                phase = .startup(sslDone: true, gssDone: true)
            } else {
                actions.append(.sendNegotiationByte(UInt8(ascii: "N")))
                actions.append(.flush)
                phase = .startup(sslDone: true, gssDone: gssDone)
            }
        case .gssEncryptionRequest:
            guard !gssDone else {
                return fatal(Self.unsupportedProtocol(GSSEncryptionRequest.code), &actions)
            }
            actions.append(.sendNegotiationByte(UInt8(ascii: "N")))
            actions.append(.flush)
            phase = .startup(sslDone: sslDone, gssDone: true)
        case .cancelRequest(let request):
            actions.append(.cancelSession(processID: request.processID, secretKey: request.secretKey))
            close(&actions)
        case .startup(let startup):
            handleStartupMessage(startup, &actions)
        default:
            fatal(DatabaseError(.protocolViolation, "invalid startup packet"), &actions)
        }
    }

    private mutating func handleStartupMessage(_ startup: StartupMessage, _ actions: inout [Action]) {
        guard startup.majorVersion == 3 else {
            return fatal(Self.unsupportedProtocol(startup.protocolVersion), &actions)
        }
        var user = "", database = ""
        var settings: [StartupParameter] = []
        var unrecognizedOptions: [String] = []
        var settingsError: DatabaseError?
        for parameter in startup.parameters {
            switch parameter.name {
            case "user": user = parameter.value
            case "database": database = parameter.value
            case "options":
                do throws(DatabaseError) { settings += try StartupOptions.settings(from: parameter.value) } catch {
                    settingsError = settingsError ?? error
                }
            case "replication":
                switch parameter.value.lowercased() {
                case "false", "off", "no", "0", "f", "n", "of", "fa", "fal", "fals": break
                case "true", "on", "yes", "1", "t", "y", "ye", "tr", "tru", "database":
                    return fatal(DatabaseError(.featureNotSupported, "replication connections are not supported"),
                                 &actions)
                default:
                    return fatal(DatabaseError(.invalidParameterValue,
                                               "invalid value for parameter \"replication\": \"\(parameter.value)\"",
                                               hint: "Valid values are: \"false\", 0, \"true\", 1, \"database\"."),
                                 &actions)
                }
            default:
                if parameter.name.hasPrefix("_pq_.") {
                    unrecognizedOptions.append(parameter.name)
                } else {
                    settings.append(parameter)
                }
            }
        }
        if startup.minorVersion > 0 || !unrecognizedOptions.isEmpty {
            actions.append(.send(.negotiateProtocolVersion(NegotiateProtocolVersion(
                unrecognizedOptions: unrecognizedOptions))))
        }
        guard !user.isEmpty else {
            return fatal(DatabaseError(.invalidAuthorizationSpecification,
                                       "no PostgreSQL user name specified in startup packet"), &actions)
        }
        if database.isEmpty { database = user }
        user = Self.truncatedIdentifier(user)
        database = Self.truncatedIdentifier(database)
        switch configuration.admission {
        case .accepted: break
        case .tooManyConnections:
            return fatal(DatabaseError(.tooManyConnections, "sorry, too many clients already"), &actions)
        case .shuttingDown:
            return fatal(DatabaseError(.cannotConnectNow, "the database system is shutting down"), &actions)
        }
        for index in settings.indices where settings[index].name.lowercased() == "client_encoding" {
            do throws(DatabaseError) { settings[index].value = try ClientEncoding.normalize(settings[index].value) } catch {
                settingsError = settingsError ?? error
            }
        }
        let login = Login(user: user, database: database, settings: settings, settingsError: settingsError)
        phase = .lookingUpPolicy(login)
        actions.append(.perform(.lookUpPolicy(user: user, database: database, origin: origin)))
    }

    var origin: ConnectionOrigin {
        ConnectionOrigin(clientAddress: configuration.clientAddress, usesTLS: usesTLS)
    }

    static func unsupportedProtocol(_ version: Int32) -> DatabaseError {
        let bits = UInt32(bitPattern: version)
        return DatabaseError(.featureNotSupported,
                             "unsupported frontend protocol \(bits >> 16).\(bits & 0xFFFF): server supports 3.0 to 3.0")
    }

    /// Cuts a name to 63 bytes without splitting a character, as PostgreSQL's pg_mbcliplen.
    static func truncatedIdentifier(_ name: String) -> String {
        guard name.utf8.count > maximumIdentifierByteCount else { return name }
        var result = String.UnicodeScalarView()
        var byteCount = 0
        for scalar in name.unicodeScalars {
            let size = String(scalar).utf8.count
            if byteCount + size > maximumIdentifierByteCount { break }
            result.append(scalar)
            byteCount += size
        }
        return String(result)
    }
}
