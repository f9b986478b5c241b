/// A listening socket on an event loop that turns accepted sockets into connections.
///
/// Why a class of its own: it carries the accept policy (connection cap, idle timeout, descriptor
/// exhaustion backoff) and the numbers a person wants to see (refused so far).
public final class Listener {
    /// Unique among connections and listeners of the process.
    public let id = Connection.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
    /// The bound address, with port 0 resolved to the port the kernel chose.
    public let address: SocketAddress
    /// Connections accepted and closed at once because `maxConnections` were open.
    public internal(set) var refusedCount = 0
    /// Told of every refused connection and every accept pause (EMFILE/ENFILE), whether or not the
    /// loop has observers, so an unwatched server (the CLI) can still log them.
    public var onAcceptNotice: ((AcceptNotice) -> Void)?

    let socket: Socket
    let options: ListenerOptions
    /// `options.idleTimeout` in nanoseconds, converted once for every connection accepted.
    let idleTimeoutNanoseconds: Int64
    let makeHandler: (Connection) -> any ConnectionHandler
    /// Unowned and unchecked, not weak, for the reason `Connection.loop` gives: a weak reference
    /// gives the loop a side table, and every retain of the loop then takes the runtime's slow
    /// path (~50 instructions, several times per request). The loop is alive while the listener
    /// is open: the loop's `deinit` abandons it (`abandon()`), and every use is behind `isClosed`.
    unowned(unsafe) let loop: EventLoop
    var token: UInt64 = 0
    /// Accepted connections still open.
    var openCount = 0
    /// Set while accepting is paused after EMFILE/ENFILE.
    var resumeTimer: TimerID?
    private(set) var isClosed = false

    init(socket: Socket, address: SocketAddress, options: ListenerOptions, loop: EventLoop, makeHandler: @escaping (Connection) -> any ConnectionHandler) {
        self.socket = socket
        self.address = address
        self.options = options
        idleTimeoutNanoseconds = options.idleTimeout?.saturatedNanoseconds ?? 0
        self.loop = loop
        self.makeHandler = makeHandler
    }

    /// Stops listening. Connections it accepted stay open.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        if let timer = resumeTimer { loop.timers.cancel(timer) }
        loop.selector.unregisterBeforeClose(fd: socket.fd)
        loop.reportSelector(.unregister(handle: "lsn \(address)"), connection: id)
        loop.releaseSlot(fd: socket.fd, token: token)
        loop.emit(id, .closed(.local("stopped listening")))
        resumeTimer = nil
        socket.close()
    }

    /// The loop is going away (its `deinit`): close the socket without touching the loop.
    func abandon() {
        guard !isClosed else { return }
        isClosed = true
        resumeTimer = nil
        socket.close()
    }

    func connectionClosed() {
        openCount -= 1
    }
}

@available(*, unavailable)
extension Listener: Sendable {}
