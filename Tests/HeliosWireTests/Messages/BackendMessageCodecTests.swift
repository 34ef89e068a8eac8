// Backend messages: each encoded and decoded back, whole, byte by byte and in one buffer;
// and the exact bytes of a few messages compared with PostgreSQL's.

import HeliosCore
import HeliosWire
import NIOCore
import Testing

func decodeBackend(_ bytes: ByteBuffer, chunkSize: Int = 0) throws -> [BackendMessage] {
    let processor = NIOSingleStepByteToMessageProcessor(BackendMessageDecoder())
    var messages: [BackendMessage] = []
    var input = bytes
    let size = chunkSize == 0 ? max(1, input.readableBytes) : chunkSize
    while input.readableBytes > 0 {
        let piece = input.readSlice(length: min(size, input.readableBytes))!
        try processor.process(buffer: piece) { messages.append($0) }
    }
    return messages
}

let sampleBackendMessages: [BackendMessage] = [
    .authenticationOk,
    .authenticationCleartextPassword,
    .authenticationMD5Password(AuthenticationMD5Password(salt: [9, 8, 7, 6])),
    .authenticationSASL(AuthenticationSASL(mechanisms: ["SCRAM-SHA-256"])),
    .authenticationSASLContinue(AuthenticationSASLContinue(data: Array("r=abc,s=c2FsdA==,i=4096".utf8))),
    .authenticationSASLFinal(AuthenticationSASLFinal(data: Array("v=c2ln".utf8))),
    .backendKeyData(BackendKeyData(processID: 1234, secretKey: -99)),
    .parameterStatus(ParameterStatus(name: "server_version", value: ServerParameter.serverVersion)),
    .readyForQuery(ReadyForQuery(status: .inTransaction)),
    .rowDescription(RowDescription(columns: [
        ColumnDescription(name: "id", tableOID: 16_390, columnNumber: 1, typeOID: 23, typeSize: 4, format: .binary),
        ColumnDescription(name: "price", typeOID: 1700, typeSize: -1, typeModifier: 524_294),
    ])),
    .dataRow(DataRow(values: [ByteBuffer(string: "1"), nil, ByteBuffer()])),
    .commandComplete(CommandComplete(tag: "INSERT 0 3")),
    .emptyQueryResponse,
    .errorResponse(.error(DatabaseError(.uniqueViolation, "duplicate key value violates unique constraint \"k\"",
                                        detail: "Key (k)=(7) already exists.", hint: "Try another.", position: 12))),
    .noticeResponse(NoticeResponse(Notice(.notice, .successfulCompletion, "table \"t\" does not exist, skipping"))),
    .parseComplete, .bindComplete, .closeComplete, .noData,
    .parameterDescription(ParameterDescription(typeOIDs: [23, 25, 0])),
    .portalSuspended,
    .copyInResponse(CopyInResponse(format: .text(columnCount: 3))),
    .copyOutResponse(CopyOutResponse(format: .binary(columnCount: 2))),
    .copyData(CopyData(data: ByteBuffer(string: "1\tone\n"))),
    .copyDone,
    .negotiateProtocolVersion(NegotiateProtocolVersion(unrecognizedOptions: ["_pq_.something"])),
]

@Test func everyBackendMessageRoundTripsWholeByteByByteAndBatched() throws {
    for message in sampleBackendMessages {
        var bytes = ByteBuffer()
        message.encode(into: &bytes)
        #expect(try decodeBackend(bytes) == [message])
        #expect(try decodeBackend(bytes, chunkSize: 1) == [message])
    }
    var all = ByteBuffer()
    for message in sampleBackendMessages { message.encode(into: &all) }
    #expect(try decodeBackend(all) == sampleBackendMessages)
    #expect(try decodeBackend(all, chunkSize: 3) == sampleBackendMessages)
}

@Test func messagesHavePostgreSQLsExactBytes() {
    func bytes(_ message: BackendMessage) -> [UInt8] {
        var buffer = ByteBuffer()
        message.encode(into: &buffer)
        return Array(buffer.readableBytesView)
    }
    #expect(bytes(.readyForQuery(ReadyForQuery(status: .idle))) == [0x5A, 0, 0, 0, 5, 0x49])
    #expect(bytes(.authenticationOk) == [0x52, 0, 0, 0, 8, 0, 0, 0, 0])
    #expect(bytes(.commandComplete(CommandComplete(tag: "SELECT 1"))) == [0x43, 0, 0, 0, 13] + Array("SELECT 1".utf8) + [0])
    #expect(bytes(.parseComplete) == [0x31, 0, 0, 0, 4])
    #expect(bytes(.noticeResponse(NoticeResponse(Notice(.warning, .activeSQLTransaction, "x")))) ==
        [0x4E, 0, 0, 0, 33] + Array("SWARNING\0VWARNING\0C25001\0Mx\0".utf8) + [0])
    // NegotiateProtocolVersion carries 196608 and the options, as PostgreSQL 15 sends it.
    #expect(bytes(.negotiateProtocolVersion(NegotiateProtocolVersion(unrecognizedOptions: []))) ==
        [0x76, 0, 0, 0, 12, 0, 3, 0, 0, 0, 0, 0, 0])
}

@Test func dataRowBatchesFrameRowsAsDataRows() throws {
    var batch = DataRowBatch()
    try batch.appendTextRow(["1", nil, "héllo"])
    try batch.appendRow([[0, 0, 0, 42], []])
    try batch.appendRow { (row: inout DataRowWriter) throws(DatabaseError) in
        row.append(maximumByteCount: 8) { raw in
            raw.storeBytes(of: Int64(7).bigEndian, as: Int64.self)
            return 8
        }
    }
    #expect(batch.rowCount == 3)
    #expect(batch.rows == [[Array("1".utf8), nil, Array("héllo".utf8)], [[0, 0, 0, 42], []], [[0, 0, 0, 0, 0, 0, 0, 7]]])
    // A row that fails midway leaves no trace.
    #expect(throws: DatabaseError.self) {
        try batch.appendRow { (row: inout DataRowWriter) throws(DatabaseError) in
            row.append(text: "partial")
            throw DatabaseError(.dataException, "bad value")
        }
    }
    #expect(batch.rowCount == 3)
    #expect(batch.rows.count == 3)
}
