// A blocking TCP socket: connect, write everything, read what is there. The client is meant for
// one thread per connection (workload drivers, tests), so plain POSIX calls with timeouts are
// simpler than an event loop and cost one system call per round trip.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One TCP connection. Invariant: `descriptor` is open until `close()`, and -1 after it.
final class ClientSocket {
    private var descriptor: Int32

    /// Connects to `host:port` (a name or an address literal), trying each address in turn.
    init(host: String, port: Int, timeoutSeconds: Int) throws(ClientError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .connection("could not translate host name \"\(host)\": \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = 0
        var address: UnsafeMutablePointer<addrinfo>? = first
        while let candidate = address {
            let socketDescriptor = socket(candidate.pointee.ai_family, candidate.pointee.ai_socktype,
                                          candidate.pointee.ai_protocol)
            if socketDescriptor >= 0 {
                if connect(socketDescriptor, candidate.pointee.ai_addr, candidate.pointee.ai_addrlen) == 0 {
                    descriptor = socketDescriptor
                    configure(timeoutSeconds: timeoutSeconds)
                    return
                }
                lastError = errno
                closeDescriptor(socketDescriptor)
            } else {
                lastError = errno
            }
            address = candidate.pointee.ai_next
        }
        throw .connection("could not connect to \(host):\(port): \(String(cString: strerror(lastError)))")
    }

    deinit { close() }

    /// Request-response traffic: no Nagle delay; reads and writes give up after the timeout.
    private func configure(timeoutSeconds: Int) {
        var one: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws(ClientError) {
        guard descriptor >= 0 else { throw .connection("the connection is closed") }
        var offset = 0
        while offset < bytes.count {
            // MSG_NOSIGNAL: a server that went away is an error for this connection, not a SIGPIPE
            // that ends the whole process.
            let written = send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if written < 0 {
                if errno == EINTR { continue }
                throw .connection("could not send data to server: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Reads at least one byte into `buffer`; returns how many. A closed connection is an error.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ClientError) -> Int {
        guard descriptor >= 0 else { throw .connection("the connection is closed") }
        while true {
            let count = recv(descriptor, buffer.baseAddress, buffer.count, 0)
            if count > 0 { return count }
            if count == 0 { throw .connection("server closed the connection unexpectedly") }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw .connection("timed out waiting for the server") }
            throw .connection("could not receive data from server: \(String(cString: strerror(errno)))")
        }
    }

    func close() {
        if descriptor >= 0 {
            closeDescriptor(descriptor)
            descriptor = -1
        }
    }
}

private func closeDescriptor(_ descriptor: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(descriptor)
    #else
    _ = Darwin.close(descriptor)
    #endif
}
