// Drives a ConnectionStateMachine without a socket: performs its requests on a real
// SessionDriver over the FakeBackend (or answers them by hand), and collects what it sends as
// BackendMessages, rows and COPY data expanded into one message each.

import HeliosCore
import HeliosWire
import NIOCore

/// A connection under test, minus the network.
struct MachineHarness {
    var machine: ConnectionStateMachine
    let driver: SessionDriver
    let backend: FakeBackend
    private(set) var sent: [BackendMessage] = []
    private(set) var negotiationBytes: [UInt8] = []
    private(set) var isClosed = false
    private(set) var tlsStarted = false
    private(set) var cancels: [(processID: Int32, secretKey: Int32)] = []
    private(set) var requests: [ConnectionStateMachine.BackendRequest] = []
    private(set) var flushCount = 0
    private(set) var events: [ConnectionStateMachine.ConnectionEvent] = []

    static let testConfiguration = ConnectionStateMachine.Configuration(
        tlsAvailable: false, admission: .accepted, processID: 4242, secretKey: 777, clientAddress: "127.0.0.1",
        md5Salt: [1, 2, 3, 4], scramServerNonce: "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
        mockSaltSecret: Array("mock".utf8), rowBudget: 3)

    init(configuration: ConnectionStateMachine.Configuration = MachineHarness.testConfiguration,
         authenticator: any Authenticator = StaticAuthenticator.trustEveryone, backend: FakeBackend = FakeBackend()) {
        machine = ConnectionStateMachine(configuration: configuration)
        self.backend = backend
        driver = SessionDriver(backend: backend, authenticator: authenticator)
    }

    /// Sends one message and runs every request it leads to.
    mutating func send(_ message: FrontendMessage) async {
        await run(machine.receive(message))
    }

    mutating func send(_ messages: [FrontendMessage]) async {
        for message in messages { await send(message) }
    }

    /// Sends messages without performing requests, then performs them all (pipelining).
    mutating func sendPipelined(_ messages: [FrontendMessage]) async {
        var actions: [ConnectionStateMachine.Action] = []
        for message in messages { actions += machine.receive(message) }
        await run(actions)
    }

    /// A session opened with trust, past ReadyForQuery; what was sent is cleared.
    static func openSession(user: String = "alice", parameters: [StartupParameter] = [],
                            backend: FakeBackend = FakeBackend()) async -> MachineHarness {
        var harness = MachineHarness(backend: backend)
        await harness.send(.startup(StartupMessage(parameters: [StartupParameter(name: "user", value: user)] + parameters)))
        precondition(harness.machine.isSessionOpen, "the session did not open: \(harness.sent)")
        harness.clearSent()
        return harness
    }

    mutating func clearSent() {
        sent = []
        negotiationBytes = []
        requests = []
        flushCount = 0
    }

    /// Messages sent since the last clear, as compact names for readable expectations.
    var sentNames: [String] { sent.map(Self.name) }

    mutating func run(_ initial: [ConnectionStateMachine.Action]) async {
        var work = initial
        while !work.isEmpty {
            let action = work.removeFirst()
            switch action {
            case .send(let message): sent.append(message)
            case .sendRows(let batch):
                for row in batch.rows {
                    sent.append(.dataRow(DataRow(values: row.map { $0.map { ByteBuffer(bytes: $0) } })))
                }
            case .sendCopyData(let batch):
                for chunk in batch.chunks { sent.append(.copyData(CopyData(data: ByteBuffer(bytes: chunk)))) }
            case .sendNegotiationByte(let byte): negotiationBytes.append(byte)
            case .startTLS: tlsStarted = true
            case .flush: flushCount += 1
            case .perform(let request):
                requests.append(request)
                let response = await driver.perform(request)
                work = machine.respond(response) + work
            case .cancelSession(let processID, let secretKey): cancels.append((processID, secretKey))
            case .close: isClosed = true
            case .log(let event): events.append(event)
            }
        }
    }

    /// A readable name for a message: "T", "D(1)", "C(SELECT 1)", "E(42703)", "Z(I)".
    static func name(_ message: BackendMessage) -> String {
        switch message {
        case .authenticationOk: "R(ok)"
        case .authenticationCleartextPassword: "R(password)"
        case .authenticationMD5Password: "R(md5)"
        case .authenticationSASL: "R(sasl)"
        case .authenticationSASLContinue: "R(continue)"
        case .authenticationSASLFinal: "R(final)"
        case .backendKeyData: "K"
        case .parameterStatus(let status): "S(\(status.name))"
        case .readyForQuery(let ready): "Z(\(Character(UnicodeScalar(ready.status.rawValue))))"
        case .rowDescription(let description): "T(\(description.columns.map(\.name).joined(separator: ",")))"
        case .dataRow(let row): "D(\(row.textValues.map { $0 ?? "NULL" }.joined(separator: ",")))"
        case .commandComplete(let complete): "C(\(complete.tag))"
        case .emptyQueryResponse: "I"
        case .errorResponse(let error): "E(\(error.fields.sqlState ?? "?"))"
        case .noticeResponse(let notice): "N(\(notice.fields.sqlState ?? "?"))"
        case .parseComplete: "1"
        case .bindComplete: "2"
        case .closeComplete: "3"
        case .noData: "n"
        case .parameterDescription(let description): "t(\(description.typeOIDs.map(String.init).joined(separator: ",")))"
        case .portalSuspended: "s"
        case .copyInResponse: "G"
        case .copyOutResponse: "H"
        case .copyData(let data): "d(\(String(decoding: data.data.readableBytesView, as: UTF8.self)))"
        case .copyDone: "c"
        case .negotiateProtocolVersion: "v"
        }
    }
}

extension FrontendMessage {
    static func parse(_ name: String, _ query: String, _ types: [UInt32] = []) -> FrontendMessage {
        .parse(ParseMessage(statementName: name, query: query, parameterTypeOIDs: types))
    }

    static func bind(_ portal: String, _ statement: String, _ values: [String?] = [], formats: [Int16] = [],
                     resultFormats: [Int16] = []) -> FrontendMessage {
        .bind(BindMessage(portalName: portal, statementName: statement, parameterFormatCodes: formats,
                          parameterValues: values.map { $0.map { ByteBuffer(string: $0) } },
                          resultFormatCodes: resultFormats))
    }

    static func describeStatement(_ name: String) -> FrontendMessage { .describe(DescribeMessage(.statement(name))) }
    static func describePortal(_ name: String) -> FrontendMessage { .describe(DescribeMessage(.portal(name))) }
    static func execute(_ portal: String, _ maxRows: Int32 = 0) -> FrontendMessage {
        .execute(ExecuteMessage(portalName: portal, maxRows: maxRows))
    }
    static func simple(_ text: String) -> FrontendMessage { .query(QueryMessage(text: text)) }
    static func copy(_ text: String) -> FrontendMessage { .copyData(CopyData(data: ByteBuffer(string: text))) }
    static func password(_ text: String) -> FrontendMessage {
        var body = ByteBuffer()
        body.writeString(text)
        body.writeInteger(UInt8(0))
        return .authenticationResponse(body)
    }
    static func startup(user: String, _ extra: [(String, String)] = []) -> FrontendMessage {
        .startup(StartupMessage(parameters: [StartupParameter(name: "user", value: user)]
            + extra.map { StartupParameter(name: $0.0, value: $0.1) }))
    }
}

extension BackendMessage {
    var errorFields: DiagnosticFields? {
        if case .errorResponse(let error) = self { return error.fields }
        return nil
    }
}
