// Hostile input: random bytes and mutated valid streams through the decoder in both modes,
// then the decoded messages through a connection. Nothing may trap; every failure must be a
// DatabaseError. Bounded in time, with a seed printed on failure (HELIOS_SEED replays it).

import HeliosCore
import HeliosTesting
import HeliosWire
import NIOCore
import Testing

@Test func decoderNeverTrapsOnRandomOrMutatedInput() throws {
    let seed = TestSeed.current
    var random = SeededRandom(seed: seed)
    let valid = encoded(sampleFrontendMessages)
    var startupValid = ByteBuffer()
    FrontendMessage.sslRequest(SSLRequest()).encode(into: &startupValid)
    FrontendMessage.startup(user: "alice", [("database", "shop"), ("options", "-c a=b")]).encode(into: &startupValid)
    startupValid.writeImmutableBuffer(valid)
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(2)
    var iterations = 0
    var decodedCount = 0
    while clock.now < deadline {
        iterations += 1
        var bytes: [UInt8]
        let mode: FrontendMessageDecoder.Mode = random.chance(0.5) ? .regular : .startup
        let base = mode == .regular ? Array(valid.readableBytesView) : Array(startupValid.readableBytesView)
        if random.chance(0.3) {
            bytes = random.bytes(random.below(300))
        } else {
            bytes = base
            for _ in 0..<(1 + random.below(6)) {
                let position = random.below(bytes.count)
                switch random.below(4) {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
                default: bytes = Array(bytes.prefix(position))
                }
                if bytes.isEmpty { break }
            }
        }
        let chunk = random.chance(0.5) ? 1 + random.below(16) : 0
        do {
            decodedCount += try decodeFrontend(ByteBuffer(bytes: bytes), mode: mode, chunkSize: chunk).count
        } catch is DatabaseError {
            // a framing error: the connection would end with FATAL 08P01
        } catch {
            Issue.record("seed \(seed): a non-DatabaseError escaped the decoder: \(error)")
        }
    }
    #expect(iterations > 100, "seed \(seed)")
    #expect(decodedCount > 0, "seed \(seed)")
}

@Test func connectionNeverTrapsOnRandomMessageSequences() async throws {
    let seed = TestSeed.current
    var random = SeededRandom(seed: seed)
    let vocabulary = ["SELECT 1", "SERIES 5", "SELECT boom", "BEGIN", "COMMIT", "COPY t FROM STDIN", "COPY t TO STDOUT",
                      "", "SELECT $1", "FAIL 22012 division by zero", "ROLLBACK", "SET application_name = 'x'"]
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(2)
    var sessions = 0
    while clock.now < deadline {
        sessions += 1
        var harness = await MachineHarness.openSession()
        for _ in 0..<40 {
            let query = vocabulary[random.below(vocabulary.count)]
            let name = ["", "a", "b"][random.below(3)]
            let message: FrontendMessage
            switch random.below(13) {
            case 0: message = .simple(query)
            case 1: message = .parse(name, query, random.chance(0.5) ? [] : [23])
            case 2: message = .bind(name, name, random.chance(0.5) ? [] : ["7"], formats: random.chance(0.2) ? [5] : [],
                                    resultFormats: random.chance(0.3) ? [1] : [])
            case 3: message = .describeStatement(name)
            case 4: message = .describePortal(name)
            case 5: message = .execute(name, Int32(random.below(4)))
            case 6: message = .sync
            case 7: message = .flush
            case 8: message = .copy(random.chance(0.5) ? "1\tx\n2" : "bad\n")
            case 9: message = random.chance(0.5) ? .copyDone : .copyFail(CopyFailMessage(reason: "no"))
            case 10: message = .close(CloseMessage(random.chance(0.5) ? .statement(name) : .portal(name)))
            case 11:
                let bytes = random.bytes(random.below(20))
                message = FrontendMessage.decode(typeCode: [UInt8(ascii: "B"), UInt8(ascii: "P"), UInt8(ascii: "Q"),
                                                            UInt8(ascii: "E")][random.below(4)],
                                                 body: ByteBuffer(bytes: bytes))
            default: message = .functionCall(FunctionCallMessage(functionOID: 1))
            }
            await harness.send(message)
            if harness.isClosed { break }
        }
        if !harness.isClosed {
            await harness.send(.copyDone)  // ends a COPY left open, else ignored
            await harness.send(.sync)
            #expect(harness.sent.last.map(MachineHarness.name)?.hasPrefix("Z(") == true, "seed \(seed)")
        }
    }
    #expect(sessions > 5, "seed \(seed)")
}
