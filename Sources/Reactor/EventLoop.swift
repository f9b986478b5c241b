import DequeModule
import Glibc

/// A single-threaded, level-triggered selector loop: the engine of every peer.
///
/// Why this shape: it is the Python tutorial's `while True: events = sel.select(); for key, mask in
/// events: ...` made fast and safe. One thread owns everything (no locks on the hot path); the
/// only cross-thread door is `handle`. Per event nothing is allocated: reads go into one buffer
/// allocated with the loop, selector events into a reused array, and descriptors are looked up in
/// a table indexed by fd whose registration ids make stale events for reused fds harmless.
public final class EventLoop {
    /// Reads go here before a handler sees them; big enough for 64 MiB messages at loopback speed.
    static let readBufferSize = 256 * 1024
    /// Reads per readable event and connection, so one busy peer cannot starve the others.
    static let maxReadsPerEvent = 8
    /// Accepts per readable event on a listener.
    static let maxAcceptsPerEvent = 256
    /// How long accepting pauses after EMFILE/ENFILE.
    static let acceptBackoff = Duration.milliseconds(100)

    enum Owner {
        case none
        case wakeup
        case listener(Listener)
        case connection(Connection)
    }

    struct Registration {
        var generation: UInt32 = 0
        var owner: Owner = .none
    }

    enum TimerAction {
        case closure(() -> Void)
        case idleCheck(Connection)
        case connectTimeout(Connection)
        case resumeAccepting(Listener)
    }

    /// Work to do after the current callback returns, before the loop waits again.
    enum PendingWork {
        case flush(Connection)
        case close(Connection, CloseReason)
    }

    let selector: any Selector
    let readBuffer: UnsafeMutableRawBufferPointer
    // Exclusivity. The loop's state is touched on its thread only, and release builds keep the
    // runtime's exclusivity checks only where the compiler cannot prove that no second access to
    // a property can begin while one is in progress. For the three collections below it cannot,
    // because growing an array calls into the standard library, so each is marked unchecked,
    // with the reason it is safe next to it. Everything else stays checked.

    /// Unchecked: `TimerQueue` runs no code but its own and the array's while it is changed; it
    /// never drops an action inside an access (`cancel` and `popExpired` hand it back), so no
    /// closure's captures are released, and no timer body runs, while the heap is half-updated.
    @exclusivity(unchecked) var timers = TimerQueue<TimerAction>()
    /// Unchecked: only appended to (`Connection.schedule`) and popped by `processPending`, which
    /// runs an item's work after the pop has returned; no callback runs during either. A deque
    /// keeps its storage when emptied, so the usual turn allocates nothing.
    @exclusivity(unchecked) var pending = Deque<PendingWork>()
    /// The time the selector last returned; used for idle bookkeeping.
    var iterationTime: MonotonicInstant
    private var observers: [(ReactorEvent) -> Void] = []
    /// `select()` calls so far, for the selector view's numbering (counted while observed).
    var selectCalls = 0
    /// The first of the idle wake-ups not yet reported.
    var idleSince: Int?
    /// The last of them.
    var idleLast = 0
    /// `!observers.isEmpty`, kept as a plain Bool: asked on every read and write.
    private(set) var isObserved = false
    /// Unchecked: entries are replaced by `swap`, so the previous owner (a connection, with its
    /// handler) is released after the access, never inside it; only array growth runs during one.
    @exclusivity(unchecked) private var registrations: [Registration] = []
    private var nextGeneration: UInt32 = 1
    private var events: [SelectorEvent] = []
    private let mailbox: LoopMailbox
    private var tasks = Deque<LoopMailbox.Task>()
    private var stopped = false
    private var signalHandlers: [Int32: (Int32) -> Void] = [:]
    private var replacedSignalActions: [Int32: sigaction] = [:]

    /// A loop on `selector`, or on `makeDefaultSelector()` (epoll) when nil.
    public init(selector: (any Selector)? = nil) throws(SocketError) {
        if let selector {
            self.selector = selector
        } else {
            self.selector = try makeDefaultSelector()
        }
        mailbox = try LoopMailbox()
        iterationTime = .now()
        readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
        events.reserveCapacity(1024)
        let token = claimSlot(fd: mailbox.wakeFD, owner: .wakeup)
        try self.selector.register(fd: mailbox.wakeFD, interest: .read, token: token)
    }

    deinit {
        for (signal, previous) in replacedSignalActions {
            SignalRelay.restore(signal, to: previous)
        }
        SignalRelay.detach(wakeFD: mailbox.wakeFD)
        try? selector.unregister(fd: mailbox.wakeFD)
        for registration in registrations {
            switch registration.owner {
            case .connection(let connection): connection.abandon()
            case .listener(let listener): listener.abandon()
            case .none, .wakeup: break
            }
        }
        readBuffer.deallocate()
    }

    /// For other threads: `execute` and `stop`.
    public var handle: EventLoopHandle { EventLoopHandle(mailbox: mailbox) }

    /// Runs until `stop()` (here or through the handle). Returns at once if a stop was requested
    /// before; after returning the loop can be run again. The calling thread becomes the loop's
    /// thread (`inEventLoop`).
    ///
    /// Throws when the selector itself fails (epoll_wait with an error other than EINTR), which
    /// leaves nothing to wait on: the caller reports it and stops. Connections stay open; running
    /// the loop again retries.
    public func run() throws(SocketError) {
        mailbox.adoptCurrentThread()
        // The ready list is a local for the whole run: no access to the loop's storage stays open
        // across the selector call or the handlers that dispatching calls.
        var ready: [SelectorEvent] = []
        swap(&ready, &events)
        defer {
            swap(&ready, &events)
            stopped = false
            mailbox.stopRequested.store(false, ordering: .relaxed)
        }
        while !stopped && !mailbox.stopRequested.load(ordering: .relaxed) {
            processPending()
            let timeout = timers.nextDeadline.map { max(.zero, $0 - .now()) }
            try selector.select(timeout: timeout, into: &ready)
            iterationTime = .now()
            if isObserved { reportWakeUp(ready) }
            if mailbox.stepGate.isStepping, hasReadySockets(ready) {
                mailbox.stepGate.wait { stopped || mailbox.stopRequested.load(ordering: .relaxed) }
            }
            for event in ready {
                dispatch(event)
                processPending()
            }
            runExpiredTimers()
        }
    }

    /// True on the thread that runs the loop (or, before the first `run()`, created it): the only
    /// thread that may touch the loop, its connections and what is `LoopBound` to it.
    public var inEventLoop: Bool { mailbox.isOwnerThread }

    /// Makes `run()` return after the current iteration.
    public func stop() {
        stopped = true
    }

    // MARK: Timers

    /// Runs `body` on the loop once, after `delay`. Timers due at the same instant run in the order
    /// they were scheduled.
    @discardableResult
    public func schedule(after delay: Duration, _ body: @escaping () -> Void) -> TimerID {
        timers.schedule(at: .now() + delay, .closure(body))
    }

    /// Cancels a timer that has not fired; does nothing otherwise.
    public func cancel(_ timer: TimerID) {
        timers.cancel(timer)
    }

    private func runExpiredTimers() {
        guard !timers.isEmpty else { return }
        let now = MonotonicInstant.now()
        while let action = timers.popExpired(now: now) {
            switch action {
            case .closure(let body):
                body()
            case .idleCheck(let connection):
                idleCheck(connection, now: now)
            case .connectTimeout(let connection):
                connection.connectTimer = nil
                if connection.isConnecting {
                    connection.close(.failed(.timedOut(connection.peer.description)))
                }
            case .resumeAccepting(let listener):
                resumeAccepting(listener)
            }
            processPending()
        }
    }

    private func idleCheck(_ connection: Connection, now: MonotonicInstant) {
        connection.idleTimer = nil
        guard !connection.isClosed, let limit = connection.idleTimeout else { return }
        let deadline = connection.lastProgress + limit
        if deadline <= now {
            connection.close(.idleTimeout(limit))
        } else {
            connection.idleTimer = timers.schedule(at: deadline, .idleCheck(connection))
        }
    }

    // MARK: Observers

    /// Adds an observer of everything the loop does. Events are built only while one exists.
    public func addObserver(_ observer: @escaping (ReactorEvent) -> Void) {
        observers.append(observer)
        isObserved = true
    }

    /// Tells the observers, if any. The check is inlined where events happen; building the event
    /// is laid out of line (`_slowPath`, and the delivery in a function of its own), so the
    /// unwatched hot path (a server under load) does not drag the code that builds events through
    /// the instruction cache with every request.
    @inline(__always)
    func emit(_ connection: Int?, _ kind: @autoclosure () -> ReactorEvent.Kind) {
        if _slowPath(isObserved) {
            deliver(connection, kind())
        }
    }

    @inline(never)
    private func deliver(_ connection: Int?, _ kind: ReactorEvent.Kind) {
        let event = ReactorEvent(time: WallClock.now(), connection: connection, kind: kind)
        for observer in observers {
            observer(event)
        }
    }

    // MARK: Connections table

    /// The open connections, by id.
    public var connections: [Connection] {
        var result: [Connection] = []
        for registration in registrations {
            if case .connection(let connection) = registration.owner {
                result.append(connection)
            }
        }
        return result.sorted { $0.id < $1.id }
    }

    /// Enters `owner` in the table under `fd` with a fresh registration id; returns its token.
    func claimSlot(fd: Int32, owner: Owner) -> UInt64 {
        let index = Int(fd)
        if index >= registrations.count {
            registrations.append(contentsOf: repeatElement(Registration(), count: index + 1 - registrations.count))
        }
        let generation = nextGeneration
        nextGeneration = nextGeneration == UInt32.max ? 1 : nextGeneration + 1
        var entry = Registration(generation: generation, owner: owner)
        swap(&entry, &registrations[index])
        return UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd))
    }

    /// Removes the entry for `fd` if it is still the one `token` names.
    func releaseSlot(fd: Int32, token: UInt64) {
        let index = Int(fd)
        guard index < registrations.count, registrations[index].generation == UInt32(truncatingIfNeeded: token >> 32) else { return }
        var released = Registration()
        swap(&released, &registrations[index])
    }

    /// The owner a token names, if its registration is still current.
    func owner(token: UInt64) -> Owner? {
        let index = Int(UInt32(truncatingIfNeeded: token))
        guard index < registrations.count, registrations[index].generation == UInt32(truncatingIfNeeded: token >> 32) else { return nil }
        return registrations[index].owner
    }

    private func dispatch(_ event: SelectorEvent) {
        let index = Int(UInt32(truncatingIfNeeded: event.token))
        guard index < registrations.count else { return }
        // A copy: the handlers called below may claim or release slots.
        let registration = registrations[index]
        guard registration.generation == UInt32(truncatingIfNeeded: event.token >> 32) else { return }
        switch registration.owner {
        case .connection(let connection):
            handleConnectionEvent(connection, event)
        case .listener(let listener):
            acceptConnections(listener)
        case .wakeup:
            handleWakeup()
        case .none:
            break
        }
    }

    func processPending() {
        // Each item is moved out of the queue (no copy to retain, no clearing pass to release)
        // before its work runs, so no access to `pending` is in progress while it does; work
        // queued meanwhile runs in this same turn.
        while let work = pending.popFirst() {
            switch work {
            case .flush(let connection):
                flush(connection)
            case .close(let connection, let reason):
                connection.close(reason)
            }
        }
    }

    // MARK: Cross-thread tasks and signals

    private func handleWakeup() {
        mailbox.collect(into: &tasks)
        while let task = tasks.popFirst() {
            task()
            processPending()
        }
        SignalRelay.takePending { signal in
            if let body = signalHandlers[signal] {
                body(signal)
                processPending()
            }
        }
    }

    /// Calls `body` on the loop's thread when one of `signals` arrives (e.g. SIGINT, SIGTERM).
    /// The signal handler itself only records the signal and wakes the loop. Signal handlers are
    /// process-wide: the loop that called this last receives them; the previous actions come back
    /// when this loop is deallocated.
    public func onSignals(_ signals: [Int32], _ body: @escaping (Int32) -> Void) {
        for signal in signals {
            signalHandlers[signal] = body
            let previous = SignalRelay.install(signal, wakeFD: mailbox.wakeFD)
            if replacedSignalActions[signal] == nil {
                replacedSignalActions[signal] = previous
            }
        }
    }
}

@available(*, unavailable)
extension EventLoop: Sendable {}
