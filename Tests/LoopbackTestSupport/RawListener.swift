import Glibc

/// A listening socket on 127.0.0.1 port 0 that never accepts unless asked (connections wait in
/// the backlog), or, with `closedPort()`, a port nobody listens on.
///
/// Why: client error paths (refused, no reply in time) need a server that does nothing, which
/// the real server cannot be made to be.
public final class RawListener {
    public let fd: Int32
    public let port: Int

    public init(backlog: Int32 = 16) throws {
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard sock >= 0 else { throw HarnessError("socket: errno \(errno)") }
        var address = RawClient.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(sock, backlog) == 0 else {
            Glibc.close(sock)
            throw HarnessError("bind/listen: errno \(errno)")
        }
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &length) }
        }
        fd = sock
        port = Int(UInt16(bigEndian: local.sin_port))
    }

    deinit { Glibc.close(fd) }

    /// Accepts one connection within `timeout` seconds; the accepted descriptor or nil.
    public func accept(timeout: Double) -> Int32? {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, Int32(timeout * 1000)) == 1 else { return nil }
        let client = Glibc.accept(fd, nil, nil)
        return client >= 0 ? client : nil
    }

    /// A port that was just bound and released: connecting to it is refused.
    public static func closedPort() throws -> Int {
        let listener = try RawListener()
        return listener.port
    }
}
