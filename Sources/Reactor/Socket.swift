import CReactorShims
import Glibc

/// One non-blocking TCP socket: owns its file descriptor and closes it in `deinit` if it is still
/// open.
///
/// Why a class: the descriptor is a resource with one owner; copies of a struct would close it
/// twice. Every call goes through `syscall`, so EINTR is retried, EAGAIN becomes `.wouldBlock` and
/// errors come out typed, with the address of the other end in the message.
public final class Socket {
    public let fd: Int32
    private var isOpen = true
    /// The address errors talk about: the peer for connected sockets, the bound one for listeners.
    let errorAddress: SocketAddress?

    init(fd: Int32, errorAddress: SocketAddress?) {
        self.fd = fd
        self.errorAddress = errorAddress
    }

    deinit {
        close()
    }

    // MARK: Opening

    /// A listening socket bound to `address`: non-blocking, close-on-exec, SO_REUSEADDR, and for
    /// IPv6 dual-stack (IPV6_V6ONLY off).
    public static func listen(on address: SocketAddress, backlog: Int32 = 4096, reusePort: Bool = false) throws(SocketError) -> Socket {
        let socket = try makeStream(family: address.family, errorAddress: address)
        try socket.setOption(SOL_SOCKET, SO_REUSEADDR, 1, name: "setsockopt(SO_REUSEADDR)")
        if reusePort {
            try socket.setOption(SOL_SOCKET, SO_REUSEPORT, 1, name: "setsockopt(SO_REUSEPORT)")
        }
        if address.family == .ipv6 {
            try socket.setOption(Int32(IPPROTO_IPV6), IPV6_V6ONLY, 0, name: "setsockopt(IPV6_V6ONLY)")
        }
        try address.withSockAddr { (pointer, length) throws(SocketError) in
            _ = try checkedSyscall("bind", address: address) { Glibc.bind(socket.fd, pointer, length) }
        }
        try checkedSyscall("listen", address: address) { Glibc.listen(socket.fd, backlog) }
        return socket
    }

    /// Starts a non-blocking connect. `connected` is false when the kernel answered EINPROGRESS:
    /// wait until the socket is writable, then call `finishConnect()`.
    public static func connect(to address: SocketAddress) throws(SocketError) -> (socket: Socket, connected: Bool) {
        let socket = try makeStream(family: address.family, errorAddress: address)
        return (socket, try socket.startConnect(to: address))
    }

    static func makeStream(family: SocketAddress.Family, errorAddress: SocketAddress?) throws(SocketError) -> Socket {
        let domain = family == .ipv4 ? AF_INET : AF_INET6
        let type = Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
        let fd = try checkedSyscall("socket") { Glibc.socket(domain, type, 0) }
        return Socket(fd: fd, errorAddress: errorAddress)
    }

    /// connect(2) on this socket; true when already connected, false when in progress.
    func startConnect(to address: SocketAddress) throws(SocketError) -> Bool {
        try ensureOpen("connect")
        return try address.withSockAddr { (pointer, length) throws(SocketError) -> Bool in
            switch try syscall("connect", address: address, wouldBlock: .inProgress, { Glibc.connect(fd, pointer, length) }) {
            case .done: return true
            case .wouldBlock: return false
            }
        }
    }

    /// Completes a non-blocking connect once the socket is writable: throws the connect error
    /// (refused, timed out, unreachable ...) that SO_ERROR holds, if any.
    public func finishConnect() throws(SocketError) {
        let code = try pendingError()
        if code != 0 {
            throw SocketError(errno: code, call: "connect", address: errorAddress)
        }
    }

    /// Reads and clears SO_ERROR.
    func pendingError() throws(SocketError) -> Int32 {
        try ensureOpen("getsockopt(SO_ERROR)")
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        try checkedSyscall("getsockopt(SO_ERROR)") { getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) }
        return code
    }

    /// Accepts one pending connection (non-blocking, close-on-exec); nil when none is waiting.
    /// Connections that were aborted before they could be accepted are skipped.
    public func accept() throws(SocketError) -> (Socket, SocketAddress)? {
        try ensureOpen("accept4")
        let flags = Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let outcome: SyscallOutcome<Int32>
            do {
                outcome = try withUnsafeMutablePointer(to: &storage) { (pointer) throws(SocketError) in
                    try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(SocketError) in
                        try syscall("accept4", wouldBlock: .again) { sl_accept4(fd, address, &length, flags) }
                    }
                }
            } catch {
                if case .system(_, let code) = error, code == ECONNABORTED || code == EPROTO {
                    continue
                }
                throw error
            }
            guard case .done(let newFD) = outcome else { return nil }
            let peer = withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { peerAddress($0) }
            }
            let address = peer ?? SocketAddress(family: .ipv4, host: "0.0.0.0", port: 0)
            return (Socket(fd: newFD, errorAddress: address), address)
        }
    }

    /// The host text of the last IPv4 peer this listening socket accepted. Clients mostly come
    /// from a few hosts (all from 127.0.0.1 in a workshop or a benchmark), and formatting
    /// "a.b.c.d" for every accept was ~4 % of the app server's instructions per request.
    private var lastIPv4Host: (address: UInt32, text: String)?

    /// `SocketAddress(address)`, reusing the last IPv4 peer's host text when the host is the same.
    private func peerAddress(_ address: UnsafePointer<sockaddr>) -> SocketAddress? {
        guard Int32(address.pointee.sa_family) == AF_INET else { return SocketAddress(address) }
        let raw = UnsafeRawPointer(address)
        let ipv4 = raw.loadUnaligned(fromByteOffset: MemoryLayout<sockaddr_in>.offset(of: \.sin_addr)!, as: UInt32.self)
        if let last = lastIPv4Host, last.address == ipv4 {
            let port = raw.loadUnaligned(fromByteOffset: MemoryLayout<sockaddr_in>.offset(of: \.sin_port)!, as: UInt16.self)
            return SocketAddress(family: .ipv4, host: last.text, port: Int(UInt16(bigEndian: port)))
        }
        let peer = SocketAddress(address)
        if let peer { lastIPv4Host = (ipv4, peer.host) }
        return peer
    }

    // MARK: Data

    /// One read(2) into `buffer`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> IOResult {
        try ensureOpen("read")
        switch try syscall("read", address: errorAddress, wouldBlock: .again, { Glibc.read(fd, buffer.baseAddress, buffer.count) }) {
        case .done(0) where buffer.count > 0: return .eof
        case .done(let count): return .processed(count)
        case .wouldBlock: return .wouldBlock
        }
    }

    /// One send(2) with MSG_NOSIGNAL (a vanished peer is `.brokenPipe`, never SIGPIPE).
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SocketError) -> IOResult {
        try ensureOpen("send")
        let flags = Int32(MSG_NOSIGNAL)
        switch try syscall("send", address: errorAddress, wouldBlock: .again, { send(fd, bytes.baseAddress, bytes.count, flags) }) {
        case .done(let count): return .processed(count)
        case .wouldBlock: return .wouldBlock
        }
    }

    /// One gathering write (sendmsg with MSG_NOSIGNAL) of `buffers`, in order.
    public func writev(_ buffers: [UnsafeRawBufferPointer]) throws(SocketError) -> IOResult {
        try buffers.withUnsafeBufferPointer { (spans) throws(SocketError) in try writev(spans) }
    }

    /// `writev` without an array: the send queue passes a stack buffer of spans. A single span is
    /// sent with send(2).
    public func writev(_ buffers: UnsafeBufferPointer<UnsafeRawBufferPointer>) throws(SocketError) -> IOResult {
        if buffers.count == 1 {
            return try write(buffers[0])
        }
        try ensureOpen("sendmsg")
        let count = min(buffers.count, Int(UIO_MAXIOV))
        return try withUnsafeTemporaryAllocation(of: iovec.self, capacity: count) { (vectors) throws(SocketError) -> IOResult in
            for index in 0..<count {
                vectors[index] = iovec(iov_base: UnsafeMutableRawPointer(mutating: buffers[index].baseAddress), iov_len: buffers[index].count)
            }
            var message = msghdr()
            message.msg_iov = vectors.baseAddress
            message.msg_iovlen = count
            let flags = Int32(MSG_NOSIGNAL)
            switch try syscall("sendmsg", address: errorAddress, wouldBlock: .again, { sendmsg(fd, &message, flags) }) {
            case .done(let written): return .processed(written)
            case .wouldBlock: return .wouldBlock
            }
        }
    }

    // MARK: Inspection and options

    /// Bytes the kernel holds for this socket, like netstat's Recv-Q and Send-Q: received but not
    /// yet read (SIOCINQ), and sent but not yet acknowledged by the peer (SIOCOUTQ). 0 where the
    /// kernel cannot tell (a listening or closed socket).
    public func kernelQueueDepths() -> (receive: Int, send: Int) {
        guard isOpen else { return (0, 0) }
        return (queueDepth(request: 0x541B), queueDepth(request: 0x5411))
    }

    private func queueDepth(request: UInt) -> Int {
        var value: Int32 = 0
        let result = try? checkedSyscall("ioctl") { ioctl(fd, request, &value) }
        return result == nil ? 0 : max(0, Int(value))
    }

    /// getsockname; nil if the socket is closed or the call fails.
    public var localAddress: SocketAddress? {
        address(of: getsockname)
    }

    /// getpeername; nil if the socket is closed, not connected, or the call fails.
    public var peerAddress: SocketAddress? {
        address(of: getpeername)
    }

    private func address(of call: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32) -> SocketAddress? {
        guard isOpen else { return nil }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        return withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                call(fd, address, &length) == 0 ? SocketAddress(address) : nil
            }
        }
    }

    /// shutdown(SHUT_WR): the peer reads end-of-stream; this side can still read.
    public func shutdownWrite() throws(SocketError) {
        try ensureOpen("shutdown")
        try checkedSyscall("shutdown", address: errorAddress) { shutdown(fd, Int32(SHUT_WR)) }
    }

    /// SO_LINGER with a zero timeout: `close()` then resets the connection (RST) instead of the
    /// orderly FIN. Tests use it to make a peer see `.connectionReset`.
    public func setLingerZero() {
        guard isOpen else { return }
        var value = linger(l_onoff: 1, l_linger: 0)
        _ = try? checkedSyscall("setsockopt(SO_LINGER)") {
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &value, socklen_t(MemoryLayout<linger>.size))
        }
    }

    /// TCP_NODELAY: send small segments at once instead of waiting for the previous one's ACK.
    public func setNoDelay(_ enabled: Bool = true) throws(SocketError) {
        try ensureOpen("setsockopt(TCP_NODELAY)")
        try setOption(Int32(IPPROTO_TCP), TCP_NODELAY, enabled ? 1 : 0, name: "setsockopt(TCP_NODELAY)")
    }

    /// Closes the descriptor; later calls do nothing. close(2) is not retried on EINTR: Linux has
    /// released the descriptor by then, and a retry could close a descriptor opened meanwhile.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        _ = Glibc.close(fd)
    }

    private func setOption(_ level: Int32, _ option: Int32, _ value: Int32, name: String) throws(SocketError) {
        var value = value
        try checkedSyscall(name) { setsockopt(fd, level, option, &value, socklen_t(MemoryLayout<Int32>.size)) }
    }

    /// Using a closed socket must never touch a descriptor number that may have been reused.
    @inline(__always)
    private func ensureOpen(_ call: String) throws(SocketError) {
        guard isOpen else { throw .system(call: call, errno: EBADF) }
    }
}

@available(*, unavailable)
extension Socket: Sendable {}
