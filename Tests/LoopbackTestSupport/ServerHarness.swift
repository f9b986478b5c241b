import Dispatch
import FrameCore
import Foundation
import Logging
import Peers
import Reactor

/// A `ReferenceServer` on 127.0.0.1 port 0 (app mode unless configured otherwise), its event loop
/// on a thread of its own, so blocking test code can act as its clients.
///
/// Why both channels are captured: everything the server reports arrives twice, as
/// `SessionEvent`s (the sink's `emit`, plus the loop's traffic through `watch`, as the TUI sees
/// it) and as swift-log lines (what the CLI prints); tests check each. `stop()` is bounded in
/// time and closes what is still open, as a process exit would, so descriptors are released and
/// can be counted. The idle timeout defaults to 10 s: a connection a test forgets is cut well
/// within the suites' time limits.
public final class ServerHarness: Sendable {
    public let port: Int
    /// Every swift-log line the server wrote.
    public let logs = LineStore()
    private let events = Locked<[SessionEvent]>([])
    private let handle: EventLoopHandle
    private let owned: LoopOwned
    private let finished = DispatchSemaphore(value: 0)
    private let stoppedFlag = Locked(false)

    /// Starts the server and waits (at most 10 s) until it listens.
    public init(_ configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        ProcessSetup.ignoreSIGPIPE()
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, mode: .app, idleTimeout: .seconds(10))
        configure(&configuration)
        let frozen = configuration
        let owned = LoopOwned()
        let ready = DispatchSemaphore(value: 0)
        let startup = Locked<Result<(Int, EventLoopHandle), HarnessError>?>(nil)
        let logs = self.logs
        let events = self.events
        let finished = self.finished
        let stoppedFlag = self.stoppedFlag
        let thread = Thread {
            defer { finished.signal() }
            let loop: EventLoop
            do {
                loop = try EventLoop()
            } catch {
                startup.withLock { $0 = .failure(HarnessError("\(error)")) }
                ready.signal()
                return
            }
            let logger = Logger(label: "loopback-test-server") { _ in CapturingLogHandler(store: logs) }
            let sink = SessionSink(logger: logger) { event in events.withLock { $0.append(event) } }
            sink.watch(loop)
            let server = ReferenceServer(configuration: frozen, loop: loop, sink: sink)
            do {
                let address = try server.start()
                owned.loop = loop
                owned.server = server
                startup.withLock { $0 = .success((address.port, loop.handle)) }
            } catch {
                startup.withLock { $0 = .failure(HarnessError("\(error)")) }
                ready.signal()
                return
            }
            ready.signal()
            do {
                try loop.run()
            } catch {
                // Counted among the error lines, which every test expects to be what it caused.
                logger.error("the event loop failed: \(error)")
            }
            server.stop()
            // Close what is still open, as a process exit would, so descriptors are released here.
            for connection in loop.connections { connection.close(.local("test server stopped")) }
            owned.server = nil
            owned.loop = nil
            stoppedFlag.withLock { $0 = true }
        }
        thread.name = "loopback-test-server"
        thread.start()
        guard ready.wait(timeout: .now() + 10) == .success else { throw HarnessError("server did not start in 10 s") }
        switch startup.withLock({ $0 }) {
        case let .success((port, handle))?:
            self.port = port
            self.handle = handle
            self.owned = owned
        case let .failure(error)?:
            throw HarnessError("server did not start: \(error)")
        case nil:
            throw HarnessError("server did not start")
        }
    }

    /// Stops the loop and waits (at most 10 s) for its thread to finish; true if it did.
    @discardableResult
    public func stop() -> Bool {
        if isStopped { return true }
        handle.stop()
        return waitUntilStopped(timeout: 10)
    }

    /// True once the loop's thread has finished.
    public var isStopped: Bool { stoppedFlag.withLock { $0 } }

    /// Waits for the loop thread to end on its own (echo mode) or after `stop()`.
    public func waitUntilStopped(timeout seconds: Double) -> Bool {
        if isStopped { return true }
        let ok = finished.wait(timeout: .now() + seconds) == .success
        if ok { finished.signal() }  // keep it signalled for later callers
        return ok
    }

    /// Runs `body` on the loop's thread and returns its result (nil if the loop did not answer in 5 s).
    public func onLoop<T: Sendable>(_ body: @escaping @Sendable (EventLoop, ReferenceServer) -> T) -> T? {
        let result = Locked<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        let owned = self.owned
        handle.execute {
            if let loop = owned.loop, let server = owned.server {
                let value = body(loop, server)
                result.withLock { $0 = value }
            }
            done.signal()
        }
        guard done.wait(timeout: .now() + 5) == .success else { return nil }
        return result.withLock { $0 }
    }

    /// Open connections on the server's loop.
    public var openConnections: Int? { onLoop { loop, _ in loop.connections.count } }

    /// True once the server holds a connection from `peerPort` that has read at least `bytesIn` bytes.
    public func hasConnection(fromPort peerPort: Int, bytesIn: Int = 0) -> Bool {
        onLoop { loop, _ in loop.connections.contains { $0.peer.port == peerPort && $0.counters.bytesIn >= bytesIn } } ?? false
    }

    /// Every session event so far, in order.
    public var allEvents: [SessionEvent] { events.withLock { $0 } }

    /// The text of every `.error` event, in order: the reason of each bad connection (as the TUI
    /// shows it against the connection), refusals and accept pauses.
    public var errorEvents: [String] {
        allEvents.compactMap { if case let .error(text) = $0.kind { return text } else { return nil } }
    }

    /// The text of the `.error` events for connection `id`.
    public func errorEvents(connection id: Int) -> [String] {
        allEvents.compactMap { event in
            guard event.connection == id, case let .error(text) = event.kind else { return nil }
            return text
        }
    }

    /// The text of every `.log` event, in order.
    public var logEvents: [String] {
        allEvents.compactMap { if case let .log(text) = $0.kind { return text } else { return nil } }
    }

    /// The server's error log lines, as the CLI prints them (one per bad connection, naming it,
    /// its peer and the reason).
    public var errorLogLines: [String] { logs.all(atLeast: .error) }

    /// The error log lines naming the peer at `127.0.0.1:peerPort`.
    public func errorLogLines(peerPort: Int) -> [String] {
        let tag = "('127.0.0.1', \(peerPort))"
        return errorLogLines.filter { $0.contains(tag) }
    }

    /// The connection id a "closing connection ID to …" line names.
    public static func connectionID(in line: String) -> Int? {
        guard line.hasPrefix("closing connection ") else { return nil }
        return Int(line.dropFirst("closing connection ".count).prefix { $0.isNumber })
    }

    /// This process's descriptors that are TCP sockets bound to the server's port: the listener
    /// and every accepted connection, nothing else (client sockets have an ephemeral local port).
    public var socketDescriptors: Int { ProcFS.socketDescriptors(localPort: port) }
}

/// Loop-owned objects, touched only on the harness's loop thread.
private final class LoopOwned: @unchecked Sendable {
    var loop: EventLoop?
    var server: ReferenceServer?
}
