import Synchronization

/// One TCP connection on an event loop: its socket, logical interest, send queue, counters and
/// timers.
///
/// Why a class owned by the loop (and not Sendable): the loop, the handler and the stats view all
/// refer to the same live connection, and every change happens on the loop's thread. Changes a
/// handler makes (interest, queued bytes, close-when-drained) take effect when its callback
/// returns, before the loop waits again: a write is tried at once, and WRITE is armed in the
/// selector only if bytes remain, so a request/response exchange costs no extra selector round trip.
public final class Connection {
    /// Shared with listeners, so every row the TUI lists has its own id.
    static let nextID = Atomic<Int>(1)

    /// Unique in the process, increasing from 1.
    public let id: Int

    public enum Role: Sendable {
        case accepted, outgoing
    }

    public let role: Role
    public let peer: SocketAddress

    public enum State: Equatable, Sendable {
        case connecting, open
        case closed(CloseReason)
    }

    /// Where the connection is in its life.
    public var state: State { life }

    /// Bytes the handler holds undecoded (it owns the receive buffer); shown in stats.
    public var receiveBufferBytes: Int {
        get { undecodedBytes }
        set { undecodedBytes = newValue }
    }

    /// What moved so far.
    public var counters: ConnectionCounters { traffic }

    // Loop-owned state. None of it is public: every access from outside goes through a method or
    // a computed property of this class, so the compiler sees every access in this module and, as
    // none is held across a call that could reach back here (handlers are called with no access
    // in progress), drops the runtime exclusivity checks of a release build.
    var life: State
    var undecodedBytes = 0
    var traffic = ConnectionCounters()
    let socket: Socket
    /// Unowned and unchecked, not weak: a weak reference gives every connection a side table (one
    /// more allocation, and an atomic load and release at every use). Safe because the loop is
    /// alive whenever the connection is open: every connection is in the loop's table from its
    /// creation (`claimSlot`) until it closes, and the loop's `deinit` abandons (closes) every
    /// connection still in it. So every use below sits behind an `isClosed` check, and a handler
    /// or a view that keeps a connection past its loop only ever finds it closed.
    unowned(unsafe) let loop: EventLoop
    var handler: (any ConnectionHandler)?
    /// The listener that accepted it, told when it closes (for `maxConnections`).
    var listener: Listener?
    var token: UInt64 = 0
    /// What the selector watches now; nil until registered.
    var registered: Interest?
    /// Unchecked exclusivity (see `EventLoop`): `SendQueue` holds byte arrays only, whose release
    /// runs no code, and calls nothing but its deque's methods while it is changed; the loop drains
    /// it moved out into a local (`writeQueued`), so the write closure never runs inside an access.
    @exclusivity(unchecked) var sendQueue = SendQueue()
    var closeAfterDrain: CloseReason?
    var shutdownAfterDrain = false
    /// Already in the loop's pending list.
    var isPending = false
    var lastProgress: MonotonicInstant
    var progressOnRead = true
    var idleLimit: Duration?
    /// `idleLimit` in nanoseconds.
    var idleNanoseconds: Int64 = 0
    var idleTimer: TimerID?
    var connectTimer: TimerID?
    private var logicalInterest: Interest = .read
    private var cachedLocal: SocketAddress?

    /// `since` starts the idle clock: an accepted connection takes the loop's iteration time
    /// rather than reading the clock once more per connection.
    init(socket: Socket, role: Role, peer: SocketAddress, state: State, loop: EventLoop, since: MonotonicInstant = .now()) {
        id = Self.nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        self.socket = socket
        self.role = role
        self.peer = peer
        life = state
        self.loop = loop
        lastProgress = since
    }

    /// This end's address (getsockname, asked once).
    public var local: SocketAddress? {
        if cachedLocal == nil {
            cachedLocal = socket.localAddress
        }
        return cachedLocal
    }

    /// The interest as the Python program would register it; `.read` for a new connection.
    /// Setting it does nothing if it is unchanged. With `.write` in it, queued bytes are sent as
    /// soon as the current callback returns; WRITE is armed in the selector only while bytes remain.
    public var interest: Interest {
        get { logicalInterest }
        set {
            guard newValue != logicalInterest, !isClosed else { return }
            logicalInterest = newValue
            loop.emit(id, .interest(newValue))
            schedule()
        }
    }

    /// Appends to the send queue. Nothing is written until the interest contains `.write` (or
    /// `closeWhenDrained` was called).
    public func enqueue(_ bytes: [UInt8]) {
        guard !isClosed else { return }
        sendQueue.append(bytes)
        if wantsWrite { schedule() }
    }

    public func enqueue(_ bytes: UnsafeRawBufferPointer) {
        guard !isClosed else { return }
        sendQueue.append(bytes)
        if wantsWrite { schedule() }
    }

    public var sendQueueBytes: Int { sendQueue.count }

    public func countMessageIn() { traffic.messagesIn += 1 }
    public func countMessageOut() { traffic.messagesOut += 1 }

    /// Whether every read resets the idle deadline (the default). A handler that measures progress
    /// itself, in whole message parts, sets it to false and calls `markProgress()`, so a client
    /// trickling one byte at a time (slowloris) is still cut at the idle timeout.
    public var readsMarkProgress: Bool {
        get { progressOnRead }
        set { progressOnRead = newValue }
    }

    /// Whether end-of-stream leaves the connection open for writing (half-close, as a relay needs):
    /// the loop then drops READ from the interest and calls `connectionDidReadEOF` instead of
    /// closing with `.peerClosed`.
    public var keepsOpenAfterEOF = false

    /// The peer's end-of-stream was read (only ever true with `keepsOpenAfterEOF`).
    public internal(set) var didReadEOF = false

    /// Resets the idle deadline (reads, unless `readsMarkProgress` is false, and writes do this by themselves).
    /// Like theirs, the time taken is the loop's, read once per iteration after the selector
    /// returned (a clock read is a vDSO call: one per request was measurable on the server's path).
    public func markProgress() {
        guard !isClosed else { return }
        lastProgress = loop.iterationTime
    }

    /// Closes the connection with `.idleTimeout` when no bytes move for this long; nil = never.
    public var idleTimeout: Duration? {
        get { idleLimit }
        set { setIdleTimeout(newValue, nanoseconds: newValue?.saturatedNanoseconds ?? 0) }
    }

    /// `idleTimeout = limit`, with `limit` already in nanoseconds: a listener converts its
    /// timeout once, not for every connection (`Duration`'s 128-bit arithmetic is ~200
    /// instructions).
    ///
    /// The timer itself is armed only once the connection waits on the selector (see
    /// `armIdleTimer`): a request answered within the callbacks of its accept (the usual short
    /// exchange) never puts a timer in the loop's heap, nor takes it out again.
    func setIdleTimeout(_ limit: Duration?, nanoseconds: Int64) {
        idleLimit = limit
        idleNanoseconds = nanoseconds
        guard !isClosed else { return }
        if let timer = idleTimer {
            loop.timers.cancel(timer)
            idleTimer = nil
        }
        if registered != nil { armIdleTimer() }
    }

    /// Puts the idle timer in the loop's heap, due `idleTimeout` after the last progress; the
    /// loop calls it when the connection is first registered with the selector.
    func armIdleTimer() {
        guard idleLimit != nil, idleTimer == nil, !isClosed else { return }
        let deadline = MonotonicInstant(nanoseconds: lastProgress.nanoseconds.addingSaturated(idleNanoseconds))
        idleTimer = loop.timers.schedule(at: deadline, .idleCheck(self))
    }

    /// Recv-Q and Send-Q of the socket, like netstat.
    public func kernelQueueDepths() -> (receive: Int, send: Int) {
        socket.kernelQueueDepths()
    }

    /// Closes now: unsent bytes are dropped. The handler hears `didCloseWith` once; later calls do
    /// nothing.
    public func close(_ reason: CloseReason) {
        guard !isClosed else { return }
        life = .closed(reason)
        if let timer = idleTimer { loop.timers.cancel(timer) }
        if let timer = connectTimer { loop.timers.cancel(timer) }
        if registered != nil {
            loop.selector.unregisterBeforeClose(fd: socket.fd)
            loop.reportSelector(.unregister(handle: "#\(id)"), connection: id)
        }
        loop.releaseSlot(fd: socket.fd, token: token)
        idleTimer = nil
        connectTimer = nil
        registered = nil
        sendQueue.removeAll()
        socket.close()
        listener?.connectionClosed()
        listener = nil
        loop.emit(id, .closed(reason))
        let handler = self.handler
        self.handler = nil
        handler?.connection(self, didCloseWith: reason)
    }

    /// Sends what is queued, then closes with `reason` (at once if nothing is queued).
    public func closeWhenDrained(_ reason: CloseReason) {
        guard !isClosed else { return }
        if sendQueue.isEmpty {
            close(reason)
        } else {
            closeAfterDrain = reason
            schedule()
        }
    }

    /// Sends FIN once the send queue is empty: the peer reads end-of-stream, this side still reads.
    public func shutdownWrite() {
        guard !isClosed else { return }
        shutdownAfterDrain = true
        schedule()
    }

    /// Makes the close send RST instead of FIN (SO_LINGER 0).
    public func resetOnClose() {
        socket.setLingerZero()
    }

    // MARK: Loop side

    var isClosed: Bool {
        if case .closed = life { return true }
        return false
    }

    var isConnecting: Bool {
        if case .connecting = life { return true }
        return false
    }

    /// Bytes should go out when the socket can take them.
    var wantsWrite: Bool { logicalInterest.contains(.write) || closeAfterDrain != nil }

    /// What the selector should watch: WRITE while connecting; otherwise READ as asked, and WRITE
    /// only while there is something to write.
    var selectorInterest: Interest {
        if isConnecting { return .write }
        var interest = logicalInterest.intersection(.read)
        if wantsWrite && !sendQueue.isEmpty {
            interest.insert(.write)
        }
        return interest
    }

    /// Asks the loop to flush and re-register this connection after the current callback.
    func schedule() {
        guard !isPending, !isClosed else { return }
        isPending = true
        loop.pending.append(.flush(self))
    }

    /// The loop is going away: close the socket without calling the handler.
    func abandon() {
        guard !isClosed else { return }
        life = .closed(.local("event loop closed"))
        sendQueue.removeAll()
        socket.close()
        handler = nil
        listener = nil
    }
}

@available(*, unavailable)
extension Connection: Sendable {}
