import FrameCore
import Foundation
import Logging
import Reactor
import Synchronization

/// The TUI's engine room: one event loop on its own thread that runs the embedded server (if
/// any) and every connection the user opens, and turns all of it into `SessionEvent`s.
///
/// The UI thread never touches the loop's objects: it posts requests through the loop's
/// handle and drains events from a mutex-guarded queue, so the server and the UI never block
/// each other and ncurses is only ever called from one thread. The queue is bounded
/// (`TUIEngineQueue`): a peer sending faster than the UI draws leaves counted gaps, not memory.
public final class TUIEngine: Sendable {
    private let target: TUITarget
    private let statsInterval: Duration
    /// Time allowed to connect, and for a reply once a request is out (`tui --timeout`).
    private let replyTimeout: Duration
    private let events: Mutex<TUIEngineQueue>
    private let state = Mutex<(handle: EventLoopHandle?, address: SocketAddress?, failure: String?)>((nil, nil, nil))
    /// Set and read on the loop thread only.
    private let core = Mutex<LoopBound<TUIEngineCore>?>(nil)

    public init(target: TUITarget, statsInterval: Duration = .milliseconds(200), maxQueuedBytes: Int = 1 << 20,
                replyTimeout: Duration = .seconds(10)) {
        self.target = target
        self.statsInterval = statsInterval
        self.replyTimeout = replyTimeout
        events = Mutex(TUIEngineQueue(maxBytes: maxQueuedBytes))
    }

    /// Starts the loop thread (and the embedded server); returns the target address text.
    public func start() throws -> String {
        let ready = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            runLoop(ready: ready)
        }
        thread.name = "socketlab-loop"
        thread.start()
        ready.wait()
        let (_, address, failure) = state.withLock { $0 }
        if let failure { throw TUIEngineError(message: failure) }
        return address?.description ?? "?"
    }

    /// The address the composer's connections go to (the embedded server's bound address, the
    /// tap's, or the attached server's), once started.
    public var targetAddress: SocketAddress? { state.withLock { $0.address } }

    /// How much lower the loop thread's priority is than the UI thread's, in nice steps.
    static let loopNiceIncrement: Int32 = 10

    /// Takes the events that arrived since the last call, and how many were dropped because
    /// the queue was full (only under a flood of events; bytes beyond the limit become gaps).
    public func drainEvents() -> (events: [TUIEngineEvent], dropped: Int) {
        events.withLock { $0.drain() }
    }

    /// `drainEvents`, but nil at once when the loop thread holds the queue: the UI thread never
    /// waits on the loop thread, which runs at a lower priority (see `runLoop`) and may be
    /// preempted while it holds the lock.
    public func drainEventsIfFree() -> (events: [TUIEngineEvent], dropped: Int)? {
        events.withLockIfAvailable { $0.drain() }
    }

    /// Opens `count` connections to the target and sends `payload` on each.
    public func send(payload: [UInt8], count: Int, plan: SendPlan, framed: Bool, halfClose: Bool) {
        guard let handle = state.withLock({ $0.handle }) else { return }
        handle.execute { [self] in
            guard let core = core.withLock({ $0 }) else { return }
            core.value.open(payload: payload, count: count, plan: plan, framed: framed, halfClose: halfClose)
        }
    }

    /// Closes connection `id` (the user's `x`), if it is still open.
    public func close(connection id: Int) {
        guard let handle = state.withLock({ $0.handle }) else { return }
        handle.execute { [self] in
            guard let core = core.withLock({ $0 }) else { return }
            core.value.close(connection: id)
        }
    }

    /// Single-step for the loop (`:step on|off`): see `EventLoopHandle.setStepping`.
    public func setStepping(_ on: Bool) {
        state.withLock { $0.handle }?.setStepping(on)
    }

    /// Lets the stepping loop handle one wake-up (`n`).
    public func step() {
        state.withLock { $0.handle }?.step()
    }

    /// Stops the loop; open connections are dropped.
    public func stop() {
        state.withLock { $0.handle }?.stop()
    }

    /// A second listener called on the loop thread with every event before the UI queue, which may
    /// turn bytes into gaps under a flood: a recorder must see them all.
    private let tap = Mutex<(@Sendable (SessionEvent) -> Void)?>(nil)

    /// Installs (or removes, with nil) the loop-thread listener; it must not block.
    public func setTap(_ listener: (@Sendable (SessionEvent) -> Void)?) {
        tap.withLock { $0 = listener }
    }

    private func push(_ event: SessionEvent) {
        tap.withLock { $0 }?(event)
        events.withLock { $0.push(event) }
    }

    private func runLoop(ready: DispatchSemaphore) {
        // The loop thread yields the CPU to the UI thread (and the terminal) under contention: a
        // flood of bytes must not delay the user's keys. On Linux the nice value is per thread
        // (`who` 0 is the calling thread) and starts as its creator's; raised relative to it, so
        // it stays below the UI thread under `nice` too. A failure leaves it as it was.
        let inherited = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, min(inherited + Self.loopNiceIncrement, 19))
        let loop: EventLoop
        do {
            loop = try EventLoop()
        } catch {
            state.withLock { $0.failure = "cannot start the event loop: \(error)" }
            ready.signal()
            return
        }
        var logger = Logger(label: "socketlab.tui", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .info
        let sink = SessionSink(logger: logger) { [self] event in push(event) }
        sink.watch(loop)
        let core = TUIEngineCore(loop: loop, sink: sink, replyTimeout: replyTimeout)
        self.core.withLock { $0 = LoopBound(core, loop: loop) }
        do {
            switch target {
            case let .embedded(mode):
                try core.startServer(.embedded(mode: mode))
            case let .served(configuration):
                try core.startServer(configuration)
            case let .external(host, port):
                guard let address = try SocketAddress.resolve(host: host, port: port).first else {
                    throw SocketError.resolutionFailed(host: host, reason: "no address")
                }
                core.target = address
            case let .tap(configuration):
                let tap = Tap(configuration: configuration, loop: loop, sink: sink)
                core.target = try tap.start()
                core.tap = tap
            }
        } catch {
            state.withLock { $0.failure = "cannot start: \(error)" }
            ready.signal()
            return
        }
        state.withLock { $0 = (loop.handle, core.target, nil) }
        core.scheduleStats(every: statsInterval)
        ready.signal()
        do {
            try loop.run()
        } catch {
            push(SessionEvent(time: WallClock.now(), connection: nil, kind: .error("the event loop failed: \(error)")))
        }
        self.core.withLock { $0 = nil }
    }
}
