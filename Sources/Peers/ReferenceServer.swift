import FrameCore
import Reactor

/// The bundled reference server: `app`, `echo` or `multiconn`, byte-compatible with the
/// tutorial's Python servers, on an event loop it is given (its own in the CLI, the TUI's
/// shared one when embedded).
public final class ReferenceServer {
    public let configuration: ServerConfiguration
    private let loop: EventLoop
    private let sink: SessionSink
    private var listener: Listener?

    public init(configuration: ServerConfiguration, loop: EventLoop, sink: SessionSink) {
        self.configuration = configuration
        self.loop = loop
        self.sink = sink
    }

    /// Binds and starts accepting; returns the bound address (port 0 resolved).
    @discardableResult
    public func start() throws(SocketError) -> SocketAddress {
        let addresses = try SocketAddress.resolve(host: configuration.host, port: configuration.port, passive: true)
        var options = ListenerOptions()
        options.backlog = configuration.backlog
        options.maxConnections = configuration.maxConnections
        // Every mode: in echo modes any byte in either direction is progress (the loop counts reads
        // and writes), so only a connection where nothing moves is cut.
        options.idleTimeout = configuration.idleTimeout
        // The app server writes one reply and closes: Nagle never delays it.
        options.noDelay = configuration.mode != .app
        let configuration = self.configuration
        let sink = self.sink
        let budget = RequestBudget(limit: configuration.effectiveMaxBufferedBytes)
        var lastError: SocketError?
        for address in addresses {
            do {
                // Chosen once per mode: the factory is called for every connection (every request
                // of the app server), so each captures only what its handler needs.
                let makeHandler: (Connection) -> any ConnectionHandler
                switch configuration.mode {
                case .app:
                    let limits = configuration.limits, idleProgress = configuration.idleProgress
                    makeHandler = { _ in AppServerHandler(limits: limits, idleProgress: idleProgress, budget: budget, sink: sink) }
                case .multiconn:
                    makeHandler = { _ in EchoServerHandler(mode: .multiconn, sink: sink) }
                case .echo where configuration.echoServesOneClient:
                    // echo-server.py serves one client, then exits.
                    makeHandler = { [weak self] _ in
                        self?.listener?.close()
                        return EchoServerHandler(mode: .echo, sink: sink) { self?.loop.stop() }
                    }
                case .echo:
                    makeHandler = { _ in EchoServerHandler(mode: .echo, sink: sink) }
                }
                let listener = try loop.listen(on: address, options: options, accept: makeHandler)
                // Logged even when nobody watches the loop (the CLI); `watch` adds the session event.
                listener.onAcceptNotice = { [sink] notice in
                    switch notice {
                    case let .refused(peer, total): sink.logger.error("\(SessionSink.refusedLine(peer: peer, total: total))")
                    case let .paused(error): sink.logger.error("\(SessionSink.acceptPausedLine(error))")
                    }
                }
                self.listener = listener
                // The log line for people reading stderr; watchers get the `.listening` event.
                sink.logger.info("listening on \(listener.address.pythonDescription)")
                sink.emit?(SessionEvent(time: WallClock.now(), connection: nil,
                                        kind: .listening(address: listener.address.description, mode: configuration.mode.rawValue)))
                return listener.address
            } catch {
                lastError = error
            }
        }
        throw lastError ?? .addressNotAvailable(configuration.host)
    }

    /// The bound address, once started.
    public var address: SocketAddress? { listener?.address }

    /// Connections refused over `maxConnections` so far.
    public var refusedCount: Int { listener?.refusedCount ?? 0 }

    /// Stops accepting; open connections finish on their own.
    public func stop() {
        listener?.close()
        listener = nil
    }
}
