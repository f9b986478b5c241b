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

    public init(backlog: Int32 = 4096, maxConnections: Int = 4096, idleTimeout: Duration? = nil, reusePort: Bool = false) {
        self.backlog = backlog
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.reusePort = reusePort
    }
}
