// Messages over a ClientSocket: frontend messages are encoded with HeliosWire's codecs and sent
// in one write per batch (a whole Parse/Bind/Execute/Sync pipeline is one packet); backend
// messages are framed by HeliosWire's BackendMessageDecoder from a growing read buffer.

internal import HeliosCore
internal import HeliosWire
internal import NIOCore

/// Framed message traffic on one connection.
final class MessageStream {
    private let socket: ClientSocket
    private var inbound = ByteBuffer()
    private var decoder = BackendMessageDecoder()
    private var outbound = ByteBuffer()
    private var readChunk = [UInt8](repeating: 0, count: 64 * 1024)

    init(socket: ClientSocket) { self.socket = socket }

    /// Queues a message; nothing is sent until `flush()`.
    func queue(_ message: FrontendMessage) {
        message.encode(into: &outbound)
    }

    /// Queues raw bytes (the untyped startup packet, COPY data already framed).
    func queue(bytes: ByteBuffer) {
        var bytes = bytes
        outbound.writeBuffer(&bytes)
    }

    func flush() throws(ClientError) {
        guard outbound.readableBytes > 0 else { return }
        let pending = outbound
        outbound.clear()
        var failure: ClientError?
        pending.withUnsafeReadableBytes { bytes in
            do throws(ClientError) { try socket.write(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    func send(_ messages: FrontendMessage...) throws(ClientError) {
        for message in messages { queue(message) }
        try flush()
    }

    /// The next backend message, reading from the socket as needed.
    func receive() throws(ClientError) -> BackendMessage {
        while true {
            do {
                if let message = try decoder.decode(buffer: &inbound) {
                    if inbound.readableBytes == 0 { inbound.clear() }  // reuse the storage from the start
                    return message
                }
            } catch let error as DatabaseError {
                throw .protocolViolation(error.message)
            } catch {
                throw .protocolViolation("\(error)")
            }
            var failure: ClientError?
            let count = readChunk.withUnsafeMutableBytes { bytes in
                do throws(ClientError) { return try socket.read(into: bytes) } catch {
                    failure = error
                    return 0
                }
            }
            if let failure { throw failure }
            inbound.discardReadBytes()
            inbound.writeBytes(readChunk[0..<count])
        }
    }

    func close() { socket.close() }
}
