import Dispatch
import FrameCore
import Foundation
import Logging
import Peers
import Reactor

/// A `Tap` on 127.0.0.1 port 0 relaying to 127.0.0.1:`targetPort`, its event loop on a thread of
/// its own, with its session events (all but the bytes) and log lines captured.
public final class TapHarness: Sendable {
    public let port: Int
    public let logs = LineStore()
    private let events = Locked<[SessionEvent]>([])
    private let handle: EventLoopHandle
    private let loopBox: Locked<UncheckedBox<EventLoop>?>
    private let finished = DispatchSemaphore(value: 0)

    public init(targetPort: Int, _ configure: (inout TapConfiguration) -> Void = { _ in }) throws {
        ProcessSetup.ignoreSIGPIPE()
        var configuration = TapConfiguration(listenHost: "127.0.0.1", listenPort: 0, targetHost: "127.0.0.1", targetPort: targetPort)
        configure(&configuration)
        let frozen = configuration
        let ready = DispatchSemaphore(value: 0)
        let startup = Locked<Result<(Int, EventLoopHandle), HarnessError>?>(nil)
        let loopBox = Locked<UncheckedBox<EventLoop>?>(nil)
        self.loopBox = loopBox
        let logs = self.logs
        let events = self.events
        let finished = self.finished
        let thread = Thread {
            defer { finished.signal() }
            do {
                let loop = try EventLoop()
                let logger = Logger(label: "loopback-test-tap") { _ in CapturingLogHandler(store: logs) }
                // Byte events are left out: a 16 MiB test would otherwise keep four copies of its bytes.
                let sink = SessionSink(logger: logger) { event in
                    if case .bytes = event.kind { return }
                    events.withLock { $0.append(event) }
                }
                sink.watch(loop)
                let tap = Tap(configuration: frozen, loop: loop, sink: sink)
                let address = try tap.start()
                loopBox.withLock { $0 = UncheckedBox(loop) }
                startup.withLock { $0 = .success((address.port, loop.handle)) }
                ready.signal()
                try loop.run()
                tap.stop()
                for connection in loop.connections { connection.close(.local("test tap stopped")) }
                loopBox.withLock { $0 = nil }
            } catch {
                startup.withLock { $0 = .failure(HarnessError("\(error)")) }
                ready.signal()
            }
        }
        thread.name = "loopback-test-tap"
        thread.start()
        guard ready.wait(timeout: .now() + 10) == .success else { throw HarnessError("tap did not start in 10 s") }
        switch startup.withLock({ $0 }) {
        case let .success((port, handle))?:
            self.port = port
            self.handle = handle
        case let .failure(error)?:
            throw error
        case nil:
            throw HarnessError("tap did not start")
        }
    }

    deinit { stop() }

    /// Stops the loop and waits (at most 10 s) for its thread.
    @discardableResult
    public func stop() -> Bool {
        handle.stop()
        let ok = finished.wait(timeout: .now() + 10) == .success
        if ok { finished.signal() }
        return ok
    }

    /// Runs `body` on the tap's loop and returns its result (nil if it did not answer in 5 s).
    public func onLoop<T: Sendable>(_ body: @escaping @Sendable (EventLoop) -> T) -> T? {
        let result = Locked<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        let loopBox = self.loopBox
        handle.execute {
            if let loop = loopBox.withLock({ $0 })?.value {
                let value = body(loop)
                result.withLock { $0 = value }
            }
            done.signal()
        }
        guard done.wait(timeout: .now() + 5) == .success else { return nil }
        return result.withLock { $0 }
    }

    /// Every session event so far, in order.
    public var allEvents: [SessionEvent] { events.withLock { $0 } }

    /// The text of every `.error` event.
    public var errorEvents: [String] {
        allEvents.compactMap { if case let .error(text) = $0.kind { return text } else { return nil } }
    }
}
