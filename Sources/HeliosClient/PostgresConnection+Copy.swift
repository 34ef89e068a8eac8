// COPY ... FROM STDIN in text format: rows are escaped as PostgreSQL's COPY text format wants
// (backslash, tab, newline, carriage return escaped; NULL as \N) and sent as CopyData messages
// of about 64 KiB, so a seed load costs a few round trips instead of one per row.

internal import HeliosWire
internal import NIOCore

extension PostgresConnection {
    /// Runs `copyStatement` (a `COPY table [(columns)] FROM STDIN`) and streams `rows` to it;
    /// returns the row count the server reports.
    @discardableResult
    public func copyIn(_ copyStatement: String, rows: some Sequence<[String?]>) throws(ClientError) -> Int {
        try guardUsable()
        try withBreakOnFailure { () throws(ClientError) in try stream.send(.query(QueryMessage(text: copyStatement))) }
        switch try receive() {
        case .copyInResponse:
            break
        case .errorResponse(let error):
            try skipToReady(throwing: Self.serverError(error.fields))
        case let other:
            throw breakConnection(.protocolViolation("expected CopyInResponse, got \(other)"))
        }
        var chunk = ByteBuffer()
        for row in rows {
            Self.appendCopyText(row, to: &chunk)
            if chunk.readableBytes >= 64 * 1024 {
                stream.queue(.copyData(CopyData(data: chunk)))
                try withBreakOnFailure { () throws(ClientError) in try stream.flush() }
                chunk.clear()
            }
        }
        if chunk.readableBytes > 0 { stream.queue(.copyData(CopyData(data: chunk))) }
        stream.queue(.copyDone)
        try withBreakOnFailure { () throws(ClientError) in try stream.flush() }
        var copied = 0
        var failure: ServerError?
        while true {
            switch try receive() {
            case .commandComplete(let complete):
                copied = QueryResult(commandTag: complete.tag).affectedRowCount ?? 0
            case .errorResponse(let error):
                failure = Self.serverError(error.fields)
            case .readyForQuery(let ready):
                transactionStatus = Character(UnicodeScalar(ready.status.rawValue))
                if let failure { throw .server(failure) }
                return copied
            case let other:
                throw breakConnection(.protocolViolation("unexpected message after CopyDone: \(other)"))
            }
        }
    }

    /// One row in COPY's text format, ending in a newline.
    static func appendCopyText(_ row: [String?], to buffer: inout ByteBuffer) {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            guard let value else {
                buffer.writeStaticString("\\N")
                continue
            }
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }
}
