// Simple query cycles as PostgreSQL runs them: several statements per message, empty queries,
// errors ending the message, transaction status, notices, changed settings, streaming.

import HeliosCore
import HeliosWire
import Testing

@Test func selectOneAnswersRowDescriptionRowCompleteReady() async {
    var harness = await MachineHarness.openSession()
    await harness.send(.simple("SELECT 1"))
    #expect(harness.sentNames == ["T(?column?)", "D(1)", "C(SELECT 1)", "Z(I)"])
    guard case .rowDescription(let description) = harness.sent[0] else { return }
    #expect(description.columns == [ColumnDescription(name: "?column?", typeOID: 23, typeSize: 4)])
    #expect(harness.backend.log.all.suffix(2) == ["query SELECT 1", "sync false"])
}

@Test func severalStatementsGetOneReadyForQuery() async {
    var harness = await MachineHarness.openSession()
    await harness.send(.simple("SELECT pg_advisory_unlock_all(); SELECT 2;SELECT 'x'"))
    // The fake does not know the first statement: an error ends the message.
    #expect(harness.sentNames == ["E(42601)", "Z(I)"])
    harness.clearSent()
    await harness.send(.simple("SELECT 1; SELECT 2; SELECT 'x';"))
    #expect(harness.sentNames == ["T(?column?)", "D(1)", "C(SELECT 1)", "T(?column?)", "D(2)", "C(SELECT 1)",
                                  "T(?column?)", "D(x)", "C(SELECT 1)", "Z(I)"])
}

@Test func anErrorSkipsTheRestOfTheMessage() async {
    var harness = await MachineHarness.openSession()
    await harness.send(.simple("SELECT 1; SELECT boom; SELECT 2"))
    #expect(harness.sentNames == ["T(?column?)", "D(1)", "C(SELECT 1)", "E(42703)", "Z(I)"])
    let error = harness.sent[3].errorFields!
    #expect(error.severity == "ERROR" && error.message == "column \"boom\" does not exist" && error["P"] == "8")
    #expect(harness.backend.log.all.last == "sync true")
}

@Test func aCommitThatFailsAtSyncIsReportedBeforeReadyForQuery() async {
    var harness = await MachineHarness.openSession()
    harness.backend.failNextCommit.withLock { $0 = DatabaseError(.ioError, "could not fsync file \"wal\": Input/output error") }
    await harness.send(.simple("SELECT 1"))
    #expect(harness.sentNames == ["T(?column?)", "D(1)", "C(SELECT 1)", "E(58030)", "Z(I)"])
}

@Test func emptyAndCommentOnlyQueriesGetEmptyQueryResponse() async {
    var harness = await MachineHarness.openSession()
    for text in ["", "   ", "-- ping", ";"] {
        harness.clearSent()
        await harness.send(.simple(text))
        #expect(harness.sentNames == ["I", "Z(I)"], "\(text)")
    }
}

@Test func readyForQueryCarriesTheTransactionStatus() async {
    var harness = await MachineHarness.openSession()
    await harness.send(.simple("BEGIN"))
    #expect(harness.sentNames == ["C(BEGIN)", "Z(T)"])
    harness.clearSent()
    await harness.send(.simple("SELECT boom"))
    #expect(harness.sentNames == ["E(42703)", "Z(E)"])
    harness.clearSent()
    await harness.send(.simple("SELECT 1"))
    #expect(harness.sentNames == ["E(25P02)", "Z(E)"])
    harness.clearSent()
    await harness.send(.simple("COMMIT"))
    #expect(harness.sentNames == ["C(ROLLBACK)", "Z(I)"])
    #expect(harness.machine.transactionStatus == .idle)
}

@Test func noticesAndChangedSettingsComeInPostgreSQLsOrder() async {
    var harness = await MachineHarness.openSession()
    await harness.send(.simple("DROP TABLE IF EXISTS t; SET application_name = 'worker'"))
    #expect(harness.sentNames == ["N(00000)", "C(DROP TABLE)", "C(SET)", "S(application_name)", "Z(I)"])
    #expect(harness.sent[3] == .parameterStatus(ParameterStatus(name: "application_name", value: "worker")))
    harness.clearSent()
    await harness.send([.simple("BEGIN"), .simple("BEGIN")])
    #expect(harness.sentNames == ["C(BEGIN)", "Z(T)", "N(25001)", "C(BEGIN)", "Z(T)"])
}

@Test func largeResultsStreamInStepsOfTheRowBudget() async {
    var harness = await MachineHarness.openSession()
    await harness.send(.simple("SERIES 10"))
    #expect(harness.sentNames == ["T(n)"] + (1...10).map { "D(\($0))" } + ["C(SELECT 10)", "Z(I)"])
    // Row budget 3: the engine was asked four times, and each partial step was flushed.
    #expect(harness.requests.filter { if case .nextStep = $0 { true } else { false } }.count == 3)
    #expect(harness.flushCount >= 4)
}

@Test func functionCallIsRefusedWithReadyForQuery() async {
    var harness = await MachineHarness.openSession()
    await harness.send(.functionCall(FunctionCallMessage(functionOID: 1598)))
    #expect(harness.sentNames == ["E(0A000)", "Z(I)"])
}

@Test func malformedQueryIsAnErrorThenReadyForQuery() async {
    var harness = await MachineHarness.openSession()
    await harness.send(.malformed(typeCode: UInt8(ascii: "Q"), error: DatabaseError(.protocolViolation, "invalid string in message")))
    #expect(harness.sentNames == ["E(08P01)", "Z(I)"])
    #expect(harness.machine.isSessionOpen)
    // A password message after authentication is not a message type a session knows.
    await harness.send(.password("x"))
    #expect(harness.sent.last?.errorFields?.message == "invalid frontend message type 112")
    #expect(harness.isClosed)
}

@Test func terminateClosesTheConnection() async {
    var harness = await MachineHarness.openSession()
    await harness.send(.terminate)
    #expect(harness.isClosed && harness.sent.isEmpty)
}
