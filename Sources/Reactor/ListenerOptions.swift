/// How a listener accepts.
///
/// Why these knobs: the tutorial server has none and falls over under load; these are the limits
/// a server needs so that too many clients, idle clients and descriptor exhaustion are handled
/// instead of fatal.
public struct ListenerOptions: Sendable {
    /// listen(2) backlog.
    public var backlog: Int32 = 4096
    /// Connections above this many open ones are accepted and closed at once, and counted.
    public var maxConnections: Int = 4096
    /// Given to every accepted connection; nil means none.
    public var idleTimeout: Duration? = nil
    /// SO_REUSEPORT, so several loops (threads) can each listen on the same port.
    public var reusePort = false
    /// TCP_NODELAY on accepted sockets. Worth it when a connection writes several small replies
    /// (echo); a one-write-then-close reply never waits for Nagle, so there it is a wasted syscall.
    public var noDelay = true

    public init(backlog: Int32 = 4096, maxConnections: Int = 4096, idleTimeout: Duration? = nil, reusePort: Bool = false,
                noDelay: Bool = true) {
        self.backlog = backlog
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.reusePort = reusePort
        self.noDelay = noDelay
    }
}
