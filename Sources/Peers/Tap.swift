import FrameCore
import Reactor

/// A transparent relay between two programs SocketLab did not start: each client that connects
/// to the tap gets its own connection to the target, and bytes pass through unchanged both ways
/// while every read and write is reported, so the TUI shows both hops of the conversation.
///
/// Why a role on the one event loop (not a thread per pair): the relay is the selector lesson
/// itself, and on the loop its hops are observed exactly like the server's and clients'.
public final class Tap {
    public let configuration: TapConfiguration
    private let loop: EventLoop
    private let sink: SessionSink
    private var listener: Listener?
    public private(set) var target: SocketAddress?

    public init(configuration: TapConfiguration, loop: EventLoop, sink: SessionSink) {
        self.configuration = configuration
        self.loop = loop
        self.sink = sink
    }

    /// Resolves the target, binds the listening address and starts accepting; returns the bound
    /// address (port 0 resolved).
    @discardableResult
    public func start() throws(SocketError) -> SocketAddress {
        guard let target = try SocketAddress.resolve(host: configuration.targetHost, port: configuration.targetPort).first else {
            throw .resolutionFailed(host: configuration.targetHost, reason: "no address")
        }
        self.target = target
        let addresses = try SocketAddress.resolve(host: configuration.listenHost, port: configuration.listenPort, passive: true)
        var options = ListenerOptions()
        options.maxConnections = configuration.maxConnections
        let configuration = self.configuration
        let sink = self.sink
        var lastError: SocketError?
        for address in addresses {
            do {
                let listener = try loop.listen(on: address, options: options) { [loop] _ in
                    TapHopHandler(relay: TapRelay(configuration: configuration, target: target, loop: loop, sink: sink), hop: .client)
                }
                listener.onAcceptNotice = { [sink] kind in
                    if case let .refused(peer, total) = kind { sink.logger.error("\(SessionSink.refusedLine(peer: peer, total: total))") }
                }
                self.listener = listener
                sink.logger.info("listening on \(listener.address.pythonDescription), relaying to \(target.pythonDescription)")
                sink.emit?(SessionEvent(time: WallClock.now(), connection: nil,
                                        kind: .listening(address: listener.address.description, mode: "tap to \(target)")))
                return listener.address
            } catch {
                lastError = error
            }
        }
        throw lastError ?? .addressNotAvailable(configuration.listenHost)
    }

    /// The bound address, once started.
    public var address: SocketAddress? { listener?.address }

    /// Stops accepting; relayed conversations go on until they end.
    public func stop() {
        listener?.close()
        listener = nil
    }
}
