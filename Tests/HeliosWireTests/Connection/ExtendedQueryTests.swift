// The extended protocol as real clients send it (CLIENTS.md §1.5): asyncpg's Parse/Describe/
// Flush, pgbench's and pgjdbc's batches, row limits and PortalSuspended, errors skipping to
// Sync, statement and portal lifetimes, format checks.

import HeliosCore
import HeliosWire
import NIOCore
import Testing

@Test func asyncpgDescribesWithFlushThenBindsAndExecutes() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.parse("__asyncpg_stmt_1__", "SELECT $1"), .describeStatement("__asyncpg_stmt_1__"), .flush])
    #expect(harness.sentNames == ["1", "t(25)", "T(?column?)"])
    #expect(harness.flushCount == 1)  // answered without waiting for Sync
    harness.clearSent()
    await harness.sendPipelined([.bind("", "__asyncpg_stmt_1__", ["hello"], formats: [0], resultFormats: [1]),
                                 .execute("", 0), .sync])
    #expect(harness.sentNames == ["2", "D(hello)", "C(SELECT 1)", "Z(I)"])
}

@Test func asyncpgFetchrowGetsPortalSuspended() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.parse("s", "SERIES 3"), .bind("", "s"), .execute("", 1), .sync])
    #expect(harness.sentNames == ["1", "2", "D(1)", "s", "Z(I)"])
}

@Test func pgbenchExtendedSendsParseBindDescribeExecuteSync() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.parse("", "SELECT $1"), .bind("", "", ["42"], resultFormats: [0]), .describePortal(""),
                                 .execute("", 0), .sync])
    #expect(harness.sentNames == ["1", "2", "T(?column?)", "D(42)", "C(SELECT 1)", "Z(I)"])
}

@Test func pgjdbcPreparedExecutesWithoutDescribeAndBinaryResults() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.parse("S_1", "SERIES 2", [23]), .sync])
    harness.clearSent()
    await harness.sendPipelined([.bind("", "S_1", resultFormats: [1]), .execute("", 0), .sync])
    #expect(harness.sentNames.first == "2" && harness.sentNames.last == "Z(I)")
    // No RowDescription without Describe; values in binary int4.
    #expect(harness.sent[1] == .dataRow(DataRow(values: [ByteBuffer(bytes: [0, 0, 0, 1])])))
    #expect(harness.sent[3] == .commandComplete(CommandComplete(tag: "SELECT 2")))
}

@Test func rowLimitsSuspendAndLaterExecutesContinue() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.parse("", "SERIES 5"), .bind("c1", ""), .execute("c1", 2), .execute("c1", 2),
                                 .execute("c1", 2), .sync])
    #expect(harness.sentNames == ["1", "2", "D(1)", "D(2)", "s", "D(3)", "D(4)", "s", "D(5)", "C(SELECT 1)", "Z(I)"])
}

@Test func exactlyTheLimitSuspendsWithoutLookingAhead() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.parse("", "SERIES 2"), .bind("p", ""), .execute("p", 2), .execute("p", 2), .sync])
    #expect(harness.sentNames == ["1", "2", "D(1)", "D(2)", "s", "C(SELECT 0)", "Z(I)"])
}

@Test func severalPortalsStayOpenTogether() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.simple("BEGIN"), .parse("", "SERIES 4"), .bind("C_1", ""), .bind("C_2", ""),
                                 .execute("C_1", 2), .execute("C_2", 3), .execute("C_1", 2), .close(CloseMessage(.portal("C_1"))),
                                 .sync])
    #expect(harness.sentNames == ["C(BEGIN)", "Z(T)", "1", "2", "2", "D(1)", "D(2)", "s", "D(1)", "D(2)", "D(3)", "s",
                                  "D(3)", "D(4)", "s", "3", "Z(T)"])
}

@Test func afterAnErrorEverythingUpToSyncIsSkipped() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.parse("", "SELECT boom"), .bind("", ""), .describePortal(""), .execute("", 0), .flush,
                                 .simple("SELECT 1"), .sync, .parse("", "SELECT 1"), .bind("", ""), .execute("", 0), .sync])
    #expect(harness.sentNames == ["E(42703)", "Z(I)", "1", "2", "D(1)", "C(SELECT 1)", "Z(I)"])
    #expect(harness.backend.log.all.contains("sync true"))
    #expect(!harness.backend.log.all.contains("query SELECT 1"))
}

@Test func errorsInsideAPipelinedTransactionFailTheBlock() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.simple("BEGIN"), .parse("", "SELECT $1"), .bind("", "", ["1"]), .execute("", 0),
                                 .bind("", "", ["1"], formats: [7]), .execute("", 0), .sync])
    #expect(harness.sentNames == ["C(BEGIN)", "Z(T)", "1", "2", "D(1)", "C(SELECT 1)", "E(22023)", "Z(E)"])
    #expect(harness.sent[6].errorFields?.message == "unsupported format code: 7")
}

@Test func describeStatementReportsTextFormatsAndNoData() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.parse("a", "INSERT INTO t VALUES ($1, $2)", [23]), .describeStatement("a"),
                                 .parse("b", "SERIES 1"), .describeStatement("b"), .sync])
    #expect(harness.sentNames == ["1", "t(23,25)", "n", "1", "t()", "T(n)", "Z(I)"])
    harness.clearSent()
    await harness.sendPipelined([.bind("p", "b", resultFormats: [1]), .describePortal("p"), .sync])
    guard case .rowDescription(let description) = harness.sent[1] else {
        Issue.record("no RowDescription: \(harness.sentNames)")
        return
    }
    #expect(description.columns.map(\.format) == [.binary])
}

@Test func unnamedStatementsAndPortalsAreReplacedNamedOnesAreNot() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.parse("", "SELECT 1"), .parse("", "SELECT 2"), .bind("", ""), .execute(""),
                                 .parse("n", "SELECT 3"), .parse("n", "SELECT 4"), .sync])
    #expect(harness.sentNames == ["1", "1", "2", "D(2)", "C(SELECT 1)", "1", "E(42P05)", "Z(I)"])
}

@Test func unknownStatementsAndPortalsGetTheirSQLStates() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.bind("", "nope"), .sync, .execute("nope"), .sync, .describePortal("nope"), .sync,
                                 .describeStatement("nope"), .sync])
    #expect(harness.sentNames == ["E(26000)", "Z(I)", "E(34000)", "Z(I)", "E(34000)", "Z(I)", "E(26000)", "Z(I)"])
}

@Test func closeAnswersCloseCompleteEvenForUnknownNames() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.parse("s", "SELECT 1"), .close(CloseMessage(.statement("s"))),
                                 .close(CloseMessage(.portal("never"))), .bind("", "s"), .sync])
    #expect(harness.sentNames == ["1", "3", "3", "E(26000)", "Z(I)"])
}

@Test func bindFormatCountsAreChecked() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.parse("", "SELECT $1, $2"), .bind("", "", ["1", "2"], formats: [0, 0, 0]), .sync,
                                 .bind("", "", ["1"]), .sync, .bind("", "", ["1", "2"], resultFormats: [0, 1, 0]), .sync])
    #expect(harness.sentNames == ["1", "E(08P01)", "Z(I)", "E(08P01)", "Z(I)", "E(08P01)", "Z(I)"])
    #expect(harness.sent[1].errorFields?.message == "bind message has 3 parameter formats but 2 parameters")
}

@Test func emptyStatementsExecuteToEmptyQueryResponse() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.parse("", ""), .bind("", ""), .describePortal(""), .execute(""), .sync])
    #expect(harness.sentNames == ["1", "2", "n", "I", "Z(I)"])
}

@Test func multipleCommandsCannotBePrepared() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.parse("", "SELECT 1; SELECT 2"), .sync])
    #expect(harness.sentNames == ["E(42601)", "Z(I)"])
}

@Test func syncAloneAnswersReadyForQuery() async {
    var harness = await MachineHarness.openSession()
    await harness.send([.sync, .sync])
    #expect(harness.sentNames == ["Z(I)", "Z(I)"])
}

@Test func malformedExtendedMessagesSkipToSync() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([
        .malformed(typeCode: UInt8(ascii: "B"), error: DatabaseError(.protocolViolation, "insufficient data left in message")),
        .execute(""), .sync])
    #expect(harness.sentNames == ["E(08P01)", "Z(I)"])
}
