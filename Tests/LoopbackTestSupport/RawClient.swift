import Glibc

/// A blocking TCP client socket to 127.0.0.1 with deadlines, in plain Glibc.
///
/// Why plain Glibc: it plays the peers that misbehave on purpose (malformed frames, trickling,
/// half-closing, resetting, never reading), and it shares no code with the server it tests, so
/// a bug in the Reactor cannot cancel itself out.
public final class RawClient {
    public private(set) var fd: Int32

    /// Connects to 127.0.0.1:`port`; sends and receives time out after `timeout` seconds. With
    /// `receiveBuffer`, SO_RCVBUF is set before connecting (the window is fixed then), so a peer's
    /// data the client does not read stays with the peer instead of in this socket.
    public init(port: Int, timeout: Double = 5, receiveBuffer: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: errno \(errno)") }
        RawClient.setTimeouts(fd, timeout)
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = RawClient.loopback(port: port)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let code = errno
            Glibc.close(fd)
            fd = -1
            throw HarnessError("connect to port \(port): errno \(code)")
        }
    }

    deinit { close() }

    /// The IPv4 address 127.0.0.1:`port`.
    public static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// Sets SO_RCVTIMEO and SO_SNDTIMEO on `fd`.
    public static func setTimeouts(_ fd: Int32, _ seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The local port: the server's log names the peer by it.
    public var localPort: Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Sends everything; false if the peer is gone (reset, broken pipe) or the send timed out.
    /// `lastErrno` then says why.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                lastErrno = errno
                return false
            }
            offset += n
        }
        return true
    }

    /// The errno of the last failed `send`.
    public private(set) var lastErrno: Int32 = 0

    /// shutdown(SHUT_WR): the server sees the end of the stream, the socket still reads.
    public func shutdownWrite() { _ = shutdown(fd, Int32(SHUT_WR)) }

    /// Waits up to `ms` for the socket to become readable; true if it did (data, EOF or error).
    public func readable(withinMilliseconds ms: Int32) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&pfd, 1, ms) == 1
    }

    /// Reads until EOF, reset or `timeout` seconds; returns the bytes and how it ended.
    public func readToEnd(timeout: Double = 5) -> (bytes: [UInt8], end: ReadEnd) {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return (received, .timeout) }
            let ms = Int32(max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, ms)
            if ready == 0 { return (received, .timeout) }
            if ready < 0 { if errno == EINTR { continue }; return (received, .reset) }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 {
                received += buffer[..<n]
            } else if n == 0 {
                return (received, .eof)
            } else if errno == EAGAIN || errno == EINTR {
                continue
            } else {
                return (received, errno == ECONNRESET ? .reset : .eof)
            }
        }
    }

    /// Closes with SO_LINGER 0, so the kernel sends RST instead of FIN.
    public func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close()
    }

    /// Closes (FIN); safe to call more than once.
    public func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }
}
