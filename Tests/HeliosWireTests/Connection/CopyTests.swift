// COPY through the connection: FROM STDIN with chunks that split rows anywhere, CopyDone,
// CopyFail, bad rows and protocol violations mid-COPY; TO STDOUT; COPY in the extended protocol.

import HeliosCore
import HeliosWire
import Testing

@Test func copyFromStdinTakesChunksThatSplitRowsAnywhere() async {
    var harness = await MachineHarness.openSession()
    await harness.send(.simple("COPY t FROM STDIN"))
    #expect(harness.sentNames == ["G"])
    await harness.send([.copy("1\tone\n2\t"), .copy("tw"), .copy("o\n3\tthree\n\\.\n"), .flush, .sync, .copyDone])
    #expect(harness.sentNames == ["G", "C(COPY 3)", "Z(I)"])
    #expect(harness.backend.tables.withLock { $0["t"] } == ["1\tone", "2\ttwo", "3\tthree"])
}

@Test func pipelinedCopyDataIsJoinedBeforeTheEngineSeesIt() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.simple("COPY t FROM STDIN")] + (1...100).map { .copy("\($0)\tx\n") } + [.copyDone])
    #expect(harness.sentNames == ["G", "C(COPY 100)", "Z(I)"])
    let chunks = harness.backend.log.all.filter { $0.hasPrefix("copy data") }
    #expect(chunks.count < 5)
}

@Test func copyFailEndsTheCopyWith57014() async {
    var harness = await MachineHarness.openSession()
    await harness.send([.simple("COPY t FROM STDIN"), .copy("1\tx\n"), .copyFail(CopyFailMessage(reason: "user aborted"))])
    #expect(harness.sentNames == ["G", "E(57014)", "Z(I)"])
    #expect(harness.sent[1].errorFields?.message == "COPY from stdin failed: user aborted")
    #expect(harness.backend.log.all.contains("copy fail user aborted"))
    #expect(harness.backend.log.all.contains("sync true"))
}

@Test func aBadRowFailsTheCopyAndTheRestOfTheDataIsIgnored() async {
    var harness = await MachineHarness.openSession()
    await harness.send([.simple("COPY t FROM STDIN"), .copy("1\tx\nbad\n"), .copy("3\ty\n"), .copyDone, .simple("SELECT 1")])
    #expect(harness.sentNames == ["G", "E(22P02)", "Z(I)", "T(?column?)", "D(1)", "C(SELECT 1)", "Z(I)"])
}

@Test func otherMessagesDuringCopyBreakTheConnectionAsInPostgreSQL() async {
    var harness = await MachineHarness.openSession()
    await harness.send([.simple("COPY t FROM STDIN"), .simple("SELECT 1")])
    #expect(harness.sentNames == ["G", "E(08P01)", "E(08P01)"])
    #expect(harness.sent[1].errorFields?.message == "unexpected message type 0x51 during COPY from stdin")
    #expect(harness.sent[1].errorFields?.severity == "ERROR")
    #expect(harness.sent[2].errorFields?.message == "terminating connection because protocol synchronization was lost")
    #expect(harness.sent[2].errorFields?.severity == "FATAL")
    #expect(harness.isClosed)
    #expect(harness.backend.log.all.last == "copy fail unexpected message type 0x51 during COPY from stdin")
}

@Test func copyToStdoutSendsOneCopyDataPerRowThenCopyDone() async {
    var harness = await MachineHarness.openSession()
    await harness.send(.simple("COPY t TO STDOUT"))
    #expect(harness.sentNames == ["H", "d(1\tone\n)", "d(2\ttwo\n)", "c", "C(COPY 2)", "Z(I)"])
}

@Test func copyWorksInTheExtendedProtocol() async {
    var harness = await MachineHarness.openSession()
    await harness.sendPipelined([.parse("", "COPY e FROM STDIN"), .bind("", ""), .execute("")])
    #expect(harness.sentNames == ["1", "2", "G"])
    await harness.send([.copy("a\tb\n"), .copyDone, .sync])
    #expect(harness.sentNames == ["1", "2", "G", "C(COPY 1)", "Z(I)"])
}

@Test func copyThenMoreStatementsInOneQuery() async {
    var harness = await MachineHarness.openSession()
    await harness.send([.simple("COPY t FROM STDIN; SELECT 2"), .copy("9\tz\n"), .copyDone])
    #expect(harness.sentNames == ["G", "C(COPY 1)", "T(?column?)", "D(2)", "C(SELECT 1)", "Z(I)"])
}
