// The frontend decoder: every message fed whole, byte by byte, and several in one buffer;
// startup packets and the switch to regular messages; framing errors (thrown) and malformed
// bodies (decoded as .malformed with PostgreSQL's error).

import HeliosCore
import HeliosWire
import NIOCore
import Testing

/// Decodes `bytes` fed in pieces of `chunkSize` (0: all at once).
func decodeFrontend(_ bytes: ByteBuffer, mode: FrontendMessageDecoder.Mode = .regular,
                    chunkSize: Int = 0) throws -> [FrontendMessage] {
    let processor = NIOSingleStepByteToMessageProcessor(FrontendMessageDecoder(mode: mode))
    var messages: [FrontendMessage] = []
    var input = bytes
    let size = chunkSize == 0 ? max(1, input.readableBytes) : chunkSize
    while input.readableBytes > 0 {
        let piece = input.readSlice(length: min(size, input.readableBytes))!
        try processor.process(buffer: piece) { messages.append($0) }
    }
    return messages
}

func encoded(_ messages: [FrontendMessage]) -> ByteBuffer {
    var buffer = ByteBuffer()
    for message in messages { message.encode(into: &buffer) }
    return buffer
}

/// One of every regular frontend message, with non-trivial contents.
let sampleFrontendMessages: [FrontendMessage] = [
    .query(QueryMessage(text: "SELECT 1; SELECT 'héllo'")),
    .parse(ParseMessage(statementName: "s1", query: "SELECT $1::int + $2", parameterTypeOIDs: [23, 0])),
    .bind(BindMessage(portalName: "p", statementName: "s1", parameterFormatCodes: [1, 0],
                      parameterValues: [ByteBuffer(bytes: [0, 0, 0, 7]), nil], resultFormatCodes: [1])),
    .describe(DescribeMessage(.statement("s1"))),
    .describe(DescribeMessage(.portal(""))),
    .execute(ExecuteMessage(portalName: "p", maxRows: 10)),
    .close(CloseMessage(.portal("p"))),
    .close(CloseMessage(.statement("s1"))),
    .sync, .flush,
    .copyData(CopyData(data: ByteBuffer(string: "1\tone\n2\t"))),
    .copyDone,
    .copyFail(CopyFailMessage(reason: "client gave up")),
    .functionCall(FunctionCallMessage(functionOID: 1598, argumentFormatCodes: [0], arguments: [ByteBuffer(string: "x"), nil],
                                      resultFormatCode: 1)),
    .authenticationResponse(ByteBuffer(string: "secret\0")),
    .terminate,
]

@Test func everyFrontendMessageDecodesWholeByteByByteAndBatched() throws {
    for message in sampleFrontendMessages {
        let bytes = encoded([message])
        #expect(try decodeFrontend(bytes) == [message])
        #expect(try decodeFrontend(bytes, chunkSize: 1) == [message])
    }
    let all = encoded(sampleFrontendMessages)
    #expect(try decodeFrontend(all) == sampleFrontendMessages)
    #expect(try decodeFrontend(all, chunkSize: 1) == sampleFrontendMessages)
    #expect(try decodeFrontend(all, chunkSize: 7) == sampleFrontendMessages)
}

@Test func startupPacketsDecodeThenRegularMessagesFollow() throws {
    let startup = StartupMessage(parameters: [StartupParameter(name: "user", value: "alice"),
                                              StartupParameter(name: "database", value: "shop"),
                                              StartupParameter(name: "application_name", value: "psql")])
    let sequence: [FrontendMessage] = [.gssEncryptionRequest, .sslRequest(SSLRequest()), .startup(startup),
                                       .query(QueryMessage(text: "SELECT 1")), .terminate]
    let bytes = encoded(sequence)
    for chunkSize in [0, 1, 5] {
        var decoded = try decodeFrontend(bytes, mode: .startup, chunkSize: chunkSize)
        // Fed at once, the SSLRequest sees the bytes after it.
        if case .sslRequest = decoded[1] { decoded[1] = .sslRequest(SSLRequest()) }
        #expect(decoded == sequence)
    }
}

@Test func sslRequestReportsDataBehindIt() throws {
    let alone = try decodeFrontend(encoded([.sslRequest(SSLRequest())]), mode: .startup)
    #expect(alone == [.sslRequest(SSLRequest(isFollowedByData: false))])
    let followed = try decodeFrontend(encoded([.sslRequest(SSLRequest()), .startup(user: "x")]), mode: .startup)
    #expect(followed.first == .sslRequest(SSLRequest(isFollowedByData: true)))
}

@Test func cancelRequestDecodesAndTheRestIsDiscarded() throws {
    let bytes = encoded([.cancelRequest(CancelRequest(processID: 4242, secretKey: -5)), .query(QueryMessage(text: "x"))])
    #expect(try decodeFrontend(bytes, mode: .startup) == [.cancelRequest(CancelRequest(processID: 4242, secretKey: -5))])
}

@Test func unsupportedProtocolVersionDecodesWithoutParameters() throws {
    var bytes = ByteBuffer()
    bytes.writeInteger(Int32(16), endianness: .big)
    bytes.writeInteger(Int32(2 << 16), endianness: .big)
    bytes.writeBytes([1, 2, 3, 4, 5, 6, 7, 8])
    let decoded = try decodeFrontend(bytes, mode: .startup)
    #expect(decoded == [.startup(StartupMessage(protocolVersion: 2 << 16, parameters: []))])
}

@Test func startupPacketsWithBadLengthsAreRefused() throws {
    for length: Int32 in [0, 4, 7, 10_001, Int32.max, -1] {
        var bytes = ByteBuffer()
        bytes.writeInteger(length, endianness: .big)
        bytes.writeInteger(StartupMessage.protocolVersion3, endianness: .big)
        #expect(throws: DatabaseError(.protocolViolation, "invalid length of startup packet")) {
            _ = try decodeFrontend(bytes, mode: .startup)
        }
    }
    var sslTooLong = ByteBuffer()
    sslTooLong.writeInteger(Int32(12), endianness: .big)
    sslTooLong.writeInteger(SSLRequest.code, endianness: .big)
    sslTooLong.writeInteger(Int32(0), endianness: .big)
    #expect(throws: DatabaseError.self) { _ = try decodeFrontend(sslTooLong, mode: .startup) }
}

@Test func startupLayoutIsCheckedAsPostgreSQLDoes() throws {
    var bytes = ByteBuffer()
    bytes.writeInteger(Int32(8 + 10), endianness: .big)
    bytes.writeInteger(StartupMessage.protocolVersion3, endianness: .big)
    bytes.writeString("user\0alice")  // no value terminator, no final NUL
    #expect(throws: DatabaseError(.protocolViolation, "invalid startup packet layout: expected terminator as last byte")) {
        _ = try decodeFrontend(bytes, mode: .startup)
    }
    // A name without a value ends the list; the packet must then end right there.
    var dangling = ByteBuffer()
    dangling.writeInteger(Int32(8 + 5), endianness: .big)
    dangling.writeInteger(StartupMessage.protocolVersion3, endianness: .big)
    dangling.writeString("user\0")
    #expect(throws: DatabaseError.self) { _ = try decodeFrontend(dangling, mode: .startup) }
}

@Test func oversizedAndUnknownMessagesAreRefusedFromTheHeader() throws {
    // A Query claiming 2 GiB is refused before its body arrives.
    var huge = ByteBuffer()
    huge.writeInteger(UInt8(ascii: "Q"))
    huge.writeInteger(Int32(0x4000_0000), endianness: .big)
    #expect(throws: DatabaseError(.protocolViolation, "invalid message length")) { _ = try decodeFrontend(huge) }
    // Control messages have the small limit.
    var bigSync = ByteBuffer()
    bigSync.writeInteger(UInt8(ascii: "S"))
    bigSync.writeInteger(Int32(20_000), endianness: .big)
    #expect(throws: DatabaseError(.protocolViolation, "invalid message length")) { _ = try decodeFrontend(bigSync) }
    var short = ByteBuffer()
    short.writeInteger(UInt8(ascii: "Q"))
    short.writeInteger(Int32(3), endianness: .big)
    #expect(throws: DatabaseError(.protocolViolation, "invalid message length")) { _ = try decodeFrontend(short) }
    #expect(throws: DatabaseError(.protocolViolation, "invalid frontend message type 122")) {
        _ = try decodeFrontend(ByteBuffer(string: "z"))
    }
}

@Test func malformedBodiesCarryPostgreSQLsErrors() throws {
    func body(_ type: Character, _ bytes: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(type.asciiValue!)
        buffer.writeInteger(Int32(bytes.count + 4), endianness: .big)
        buffer.writeBytes(bytes)
        return buffer
    }
    let cases: [(ByteBuffer, UInt8, String)] = [
        (body("Q", Array("SELECT 1".utf8)), UInt8(ascii: "Q"), "invalid string in message"),
        (body("S", [1]), UInt8(ascii: "S"), "invalid message format"),
        (body("D", [UInt8(ascii: "X"), 0]), UInt8(ascii: "D"), "invalid DESCRIBE message subtype 88"),
        (body("C", [UInt8(ascii: "Z"), 0]), UInt8(ascii: "C"), "invalid CLOSE message subtype 90"),
        (body("B", [0, 0, 0, 0, 0, 1, 0, 0, 0, 9, 1]), UInt8(ascii: "B"), "insufficient data left in message"),
        (body("E", [0]), UInt8(ascii: "E"), "insufficient data left in message"),
        (body("P", [0, 0, 0, 5, 0, 0, 0, 1]), UInt8(ascii: "P"), "insufficient data left in message"),
    ]
    for (bytes, type, message) in cases {
        let decoded = try decodeFrontend(bytes)
        guard case .malformed(let typeCode, let error) = decoded.first else {
            Issue.record("\(message): decoded \(decoded)")
            continue
        }
        #expect(typeCode == type)
        #expect(error == DatabaseError(.protocolViolation, message))
    }
}

@Test func invalidUTF8IsReportedWithItsBytes() throws {
    var bytes = ByteBuffer()
    bytes.writeInteger(UInt8(ascii: "Q"))
    bytes.writeInteger(Int32(4 + 5), endianness: .big)
    bytes.writeBytes([UInt8(ascii: "a"), 0xC3, 0x28, UInt8(ascii: "b"), 0])
    let decoded = try decodeFrontend(bytes)
    #expect(decoded == [.malformed(typeCode: UInt8(ascii: "Q"), error: DatabaseError(
        .characterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28"))])
    #expect(UTF8Text.firstInvalidOffset(Array("héllo €𝄞".utf8)) == nil)
    for bad: [UInt8] in [[0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF]] {
        #expect(UTF8Text.firstInvalidOffset(bad) == 0)
    }
}
